"""Checks that respect imprecision: an action is refused only when it MUST conflict, that is,
when no choice of days inside the windows of the dates makes the timeline consistent.

The property holds the fold's search to a brute-force oracle on small histories: every choice
of days (on a calendar short enough to enumerate) gives an order of the entries (by day, then
on one day by the catalogue's dependency order); the timeline is consistent when one of those
orders breaks no rule. The fold must accept exactly those timelines."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dtl.domain.actions import build_action, parse_input
from dtl.domain.dates import FuzzyDate
from dtl.domain.timeline import Entry, _apply, _State, fold, tie_key

FIRST, LAST = date(2022, 1, 1), date(2022, 1, 8)  # the days that can differ; later ones are all alike
BACKGROUND = [
    {"type": "admit", "by": "NATO", "target": "TUR", "on": "1952-02-18"},
    {"type": "admit", "by": "NATO", "target": "GRC", "on": "1952-02-18"},
]
KINDS = [
    {"type": "apply", "by": "SWE", "target": "NATO"},
    {"type": "block-accession", "by": "TUR", "target": "SWE", "forum": "NATO"},
    {"type": "block-accession", "by": "GRC", "target": "SWE", "forum": "NATO"},
    {"type": "lift-accession-block", "by": "TUR", "target": "SWE", "forum": "NATO"},
    {"type": "admit", "by": "NATO", "target": "SWE"},
    {"type": "withdraw-application", "by": "SWE", "target": "NATO"},
]
DATES = ["2022-01", "2022-01-02", "2022-01-03", "2022-01-05", "2022-01-02/2022-01-04",
         "2022-01-04/2022-01-06", "2022-01-03~", "2022"]  # fmt: skip


def entry(number: int, raw: dict) -> Entry:
    action, _ = build_action(parse_input(raw))
    return Entry(action_id=f"{number:08x}-0000-0000-0000-000000000000", action=action)


def days_of(window: FuzzyDate) -> list[date]:
    """The days of a window that can differ from each other here (one stands for all later)."""
    last = min(window.latest_exclusive, LAST + timedelta(days=1))
    days = [window.earliest + timedelta(days=k) for k in range((last - window.earliest).days)]
    return days or [window.earliest]


def consistent_by_brute_force(entries: list[Entry]) -> bool:
    orders = set()
    for days in itertools.product(*(days_of(e.date) for e in entries)):
        ranked = sorted(zip(days, entries, strict=True), key=lambda p: (p[0], tie_key(p[1])))
        orders.add(tuple(e.action_id for _, e in ranked))
    by_id = {e.action_id: e for e in entries}
    for order in orders:
        state = _State()
        if not any(_apply(state, by_id[i]) or state.by_id.setdefault(i, by_id[i]) is None for i in order):
            return True
    return False


@st.composite
def histories(draw) -> list[Entry]:
    picks = draw(st.lists(st.tuples(st.sampled_from(range(len(KINDS))), st.sampled_from(DATES)),
                          min_size=1, max_size=4, unique_by=lambda p: p[0]))  # fmt: skip
    background = [entry(i, raw) for i, raw in enumerate(BACKGROUND)]
    return background + [entry(100 + k, {**KINDS[kind], "on": on}) for k, (kind, on) in enumerate(picks)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_a_timeline_is_accepted_exactly_when_some_choice_of_days_makes_it_consistent(entries):
    _, violations = fold(entries)
    assert (violations == []) == consistent_by_brute_force(entries)


def test_the_oracle_is_not_vacuous():
    """Among the histories, some are consistent only in an order other than earliest-first, and
    some in none: the property above tells them apart."""
    block_then_apply = [entry(0, BACKGROUND[0]), entry(1, {**KINDS[0], "on": "2022-01-05"}),
                        entry(2, {**KINDS[1], "on": "2022-01"})]  # fmt: skip
    assert consistent_by_brute_force(block_then_apply) and fold(block_then_apply)[1] == []
    never = [entry(0, BACKGROUND[0]), entry(1, {**KINDS[0], "on": "2022-01-05"}),
             entry(2, {**KINDS[1], "on": "2022-01-03"})]  # fmt: skip
    assert not consistent_by_brute_force(never) and fold(never)[1] != []


@pytest.mark.parametrize(("apply_on", "block_on", "accepted"), [
    ("2022-05-18", "2022-05", True),       # Turkey did block Sweden's application in May 2022
    ("2022-05-18", "2022-05-10", False),   # a block dated before any application
    ("2022-05", "2022-05-18", True),
    ("2022-05-18", "2022-05-17/2022-05-19", True),
    ("2022-05-18", "2022-05~", True),
])  # fmt: skip
def test_a_block_is_refused_only_if_it_must_come_before_the_application(apply_on, block_on, accepted):
    entries = [entry(0, BACKGROUND[0]), entry(1, {**KINDS[0], "on": apply_on}),
               entry(2, {**KINDS[1], "on": block_on})]  # fmt: skip
    assert (fold(entries)[1] == []) is accepted
