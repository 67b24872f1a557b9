"""Why (features/why/): causal links, the chains behind measures, and the links shown in the
timeline, the chart and the network, on SQLite and on PostgreSQL. The steps every area shares
are in tests/steps.py."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from tests.analysis.charts.support import groups, svg_root, title_of
from tests.steps import CODE, attempt, parse_action, timeline_of

pytestmark = pytest.mark.usefixtures("backend")
scenarios("why")

REPORTS = r"the report's (?P<{0}>[a-z-]+) by (?P<{1}>{2})"


def _report(world, type_: str, by: str) -> str:
    return world.id_of(f"the report's {type_} by {by}")


@given(parsers.re(rf"{REPORTS.format('a', 'ab', CODE)} was linked to {REPORTS.format('b', 'bb', CODE)}"))
def given_linked(dtl, world, a, ab, b, bb):
    assert dtl.link(_report(world, a, ab), _report(world, b, bb))["new"]


@when(
    parsers.re(rf"I link {REPORTS.format('a', 'ab', CODE)} to {REPORTS.format('b', 'bb', CODE)}"),
    target_fixture="reply",
)
def when_link(dtl, world, a, ab, b, bb):
    return attempt(lambda: dtl.link(_report(world, a, ab), _report(world, b, bb)))


@then("the link is reported as already there")
def then_already_linked(reply):
    assert reply.ok()["new"] is False


@when(
    parsers.re(
        rf'I ask why for (?P<x>{CODE}) and (?P<y>{CODE}) at "(?P<at>[^"]+)"(?: at min grade "(?P<grade>[^"]+)")?'
    ),
    target_fixture="reply",
)
def when_why(dtl, x, y, at, grade):
    return attempt(lambda: dtl.why(x, y, at, min_grade=grade or None))


@then(
    parsers.re(r"the (?P<aspect>[a-z-]+) is explained by (?P<types>[a-z, -]+) in that order"),
    target_fixture="chain",
)
def then_chain(reply, aspect, types):
    (measure,) = [m for m in reply.ok()["measures"] if m["aspect"] == aspect]
    chain = measure["because"]
    assert [step["type"] for step in chain] == [t.strip() for t in types.split(",")], chain
    for step, after in zip(chain, chain[1:], strict=False):  # each step answers the next one
        assert step["responds_to"] == [after["id"]], (step, after)
    return chain


@then(parsers.re(rf"the chain's first step still says it answered {REPORTS.format('a', 'ab', CODE)}"))
def then_first_answers(chain, world, a, ab):
    assert chain[0]["responds_to"] == [_report(world, a, ab)], chain


@then("each step of the chain names its sources")
def then_chain_sources(chain):
    assert all(step["sources"] and step["sources"][0]["name"] for step in chain), chain


@when(
    parsers.re(rf"I record, in response to {REPORTS.format('a', 'ab', CODE)}: (?P<spec>.+)"),
    target_fixture="reply",
)
def when_record_in_response(dtl, world, a, ab, spec):
    raw, _ = parse_action(spec)
    answered = _report(world, a, ab)
    world.labels["the answered"] = answered
    return attempt(lambda: dtl.record({**raw, "in_response_to": [answered[:8]]}))


@then(parsers.re(rf"the new action answers {REPORTS.format('a', 'ab', CODE)}"))
def then_answers(dtl, reply, world, a, ab):
    (new,) = reply.ok()["recorded"]
    assert dtl.show(new)["in_response_to"] == [_report(world, a, ab)]


# -- the links shown: timeline, chart, network ---------------------------------------------------
A, B = REPORTS.format("a", "ab", CODE), REPORTS.format("b", "bb", CODE)


def _row_of(rows: list[dict], action_id: str) -> dict:
    (row,) = [r for r in rows if r["id"] == action_id]
    return row


@then(parsers.re(rf"the timeline says {A} answered (?:{B}|(?P<nothing>nothing))"))
def then_timeline_answers(reply, world, a, ab, b, bb, nothing):
    row = _row_of(timeline_of(reply), _report(world, a, ab))
    assert row["responds_to"] == ([] if nothing else [_report(world, b, bb)]), row


@then(parsers.re(rf"the (?P<fmt>csv|tsv|nl) row of {A} says it responds to (?:{B}|(?P<nothing>nothing))"))
def then_row_responds(run, world, fmt, a, ab, b, bb, nothing):
    assert run.code == 0, run.stderr
    if fmt == "nl":
        rows = [json.loads(line) for line in run.stdout.splitlines()]
    else:
        reader = csv.DictReader(io.StringIO(run.stdout), delimiter="\t" if fmt == "tsv" else ",")
        rows = [{**r, "responds_to": [i for i in r["responds_to"].split(";") if i]} for r in reader]
    row = _row_of(rows, _report(world, a, ab))
    assert row["responds_to"] == ([] if nothing else [_report(world, b, bb)]), row


@then(parsers.re(rf"the output says {A} answered {B}"))
def then_output_answers(run, world, a, ab, b, bb):
    answer, answered = _report(world, a, ab)[:8], _report(world, b, bb)[:8]
    lines = [line for line in run.stdout.splitlines() if line.strip().startswith(answer)]
    assert len(lines) == 1 and f"answered {answered}" in lines[0], run.stdout


@given(parsers.re(r'the output goes to "(?P<name>[^"]+)" in an empty folder'))
def given_output(tmp_path, world, name):
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)
    assert list(folder.iterdir()) == []
    world.files[name] = str(folder / name)


def _arrows(world, name: str) -> list[str]:
    """The titles of the chart's arrows (an action to the one it answered)."""
    root = svg_root(Path(world.files[name]))
    return [title_of(g) or "" for g in groups(root, "link-")]


