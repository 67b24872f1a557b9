"""Every scenario of features/imports/, on SQLite and on PostgreSQL (see tests/steps.py).

The steps drive the product through the CLI's in-process `main()` (mostly through the shared
"I run:" step) or the `Dtl` facade; they never read or write the database. Expected counts are
never constants the product computes: they come from the parsers reading the same file
(`application.importers`), or from facts of the fixture rows that a feature states in words.

Every file of tests/fixtures is at hand by its name ("dtl import gdelt2-sample.export.CSV");
files made from them (a zipped copy, one edited row, a damaged copy) are written to the
scenario's temporary directory by the step that names them.
"""

from __future__ import annotations

import itertools
import re
import shutil
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then

from dtl.application.importers import (
    SKIP_REASONS,
    Skip,
    detect_format,
    numbered_lines,
    parse_gdelt,
    parse_icews,
)
from dtl.application.importers.atop import parse_atop
from dtl.application.importers.cow_dipex import parse_dipex
from dtl.application.importers.cow_igo import parse_igo
from dtl.cli.main import main
from dtl.domain.actions import action_id_for

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GDELT2 = FIXTURES / "gdelt2-sample.export.CSV"
GDELT1 = FIXTURES / "gdelt1-sample.export.CSV"
EDGE_CASES = FIXTURES / "gdelt2-edge-cases.export.CSV"
ICEWS = FIXTURES / "icews-sample.tab"
CODE = r"[A-Za-z][A-Za-z0-9]*"
PAIR = re.compile(rf"between (?P<x>{CODE}) and (?P<y>{CODE})")
ALL = "10000"  # the largest --limit: above any listing in these scenarios
# CAMEO's four QuadClasses, as GDELT's and ICEWS's codebooks define them.
QUAD_CLASSES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

pytestmark = pytest.mark.usefixtures("backend")  # every scenario on both backends
scenarios("imports")


# -- plumbing -----------------------------------------------------------------------------------
@dataclass
class Notes:
    """What a Given step noted, for a Then step to compare with."""

    log: list[bytes] | None = None
    listings: dict[tuple[str, str], Any] = field(default_factory=dict)
    answers: dict[str, Any] | None = None
    exports: itertools.count = field(default_factory=itertools.count)


@pytest.fixture
def notes() -> Notes:
    return Notes()


@pytest.fixture(autouse=True)
def fixture_files(world) -> None:
    world.files.update({p.name: str(p) for p in FIXTURES.iterdir() if p.is_file()})


