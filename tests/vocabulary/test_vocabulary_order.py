"""Answers about the vocabulary of 0.4 never depend on the order history was recorded in:
representation levels in both directions, recognition and its withdrawal, a treaty's standings.
Each history is valid when played in date order; it is recorded in date order into one store
and in a shuffled order into another, and every question must answer the same."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dtl.application.facade import Dtl
from dtl.domain.errors import DtlError
from tests.support import FakeClock

DAYS = [date(2000, 1, 1) + timedelta(days=90 * n) for n in range(12)]
ASKED = [d.isoformat() for d in (date(1999, 6, 1), *(d + timedelta(days=1) for d in DAYS))]
LEVELS = ("ambassador", "charge-d-affaires", "minister", "none")
TREATY = ("sign-treaty", "enter-into-force", "give-treaty-notice", "withdraw-from-treaty")


@st.composite
def histories(draw) -> list[dict]:
    out: list[dict] = []
    for sender, receiver in (("FRA", "DEU"), ("DEU", "FRA")):
        levels = draw(st.lists(st.sampled_from(LEVELS), max_size=3))
        for level in [lv for i, lv in enumerate(levels) if i == 0 or lv != levels[i - 1]]:
            out.append({"type": "set-representation", "by": sender, "target": receiver, "level": level})
    if draw(st.booleans()):
        out.append({"type": "recognize", "by": "FRA", "target": "DEU"})
        if draw(st.booleans()):
            out.append({"type": "withdraw-recognition", "by": "FRA", "target": "DEU"})
    steps = draw(st.integers(min_value=0, max_value=len(TREATY)))
    for kind in TREATY[:steps]:
        extra = {"effective": "2099-01-01"} if kind == "give-treaty-notice" else {}
        out.append({"type": kind, "by": "FRA", "target": "INF", **extra})
    # one day each, later than the day of the action before it: a valid history in date order
    ordered = sorted(DAYS[: len(out)])
    for action, day in zip(out, ordered, strict=True):
        action["on"] = day.isoformat()
        if action.get("effective"):
            action["effective"] = (day + timedelta(days=30)).isoformat()
    return out


def answers(dtl: Dtl) -> list[str]:
    asked = []
    for day in ASKED:
        asked.append(dtl.state("FRA", "DEU", day)["measures"])
        asked.append(dtl.recognition("DEU", day)["recognizers"])
        asked.append(dtl.parties("INF", day)["parties"])
    return [json.dumps(a, sort_keys=True, default=str) for a in _without_times(asked)]


def _without_times(value):
    if isinstance(value, dict):
        return {k: _without_times(v) for k, v in value.items() if k not in {"known_from", "event", "events"}}
    if isinstance(value, list):
        return [_without_times(v) for v in value]
    return value


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(history=histories(), shuffled=st.randoms(use_true_random=False))
def test_vocabulary_answers_do_not_depend_on_recording_order(tmp_path_factory, history, shuffled):
    folder = tmp_path_factory.mktemp("order")
    clock = FakeClock()
    clock.set("2026-01-01T00:00:00")
    with Dtl(str(folder / "in-order.sqlite3"), clock=clock) as first:
        for action in history:
            first.record(action)
        expected = answers(first)
    other = list(history)
    shuffled.shuffle(other)
    with Dtl(str(folder / "shuffled.sqlite3"), clock=clock) as second:
        pending = other
        while pending:  # what needs an earlier action is tried again once the rest is in
            left = []
            for action in pending:
                try:
                    second.record(action)
                except DtlError:
                    left.append(action)
            assert len(left) < len(pending), f"nothing more could be recorded: {left}"
            pending = left
        assert answers(second) == expected
