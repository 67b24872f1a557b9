"""Why (features/why/): causal links and the chains behind measures, on SQLite and on
PostgreSQL. The steps every area shares are in tests/steps.py."""

from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from tests.steps import CODE, attempt, parse_action

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