def cli(store_url: str, capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--store", store_url, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def cli_json(store_url: str, capsys, *args: str) -> Any:
    import json

    code, out, err = cli(store_url, capsys, *args, "--json")
    assert code == 0, f"dtl {' '.join(args)} exited {code}: {err}"
    return json.loads(out)


def listing(store_url: str, capsys, x: str, y: str) -> dict[str, Any]:
    answer = cli_json(store_url, capsys, "observations", x, y, "--limit", ALL)
    answer.pop("position", None)
    return answer


def log_lines(store_url: str, capsys, tmp_path: Path, notes: Notes) -> list[bytes]:
    """The store's whole event log as `dtl log export` writes it, without the header (which
    carries the time of the export)."""
    path = tmp_path / f"log-{next(notes.exports)}.jsonl"
    code, _, err = cli(store_url, capsys, "log", "export", str(path))
    assert code == 0, err
    return path.read_bytes().splitlines()[1:]


def parsed(path: Path) -> list[Any]:
    """What the parsers make of a file: one Observation or Skip per row."""
    fmt = detect_format(path)
    if fmt == "icews":
        return list(parse_icews(numbered_lines(path)))
    return list(parse_gdelt(numbered_lines(path), version=1 if fmt == "gdelt1" else 2))


def resolved(items: list[Any]) -> set[str]:
    return {item.key for item in items if not isinstance(item, Skip)}


def pairs_in(text: str) -> list[tuple[str, str]]:
    found = [(m["x"], m["y"]) for m in PAIR.finditer(text)]
    assert found, f"no 'between X and Y' in {text!r}"
    return found


def summary_of(run) -> dict[str, Any]:
    summary = run.json()
    assert "skipped" in summary, f"not an import summary: {summary}"
    return summary


# -- Given: files --------------------------------------------------------------------------------
def _put(world, tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    world.files[name] = str(path)
    return path


@given(
    parsers.re(
        r'the GDELT sample in the (?P<layout>2\.0|1\.0) layout, (?P<packaging>plain|zipped), as "(?P<name>[^"]+)"'
    )
)
def given_gdelt_copy(world, tmp_path, layout, packaging, name):
    source = GDELT2 if layout == "2.0" else GDELT1
    path = tmp_path / name
    if packaging == "zipped":  # one member, as GDELT ships its exports
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(source, name.removesuffix(".zip"))
    else:
        shutil.copyfile(source, path)
    world.files[name] = str(path)


@given(
    parsers.re(r'line (?P<line>\d+) of the edge-case file, where (?P<edit>.+), alone in "(?P<name>[^"]+)"')
)
def given_edge_case_row(world, tmp_path, line, edit, name):
    rows = EDGE_CASES.read_bytes().splitlines()
    _put(world, tmp_path, name, rows[int(line) - 1] + b"\n")


@given(
    parsers.re(
        r'the first (?P<count>\d+) rows of the GDELT sample, as an interrupted import leaves them, in "(?P<name>[^"]+)"'
    )
)
def given_gdelt_prefix(world, tmp_path, count, name):
    rows = GDELT2.read_bytes().splitlines(keepends=True)
    _put(world, tmp_path, name, b"".join(rows[: int(count)]))


@given(
    parsers.re(r'the GDELT sample with a byte that is not UTF-8 on line (?P<line>\d+), as "(?P<name>[^"]+)"')
)
def given_gdelt_mangled(world, tmp_path, line, name):
    rows = GDELT2.read_bytes().splitlines(keepends=True)
    index = int(line) - 1
    rows[index] = rows[index].replace(b"\t", b"\t\xff", 1)  # a lone continuation byte
    _put(world, tmp_path, name, b"".join(rows))


@given(parsers.re(r'the GDELT sample zipped and cut off halfway, as "(?P<name>[^"]+)"'))
def given_gdelt_zip_cut(world, tmp_path, name):
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(GDELT2, GDELT2.name)
    data = whole.read_bytes()
    _put(world, tmp_path, name, data[: len(data) // 2])


@given(parsers.re(r'a file "(?P<name>[^"]+)" holding "(?P<content>[^"]*)"'))
def given_text_file(world, tmp_path, name, content):
    _put(world, tmp_path, name, (content + "\n").encode() if content else b"")


@given(
    parsers.re(
        r'an ICEWS file "(?P<name>[^"]+)" holding (?:this hand-written event|these hand-written events):'
    )
)
def given_icews_file(world, tmp_path, name, datatable):
    header = ICEWS.read_text(encoding="utf-8").splitlines()[0].split("\t")
    columns, *rows = [[cell.strip() for cell in row] for row in datatable]
    unknown = [c for c in columns if c not in header]
    assert not unknown, f"not ICEWS columns: {unknown} (the columns are {header})"
    lines = ["\t".join(header)]
    for row in rows:
        cells = dict(zip(columns, row, strict=True))
        lines.append("\t".join(cells.get(column, "") for column in header))
    _put(world, tmp_path, name, ("\n".join(lines) + "\n").encode("utf-8"))


@given(
    parsers.re(
        r'the (?P<which>Diplomatic Exchange|IGO|ATOP) sample with "(?P<value>[^"]*)" as its (?P<column>\w+) '
        r'on line (?P<line>\d+), as "(?P<name>[^"]+)"'
    )
)
def given_cow_edited(world, tmp_path, which, value, column, line, name):
    samples = {
        "Diplomatic Exchange": "cow-dipex-sample.csv",
        "IGO": "cow-igo-sample.csv",
        "ATOP": "atop-member-sample.csv",
    }
    source = FIXTURES / samples[which]
    lines = source.read_text(encoding="utf-8").splitlines()
    cells = lines[int(line) - 1].split(",")
    cells[lines[0].split(",").index(column)] = value
    lines[int(line) - 1] = ",".join(cells)
    _put(world, tmp_path, name, ("\n".join(lines) + "\n").encode("utf-8"))


# -- Given: the store ----------------------------------------------------------------------------
@given(parsers.re(r"the (?P<which>GDELT|ICEWS) sample is imported through dtl"))
def given_imported_through_facade(dtl, which):
    path = GDELT2 if which == "GDELT" else ICEWS
    summary = dtl.import_file(path)
    assert summary["imported"] == len(resolved(parsed(path))), summary


@given("I note the store's log")
def given_note_log(store_url, capsys, tmp_path, notes):
    notes.log = log_lines(store_url, capsys, tmp_path, notes)


@given(parsers.re(r"I note what dtl observations lists (?P<pairs>between .+)"))
def given_note_listings(store_url, capsys, notes, pairs):
    for x, y in pairs_in(pairs):
        notes.listings[(x, y)] = listing(store_url, capsys, x, y)
        assert notes.listings[(x, y)]["observations"], f"nothing between {x} and {y} to compare"


def _answers_about(dtl, x: str, y: str, days: list[str]) -> dict[str, Any]:
    return {
        "measures": {day: dtl.state(x, y, day)["measures"] for day in days},
        "history": {k: v for k, v in dtl.history(x, y).items() if k != "position"},
        "timeline": dtl.timeline(pair=(x, y)),
    }


def _days(text: str) -> list[str]:
    return [d.strip() for d in re.split(r",|\band\b", text) if d.strip()]


@given(parsers.re(rf"I note what dtl answers about (?P<x>{CODE}) and (?P<y>{CODE}) on (?P<days>.+)"))
def given_note_answers(dtl, notes, x, y, days):
    notes.answers = {"pair": (x, y), "days": _days(days), **_answers_about(dtl, x, y, _days(days))}
    assert any(notes.answers["measures"].values()), "a measure in force is needed to see it unchanged"


# -- Then: the import summary --------------------------------------------------------------------
@then(parsers.re(r'the import reports the format "(?P<fmt>[a-z0-9-]+)" and (?P<rows>\d+) rows?'))
def then_format_and_rows(run, fmt, rows):
    summary = summary_of(run)
    assert (summary["format"], summary["rows"]) == (fmt, int(rows)), summary


@then(
    parsers.re(
        r'it imports each row of "(?P<name>[^"]+)" that the parser resolves and counts every other row under its reason'
    )
)
def then_every_row_accounted(run, world, name):
    summary = summary_of(run)
    items = parsed(Path(world.files[name]))
    skipped = Counter(item.reason for item in items if isinstance(item, Skip))
    assert summary["imported"] == len(resolved(items)) > 0, summary
    assert summary["duplicates"] == 0, summary
    assert summary["skipped"] == dict(skipped), summary
    assert set(skipped) <= set(SKIP_REASONS), skipped
    assert (
        summary["imported"] + summary["duplicates"] + sum(skipped.values()) == summary["rows"] == len(items)
    )


@then(
    parsers.re(r'it records each change the parser reads in "(?P<name>[^"]+)" and counts the rest by reason')
)
def then_cow_changes_recorded(run, world, name):
    summary = summary_of(run)
    path = Path(world.files[name])
    parse = {"cow-dipex": parse_dipex, "cow-igo": parse_igo, "atop": parse_atop}[detect_format(path)]
    items = list(parse(numbered_lines(path)))
    actions = [item for item in items if not isinstance(item, Skip)]
    assert (summary["imported"], summary["duplicates"]) == (len(actions), 0), summary
    assert sorted(summary["recorded"]) == sorted(str(action_id_for(raw["key"])) for _, raw in actions)
    assert summary["skipped"] == dict(Counter(item.reason for item in items if isinstance(item, Skip)))


@then(parsers.re(r'the (?P<count>\d+) .+ (?:is|are) skipped as "(?P<reason>[^"]+)"'))
def then_skipped_as(run, count, reason):
    assert summary_of(run)["skipped"].get(reason) == int(count), summary_of(run)["skipped"]


@then(parsers.re(r"what it imported lies (?P<pairs>between .+)"))
def then_imported_between(run, store_url, capsys, pairs):
    summary = summary_of(run)
    found = {(x, y): len(listing(store_url, capsys, x, y)["observations"]) for x, y in pairs_in(pairs)}
    assert all(found.values()), f"a pair with nothing imported: {found}"
    assert sum(found.values()) == summary["imported"], (found, summary)


@then(parsers.re(rf"the row was observed as (?P<x>{CODE}) acting on (?P<y>{CODE})"))
def then_row_observed(run, store_url, capsys, x, y):
    summary = summary_of(run)
    assert (summary["rows"], summary["imported"], summary["skipped"]) == (1, 1, {}), summary
    seen = listing(store_url, capsys, x, y)["observations"]
    assert [(o["actor1"], o["actor2"]) for o in seen] == [(x, y)], seen


@then(parsers.re(r'the row was skipped as "(?P<reason>[^"]+)"'))
def then_row_skipped(run, reason):
    summary = summary_of(run)
    assert (summary["rows"], summary["imported"], summary["skipped"]) == (1, 0, {reason: 1}), summary


@then(parsers.re(r"it records (?P<count>\d+) actions and finds none already recorded"))
def then_records_actions(run, count):
    summary = summary_of(run)
    assert (summary["imported"], summary["duplicates"]) == (int(count), 0), summary
    assert len(summary["recorded"]) == int(count) and summary["already_recorded"] == [], summary


@then(
    parsers.re(
        r'the output says no observation was imported and all those the parser resolves in "(?P<name>[^"]+)" were already recorded'
    )
)
def then_says_nothing_new(run, world, name):
    count = len(resolved(parsed(Path(world.files[name]))))
    assert f"imported 0 observations, {count:,} already recorded" in run.stdout, run.stdout


@then(
    parsers.re(
        r'it imports nothing and finds all those the parser resolves in "(?P<name>[^"]+)" already recorded'
    )
)
def then_imports_nothing(run, world, name):
    summary = summary_of(run)
    count = len(resolved(parsed(Path(world.files[name]))))
    assert (summary["imported"], summary["duplicates"]) == (0, count), summary


@then(
    parsers.re(
        r'it imports only those the parser resolves after row (?P<row>\d+) of "(?P<name>[^"]+)", finding the others already recorded'
    )
)
def then_completes(run, world, row, name):
    summary = summary_of(run)
    items = parsed(Path(world.files[name]))
    before, after = resolved(items[: int(row)]), resolved(items) - resolved(items[: int(row)])
    assert before and after, "the cut must leave observations on both sides"
    assert (summary["imported"], summary["duplicates"]) == (len(after), len(before)), summary


@then(parsers.re(r'the output says "(?P<text>[^"]+)"'))
def then_output_says(run, text):
    assert text in run.stdout, run.stdout


@then("the store's log is as it was")
def then_log_unchanged(store_url, capsys, tmp_path, notes):
    assert notes.log is not None, "the log was not noted"
    assert log_lines(store_url, capsys, tmp_path, notes) == notes.log


# -- Then: listings ------------------------------------------------------------------------------
def _listed(run) -> list[dict[str, Any]]:
    answer = run.json()
    assert "observations" in answer, f"not a listing of observations: {answer}"
    return answer["observations"]


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


@then(parsers.re(r'the observation "(?P<source>[^"]+)" is listed'), target_fixture="observation")
def then_observation_listed(run, source):
    found = [o for o in _listed(run) if o["source"] == source]
    assert len(found) == 1, f"{source} listed {len(found)} times: {[o['source'] for o in _listed(run)]}"
    return found[0]


@then("the observation reads:")
def then_observation_reads(observation, datatable):
    header, *rows = datatable
    assert [h.strip() for h in header] == ["field", "value"], header
    for name, value in ((r[0].strip(), r[1].strip()) for r in rows):
        assert name in observation, f"an observation has no field {name!r}"
        assert _shown(observation[name]) == value, f"{name} is {observation[name]!r}, expected {value!r}"


@then(
    parsers.re(
        rf'the listing holds exactly one observation: (?P<x>{CODE}) acting on (?P<y>{CODE}) on "(?P<day>[^"]+)" with CAMEO "(?P<cameo>[^"]+)"'
    )
)
def then_exactly_one(run, x, y, day, cameo):
    got = [(o["actor1"], o["actor2"], o["on"], o["cameo"]) for o in _listed(run)]
    assert got == [(x, y, day, cameo)], got


@then("the observations are listed in this order:")
def then_listed_in_order(run, datatable):
    header, *rows = [[cell.strip() for cell in row] for row in datatable]
    got = [[_shown(o[name]) for name in header] for o in _listed(run)]
    assert got == rows, got


@then("no observation is listed")
def then_none_listed(run):
    assert _listed(run) == []


@then(parsers.re(rf"nothing is listed between (?P<x>{CODE}) and (?P<y>{CODE})"))
def then_nothing_between(store_url, capsys, x, y):
    answer = listing(store_url, capsys, x, y)
    assert answer["observations"] == [] and answer["summary"]["count"] == 0, answer


@then(
    parsers.re(
        rf'it lists every observation the parser reads between (?P<x>{CODE}) and (?P<y>{CODE}) in "(?P<name>[^"]+)"'
    )
)
def then_lists_pair(run, world, x, y, name):
    expected = {
        item.key
        for item in parsed(Path(world.files[name]))
        if not isinstance(item, Skip) and {item.actor1, item.actor2} == {x, y}
    }
    sources = [o["source"] for o in _listed(run)]
    assert expected and sorted(sources) == sorted(expected), (sources, expected)


@then("every observation listed has its CAMEO code and label, its Goldstein score and its source URL")
def then_each_complete(run):
    listed = _listed(run)
    assert listed
    for o in listed:
        assert re.fullmatch(r"\d{2,4}", o["cameo"]) and o["label"], o
        assert isinstance(o["goldstein"], float) and -10 <= o["goldstein"] <= 10, o
        assert o["url"] and o["url"].startswith("http"), o


@then("the listing is newest first")
def then_newest_first(run):
    days = [o["on"] for o in _listed(run)]
    assert days == sorted(days, reverse=True), days


@then(parsers.re(rf"the listing and its summary are the same as for (?P<x>{CODE}) and (?P<y>{CODE})"))
def then_same_as_pair(run, store_url, capsys, x, y):
    answer = run.json()
    other = cli_json(store_url, capsys, "observations", x, y)
    assert answer["observations"] and answer["observations"] == other["observations"]
    assert answer["summary"] == other["summary"]


@then(
    "the summary agrees with the listing: the count, the mean Goldstein score and the count of each QuadClass"
)
def then_summary_agrees(run):
    answer = run.json()
    listed, summary = answer["observations"], answer["summary"]
    assert listed, "an empty listing proves nothing"
    assert summary["count"] == len(listed), summary
    mean = sum(o["goldstein"] for o in listed) / len(listed)
    assert summary["mean_goldstein"] == pytest.approx(mean, abs=0.001), (summary, mean)
    quads = Counter(QUAD_CLASSES[o["quad_class"]] for o in listed)
    assert summary["by_quad_class"] == dict(quads), summary


@then(
    parsers.re(
        rf"(?P<count>\d+) observations are listed, the newest of those between (?P<x>{CODE}) and (?P<y>{CODE})"
    )
)
def then_newest_few(run, store_url, capsys, count, x, y):
    everything = listing(store_url, capsys, x, y)["observations"]
    assert len(everything) > int(count), "the limit must leave some out"
    assert _listed(run) == everything[: int(count)]


@then(parsers.re(rf"the summary counts every observation between (?P<x>{CODE}) and (?P<y>{CODE})"))
def then_summary_counts_all(run, store_url, capsys, x, y):
    assert run.json()["summary"]["count"] == len(listing(store_url, capsys, x, y)["observations"])


@then(parsers.re(r"dtl observations lists the same as before (?P<pairs>between .+)"))
def then_same_listings(store_url, capsys, notes, pairs):
    for x, y in pairs_in(pairs):
        assert listing(store_url, capsys, x, y) == notes.listings[(x, y)]


# -- Then: observations beside the measures ------------------------------------------------------
def _latest(reply) -> list[dict[str, Any]]:
    answer = reply.ok()
    assert "latest_observations" in answer, f"not a state answer: {answer}"
    return answer["latest_observations"]


SEEN = rf'(?P<x>{CODE}) acting on (?P<y>{CODE}) on "(?P<day>[^"]+)" with CAMEO "(?P<cameo>[^"]+)"'


@then(parsers.re(rf"the answer's latest observations show {SEEN}"))
def then_latest_show(reply, x, y, day, cameo):
    got = [(o["actor1"], o["actor2"], o["on"], o["cameo"]) for o in _latest(reply)]
    assert (x, y, day, cameo) in got, got


@then(parsers.re(rf"the answer's latest observations are only {SEEN}"))
def then_latest_only(reply, x, y, day, cameo):
    got = [(o["actor1"], o["actor2"], o["on"], o["cameo"]) for o in _latest(reply)]
    assert got == [(x, y, day, cameo)], got


@then(
    parsers.re(
        rf'the answer\'s latest observations are the first that "dtl observations (?P<x>{CODE}) (?P<y>{CODE})" lists, and fewer than all'
    )
)
def then_latest_are_newest(reply, store_url, capsys, x, y):
    latest = [o["id"] for o in _latest(reply)]
    everything = [o["id"] for o in listing(store_url, capsys, x, y)["observations"]]
    assert 0 < len(latest) < len(everything), (latest, everything)
    assert latest == everything[: len(latest)]


@then(parsers.re(rf"dtl answers the same state, history and timeline about (?P<x>{CODE}) and (?P<y>{CODE})"))
def then_same_answers(dtl, notes, x, y):
    assert notes.answers is not None and notes.answers["pair"] == (x, y), "the answers were not noted"
    again = _answers_about(dtl, x, y, notes.answers["days"])
    for part in ("measures", "history", "timeline"):
        assert again[part] == notes.answers[part], part


@then("the history has no change")
def then_history_empty(reply):
    answer = reply.ok()
    assert answer["changes"] == [], answer["changes"]


@then(parsers.re(r'the measure\'s source quotes "(?P<first>[^"]+)" and "(?P<second>[^"]+)" on two lines'))
def then_quote_two_lines(measure, first, second):
    assert [s.get("quote") for s in measure["sources"]] == [f"{first}\n{second}"], measure["sources"]
