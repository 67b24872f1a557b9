"""The vocabulary of diplomacy (features/vocabulary/): explicit relations, representation in
each direction, recognition, and status in organisations, on SQLite and on PostgreSQL. The
steps every area shares are in tests/steps.py."""

from __future__ import annotations

import pytest
from pytest_bdd import parsers, scenarios, then, when

from tests.steps import CODE, attempt, codes_in, roster_of

pytestmark = pytest.mark.usefixtures("backend")
scenarios("vocabulary")


@then(
    parsers.re(
        r'the relations are "(?P<status>[^"]+)"(?: since "(?P<since>[^"]+)")?'
        r'(?:, established on "(?P<established>[^"]+)")?'
    )
)
def then_relations(reply, status, since, established):
    relations = reply.ok()["relations"]
    assert relations["status"] == status, relations
    if since:
        assert relations["since"] == since, relations
    if established:
        assert relations["established_on"] == established, relations


@when(parsers.re(rf'I ask who recognizes (?P<code>{CODE}) at "(?P<at>[^"]+)"'), target_fixture="reply")
def when_recognition(dtl, code, at):
    return attempt(lambda: dtl.recognition(code, at))


@then(parsers.re(r"the recognizers are exactly (?P<codes>[A-Z0-9, ]+(?: and [A-Z0-9]+)?)"))
def then_recognizers(reply, codes):
    answer = reply.ok()
    assert sorted(r["by"] for r in answer["recognizers"]) == sorted(codes_in(codes)), answer
    assert answer["count"] == len(codes_in(codes))


@then("there are no recognizers")
def then_no_recognizers(reply):
    answer = reply.ok()
    assert (answer["recognizers"], answer["count"]) == ([], 0), answer


@then(parsers.re(r"the withdrawn recognitions are by (?P<codes>[A-Z0-9, ]+(?: and [A-Z0-9]+)?)"))
def then_withdrawn(reply, codes):
    assert sorted(w["by"] for w in reply.ok()["withdrawn"]) == sorted(codes_in(codes))


@then(parsers.re(r"the CLI's answer counts (?P<count>\d+) recognizers?"))
def then_cli_count(run, count):
    assert run.json()["count"] == int(count), run.stdout


@then(parsers.re(r'the roster shows (?P<codes>[A-Z0-9, ]+(?: and [A-Z0-9]+)?) leaving, "(?P<status>[^"]+)"'))
def then_leaving(reply, codes, status):
    leaving = roster_of(reply)["leaving"]
    assert sorted(item["member"] for item in leaving) == sorted(codes_in(codes)), leaving
    assert {item["status"] for item in leaving} == {status}, leaving


@then("the roster shows nobody leaving")
def then_nobody_leaving(reply):
    assert roster_of(reply)["leaving"] == []


@then(
    parsers.re(
        r'the catalogue lists (?P<type>[a-z-]+) with CAMEO "(?P<cameo>[^"]+)" and PLOVER "(?P<plover>[^"]+)"'
    )
)
def then_catalogue_lists(run, type, cameo, plover):
    entries = {e["type"]: e for e in run.json()}
    assert (entries[type]["cameo"], entries[type]["plover"]) == (cameo, plover), entries.get(type)


# -- treaties -------------------------------------------------------------------------------------
@when(
    parsers.re(rf'I ask the treaties between (?P<x>{CODE}) and (?P<y>{CODE}) at "(?P<at>[^"]+)"'),
    target_fixture="reply",
)
def when_treaties(dtl, x, y, at):
    return attempt(lambda: dtl.treaties(x, y, at))


@when(parsers.re(rf'I ask the parties of (?P<treaty>{CODE}) at "(?P<at>[^"]+)"'), target_fixture="reply")
def when_parties(dtl, treaty, at):
    return attempt(lambda: dtl.parties(treaty, at))


def _treaty(reply, code: str) -> dict:
    found = [t for t in reply.ok()["treaties"] if t["treaty"] == code]
    assert len(found) == 1, reply.ok()["treaties"]
    return found[0]


@then(parsers.re(rf"the treaty (?P<code>{CODE}) is not in force between them"))
def then_treaty_not_in_force(reply, code):
    found = [t for t in reply.ok()["treaties"] if t["treaty"] == code]
    assert found == [] or not found[0]["in_force_between"], found


@then(
    parsers.re(
        rf"the treaty (?P<code>{CODE}) is in force between them, with "
        r"(?:no alliance obligations|the obligations (?P<obligations>[a-z, -]+))"
    )
)
def then_treaty_in_force(reply, code, obligations):
    treaty = _treaty(reply, code)
    assert treaty["in_force_between"], treaty
    expected = [o.strip() for o in obligations.split(",")] if obligations else []
    assert treaty["obligations"] == expected, treaty


@then(parsers.re(r"the parties bound are (?P<codes>[A-Z0-9, ]+(?: and [A-Z0-9]+)?)"))
def then_bound(reply, codes):
    assert reply.ok()["bound"] == sorted(codes_in(codes)), reply.ok()


@then(parsers.re(rf"(?P<code>{CODE})'s standing is \"(?P<status>[^\"]+)\""))
def then_standing(reply, code, status):
    standing = {p["party"]: p["status"] for p in reply.ok()["parties"]}
    assert standing.get(code) == status, standing


@then(parsers.re(rf'(?P<code>{CODE}) has left, on "(?P<until>[^"]+)"'))
def then_left(reply, code, until):
    assert {"party": code, "until": until} in [
        {"party": g["party"], "until": g["until"]} for g in reply.ok()["left"]
    ], reply.ok()
    assert code not in reply.ok()["bound"]
