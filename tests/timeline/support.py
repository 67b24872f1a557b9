"""Hypothesis strategies for histories of NATO and four states, shared by the properties that
record them (timeline order independence, min-grade equivalence).

`actions()` draws any action, consistent or not; `valid_histories()` builds histories that the
rules accept in date order, by playing them forward from an empty timeline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from hypothesis import strategies as st

from dtl.domain.actions import build_action, parse_input
from dtl.domain.catalogue import RECORDABLE, Effect

STATES = ["TUR", "GRC", "ISR", "SWE"]
QUESTION_DAYS = ["2020-06-15", "2021-01-01", "2022-03-15", "2023-07-01", "2024-12-31"]


@st.composite
def fuzzy_dates(draw):
    """A date of any precision from 2020 to July 2024: the tests' clock (tests.support.FakeClock)
    starts on 2024-08-01, and dtl refuses a date after its today unless announced."""
    year = draw(st.integers(2020, 2024))
    precision = draw(st.sampled_from(["year", "month", "day", "day"]))
    if precision == "year":
        return f"{year}"
    month = draw(st.integers(1, 7 if year == 2024 else 12))
    if precision == "month":
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{draw(st.integers(1, 28)):02d}"


@st.composite
def actions(draw):
    kind = draw(
        st.sampled_from(
            ["admit", "apply", "veto-engagement", "lift-veto", "halt-trade", "restrict-trade",
             "resume-trade", "establish-partnership", "call-for-expulsion"]
        )
    )  # fmt: skip
    a, b = draw(st.permutations(STATES))[:2]
    on = draw(fuzzy_dates())
    if kind in ("admit",):
        return {"type": kind, "by": "NATO", "target": a, "on": on}
    if kind == "apply":
        return {"type": kind, "by": a, "target": "NATO", "on": on}
    if kind == "establish-partnership":
        return {"type": kind, "by": "NATO", "target": a, "on": on}
    if kind in ("veto-engagement", "lift-veto", "call-for-expulsion"):
        return {"type": kind, "by": a, "target": b, "forum": "NATO", "on": on}
    return {"type": kind, "by": a, "target": b, "on": on}


def earliest(raw: dict) -> date:
    action, _ = build_action(parse_input(raw))
    return action.date.earliest


def date_order(history: list[dict]) -> list[dict]:
    return sorted(history, key=earliest)


# -- histories the rules accept ------------------------------------------------------------------
MIN_ACTIONS, MAX_ACTIONS = 8, 18
PAIRS_OF_STATES = [(a, b) for a in STATES for b in STATES if a != b]


@dataclass
class _Played:
    """Where a history stands: each measure by its key, open (its status) or closed for good.

    A key opens at most once and, once closed, never reopens. With two spells of one measure
    (a veto 2020, its lift 2021, a new veto 2022, its lift 2023) some recording orders cannot
    be completed: once the first veto and the last lift are in, the lift of 2021 alone leaves
    the last lift nothing to end, the veto of 2022 alone is a duplicate, and one import of
    both fails too, as its lines are checked one after the other (docs/architecture.md,
    "Known limits", strict checks and back-filling). This property is about the orders the
    rules can take. For the same reason a key takes each degree at most once (a recall, an
    expulsion, a recall again is two spells of "recalled"), and a state whose accession was
    ever blocked is not admitted later (a block, its lift and an admission recorded first)."""

    open: dict[tuple, str] = field(default_factory=dict)
    closed: set[tuple] = field(default_factory=set)
    blocked_ever: set[str] = field(default_factory=set)
    degrees: dict[tuple, set[str]] = field(default_factory=dict)  # each at most once per key

    def fresh(self, key: tuple) -> bool:
        return key not in self.open and key not in self.closed

    def member(self, state: str) -> bool:
        return ("membership", state) in self.open

    def close(self, *keys: tuple) -> None:
        for key in keys:
            if key in self.open:
                del self.open[key]
                self.closed.add(key)


def _choices(played: _Played) -> list[tuple[dict, Callable[[], None], bool]]:
    """Every action consistent at the next date, with what it does to the timeline, and whether
    it reshapes a measure already in force (a restriction becomes a halt, an admission ends an
    application, an expulsion a suspension, one side restores what the other severed): the
    rules take those in any recording order, so only the fold's order tells what held."""
    out: list[tuple[dict, Callable[[], None], bool]] = []

    def add(raw: dict, effect, reshapes: bool = False) -> None:
        out.append((raw, effect, reshapes))

    def opens(key: tuple, status: str, *closes: tuple):
        def effect() -> None:
            played.close(*closes)
            played.open[key] = status
            played.degrees.setdefault(key, set()).add(status)

        return effect

    for s in STATES:
        membership, application, suspension = ("membership", s), ("application", s), ("suspension", s)
        partnership = ("partnership", s)
        if played.fresh(membership) and s not in played.blocked_ever:
            add(
                {"type": "admit", "by": "NATO", "target": s},
                opens(membership, "member", application),
                application in played.open,
            )
        if played.member(s):
            leaving = lambda m=membership, u=suspension: played.close(m, u)  # noqa: E731
            add({"type": "withdraw", "by": s, "target": "NATO"}, leaving, suspension in played.open)
            add({"type": "expel", "by": "NATO", "target": s}, leaving, suspension in played.open)
            if played.fresh(suspension):
                add({"type": "suspend", "by": "NATO", "target": s}, opens(suspension, "suspended"))
            if suspension in played.open:
                add({"type": "reinstate", "by": "NATO", "target": s}, lambda u=suspension: played.close(u))
        elif played.fresh(membership) and played.fresh(application):
            # Only before any membership: an application after leaving, recorded before the
            # admission and the leaving, would make each of those two refuse to come first.
            add({"type": "apply", "by": s, "target": "NATO"}, opens(application, "applied"))
        if application in played.open:
            add(
                {"type": "withdraw-application", "by": s, "target": "NATO"},
                lambda a=application: played.close(a),
            )
        if played.fresh(partnership):
            add({"type": "establish-partnership", "by": "NATO", "target": s}, opens(partnership, "partners"))
        elif partnership in played.open:
            add({"type": "end-partnership", "by": "NATO", "target": s}, lambda p=partnership: played.close(p))

    for a, b in PAIRS_OF_STATES:
        in_nato = {"by": a, "target": b, "forum": "NATO"}
        veto, block, demand = ("veto", a, b), ("block", a, b), ("demand", a, b)
        if played.member(a) and played.fresh(veto):
            add({"type": "veto-engagement", **in_nato}, opens(veto, "blocked"))
        if veto in played.open:
            add({"type": "lift-veto", **in_nato}, lambda k=veto: played.close(k))
        if played.member(a) and ("application", b) in played.open and played.fresh(block):

            def blocking(k=block, target=b) -> None:
                played.blocked_ever.add(target)
                played.open[k] = "blocked"

            add({"type": "block-accession", **in_nato}, blocking)
        if block in played.open:
            add({"type": "lift-accession-block", **in_nato}, lambda k=block: played.close(k))
        if played.member(b) and played.fresh(demand):
            add({"type": "call-for-expulsion", **in_nato}, opens(demand, "demanded"))
        if demand in played.open:
            add({"type": "drop-expulsion-call", **in_nato}, lambda k=demand: played.close(k))

        between = {"by": a, "target": b}
        for aspect, degrees, ending in (
            ("trade", ("restrict-trade", "halt-trade"), "resume-trade"),
            ("sanctions", ("impose-sanctions",), "lift-sanctions"),
            ("ambassador", ("recall-ambassador",), "return-ambassador"),
        ):
            key = (aspect, a, b)
            if played.fresh(key) or key in played.open:
                for degree in degrees:  # a change of degree (a restriction becomes a halt) keeps the key open
                    if degree not in played.degrees.get(key, ()):
                        add({"type": degree, **between}, opens(key, degree), key in played.open)
            if key in played.open:
                add({"type": ending, **between}, lambda k=key: played.close(k))
        relations = ("relations", *sorted((a, b)))
        if played.fresh(relations):
            add({"type": "sever-relations", **between}, opens(relations, a))
        elif relations in played.open:  # restoring ends a severance by either side
            add(
                {"type": "restore-relations", **between},
                lambda k=relations: played.close(k),
                played.open[relations] != a,
            )
    return out


