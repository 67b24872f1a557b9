"""`dtl import` end to end, on both backends: the real GDELT sample, ICEWS, dtl's own JSONL and
CSV; re-import adds nothing; bad rows are counted, not fatal; a broken file is refused whole."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from dtl.application.facade import Dtl
from dtl.application.importers import SKIP_REASONS, Skip, numbered_lines, parse_gdelt, parse_icews
from dtl.application.seed_story import background
from dtl.cli.main import main
from tests.reliability.support import events_checksum

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GDELT = FIXTURES / "gdelt2-sample.export.CSV"


def dtl_json(capsys, store: str, *args: str) -> tuple[int, dict | None, str]:
    code = main(["--store", store, *args, "--json"])
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if captured.out.strip() else None), captured.err


def expected(parsed) -> tuple[int, dict[str, int]]:
    items = list(parsed)
    observations = {o.key for o in items if not isinstance(o, Skip)}
    skipped: dict[str, int] = {}
    for item in items:
        if isinstance(item, Skip):
            skipped[item.reason] = skipped.get(item.reason, 0) + 1
    return len(observations), skipped


def test_the_gdelt_sample_imports_what_resolves_and_counts_the_rest_by_reason(capsys, store_url):
    code, summary, err = dtl_json(capsys, store_url, "import", str(GDELT))
    assert code == 0, err
    observations, skipped = expected(parse_gdelt(numbered_lines(GDELT)))
    assert summary["format"] == "gdelt2" and summary["rows"] == 50
    assert summary["imported"] == observations > 0
    assert summary["skipped"] == skipped and set(skipped) <= set(SKIP_REASONS)
    assert summary["imported"] + summary["duplicates"] + sum(skipped.values()) == 50


def test_importing_the_same_file_twice_adds_nothing_and_says_so(capsys, store_url):
    first = dtl_json(capsys, store_url, "import", str(GDELT))[1]
    before = events_checksum(store_url)
    code, second, _ = dtl_json(capsys, store_url, "import", str(GDELT))
    assert code == 0
    assert second["imported"] == 0 and second["duplicates"] == first["imported"]
    assert events_checksum(store_url) == before


def test_a_zipped_export_and_gdelt_1_give_the_same_observations(capsys, store_url, tmp_path):
    archive = tmp_path / "20170701234500.export.CSV.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(GDELT, GDELT.name)
    assert dtl_json(capsys, store_url, "import", str(archive))[1]["format"] == "gdelt2"
    code, again, _ = dtl_json(capsys, store_url, "import", str(FIXTURES / "gdelt1-sample.export.CSV"))
    assert code == 0 and again["format"] == "gdelt1" and again["imported"] == 0  # same GLOBALEVENTIDs


def test_imported_observations_answer_by_pair_with_code_label_and_source(capsys, store_url):
    dtl_json(capsys, store_url, "import", str(GDELT))
    first = next(o for o in parse_gdelt(numbered_lines(GDELT)) if not isinstance(o, Skip))
    code, answer, _ = dtl_json(
        capsys, store_url, "observations", first.actor1, first.actor2, "--limit", "100"
    )
    assert code == 0
    mine = [o for o in answer["observations"] if o["source"] == first.key]
    assert len(mine) == 1
    assert (mine[0]["cameo"], mine[0]["goldstein"], mine[0]["url"]) == (
        first.cameo,
        first.goldstein,
        first.url,
    )
    assert mine[0]["label"] and mine[0]["quad_class"] == first.quad_class


def test_icews_events_import_with_date_qualified_ids(capsys, store_url):
    path = FIXTURES / "icews-sample.tab"
    code, summary, err = dtl_json(capsys, store_url, "import", str(path))
    assert code == 0, err
    observations, skipped = expected(parse_icews(numbered_lines(path)))
    assert (summary["format"], summary["imported"], summary["skipped"]) == ("icews", observations, skipped)


@pytest.mark.parametrize("name", ["actions.jsonl", "actions.csv"])
def test_dtls_own_jsonl_and_csv_record_actions_with_their_sources(capsys, store_url, name):
    with Dtl(store_url) as dtl:  # the memberships the fixture's veto and block rely on
        dtl.import_lines(list(enumerate((json.dumps(a) for a in background()), start=1)))
    code, summary, err = dtl_json(capsys, store_url, "import", str(FIXTURES / name))
    assert code == 0, err
    assert summary["imported"] > 0 and summary["duplicates"] == 0
    code, again, _ = dtl_json(capsys, store_url, "import", str(FIXTURES / name))
    assert again["imported"] == 0 and again["duplicates"] == summary["imported"]


@pytest.mark.parametrize(
    "name, line", [("gdelt2-truncated.export.CSV", 11), ("gdelt2-wrong-width.export.CSV", 3)]
)
def test_a_truncated_or_wrong_width_file_is_refused_whole_naming_the_line(
    capsys, store_url, tmp_path, name, line
):
    dtl_json(capsys, store_url, "import", str(GDELT))
    before = events_checksum(store_url)
    code, out, err = dtl_json(capsys, store_url, "import", str(FIXTURES / name))
    assert code == 2 and out is None
    assert err.startswith(f"dtl: line {line}: columns:") and err.count("\n") == 1
    assert events_checksum(store_url) == before


def test_a_file_in_no_known_format_is_refused_naming_the_format(capsys, store_url, tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("just some notes\nnothing tabular\n")
    code, _, err = dtl_json(capsys, store_url, "import", str(junk))
    assert code == 2 and "format" in err


def test_a_named_format_overrides_the_guess_and_a_wrong_one_is_refused(capsys, store_url, tmp_path):
    copy = tmp_path / "events.dat"
    shutil.copy(GDELT, copy)
    assert dtl_json(capsys, store_url, "import", str(copy), "--format", "gdelt2")[0] == 0
    code, _, err = dtl_json(capsys, store_url, "import", str(copy), "--format", "icews")
    assert code == 2 and err.startswith("dtl: ")
