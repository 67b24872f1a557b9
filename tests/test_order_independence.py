"""Answers never depend on the order in which history was recorded.

A history is generated, filtered to what is consistent in date order, then recorded into a
second store in a random order (back-filling: what is rejected for lack of its prerequisite
is retried once they are in; what can only enter together enters as one atomic batch).
Every question must then get the same answer from both stores.
"""

from __future__ import annotations

import itertools
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.facade import Dtl
from domain.actions import build_action, parse_input
from domain.errors import Conflict
from domain.timeline import Entry, fold
from tests.conftest import FakeClock

STATES = ["TUR", "GRC", "ISR", "SWE"]
QUESTION_DAYS = ["2020-06-15", "2021-01-01", "2022-03-15", "2023-07-01", "2024-12-31"]


@st.composite
def fuzzy_dates(draw):
    year = draw(st.integers(2020, 2024))
    precision = draw(st.sampled_from(["year", "month", "day", "day"]))
    if precision == "year":
        return f"{year}"
    month = draw(st.integers(1, 12))
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


def _answers(dtl: Dtl) -> str:
    out = []
    for day in QUESTION_DAYS:
        for x, y in itertools.combinations(["NATO", *STATES], 2):
            measures = dtl.state(x, y, day)["measures"]
            out.append(sorted((m["aspect"], m["status"], m["by"], m["since"], m["until"],
                               m["certainty"], m["events"]) for m in measures))  # fmt: skip
        roster = dtl.roster("NATO", day)
        out.append([roster[k] for k in ("members", "partners", "applicants", "vetoes", "demands")])
    for s in STATES:  # recording times differ by design; everything else must not
        changes = dtl.history("NATO", s)["changes"]
        out.append([(c["on"], c["change"], c["measure"]["aspect"], c["measure"]["events"]) for c in changes])
    return json.dumps(out, sort_keys=True, default=str)


def _date_order(history: list[dict]) -> list[dict]:
    def start(raw):
        action, _ = build_action(parse_input(raw))
        return action.date.earliest

    return sorted(history, key=start)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(actions(), min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_recording_order_never_changes_an_answer(history, rnd):
    with tempfile.TemporaryDirectory() as tmp:
        with Dtl(str(Path(tmp) / "ordered.sqlite3"), clock=FakeClock()) as ordered:
            accepted = []
            for raw in _date_order(history):
                try:
                    if ordered.record(raw)["recorded"]:
                        accepted.append(raw)
                except Conflict:
                    pass
            expected = _answers(ordered)

        shuffled = list(accepted)
        rnd.shuffle(shuffled)
        with Dtl(str(Path(tmp) / "shuffled.sqlite3"), clock=FakeClock()) as backfilled:
            pending = shuffled
            while pending:
                still = []
                for raw in pending:
                    try:
                        backfilled.record(raw)
                    except Conflict:
                        still.append(raw)
                if len(still) == len(pending):  # only entering together makes them consistent
                    backfilled.import_lines([(i, json.dumps(r)) for i, r in enumerate(still, 1)])
                    still = []
                pending = still
            assert _answers(backfilled) == expected


@given(st.lists(actions(), min_size=1, max_size=15), st.randoms(use_true_random=False))
def test_the_fold_is_the_same_for_any_permutation_of_its_entries(history, rnd):
    entries = []
    for i, raw in enumerate(history):
        action, _ = build_action(parse_input(raw))
        entries.append(Entry(action_id=f"{i:04d}", action=action))
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    assert fold(entries) == fold(shuffled)