@then(parsers.re(rf'the chart "(?P<name>[^"]+)" draws an arrow from {A} to {B}'))
def then_chart_arrow(dtl, world, name, a, ab, b, bb):
    answer, answered = dtl.show(_report(world, a, ab)), dtl.show(_report(world, b, bb))
    titles = [t for t in _arrows(world, name) if f"{answer['id'][:8]} responds to {answered['id'][:8]}" in t]
    assert len(titles) == 1, _arrows(world, name)
    said = f"{a} by {ab} ({answer['on']}) answered {b} by {bb} ({answered['on']})"
    assert titles[0].startswith(said), titles


@then(parsers.re(r'the chart "(?P<name>[^"]+)" draws (?P<count>\d+) arrows?'))
def then_chart_arrows(world, name, count):
    assert len(_arrows(world, name)) == int(count), _arrows(world, name)


def _answers(world, name: str) -> list[tuple[str, str, dict]]:
    """The graph's responds-to edges, as networkx reads the file back."""
    path = Path(world.files[name])
    if path.suffix == ".json":
        g = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
    else:
        g = nx.read_graphml(path, force_multigraph=True)
    assert g.is_directed() and g.is_multigraph()
    assert all(d["kind"] in ("measure", "responds-to") for _, _, d in g.edges(data=True))
    return [(u, v, d) for u, v, d in g.edges(data=True) if d["kind"] == "responds-to"]


@then(
    parsers.re(
        rf'networkx reads from "(?P<name>[^"]+)" a responds-to edge from (?P<x>{CODE}) to (?P<y>{CODE}): '
        rf"{A} answering {B}"
    )
)
def then_graph_answer(dtl, world, name, x, y, a, ab, b, bb):
    answer, answered = dtl.show(_report(world, a, ab)), dtl.show(_report(world, b, bb))
    found = [d for u, v, d in _answers(world, name) if (u, v, d["action"]) == (x, y, answer["id"])]
    assert len(found) == 1, _answers(world, name)
    edge = found[0]
    assert (edge["responds_to"], edge["responds_to_type"], edge["responds_to_on"]) == (
        answered["id"], answered["type"], answered["on"]
    )  # fmt: skip
    assert (edge["action_type"], edge["action_on"]) == (answer["type"], answer["on"])


@then(parsers.re(r'networkx reads from "(?P<name>[^"]+)" (?P<count>\d+) responds-to edges?'))
def then_graph_answers(world, name, count):
    assert len(_answers(world, name)) == int(count), _answers(world, name)
