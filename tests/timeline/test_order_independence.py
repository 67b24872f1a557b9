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

from dtl.application.facade import Dtl
from dtl.domain.actions import build_action, parse_input
from dtl.domain.errors import Conflict
from dtl.domain.timeline import Entry, fold
from tests.support import FakeClock
from tests.timeline.support import QUESTION_DAYS, STATES, actions, date_order


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


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(actions(), min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_recording_order_never_changes_an_answer(history, rnd):
    with tempfile.TemporaryDirectory() as tmp:
        with Dtl(str(Path(tmp) / "ordered.sqlite3"), clock=FakeClock()) as ordered:
            accepted = []
            for raw in date_order(history):
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