def depends_on_the_past(raw: dict) -> bool:
    """Whether the rules refuse this action on a timeline without what came before it: a
    closing, or an action that needs a membership or an application."""
    kind = RECORDABLE[raw["type"]]
    return kind.effect is Effect.CLOSE or bool(kind.rules and kind.name not in ("apply", "admit"))


INSTANTS = [
    {"type": "threaten", "kind": "sanctions"},
    {"type": "accuse", "charge": "aggression"},
    {"type": "meet"},
]


@st.composite
def history_dates(draw, count: int) -> list[str]:
    """`count` dates with distinct earliest days, in order, of every precision: two actions on
    one earliest day would be ordered by the fold's same-day rules, not by the history."""
    drawn = draw(
        st.lists(fuzzy_dates(), min_size=count, max_size=count, unique_by=lambda on: earliest_of(on))
    )
    return sorted(drawn, key=earliest_of)


def earliest_of(on: str) -> date:
    """A date's first day, without building an action (as `earliest` does)."""
    parts = [int(p) for p in on.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


@st.composite
def valid_histories(draw) -> list[dict]:
    """A history the rules accept in date order: at each date, an action consistent with the
    timeline so far (membership before a veto, an application before a block, a lift after
    its veto, ...), now and then an instant (a threat, an accusation, a meeting)."""
    count = draw(st.integers(MIN_ACTIONS, MAX_ACTIONS))
    played = _Played()
    history = []
    for on in draw(history_dates(count)):
        choices = _choices(played)
        pools = [
            choices,
            [c for c in choices if depends_on_the_past(c[0])],  # refused without an earlier action
            [c for c in choices if c[2]],  # taken in any order, but order decides what held
        ]
        if draw(st.integers(0, 9)) == 9 or not choices:
            a, b = draw(st.permutations(STATES))[:2]
            raw = {**draw(st.sampled_from(INSTANTS)), "by": a, "target": b}
        else:  # two times in three, an action whose place in time matters
            raw, effect, _ = draw(st.sampled_from(pools[draw(st.integers(0, 2))] or choices))
            effect()
        history.append({**raw, "on": on})
    return history
