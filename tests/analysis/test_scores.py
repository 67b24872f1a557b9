"""`dtl scores X Y --by month|quarter|year`: per period, event counts per QuadClass and the
Goldstein sum and mean, directed and undirected, from recorded actions and imported
observations. Expected series are computed here from the recorded inputs and the CAMEO
codebook (one event per initiator towards the target, at the start of an imprecise date)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from dtl.application.facade import Dtl
from dtl.application.importers import Skip, numbered_lines, parse_gdelt
from dtl.domain.cameo import lookup, quad_class
from dtl.domain.dates import FuzzyDate
from tests.analysis.support import cli, cli_json, refused, without
from tests.support import FakeClock

GDELT2 = Path(__file__).resolve().parents[1] / "fixtures" / "gdelt2-sample.export.CSV"
HISTORY = [
    {"type": "admit", "by": "NATO", "target": "TUR", "on": "1952-02-18"},
    {"type": "veto-engagement", "by": "TUR", "target": "ISR", "forum": "NATO", "on": "2023-10"},
    {"type": "halt-trade", "by": "TUR", "target": "ISR", "on": "2024-01-10"},
    {"type": "statement", "by": "ISR", "target": "TUR", "on": "2024-01-20", "note": "a protest"},
    {"type": "threaten", "by": "TUR", "target": "ISR", "on": "2024-04-05", "kind": "military"},
    {"type": "meet", "by": "TUR", "target": "ISR", "on": "2024-06-02"},
    {"type": "accuse", "by": "ISR", "target": "TUR", "on": "2024-06-30", "charge": "war-crimes"},
    {"type": "call-for-expulsion", "by": "ISR", "target": "TUR", "forum": "NATO", "on": "2024-07"},
    {"type": "halt-trade", "by": "TUR", "target": "GRC", "on": "2024-03-03"},  # another dyad
    {"type": "sever-relations", "by": "SAU,ARE,BHR,EGY", "target": "QAT", "on": "2017-06-05"},
]
FIELDS = ("events", "actions", "observations", "goldstein_sum")


@dataclass
class Scored:
    dtl: Dtl
    store: str
    cameo: dict[int, str]  # HISTORY index -> the CAMEO code recorded for it


@pytest.fixture
def scored(tmp_path) -> Iterator[Scored]:
    store = str(tmp_path / "dtl.sqlite3")
    with Dtl(store, clock=FakeClock()) as dtl:
        ids = [dtl.record(raw)["recorded"][0] for raw in HISTORY]
        cameo = {a["id"]: a["cameo"] for a in dtl.timeline()}
        yield Scored(dtl, store, {i: cameo[action_id] for i, action_id in enumerate(ids)})


def month(on: str) -> str:
    return FuzzyDate.parse(on).earliest.isoformat()[:7]


def expected_months(scored: Scored, x: str, y: str | None) -> dict[str, dict[str, dict]]:
    """direction -> month -> tally, counted from HISTORY: one event per initiator."""
    other = y or "*"
    out: dict[str, dict[str, dict]] = defaultdict(lambda: defaultdict(lambda: {
        "events": 0, "actions": 0, "observations": 0, "goldstein_sum": 0.0, "quad_class": dict.fromkeys("1234", 0)
    }))  # fmt: skip
    for i, raw in enumerate(HISTORY):
        code = scored.cameo[i]
        for initiator in raw["by"].split(","):
            if initiator == x and (y is None or raw["target"] == y):
                direction = f"{x}->{other}"
            elif raw["target"] == x and (y is None or initiator == y):
                direction = f"{other}->{x}"
            else:
                continue
            for key in (direction, "both"):
                tally = out[key][month(raw["on"])]
                tally["events"] += 1
                tally["actions"] += 1
                tally["goldstein_sum"] += lookup(code).goldstein
                tally["quad_class"][str(quad_class(code))] += 1
    return out


def series(answer: dict) -> dict[str, list[dict]]:
    return {"both": answer["series"]["undirected"], **answer["series"]["directed"]}


def test_each_recorded_action_counts_in_its_month_once_per_initiator_towards_its_target(scored):
    answer = scored.dtl.scores("TUR", "ISR", by="month")
    expected = expected_months(scored, "TUR", "ISR")
    assert set(answer["series"]["directed"]) == {"TUR->ISR", "ISR->TUR"}
    for name, rows in series(answer).items():
        for row in rows:
            want = expected[name].get(row["period"])
            if want is None:
                assert row["events"] == 0 and row["goldstein_mean"] is None, row
                continue
            assert {k: row[k] for k in ("events", "actions", "observations", "quad_class")} == {
                k: want[k] for k in ("events", "actions", "observations", "quad_class")
            }, (name, row["period"])
            assert row["goldstein_sum"] == pytest.approx(want["goldstein_sum"])
            assert row["goldstein_mean"] == pytest.approx(want["goldstein_sum"] / want["events"], abs=1e-3)
        assert {r["period"] for r in rows if r["events"]} == set(expected[name])


def test_an_action_with_several_initiators_counts_once_for_each(scored):
    sever = HISTORY[-1]
    initiators = sever["by"].split(",")
    against_qatar = scored.dtl.scores("QAT", by="year")
    (row,) = [r for r in against_qatar["series"]["directed"]["*->QAT"] if r["events"]]
    assert row["period"] == sever["on"][:4] and row["events"] == len(initiators)
    assert row["goldstein_sum"] == pytest.approx(
        len(initiators) * lookup(scored.cameo[len(HISTORY) - 1]).goldstein
    )
    one_pair = scored.dtl.scores("QAT", initiators[0], by="year")
    assert [r["events"] for r in one_pair["series"]["directed"][f"{initiators[0]}->QAT"]] == [1]
    assert [r["events"] for r in one_pair["series"]["directed"][f"QAT->{initiators[0]}"]] == [0]


@pytest.mark.parametrize("by", ["month", "quarter", "year"])
@pytest.mark.parametrize(("x", "y"), [("TUR", "ISR"), ("ISR", "TUR"), ("TUR", None)])
def test_the_undirected_series_is_the_sum_of_the_two_directed_ones(scored, by, x, y):
    answer = scored.dtl.scores(x, y, by=by)
    both = answer["series"]["undirected"]
    there, back = answer["series"]["directed"].values()
    assert [r["period"] for r in both] == [r["period"] for r in there] == [r["period"] for r in back]
    assert any(r["events"] for r in there) and any(r["events"] for r in back)
    for u, d1, d2 in zip(both, there, back, strict=True):
        for key in ("events", "actions", "observations"):
            assert u[key] == d1[key] + d2[key]
        assert u["goldstein_sum"] == pytest.approx(d1["goldstein_sum"] + d2["goldstein_sum"])
        assert u["quad_class"] == {q: d1["quad_class"][q] + d2["quad_class"][q] for q in "1234"}
        assert u["events"] == sum(u["quad_class"].values()) == u["actions"] + u["observations"]


@pytest.mark.parametrize("by", ["quarter", "year"])
def test_quarters_and_years_are_the_sums_of_their_months(scored, by):
    months = scored.dtl.scores("TUR", "ISR", by="month")
    rolled = scored.dtl.scores("TUR", "ISR", by=by)
    for name, rows in series(rolled).items():
        monthly = series(months)[name]
        for row in rows:
            inside = [m for m in monthly if row["start"] <= m["start"] and m["end"] <= row["end"]]
            for key in ("events", "actions", "observations"):
                assert row[key] == sum(m[key] for m in inside), (name, row["period"], key)
            assert row["goldstein_sum"] == pytest.approx(sum(m["goldstein_sum"] for m in inside))
            assert row["quad_class"] == {q: sum(m["quad_class"][q] for m in inside) for q in "1234"}
        assert sum(r["events"] for r in rows) == sum(m["events"] for m in monthly)


def test_months_without_events_are_present_with_zero_counts_so_series_line_up(scored):
    answer = scored.dtl.scores("TUR", "ISR", by="month")
    periods = [r["period"] for r in answer["series"]["undirected"]]
    recorded = sorted(
        month(raw["on"]) for raw in HISTORY if {*raw["by"].split(","), raw["target"]} == {"TUR", "ISR"}
    )
    # Every month from the first event's to the last event's, each once, in order.
    first, last = recorded[0], recorded[-1]
    span = []
    year, mon = int(first[:4]), int(first[5:])
    while f"{year}-{mon:02d}" <= last:
        span.append(f"{year}-{mon:02d}")
        year, mon = (year + 1, 1) if mon == 12 else (year, mon + 1)
    assert periods == span
    empty = [r for r in answer["series"]["undirected"] if r["period"] not in recorded]
    assert empty, "the history leaves months without events"
    for r in empty:
        assert (r["events"], r["goldstein_sum"], r["goldstein_mean"]) == (0, 0.0, None)
        assert r["quad_class"] == dict.fromkeys("1234", 0)


def test_from_and_to_clip_what_is_counted_and_set_the_span(scored):
    answer = scored.dtl.scores("TUR", "ISR", by="month", start="2023-11-15", end="2024-09-30")
    periods = [r["period"] for r in answer["series"]["undirected"]]
    assert periods[0] == "2023-11" and periods[-1] == "2024-09"
    counted = [raw for raw in HISTORY if {*raw["by"].split(","), raw["target"]} == {"TUR", "ISR"}
               and "2023-11-15" <= FuzzyDate.parse(raw["on"]).earliest.isoformat() <= "2024-09-30"]  # fmt: skip
    assert sum(r["events"] for r in answer["series"]["undirected"]) == len(counted)
    assert (answer["from"], answer["to"]) == ("2023-11-15", "2024-09-30")


def test_an_imprecise_date_counts_at_the_start_of_its_window(scored):
    veto = next(raw for raw in HISTORY if raw["type"] == "veto-engagement")
    start = FuzzyDate.parse(veto["on"]).earliest.isoformat()
    on_the_first = scored.dtl.scores("TUR", "ISR", by="month", start=start, end=start)
    assert [r["events"] for r in on_the_first["series"]["directed"]["TUR->ISR"]] == [1]
    a_day_later = scored.dtl.scores("TUR", "ISR", by="month", start="2023-10-02", end="2023-10-31")
    assert [r["events"] for r in a_day_later["series"]["undirected"]] == [0]


def test_the_csv_parses_and_carries_the_same_numbers_as_the_json(scored, capsys):
    for by in ("month", "quarter"):
        answer = cli_json(capsys, scored.store, "scores", "TUR", "ISR", "--by", by)
        assert without(answer, "position") == without(scored.dtl.scores("TUR", "ISR", by=by), "position")
        run = cli(capsys, scored.store, "scores", "TUR", "ISR", "--by", by, "--csv")
        assert run.code == 0 and run.err == ""
        rows = list(csv.DictReader(io.StringIO(run.out)))
        expected = [(name, r) for name, rs in series(answer).items() for r in rs]
        assert len(rows) == len(expected)
        for row, (name, r) in zip(rows, expected, strict=True):
            assert row["direction"] == name
            assert (row["period"], row["start"], row["end"]) == (r["period"], r["start"], r["end"])
            assert [int(row[k]) for k in ("events", "actions", "observations")] == [
                r["events"],
                r["actions"],
                r["observations"],
            ]
            quads = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
            assert [int(row[k]) for k in quads] == [r["quad_class"][q] for q in "1234"]
            assert float(row["goldstein_sum"]) == r["goldstein_sum"]
            assert row["goldstein_mean"] == ("" if r["goldstein_mean"] is None else str(r["goldstein_mean"]))


def test_imported_gdelt_observations_are_counted_with_their_coded_scores(capsys, tmp_path):
    store = str(tmp_path / "gdelt.sqlite3")
    imported = cli_json(capsys, store, "import", str(GDELT2))
    observed = [o for o in parse_gdelt(numbered_lines(GDELT2), version=2) if not isinstance(o, Skip)]
    assert imported["imported"] == len(observed) > 0
    x, y = observed[0].actor1, observed[0].actor2
    # An action between them in the same year counts beside the observations.
    with Dtl(store, clock=FakeClock()) as dtl:
        dtl.record({"type": "meet", "by": x, "target": y, "on": observed[0].on.isoformat()})
        meet_goldstein = lookup(dtl.timeline(pair=(x, y))[0]["cameo"]).goldstein
    answer = cli_json(capsys, store, "scores", x, y, "--by", "year")
    for direction, (source, target) in ((f"{x}->{y}", (x, y)), (f"{y}->{x}", (y, x))):
        mine = [o for o in observed if (o.actor1, o.actor2) == (source, target)]
        rows = answer["series"]["directed"][direction]
        assert sum(r["observations"] for r in rows) == len(mine)
        for r in rows:
            in_year = [o for o in mine if o.on.isoformat()[:4] == r["period"]]
            extra = meet_goldstein if source == x and r["period"] == observed[0].on.isoformat()[:4] else 0.0
            assert r["goldstein_sum"] == pytest.approx(sum(o.goldstein for o in in_year) + extra)
            assert r["observations"] == len(in_year)
            observed_quads = {q: sum(1 for o in in_year if str(o.quad_class) == q) for q in "1234"}
            assert sum(r["quad_class"].values()) - r["actions"] == sum(observed_quads.values())
    total = answer["series"]["undirected"]
    assert sum(r["actions"] for r in total) == 1
    graded = cli_json(capsys, store, "scores", x, y, "--by", "year", "--min-grade", "A1")
    assert graded["left_out_observations"] == sum(1 for o in observed if {o.actor1, o.actor2} == {x, y})
    assert sum(r["events"] for r in graded["series"]["undirected"]) == 0 and graded["left_out"] == 1


def test_the_table_shows_one_direction_when_asked(scored, capsys):
    run = cli(capsys, scored.store, "scores", "TUR", "ISR", "--by", "quarter", "--direction", "TUR->ISR")
    assert run.code == 0 and "TUR->ISR by quarter" in run.out
    run = cli(capsys, scored.store, "scores", "--actor", "TUR", "--by", "year")
    assert run.code == 0 and "TUR - everyone by year" in run.out


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["TUR", "ISR", "--by", "week"], "by"),
        (["TUR", "ISR", "--from", "2024-08-01", "--to", "2024-01-01"], "from"),
        (["TUR", "ISR", "--from", "2024-08/2024-07"], "from"),  # an interval that ends before it begins
        (["TUR", "TUR"], "y"),
        (["TUR", "ISX"], "y"),
        (["TUR", "ISR", "--actor", "TUR"], "actor"),
        (["TUR"], "x"),
        (["TUR", "ISR", "--csv", "--json"], "output"),
        (["TUR", "ISR", "--direction", "TUR->GRC"], "direction"),
    ],
)
def test_bad_input_to_scores_exits_2_naming_the_field(capsys, tmp_path, args, field):
    message = refused(capsys, str(tmp_path / "dtl.sqlite3"), "scores", *args)
    assert message.startswith(f"{field}: "), message


def test_actions_outside_the_period_are_not_counted_as_left_out_by_min_grade(sqlite_dtl):
    weak_before = {
        "type": "halt-trade",
        "by": "TUR",
        "target": "ISR",
        "on": "2023-05-10",
        "sources": [{"name": "A blog", "grade": "D4"}],
    }
    strong_inside = {
        "type": "statement",
        "by": "TUR",
        "target": "ISR",
        "on": "2024-02-01",
        "sources": [{"name": "Ministry", "grade": "A1"}],
    }
    weak_inside = {"type": "threaten", "by": "TUR", "target": "ISR", "on": "2024-03-01",
                   "sources": [{"name": "A rumour", "grade": "E5"}]}  # fmt: skip
    for raw in (weak_before, strong_inside, weak_inside):
        sqlite_dtl.record(raw)
    answer = sqlite_dtl.scores("TUR", "ISR", by="year", start="2024-01-01", min_grade="B2")
    assert sum(r["events"] for r in answer["series"]["undirected"]) == 1  # the statement
    timeline = sqlite_dtl.timeline_report(pair=("TUR", "ISR"), start="2024-01-01", min_grade="B2")
    assert timeline["left_out"] == 1  # the threat
    assert answer["left_out"] == timeline["left_out"]


def test_a_period_without_any_event_is_a_series_of_zeros(scored):
    answer = scored.dtl.scores("TUR", "ISR", by="month", start="2019-01-01", end="2019-12-31")
    rows = answer["series"]["undirected"]
    assert [r["period"] for r in rows] == [f"2019-{m:02d}" for m in range(1, 13)]
    assert all(r["events"] == 0 and r["goldstein_mean"] is None for r in rows)
    nothing = scored.dtl.scores("TUR", "SWE", by="year")
    assert nothing["series"]["undirected"] == [] and nothing["series"]["directed"]["TUR->SWE"] == []


def test_a_third_partys_act_that_never_counts_in_the_dyad_is_not_counted_as_left_out(sqlite_dtl):
    sqlite_dtl.record({"type": "admit", "by": "NATO", "target": "TUR", "on": "1952-02-18"})
    sqlite_dtl.record(
        {
            "type": "establish-partnership",
            "by": "NATO",
            "target": "ISR",
            "on": "1994-12",
            "sources": [{"name": "NATO", "grade": "A1"}],
        }
    )
    sqlite_dtl.record({"type": "veto-engagement", "by": "TUR", "target": "ISR", "forum": "NATO",
                       "on": "2023-10", "sources": [{"name": "A blog", "grade": "D4"}]})  # fmt: skip
    plain = sqlite_dtl.scores("NATO", "ISR", by="year")
    graded = sqlite_dtl.scores("NATO", "ISR", by="year", min_grade="B2")
    # The veto is TUR's act: it is in neither direction of NATO-ISR, graded or not.
    assert sum(r["events"] for r in plain["series"]["undirected"]) == 1
    assert sum(r["events"] for r in graded["series"]["undirected"]) == 1
    assert graded["left_out"] == 0
