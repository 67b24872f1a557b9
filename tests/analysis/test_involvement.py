"""One rule for what involves an actor or concerns a pair, held across every question.

The rule (docs/architecture.md, "Who a measure or an action is about"):

- an actor X is involved in a measure when X is a side of its pair or its holder; in an action
  when X is an initiator, the target, the forum, or a side of a pair it affects;
- a pair {X, Y} is concerned by a measure when it is the measure's pair, or one of X, Y holds it
  and the other is a side of its pair; by an action when it is a pair the action affects, or one
  of X, Y is an initiator and the other a side of the pair that initiator's part affects, the
  target or the forum, or one is the forum and the other the target.

The expectations below are worked out from the recorded inputs (the seed story: NATO's
membership, its partnership with Israel, Turkey's blocks and lifts on Finland's and Sweden's
accessions, the report of 2024-08-01) and the public catalogue (which roles make an action's
pair and its holder), with the rule written out here again, independently of the product's
code; never copied from an answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from dtl.application.charts import pair_chart_data
from dtl.application.facade import Dtl
from dtl.domain.dates import FuzzyDate
from dtl.domain.provenance import grade_at_least
from tests.analysis.support import Recorded, record_seed_story

X, Y = "TUR", "ISR"
DAY = "2024-08-01"  # the report's day
PERIOD = ("2022-01-01", "2024-08-01")  # the Nordic accessions and the whole report


@dataclass(frozen=True)
class Part:
    """One initiator's part of a recorded action: the pair it affects and who holds that."""

    action: str  # the action's id
    type: str
    effect: str  # open, close, instant
    aspect: str | None
    initiator: str
    target: str
    forum: str | None
    pair: tuple[str, str]
    holder: str | None  # None: a mutual measure
    on: FuzzyDate
    grades: tuple[str, ...]


def parts_of(recorded: list[Recorded], catalogue: list[dict[str, Any]]) -> list[Part]:
    types = {t["type"]: t for t in catalogue}
    out = []
    for r in recorded:
        raw, kind = r.raw, types[r.raw["type"]]
        by = [raw["by"]] if isinstance(raw["by"], str) else list(raw["by"])
        for initiator in by:
            roles = {"by": initiator, "target": raw["target"], "forum": raw.get("forum")}
            first, second = (roles[role] for role in kind["pair"])
            out.append(
                Part(
                    action=r.id, type=raw["type"], effect=kind["effect"], aspect=kind["aspect"],
                    initiator=initiator, target=raw["target"], forum=raw.get("forum"),
                    pair=tuple(sorted((first, second))),  # type: ignore[arg-type]
                    holder=None if kind["holder"] == "mutual" else roles[kind["holder"]],
                    on=FuzzyDate.parse(raw["on"]),
                    grades=tuple(s.get("grade") or "" for s in raw.get("sources", [])),
                )
            )  # fmt: skip
    return out


# -- the rule, written out for the test ----------------------------------------------------------
def measure_involves(part: Part, actor: str) -> bool:
    return actor in part.pair or actor == part.holder


def measure_concerns(part: Part, x: str, y: str) -> bool:
    if set(part.pair) == {x, y}:
        return True
    return any(part.holder == one and other in part.pair for one, other in ((x, y), (y, x)))


def action_involves(parts: list[Part], actor: str) -> bool:
    return any(actor in (p.initiator, p.target, p.forum, *p.pair) for p in parts)


def action_concerns(parts: list[Part], x: str, y: str) -> bool:
    for p in parts:
        if set(p.pair) == {x, y}:
            return True
        for one, other in ((x, y), (y, x)):
            if p.initiator == one and other in (*p.pair, p.target, p.forum):
                return True
            if p.forum == one and other == p.target:
                return True
    return False


# -- what the inputs say ---------------------------------------------------------------------------
@dataclass
class Story:
    dtl: Dtl
    parts: list[Part]

    def actions(self) -> dict[str, list[Part]]:
        found: dict[str, list[Part]] = {}
        for p in self.parts:
            found.setdefault(p.action, []).append(p)
        return found

    def openings(self) -> list[Part]:
        """One measure per opening part (an initiator's share of an opening action)."""
        return [p for p in self.parts if p.effect == "open"]

    def closing(self, measure: Part) -> Part | None:
        """The first later action closing this measure (same aspect, pair and holder)."""
        later = [
            p for p in self.parts
            if p.effect == "close" and (p.aspect, p.pair, p.holder) == (measure.aspect, measure.pair, measure.holder)
            and p.on.earliest > measure.on.earliest
        ]  # fmt: skip
        return min(later, key=lambda p: p.on.earliest) if later else None

    def in_force(self, measure: Part, day: str) -> bool:
        d = date.fromisoformat(day)
        closed = self.closing(measure)
        return measure.on.earliest <= d and (closed is None or d < closed.on.earliest)

    def changes(self, start: str, end: str, keep) -> list[tuple[str, str]]:
        """(change, event id) of every opening or closing, in the period, of a kept measure."""
        lo, hi = date.fromisoformat(start), date.fromisoformat(end)
        found = []
        for m in self.openings():
            if not keep(m):
                continue
            if lo <= m.on.earliest <= hi:
                found.append(("opened", m.action))
            closed = self.closing(m)
            if closed and lo <= closed.on.earliest <= hi:
                found.append(("closed", closed.action))
        return sorted(found)


