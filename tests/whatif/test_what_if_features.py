"""What if (features/whatif/): hypothetical answers on a copy, nothing stored; on SQLite and on
PostgreSQL. The steps every area shares are in tests/steps.py."""

from __future__ import annotations

import pytest
from pytest_bdd import parsers, scenarios, then, when

from tests.steps import CODE, attempt, parse_action

pytestmark = pytest.mark.usefixtures("backend")
scenarios("whatif")


def _action_id(dtl, type_: str, by: str, target: str) -> str:
    (found,) = [a["id"] for a in dtl.timeline(types=[type_]) if a["by"] == [by] and a["target"] == target]
    return found


@when(
    parsers.re(
        rf'I ask, supposing (?P<spec>.+), the state of (?P<x>{CODE}) and (?P<y>{CODE}) at "(?P<at>[^"]+)"'
    ),
    target_fixture="reply",
)
def when_supposing_state(dtl, spec, x, y, at):
    raw, _ = parse_action(spec)
    return attempt(lambda: dtl.what_if("state", {"x": x, "y": y, "at": at}, [raw], []))


@when(
    parsers.re(
        rf"I ask, without the (?P<type>[a-z-]+) by (?P<by>{CODE}) against (?P<target>{CODE}), "
        rf'the (?P<question>state|roster) of (?P<x>{CODE})(?: and (?P<y>{CODE}))? at "(?P<at>[^"]+)"'
    ),
    target_fixture="reply",
)
def when_without(dtl, type, by, target, question, x, y, at):
    gone = _action_id(dtl, type, by, target)
    arguments = {"x": x, "y": y, "at": at} if question == "state" else {"org": x, "at": at}
    return attempt(lambda: dtl.what_if(question, arguments, [], [gone]))


@then(parsers.re(r"the answer is hypothetical, supposing (?P<count>\d+) (?P<what>actions?|retractions?)"))
def then_hypothetical(reply, count, what):
    supposed = reply.ok()["hypothetical"]
    key = "supposed" if what.startswith("action") else "without"
    assert len(supposed[key]) == int(count) and supposed["stored"] is False, supposed


@then("the CLI's answer is hypothetical and stored nothing")
def then_cli_hypothetical(run):
    answer = run.json()
    assert answer["hypothetical"]["stored"] is False and len(answer["hypothetical"]["supposed"]) == 1, answer


@then(parsers.re(r"the store holds no (?P<type>[a-z-]+)"))
def then_store_lacks(dtl, type):
    assert dtl.timeline(types=[type]) == []
