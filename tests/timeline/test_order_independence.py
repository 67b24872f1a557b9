"""Answers never depend on the order in which history was recorded.

A history is built valid (tests/timeline/support.py: played forward in date order, each action
consistent with what came before it), recorded in date order into one store, and into a second
store in a shuffled order, or in reverse date order, the worst one: what the rules refuse for
lack of a prerequisite is tried again once the rest is in (back-filling; what can only enter
together enters as one import, in date order). Every question must then get the same answer
from both stores, on SQLite and on PostgreSQL.

The histories are not allowed to be vacuous: every action of each is recorded (none refused
in date order), each holds at least MIN_ACTIONS, and a separate test holds a fixed sample of the
strategy to being large and full of actions that need an earlier one (where order can matter).
"""

from __future__ import annotations

import itertools
import json
import statistics
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings, target
from hypothesis import strategies as st

from dtl.application.facade import Dtl
from dtl.domain.actions import build_action, parse_input
from dtl.domain.errors import Conflict
from dtl.domain.timeline import Entry, fold
from tests.support import FakeClock, drop_schema, schema_url
from tests.timeline.support import (
    MIN_ACTIONS,
    QUESTION_DAYS,
    STATES,
    actions,
    date_order,
    depends_on_the_past,
    earliest,
    valid_histories,
)

ACTORS = ["NATO", *STATES]
PAIRS = list(itertools.combinations(ACTORS, 2))
EXAMPLES = {"sqlite": 25, "postgres": 10}  # a few tens of seconds for both, on a busy machine
RECORDING_TIMES = {"known_from", "known_to", "recorded_at", "revised_at", "added_at", "position"}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def kind(request) -> str:
    """The backend; not a store: hypothesis runs every example in one test call, and each
    example makes its own two stores (`fresh_store`)."""
    if request.param == "postgres":
        request.getfixturevalue("postgres_ready")
    return request.param


@contextmanager
def fresh_store(kind: str, folder: str, name: str) -> Iterator[Dtl]:
    if kind == "sqlite":
        with Dtl(str(Path(folder) / f"{name}.sqlite3"), clock=FakeClock()) as dtl:
            yield dtl
        return
    schema = "t_" + uuid.uuid4().hex[:12]
    try:
        with Dtl(schema_url(schema), clock=FakeClock()) as dtl:
            yield dtl
    finally:
        drop_schema(schema)


def without_recording_times(value: Any) -> Any:
    """Recording times differ between the stores by design; everything else must not."""
    if isinstance(value, dict):
        return {k: without_recording_times(v) for k, v in value.items() if k not in RECORDING_TIMES}
    if isinstance(value, list):
        return [without_recording_times(v) for v in value]
    return value


def questions(history: list[dict]) -> list[tuple[str, tuple]]:
    """State of every pair on the fixed days; state of each action's pair, and NATO's roster,
    on each action's first day; every pair's history; the whole timeline."""
    days = sorted({*QUESTION_DAYS, *(earliest(raw).isoformat() for raw in history)})
    asked: list[tuple[str, tuple]] = [("state", (x, y, day)) for day in QUESTION_DAYS for x, y in PAIRS]
    for raw in history:
        day = earliest(raw).isoformat()
        ends = [raw["by"], raw["target"]] + ([raw["forum"]] if raw.get("forum") else [])
        asked += [("state", (x, y, day)) for x, y in itertools.combinations(ends, 2)]
    asked += [("roster", ("NATO", day)) for day in days]
    asked += [("history", pair) for pair in PAIRS]
    asked.append(("timeline", ()))
    return asked


def answers(dtl: Dtl, asked: list[tuple[str, tuple]]) -> list[str]:
    return [
        json.dumps(without_recording_times(getattr(dtl, kind)(*args)), sort_keys=True) for kind, args in asked
    ]


def record_backfilling(dtl: Dtl, order: list[dict]) -> int:
    """Record in this order; what is refused waits for the rest. How many refusals it took."""
    refused = 0
    pending = order
    while pending:
        still = []
        for raw in pending:
            try:
                assert dtl.record(raw)["recorded"], f"recorded twice: {raw}"
            except Conflict:
                still.append(raw)
        refused += len(still)
        if still and len(still) == len(pending):  # only entering together makes them consistent
            dtl.import_lines([(n, json.dumps(raw)) for n, raw in enumerate(date_order(still), 1)])
            still = []
        pending = still
    return refused


def check_order_independence(kind: str, history: list[dict], order: str, rnd) -> None:
    assert len(history) >= MIN_ACTIONS
    asked = questions(history)
    with tempfile.TemporaryDirectory() as folder:
        with fresh_store(kind, folder, "ordered") as ordered:
            for raw in date_order(history):  # built valid: every action is taken, in date order
                assert ordered.record(raw)["recorded"], f"refused in date order: {raw}"
            expected = answers(ordered, asked)
            assert len(json.loads(expected[-1])) == len(history), "the timeline lists every action"

        recording = (
            list(reversed(date_order(history))) if order == "reversed" else rnd.sample(history, len(history))
        )
        with fresh_store(kind, folder, "shuffled") as shuffled:
            refused = record_backfilling(shuffled, recording)
            got = answers(shuffled, asked)
    for (question, args), mine, theirs in zip(asked, expected, got, strict=True):
        assert theirs == mine, f"{question}{args} differs after recording in {order} order"
    event(f"{order}: {'back-filled' if refused else 'no refusal'}")
    event(f"actions: {len(history) // 4 * 4}-{len(history) // 4 * 4 + 3}")
    target(float(refused), label="refusals before the history was in")


def test_recording_order_never_changes_an_answer(kind):
    @settings(max_examples=EXAMPLES[kind], deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(valid_histories(), st.sampled_from(["shuffled", "reversed"]), st.randoms(use_true_random=False))
    def recorded_in_any_order(history, order, rnd):
        check_order_independence(kind, history, order, rnd)

    recorded_in_any_order()


def test_the_generated_histories_are_not_trivially_small():
    """A fixed sample of the strategy: large histories, most of whose actions need an earlier
    one (a lift its veto, a veto its vetoer's membership), so recording order could matter."""
    sample: list[list[dict]] = []

    @settings(max_examples=200, database=None, derandomize=True, deadline=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(valid_histories())
    def collect(history):
        sample.append(history)

    collect()
    sizes = [len(h) for h in sample]
    dependent = [sum(depends_on_the_past(raw) for raw in h) for h in sample]
    assert len(sample) >= 150 and min(sizes) >= MIN_ACTIONS and statistics.mean(sizes) >= 10, sizes
    assert statistics.mean(dependent) >= 3, dependent
    assert sum(d >= 2 for d in dependent) >= 0.9 * len(sample), dependent
    refused_alone = [
        sum(bool(fold([entry(raw, "x")])[1]) for raw in h) for h in sample
    ]  # what the rules refuse on an empty timeline: it needs something earlier
    assert refused_alone == dependent, "depends_on_the_past says what the fold says"
    kinds = {raw["type"] for h in sample for raw in h}
    assert len(kinds) >= 20, sorted(kinds)


def entry(raw: dict, action_id: str) -> Entry:
    action, _ = build_action(parse_input(raw))
    return Entry(action_id=action_id, action=action)


@given(
    st.one_of(st.lists(actions(), min_size=1, max_size=15), valid_histories()),
    st.randoms(use_true_random=False),
)
def test_the_fold_is_the_same_for_any_permutation_of_its_entries(history, rnd):
    entries = [entry(raw, f"{i:04d}") for i, raw in enumerate(history)]
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    assert fold(entries) == fold(shuffled)