@pytest.fixture
def story(dtl) -> Story:
    recorded = record_seed_story(dtl)
    return Story(dtl, parts_of(recorded, dtl.catalogue()))


def opened(measures: list[dict[str, Any]]) -> list[str]:
    return sorted(m["events"][0] for m in measures)


def diff_changes(answer: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((c["change"], c["event"]["id"]) for g in answer["pairs"] for c in g["changes"])


def concerning(story: Story) -> list[str]:
    return sorted(m.action for m in story.openings() if measure_concerns(m, X, Y))


# -- the questions ------------------------------------------------------------------------------
def test_state_of_a_pair_shows_every_measure_in_force_that_concerns_it(story):
    expected = sorted(
        m.action for m in story.openings() if measure_concerns(m, X, Y) and story.in_force(m, DAY)
    )
    veto = next(p.action for p in story.parts if p.type == "veto-engagement")
    assert veto in expected and len(expected) == 3  # the veto, the trade halt, the call to expel
    assert opened(story.dtl.state(X, Y, DAY)["measures"]) == expected
    assert opened(story.dtl.state(Y, X, DAY)["measures"]) == expected


def test_history_of_a_pair_holds_every_measure_that_concerns_it(story):
    assert opened(story.dtl.history(X, Y)["intervals"]) == concerning(story)
    assert opened(story.dtl.history(Y, X)["intervals"]) == concerning(story)
    # and the pair NATO-TUR sees the veto Turkey holds in NATO, and the call to expel Turkey
    nato_tur = sorted(m.action for m in story.openings() if measure_concerns(m, "NATO", X))
    assert opened(story.dtl.history("NATO", X)["intervals"]) == nato_tur


def test_timeline_of_an_actor_and_of_a_pair_follow_the_rule(story):
    actions = story.actions()
    by_actor = sorted(i for i, parts in actions.items() if action_involves(parts, X))
    by_pair = sorted(i for i, parts in actions.items() if action_concerns(parts, X, Y))
    nato_tur = sorted(i for i, parts in actions.items() if action_concerns(parts, "NATO", X))
    assert sorted(a["id"] for a in story.dtl.timeline(actor=X)) == by_actor
    assert sorted(a["id"] for a in story.dtl.timeline(pair=(X, Y))) == by_pair
    assert sorted(a["id"] for a in story.dtl.timeline(pair=(Y, X))) == by_pair
    assert sorted(a["id"] for a in story.dtl.timeline(pair=("NATO", X))) == nato_tur


def test_diff_of_an_actor_and_of_a_pair_follow_the_rule(story):
    by_actor = story.changes(*PERIOD, lambda m: measure_involves(m, X))
    by_pair = story.changes(*PERIOD, lambda m: measure_concerns(m, X, Y))
    lifts = [p.action for p in story.parts if p.type == "lift-accession-block"]
    assert len(lifts) == 2 and {("closed", i) for i in lifts} <= set(by_actor)
    assert diff_changes(story.dtl.diff(*PERIOD, actor=X)) == by_actor
    assert diff_changes(story.dtl.diff(*PERIOD, pair=(X, Y))) == by_pair


def test_the_unfiltered_diffs_changes_involving_an_actor_are_exactly_the_actors_diff(story):
    everything = story.dtl.diff(*PERIOD)
    involving = [
        (g["pair"], c["change"], c["on"], c["aspect"], c["event"]["id"])
        for g in everything["pairs"] for c in g["changes"] if X in g["pair"] or c["holder"] == X
    ]  # fmt: skip
    actor = story.dtl.diff(*PERIOD, actor=X)
    assert (
        involving
        and [
            (g["pair"], c["change"], c["on"], c["aspect"], c["event"]["id"])
            for g in actor["pairs"]
            for c in g["changes"]
        ]
        == involving
    )
    assert actor["changes"] == len(involving)


def test_scores_count_each_initiators_act_towards_its_target_within_the_dyad(story):
    # the dyad rule: one event per initiator, from it to the target, counted when both are in the dyad
    expected = {f"{X}->{Y}": 0, f"{Y}->{X}": 0}
    veto_year = None
    for p in story.parts:
        if (p.initiator, p.target) in ((X, Y), (Y, X)):
            expected[f"{p.initiator}->{p.target}"] += 1
            if p.type == "veto-engagement":
                veto_year = str(p.on.earliest.year)
    answer = story.dtl.scores(X, Y, by="year")
    got = {d: sum(r["events"] for r in rows) for d, rows in answer["series"]["directed"].items()}
    assert got == expected and expected[f"{X}->{Y}"] > 0 and expected[f"{Y}->{X}"] > 0
    # Turkey's veto of NATO's engagement with Israel counts as Turkey towards Israel
    in_veto_year = sum(
        1 for p in story.parts if p.initiator == X and p.target == Y and str(p.on.earliest.year) == veto_year
    )
    (row,) = [r for r in answer["series"]["directed"][f"{X}->{Y}"] if r["period"] == veto_year]
    assert row["events"] == in_veto_year >= 1
    # and every action counted is in the pair's timeline
    counted = {i for i, parts in story.actions().items()
               if any((p.initiator, p.target) in ((X, Y), (Y, X)) for p in parts)}  # fmt: skip
    assert counted <= {a["id"] for a in story.dtl.timeline(pair=(X, Y))}
    # one actor against everyone: every act by it, and every act towards it
    alone = story.dtl.scores(X, by="year")["series"]["directed"]
    assert sum(r["events"] for r in alone[f"{X}->*"]) == sum(1 for p in story.parts if p.initiator == X)
    assert sum(r["events"] for r in alone[f"*->{X}"]) == sum(1 for p in story.parts if p.target == X)


def test_the_pair_chart_draws_what_the_history_and_the_timeline_of_the_pair_hold(story):
    data = pair_chart_data(story.dtl, X, Y, start="1949-01-01", end=DAY)
    drawn = sorted(b["events"][0] for b in data["bars"])
    assert drawn == concerning(story) == opened(story.dtl.history(X, Y)["intervals"])
    instants = sorted(
        i
        for i, parts in story.actions().items()
        if parts[0].effect == "instant" and action_concerns(parts, X, Y)
    )
    assert sorted(m["action"] for m in data["markers"]) == instants
    timeline = {a["id"] for a in story.dtl.timeline(pair=(X, Y))}
    assert {row["id"] for row in data["rows"]} <= timeline


def test_the_network_edges_of_an_actor_are_the_measures_in_force_that_involve_it(story):
    expected = sorted(m.action for m in story.openings() if measure_involves(m, X) and story.in_force(m, DAY))
    edges = story.dtl.network(DAY)["edges"]
    assert sorted(e["opened_by"] for e in edges if X in (e["source"], e["target"])) == expected
    # the same measures as the states of X with each actor on that day (any measure involving X
    # concerns X and a side of its pair)
    others = {side for m in story.openings() for side in (*m.pair, m.holder) if side and side != X}
    states = {i for other in others for i in opened(story.dtl.state(X, other, DAY)["measures"])}
    assert sorted(states) == expected
    # the veto runs from its holder to the side it is about, in its forum
    (veto,) = [e for e in edges if e["aspect"] == "engagement-veto"]
    assert (veto["source"], veto["target"], veto["forum"]) == (X, Y, "NATO")


def test_the_roster_of_an_organisation_agrees_with_the_organisation_as_an_actor(story):
    spells = story.dtl.roster_history("NATO")["spells"]
    expected = sorted(m.action for m in story.openings() if measure_involves(m, "NATO"))
    assert opened(spells) == expected
    whole = story.dtl.diff("1949-01-01", DAY, actor="NATO")
    assert (
        sorted(c["event"]["id"] for g in whole["pairs"] for c in g["changes"] if c["change"] == "opened")
        == expected
    )


@pytest.mark.parametrize("grade", ["F6", "B2"])
def test_a_minimum_grade_selects_the_same_measures_from_the_well_sourced_actions(story, grade):
    def graded(m: Part) -> bool:
        return any(grade_at_least(g, grade) for g in m.grades)

    pair = sorted(m.action for m in story.openings() if measure_concerns(m, X, Y) and graded(m))
    in_force = sorted(
        m.action
        for m in story.openings()
        if measure_concerns(m, X, Y) and graded(m) and story.in_force(m, DAY)
    )
    if grade == "F6":
        assert pair == concerning(story)  # every action qualifies: the same answer as without
    else:
        assert pair and pair != concerning(story)  # the veto (C3) is left out
    dtl = story.dtl
    assert opened(dtl.history(X, Y, min_grade=grade)["intervals"]) == pair
    assert opened(dtl.state(X, Y, DAY, min_grade=grade)["measures"]) == in_force
    keep = {p.action for p in story.parts if any(grade_at_least(g, grade) for g in p.grades)}
    assert diff_changes(dtl.diff(*PERIOD, pair=(X, Y), min_grade=grade)) == [
        c for c in story.changes(*PERIOD, lambda m: measure_concerns(m, X, Y)) if c[1] in keep
    ]
    assert diff_changes(dtl.diff(*PERIOD, actor=X, min_grade=grade)) == [
        c for c in story.changes(*PERIOD, lambda m: measure_involves(m, X)) if c[1] in keep
    ]
    bars = pair_chart_data(dtl, X, Y, start="1949-01-01", end=DAY, min_grade=grade)["bars"]
    assert sorted(b["events"][0] for b in bars) == pair
