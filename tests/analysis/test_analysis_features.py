"""The analyst views' scenarios (features/analysis/, except chart.feature), on SQLite and on
PostgreSQL (see tests/steps.py, whose shared steps these scenarios also use).

The steps drive the `Dtl` facade or the CLI's in-process `main()`; they never touch the
database. Expected numbers a scenario does not state in words are worked out from another
view of the same store (the timeline's actions and their CAMEO codes, `show`, the network's
own answer) or from the recorded inputs, never copied from the answer under test.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from dtl.domain.cameo import lookup
from dtl.domain.dates import FuzzyDate
from tests.steps import AS_KNOWN, CODE, Reply, attempt, known, rows_of, run_cli

pytestmark = pytest.mark.usefixtures("backend")  # every scenario on both backends
scenarios(
    "analysis/diff.feature",
    "analysis/scores.feature",
    "analysis/network.feature",
    "analysis/sources.feature",
    "analysis/search.feature",
    "analysis/history.feature",
    "analysis/involvement.feature",
)

MIN_GRADE = r' at min grade "(?P<grade>[^"]*)"'
NETWORK_FILES = ("relations.graphml", "relations.json", "vetoes.graphml", "relations.csv")


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch) -> None:
    """Tables drawn as wide as they need: a phrase the output 'says' is never wrapped."""
    monkeypatch.setenv("COLUMNS", "250")


@pytest.fixture
def net_folder(tmp_path) -> Path:
    folder = tmp_path / "network-files"
    folder.mkdir()
    return folder


def _answer(reply: Reply, key: str) -> dict[str, Any]:
    answer = reply.ok()
    assert isinstance(answer, dict) and key in answer, f"not the answer expected: {answer}"
    return answer


# -- asking at a minimum grade -------------------------------------------------------------------
@when(
    parsers.re(
        rf'I ask the state of (?P<x>{CODE}) and (?P<y>{CODE}) at "(?P<at>[^"]*)"{AS_KNOWN}{MIN_GRADE}'
    ),
    target_fixture="reply",
)
def when_state_graded(dtl, x, y, at, as_known_at, grade):
    return attempt(lambda: dtl.state(x, y, at, known(as_known_at), min_grade=grade))


@when(
    parsers.re(rf'I ask the roster of (?P<org>{CODE}) at "(?P<at>[^"]*)"{MIN_GRADE}'), target_fixture="reply"
)
def when_roster_graded(dtl, org, at, grade):
    return attempt(lambda: dtl.roster(org, at, min_grade=grade))


@when(parsers.re(rf"I ask the history of (?P<x>{CODE}) and (?P<y>{CODE}){MIN_GRADE}"), target_fixture="reply")
def when_history_graded(dtl, x, y, grade):
    return attempt(lambda: dtl.history(x, y, min_grade=grade))


@then(parsers.re(r"the answer says (?P<count>\d+) actions? (?:was|were) left out"))
def then_left_out(reply, count):
    answer = reply.ok()
    assert answer["min_grade"] and answer["left_out"] == int(count), answer["left_out"]


# -- corroborating -------------------------------------------------------------------------------
def _source(name: str, grade: str) -> dict[str, str]:
    return {"name": name, "grade": grade}


@when(parsers.re(r'I corroborate "(?P<label>[^"]+)" with "(?P<name>[^"]+)" graded "(?P<grade>[^"]*)"'),
      target_fixture="reply")  # fmt: skip
def when_corroborate(dtl, world, label, name, grade):
    return attempt(lambda: dtl.corroborate(world.ref(label), _source(name, grade)))


@given(parsers.re(r'"(?P<label>[^"]+)" was corroborated by "(?P<name>[^"]+)" graded "(?P<grade>[^"]*)"'))
def given_corroborated(dtl, world, label, name, grade):
    assert dtl.corroborate(world.id_of(label), _source(name, grade))["new"] is True


@then(parsers.re(r'the source is (?P<verdict>added|not new), and "(?P<label>[^"]+)" rests on (?P<names>.+)'))
def then_corroborated(reply, dtl, world, verdict, label, names):
    result = reply.ok()
    assert result["new"] is (verdict == "added"), result
    expected = [n.strip().strip('"') for n in names.split(" and ")]
    assert [s["name"] for s in result["sources"]] == expected
    assert [s["name"] for s in dtl.show(world.id_of(label))["sources"]] == expected


@when(parsers.re(r'I run corroborate on "(?P<label>[^"]+)" with: (?P<args>.+)'), target_fixture="run")
def when_run_corroborate(store_url, capsys, world, label, args):
    import shlex

    return run_cli(store_url, capsys, ["corroborate", world.id_of(label), *shlex.split(args)])


# -- the CLI's output ----------------------------------------------------------------------------
@then(parsers.re(r'the output says "(?P<text>[^"]+)"'))
def then_output_says(run, text):
    assert text in run.stdout, run.stdout


@then(parsers.re(r'stderr says "(?P<text>[^"]+)"'))
def then_stderr_says(run, text):
    assert text in run.stderr, run.stderr


@then(parsers.re(r"the output lists (?P<count>\d+) actions?"))
def then_output_lists(run, count):
    assert len(run.json()) == int(count), run.stdout


# -- diff ----------------------------------------------------------------------------------------
@when(
    parsers.re(
        r'I ask what changed from "(?P<start>[^"]+)" to "(?P<end>[^"]+)"'
        rf"(?: for (?P<actor>{CODE})| between (?P<x>{CODE}) and (?P<y>{CODE}))?{AS_KNOWN}"
    ),
    target_fixture="reply",
)
def when_diff(dtl, start, end, actor, x, y, as_known_at):
    pair = (x, y) if x else None
    return attempt(
        lambda: dtl.diff(start, end, actor=actor or None, pair=pair, as_known_at=known(as_known_at))
    )


def _changes(reply: Reply) -> list[tuple[dict, dict]]:
    answer = _answer(reply, "pairs")
    return [(group, change) for group in answer["pairs"] for change in group["changes"]]


@then("the changes are, pair by pair:")
def then_changes(reply, datatable):
    header, *rows = datatable
    expected = [dict(zip([h.strip() for h in header], [c.strip() for c in row], strict=True)) for row in rows]
    got = [
        {"pair": " ".join(g["pair"]), "change": c["change"], "on": c["on"], "aspect": c["aspect"],
         "event": c["event"]["type"]}
        for g, c in _changes(reply)
    ]  # fmt: skip
    assert got == expected
    assert _answer(reply, "changes")["changes"] == len(expected)


@then("every change names the recorded action behind it, with that action's sources")
def then_changes_have_events(reply, dtl):
    changes = _changes(reply)
    assert changes
    for _, change in changes:
        shown = dtl.show(change["event"]["id"])
        assert (shown["type"], shown["on"]) == (change["event"]["type"], change["on"])
        assert change["event"]["sources"] == shown["sources"] != []


@then(
    parsers.re(
        r'the veto\'s change rests on a source attributed to "(?P<attribution>[^"]+)" graded "(?P<grade>[^"]+)"'
    )
)
def then_veto_change_source(reply, attribution, grade):
    (veto,) = [c for _, c in _changes(reply) if c["aspect"] == "engagement-veto"]
    assert [(s["attribution"], s["grade"]) for s in veto["event"]["sources"]] == [(attribution, grade)]


@then(parsers.re(r"the changes concern only the pairs (?P<pairs>.+)"))
def then_changes_pairs(reply, pairs):
    expected = sorted(p.strip().split() for p in pairs.split(" and "))
    assert [g["pair"] for g in _answer(reply, "pairs")["pairs"]] == expected


@then(parsers.re(r'the (?P<aspect>[a-z-]+) change is "(?P<certainty>[^"]+)"'))
def then_change_certainty(reply, aspect, certainty):
    found = [c["certainty"] for _, c in _changes(reply) if c["aspect"] == aspect]
    assert found == [certainty], found


@then("nothing changed")
def then_nothing_changed(reply):
    answer = _answer(reply, "pairs")
    assert (answer["pairs"], answer["changes"]) == ([], 0), answer["pairs"]


# -- scores --------------------------------------------------------------------------------------
@when(
    parsers.re(rf"I ask the scores of (?P<x>{CODE}) and (?P<y>{CODE}) by (?P<by>[a-z]+)"),
    target_fixture="reply",
)
def when_scores(dtl, x, y, by):
    return attempt(lambda: dtl.scores(x, y, by=by))


def _series(reply: Reply) -> dict[str, list[dict]]:
    answer = _answer(reply, "series")
    return {"both": answer["series"]["undirected"], **answer["series"]["directed"]}


def _row(rows: list[dict], period: str) -> dict:
    (row,) = [r for r in rows if r["period"] == period]
    return row


@then(parsers.re(r"the periods are, in order: (?P<periods>.+)"))
def then_periods(reply, periods):
    expected = [p.strip() for p in periods.split(",")]
    for name, rows in _series(reply).items():
        assert [r["period"] for r in rows] == expected, name


@then(parsers.re(r"in (?P<period>\S+) no event is counted"))
def then_quiet(reply, period):
    for rows in _series(reply).values():
        row = _row(rows, period)
        assert (row["events"], row["goldstein_mean"]) == (0, None) and set(row["quad_class"].values()) == {0}


@then(
    parsers.re(
        r"in (?P<period>\S+) (?P<d1>\S+->\S+) counts (?P<n1>\d+) events? and (?P<d2>\S+->\S+) counts (?P<n2>\d+)"
    )
)
def then_directed_counts(reply, period, d1, n1, d2, n2):
    series = _series(reply)
    assert (_row(series[d1], period)["events"], _row(series[d2], period)["events"]) == (int(n1), int(n2))


@then("in every period the undirected counts are the sums of the directed ones")
def then_undirected_is_sum(reply):
    series = _series(reply)
    both = series.pop("both")
    there, back = series.values()
    for u, a, b in zip(both, there, back, strict=True):
        assert u["events"] == a["events"] + b["events"]
        assert u["quad_class"] == {q: a["quad_class"][q] + b["quad_class"][q] for q in "1234"}
        assert u["goldstein_sum"] == pytest.approx(a["goldstein_sum"] + b["goldstein_sum"])


def _quarter(on: str) -> str:
    day = FuzzyDate.parse(on).earliest
    return f"{day.year}-Q{(day.month + 2) // 3}"


@then("each period's Goldstein sum is the sum of its actions' CAMEO scores")
def then_goldstein(reply, dtl):
    answer = _answer(reply, "series")
    actions = dtl.timeline(pair=(answer["x"], answer["y"]))
    for row in answer["series"]["undirected"]:
        scores = [
            lookup(a["cameo"]).goldstein
            for a in actions
            for _ in a["by"]
            if _quarter(a["on"]) == row["period"]
        ]
        assert row["goldstein_sum"] == pytest.approx(sum(scores)), row["period"]
        assert row["events"] == len(scores)


@then("the quarters and the years add up the months")
def then_rollups(reply, dtl):
    months = _answer(reply, "series")
    for by in ("quarter", "year"):
        rolled = dtl.scores(months["x"], months["y"], by=by)
        for row in rolled["series"]["undirected"]:
            inside = [m for m in months["series"]["undirected"] if row["start"] <= m["start"] <= row["end"]]
            assert row["events"] == sum(m["events"] for m in inside), (by, row["period"])
            assert row["goldstein_sum"] == pytest.approx(sum(m["goldstein_sum"] for m in inside))


@then("the CSV has a row per direction and quarter with the numbers of the JSON answer")
def then_csv(run, store_url, capsys):
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    answer = run_cli(store_url, capsys, ["scores", "TUR", "ISR", "--by", "quarter", "--json"]).json()
    expected = [(name, r) for name, rs in {"both": answer["series"]["undirected"],
                                           **answer["series"]["directed"]}.items() for r in rs]  # fmt: skip
    assert [(r["direction"], r["period"]) for r in rows] == [(name, r["period"]) for name, r in expected]
    for row, (_, r) in zip(rows, expected, strict=True):
        assert int(row["events"]) == r["events"] and float(row["goldstein_sum"]) == r["goldstein_sum"]


# -- network -------------------------------------------------------------------------------------
@given("network files are written to an empty folder")
def given_network_folder(world, net_folder):
    for name in NETWORK_FILES:
        world.files[name] = str(net_folder / name)


def _read_graph(path: Path):
    if path.suffix == ".json":
        return nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
    return nx.read_graphml(path, force_multigraph=True)


def _edges(pairs) -> list[tuple[str, str, str]]:
    return sorted(pairs)


@then(parsers.re(r'networkx reads "(?P<name>[^"]+)" with the edges of the network on "(?P<at>[^"]+)"'),
      target_fixture="graph")  # fmt: skip
def then_graph_matches(net_folder, dtl, name, at):
    g = _read_graph(net_folder / name)
    answer = dtl.network(at)
    assert _edges((u, v, d["aspect"]) for u, v, d in g.edges(data=True)) == _edges(
        (e["source"], e["target"], e["aspect"]) for e in answer["edges"]
    )
    assert sorted(g.nodes) == sorted(n["id"] for n in answer["nodes"])
    return g


@then(parsers.re(rf"the graph has an edge from (?P<x>{CODE}) to (?P<y>{CODE}) typed (?P<aspect>[a-z-]+)"))
def then_graph_edge(graph, x, y, aspect):
    found = [d["aspect"] for u, v, d in graph.edges(data=True) if (u, v) == (x, y)]
    assert aspect in found, found


@then(
    parsers.re(
        rf'networkx reads "(?P<name>[^"]+)" with exactly one edge, from (?P<x>{CODE}) to (?P<y>{CODE}) typed (?P<aspect>[a-z-]+)'
    )
)
def then_single_edge(net_folder, name, x, y, aspect):
    g = _read_graph(net_folder / name)
    assert [(u, v, d["aspect"]) for u, v, d in g.edges(data=True)] == [(x, y, aspect)]


@then("the folder is empty")
def then_folder_empty(net_folder):
    assert list(net_folder.iterdir()) == []


# -- search --------------------------------------------------------------------------------------
@when(parsers.re(r'I search the timeline for "(?P<text>[^"]*)"'), target_fixture="reply")
def when_search(dtl, text):
    return attempt(lambda: dtl.timeline(text=text))


@then("the search finds exactly the report's actions")
def then_report_found(reply, world):
    report = sorted(i for label, i in world.labels.items() if label.startswith("the report's "))
    assert report and sorted(a["id"] for a in reply.ok()) == report


# -- history -------------------------------------------------------------------------------------
@then(
    parsers.re(
        r'the (?P<aspect>[a-z-]+) interval began in "(?P<since>[^"]+)", precise to the (?P<precision>[a-z]+)'
    )
)
def then_interval_precision(reply, aspect, since, precision):
    (interval,) = [i for i in _answer(reply, "intervals")["intervals"] if i["aspect"] == aspect]
    assert (interval["since"], interval["since_precision"]) == (since, precision)


# -- involvement ---------------------------------------------------------------------------------
@then("the history holds exactly these measures:")
def then_history_measures(reply, datatable):
    expected = sorted((r["pair"], r["aspect"], r.get("holder"), r["since"]) for r in rows_of(datatable))
    got = sorted((" ".join(m["pair"]), m["aspect"], m["holder"], m["since"])
                 for m in _answer(reply, "intervals")["intervals"])  # fmt: skip
    assert got == expected


@then(
    parsers.re(rf"these are exactly the changes that involve (?P<actor>{CODE}) in what changed for everyone")
)
def then_changes_involve(reply, dtl, actor):
    """An actor is involved in a change when it is a side of the measure's pair or its holder."""
    answer = _answer(reply, "pairs")
    assert answer["actor"] == actor, answer["actor"]
    everyone = dtl.diff(answer["from"], answer["to"])
    involving = [
        (g["pair"], c)
        for g in everyone["pairs"]
        for c in g["changes"]
        if actor in g["pair"] or c["holder"] == actor
    ]
    assert involving and [(g["pair"], c) for g, c in _changes(reply)] == involving
