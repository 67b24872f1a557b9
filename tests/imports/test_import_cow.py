"""`dtl import` of the Correlates of War samples, on SQLite and on PostgreSQL: what is recorded
and answered, re-import records nothing, skips are counted, a bad file writes nothing, and
batches never split a docket."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from dtl.application.facade import Dtl
from dtl.application.importers import Skip, numbered_lines
from dtl.application.importers.cow_dipex import parse_dipex
from dtl.application.importers.cow_igo import parse_igo
from dtl.cli.main import main
from tests.reliability.support import events_checksum

from .support import fixture

DIPEX = fixture("cow-dipex-sample.csv")
IGO = fixture("cow-igo-sample.csv")


def dtl(capsys, store: str, *args: str) -> tuple[int, dict | None, str]:
    code = main(["--store", store, *args, "--json"])
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if captured.out.strip() else None), captured.err


def parsed(parse, path: Path) -> tuple[int, dict[str, int]]:
    """What the parser reads: the number of actions and the skips by reason."""
    items = list(parse(numbered_lines(path)))
    skipped = Counter(item.reason for item in items if isinstance(item, Skip))
    return sum(1 for item in items if not isinstance(item, Skip)), dict(skipped)


def measures(capsys, store: str, x: str, y: str, at: str) -> dict[str, str]:
    code, answer, err = dtl(capsys, store, "state", x, y, "--at", at)
    assert code == 0, err
    return {f"{m['holder']} {m['aspect']}": f"{m['status']} ({m['certainty']})" for m in answer["measures"]}


def test_the_diplomatic_exchange_sample_records_each_change_and_counts_what_it_skips(capsys, store_url):
    code, summary, err = dtl(capsys, store_url, "import", str(DIPEX))
    assert code == 0, err
    actions, skipped = parsed(parse_dipex, DIPEX)
    assert (summary["format"], summary["rows"]) == ("cow-dipex", 152)
    assert summary["imported"] == len(summary["recorded"]) == actions > 0
    assert (summary["duplicates"], summary["skipped"]) == (0, skipped)


def test_imported_levels_answer_what_held_between_the_snapshots(capsys, store_url):
    assert dtl(capsys, store_url, "import", str(DIPEX))[0] == 0
    assert measures(capsys, store_url, "USA", "CUB", "1938-06-01") == {
        "USA representation": "ambassador (in force)",
        "CUB representation": "ambassador (in force)",
    }
    assert measures(capsys, store_url, "USA", "CUB", "1970-06-01") == {
        "USA representation": "none (in force)",
        "CUB representation": "none (in force)",
    }
    # between the 1894 and the 1899 snapshots ministers became ambassadors: either may hold
    during = measures(capsys, store_url, "USA", "RUS", "1896-06-01")
    assert during["USA representation"] in ("minister (possibly in force)", "ambassador (possibly in force)")


def test_importing_a_cow_file_again_records_nothing_and_says_so(capsys, store_url):
    first = dtl(capsys, store_url, "import", str(IGO))[1]
    before = events_checksum(store_url)
    code, again, _ = dtl(capsys, store_url, "import", str(IGO))
    assert code == 0
    assert (again["imported"], again["duplicates"]) == (0, first["imported"])
    assert again["skipped"] == first["skipped"]
    assert events_checksum(store_url) == before


def test_the_igo_sample_records_memberships_that_the_roster_and_state_answer(capsys, store_url):
    code, summary, err = dtl(capsys, store_url, "import", str(IGO))
    assert code == 0, err
    actions, skipped = parsed(parse_igo, IGO)
    assert (summary["imported"], summary["skipped"]) == (actions, skipped)
    members = dtl(capsys, store_url, "roster", "UN", "--at", "2003-01-01")[1]["members"]
    assert {"CHE", "USA", "TKM", "EGY", "MAR", "DNK"} <= set(members)
    assert "CHE" not in set(dtl(capsys, store_url, "roster", "UN", "--at", "2000-06-01")[1]["members"])
    assert measures(capsys, store_url, "TKM", "CIS", "2010-01-01") == {
        "TKM associate-membership": "associate member (in force)"
    }


def test_a_bad_cell_is_refused_with_exit_2_naming_line_and_column_and_writes_nothing(
    capsys, store_url, tmp_path
):
    assert dtl(capsys, store_url, "import", str(IGO))[0] == 0
    before = events_checksum(store_url)
    lines = DIPEX.read_text().splitlines()
    cells = lines[-1].split(",")
    cells[3] = "4"  # DR_at_1: not a level of the codebook
    lines[-1] = ",".join(cells)
    bad = tmp_path / "dipex.csv"
    bad.write_text("\n".join(lines) + "\n")
    code, out, err = dtl(capsys, store_url, "import", str(bad))
    assert (code, out) == (2, None)
    assert err.strip().count("\n") == 0
    assert f"line {len(lines)}: DR_at_1: 4 is not a level of the codebook" in err
    assert events_checksum(store_url) == before


def test_batches_of_whole_dockets_record_what_one_batch_would(store_url, clock, tmp_path):
    with Dtl(str(tmp_path / "whole.sqlite3"), clock=clock) as whole:
        expected = whole.import_file(DIPEX)
        expected_history = spells(whole.history("USA", "RUS"))
    with Dtl(store_url, clock=clock) as facade:
        facade.imports.batch = 3  # a pair's actions (8 for USA-RUS) still go in one batch
        got = facade.import_file(DIPEX)
        assert sorted(got["recorded"]) == sorted(expected["recorded"])
        assert spells(facade.history("USA", "RUS")) == expected_history


def spells(history: dict) -> list[tuple]:
    return [
        (i["holder"], i["status"], i["since"], i["until"], tuple(i["notes"])) for i in history["intervals"]
    ]
