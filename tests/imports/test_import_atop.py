"""`dtl import` of the ATOP member-level sample, on SQLite and on PostgreSQL: what is recorded and
what `dtl treaties` and `dtl parties` answer, re-import records nothing, skips are counted, a
bad file writes nothing."""

from __future__ import annotations

import json
from collections import Counter

from dtl.application.importers import Skip, numbered_lines
from dtl.application.importers.atop import parse_atop
from dtl.cli.main import main
from tests.reliability.support import events_checksum

from .support import fixture

ATOP = fixture("atop-member-sample.csv")


def dtl(capsys, store: str, *args: str) -> tuple[int, dict | None, str]:
    code = main(["--store", store, *args, "--json"])
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if captured.out.strip() else None), captured.err


def parsed() -> tuple[int, dict[str, int]]:
    """What the parser reads: the number of actions and the skips by reason."""
    items = list(parse_atop(numbered_lines(ATOP)))
    skipped = Counter(item.reason for item in items if isinstance(item, Skip))
    return sum(1 for item in items if not isinstance(item, Skip)), dict(skipped)


def treaties(capsys, store: str, x: str, y: str, at: str) -> dict[str, dict]:
    code, answer, err = dtl(capsys, store, "treaties", x, y, "--at", at)
    assert code == 0, err
    return {t["treaty"]: t for t in answer["treaties"]}


def test_the_sample_records_each_entry_and_exit_and_counts_what_it_skips(capsys, store_url):
    code, summary, err = dtl(capsys, store_url, "import", str(ATOP))
    assert code == 0, err
    actions, skipped = parsed()
    assert (summary["format"], summary["rows"]) == ("atop", 59)
    assert summary["imported"] == len(summary["recorded"]) == actions > 0
    assert (summary["duplicates"], summary["skipped"]) == (0, skipped)


def test_dtl_treaties_shows_the_alliance_in_force_between_two_members_with_their_obligations(
    capsys, store_url
):
    assert dtl(capsys, store_url, "import", str(ATOP))[0] == 0
    in_1955 = treaties(capsys, store_url, "USA", "JPN", "1955-01-01")
    assert list(in_1955) == ["ATOP3220"]
    security = in_1955["ATOP3220"]
    assert security["in_force_between"] is True
    assert {p["party"]: p["obligations"] for p in security["parties"]} == {
        "USA": ["defence", "consultation"],
        "JPN": ["consultation"],
    }
    assert security["obligations"] == ["consultation"]  # what both undertook
    in_1965 = treaties(capsys, store_url, "USA", "JPN", "1965-01-01")
    assert list(in_1965) == ["ATOP3375"]  # the 1960 treaty replaced the 1951 one
    assert in_1965["ATOP3375"]["obligations"] == ["non-aggression", "consultation"]
    anzus = treaties(capsys, store_url, "AUS", "NZL", "1980-01-01")["ATOP3215"]
    assert anzus["obligations"] == ["defence", "non-aggression", "consultation"]
    assert "ATOP3215" not in treaties(capsys, store_url, "AUS", "NZL", "1990-01-01")  # NZL out from 1986


def test_dtl_parties_lists_who_is_bound_and_who_had_left(capsys, store_url):
    assert dtl(capsys, store_url, "import", str(ATOP))[0] == 0
    code, seato, err = dtl(capsys, store_url, "parties", "ATOP3260", "--at", "1980-01-01")
    assert code == 0, err
    assert seato["bound"] == ["THA", "USA"]
    assert {p["party"]: p["until"] for p in seato["left"]} == {
        "AUS": "1977-06-30", "FRA": "1974-06-30", "GBR": "1977-06-30", "NZL": "1977-06-30",
        "PAK": "1972-11-08", "PHL": "1977-06-30",
    }  # fmt: skip
    nato = dtl(capsys, store_url, "parties", "ATOP3180", "--at", "1995-01-01")[1]
    assert {"USA", "GBR", "GRC", "TUR", "ESP", "DEU"} <= set(nato["bound"]) and nato["left"] == []
    arab_league = [
        dtl(capsys, store_url, "parties", "ATOP3015", "--at", day)[1] for day in ("1985-01-01", "1995-01-01")
    ]
    assert "EGY" not in arab_league[0]["bound"] and "EGY" in arab_league[1]["bound"]


def test_importing_the_file_again_records_nothing_and_leaves_the_log_as_it_was(capsys, store_url):
    first = dtl(capsys, store_url, "import", str(ATOP))[1]
    before = events_checksum(store_url)
    code, again, _ = dtl(capsys, store_url, "import", str(ATOP))
    assert code == 0
    assert (again["imported"], again["duplicates"]) == (0, first["imported"])
    assert again["skipped"] == first["skipped"]
    assert events_checksum(store_url) == before


def test_a_bad_flag_is_refused_with_exit_2_naming_line_and_column_and_writes_nothing(
    capsys, store_url, tmp_path
):
    assert dtl(capsys, store_url, "import", str(ATOP))[0] == 0
    before = events_checksum(store_url)
    lines = ATOP.read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[-1].split(",")
    cells[header.index("consul")] = "2"
    lines[-1] = ",".join(cells)
    bad = tmp_path / "atop5_1m.csv"
    bad.write_text("\n".join(lines) + "\n")
    code, out, err = dtl(capsys, store_url, "import", str(bad))
    assert (code, out) == (2, None)
    assert err.strip().count("\n") == 0
    assert f"line {len(lines)}: consul: 2 is not 0 or 1" in err
    assert events_checksum(store_url) == before


def test_a_header_that_is_not_the_member_files_is_refused_before_anything_is_written(
    capsys, store_url, tmp_path
):
    assert dtl(capsys, store_url, "import", str(ATOP))[0] == 0
    before = events_checksum(store_url)
    lines = ATOP.read_text().splitlines()
    lines[0] = lines[0].replace(",yrexit,", ",yrleft,")
    bad = tmp_path / "atop.csv"
    bad.write_text("\n".join(lines) + "\n")
    code, out, err = dtl(capsys, store_url, "import", str(bad), "--format", "atop")
    assert (code, out) == (2, None)
    assert "line 1: columns:" in err and "lacks yrexit" in err
    assert events_checksum(store_url) == before
