"""What a party undertakes towards an alliance, as ATOP codes it member by member, and alliances
named by their ATOP id. The parties and the alliance number below are placeholders for the
mechanism, not a claim about any real alliance (features/vocabulary/ holds the real examples)."""

from __future__ import annotations

import pytest

from dtl.domain.actors import ActorKind, registry
from dtl.domain.errors import InvalidInput

ALLIANCE = "ATOP9999"


def test_an_atop_alliance_id_names_a_treaty_dtl_does_not_list(sqlite_dtl):
    actor = registry().resolve(ALLIANCE.lower())
    assert (actor.code, actor.kind, actor.name) == (ALLIANCE, ActorKind.TREATY, "ATOP alliance 9999")
    assert registry().get("ATOP123") is None and registry().get("XATOP1234") is None


def test_between_two_parties_an_alliance_carries_what_both_undertook(sqlite_dtl, clock):
    clock.set("2026-01-01T00:00:00")
    sqlite_dtl.record({"type": "enter-into-force", "by": "FRA", "target": ALLIANCE, "on": "2000",
                       "obligations": "defence,consultation"})  # fmt: skip
    sqlite_dtl.record({"type": "enter-into-force", "by": "BEL", "target": ALLIANCE, "on": "2000",
                       "obligations": ["consultation"]})  # fmt: skip
    (treaty,) = sqlite_dtl.treaties("FRA", "BEL", "2001-01-01")["treaties"]
    assert treaty["obligations"] == ["consultation"] and treaty["in_force_between"]
    assert [p["obligations"] for p in treaty["parties"]] == [["defence", "consultation"], ["consultation"]]
    party = {p["party"]: p for p in sqlite_dtl.parties(ALLIANCE, "2001-01-01")["parties"]}
    assert party["FRA"]["obligations"] == ["defence", "consultation"]


def test_obligations_are_refused_where_they_mean_nothing_or_are_unknown(sqlite_dtl):
    with pytest.raises(InvalidInput) as unknown:
        sqlite_dtl.record({"type": "enter-into-force", "by": "FRA", "target": ALLIANCE, "on": "2000",
                           "obligations": "defence,bombing"})  # fmt: skip
    assert unknown.value.field == "obligations" and "bombing" in str(unknown.value)
    with pytest.raises(InvalidInput) as misplaced:
        sqlite_dtl.record({"type": "withdraw-from-treaty", "by": "FRA", "target": ALLIANCE, "on": "2000",
                           "obligations": "defence"})  # fmt: skip
    assert misplaced.value.field == "obligations"
    assert sqlite_dtl.timeline() == []


def test_at_a_minimum_grade_the_treaties_between_two_parties_count_what_was_left_out_about_either(
    sqlite_dtl, clock
):
    clock.set("2026-01-01T00:00:00")
    graded = [{"name": "A report", "grade": "A1"}]
    sqlite_dtl.record({"type": "enter-into-force", "by": "FRA", "target": ALLIANCE, "on": "2000"})
    sqlite_dtl.record({"type": "enter-into-force", "by": "BEL", "target": ALLIANCE, "on": "2000"})
    sqlite_dtl.record({"type": "meet", "by": "FRA", "target": "BEL", "on": "2001", "sources": graded})
    answer = sqlite_dtl.treaties("FRA", "BEL", "2001-06-01", min_grade="B2")
    assert (answer["treaties"], answer["left_out"]) == ([], 2), answer
