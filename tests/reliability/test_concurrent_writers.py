"""Eight processes record actions into one relationship, at once: sixteen each in `make test`
and CI (the bounded run), fifty with DTL_SOAK=1 (`make soak`).

Every process owns one lane (an aspect and a holder) of the TUR-ISR pair, so each lane's
rules hold whatever the interleaving, yet all of them append to the same consistency scope:
every save races the others and optimistic-concurrency conflicts must be retried. Each
process also records one statement that all of them share (the same idempotency key) and
one lift with nothing to lift. The outcome must equal a serial run: every action recorded
exactly once or rejected with its reason; nothing lost, nothing doubled.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta

import pytest

from dtl.application.facade import Dtl
from dtl.domain.errors import DtlError

PROCESSES = 8
ACTIONS_PER_PROCESS = 50 if os.environ.get("DTL_SOAK") else 16  # a soak, or its bounded form

# Six directed lanes and two mutual ones (relations and partnership have no holder).
LANES = [
    (opener, closer, by, target)
    for opener, closer in [
        ("halt-trade", "resume-trade"),
        ("impose-sanctions", "lift-sanctions"),
        ("recall-ambassador", "return-ambassador"),
    ]
    for by, target in [("TUR", "ISR"), ("ISR", "TUR")]
] + [
    ("sever-relations", "restore-relations", "TUR", "ISR"),
    ("establish-partnership", "end-partnership", "ISR", "TUR"),
]


def lane_actions(lane: int) -> list[dict]:
    opener, closer, by, target = LANES[lane]
    start = date(2020, 1, 1)
    actions = [
        # Nothing to lift in this lane at the start of time: always refused.
        {"type": closer, "by": [by], "target": target, "on": "2019-06-01", "key": f"lane{lane}-early"},
        # The same statement from every process: recorded once, "already recorded" elsewhere.
        {"type": "statement", "by": ["TUR"], "target": "ISR", "on": "2024-07-01", "key": "shared"},
    ]
    for k in range(ACTIONS_PER_PROCESS - len(actions)):
        actions.append(
            {
                "type": opener if k % 2 == 0 else closer,
                "by": [by],
                "target": target,
                "on": (start + timedelta(days=3 * k + lane)).isoformat(),
                "key": f"lane{lane}-{k}",
            }
        )
    return actions


def record_all(store: str, actions: list[dict], barrier=None) -> list[tuple[str, str]]:
    outcomes = []
    try:
        dtl = Dtl(store)
    except BaseException:
        if barrier is not None:
            barrier.abort()  # the others fail at once instead of waiting for a writer that died
        raise
    with dtl:
        if barrier is not None:
            barrier.wait(timeout=120)  # start together, so the writers really contend
        for raw in actions:
            try:
                answer = dtl.record(raw)
                outcomes.append((raw["key"], "recorded" if answer["recorded"] else "already recorded"))
            except DtlError as exc:
                outcomes.append((raw["key"], f"rejected: {exc}"))
    return outcomes


def answers(store: str) -> dict:
    with Dtl(store) as dtl:
        timeline = dtl.timeline(pair=("TUR", "ISR"))
        history = dtl.history("TUR", "ISR")
        states = [dtl.state("TUR", "ISR", day) for day in ("2020-01-02", "2020-01-05", "2020-02-10")]
        events = len(dtl.store.writer.recorder.select_notifications(start=None, limit=100_000))
    return {
        "events": events,
        "timeline": sorted((e["id"], e["type"], e["on"]) for e in timeline),
        "intervals": sorted(
            (m["aspect"], m["holder"], m["since"], m["until"] or "") for m in history["intervals"]
        ),
        "states": [sorted((m["aspect"], m["holder"], m["status"]) for m in s["measures"]) for s in states],
    }


def normalised(outcomes: list[tuple[str, str]]) -> dict[str, str]:
    """The shared statement is recorded by whichever process gets there first."""
    result = {}
    for key, outcome in outcomes:
        if key == "shared":
            result.setdefault(key, []).append(outcome)
        else:
            result[key] = outcome
    result["shared"] = sorted(result["shared"])
    return result


@pytest.mark.slow
def test_eight_processes_recording_into_one_pair_give_what_a_serial_run_gives(store_url, tmp_path):
    plans = [lane_actions(lane) for lane in range(PROCESSES)]
    Dtl(store_url).open().close()  # a store is created once, then shared
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        barrier = manager.Barrier(PROCESSES)
        with ProcessPoolExecutor(max_workers=PROCESSES, mp_context=context) as pool:
            futures = [pool.submit(record_all, store_url, plan, barrier) for plan in plans]
            concurrent = [outcome for f in futures for outcome in f.result()]

    serial_store = str(tmp_path / "serial.sqlite3")
    serial = [outcome for plan in plans for outcome in record_all(serial_store, plan)]

    assert len(concurrent) == PROCESSES * ACTIONS_PER_PROCESS
    assert normalised(concurrent) == normalised(serial)
    shared = normalised(concurrent)["shared"]
    assert shared.count("recorded") == 1 and shared.count("already recorded") == PROCESSES - 1
    rejected = [o for k, o in concurrent if o.startswith("rejected")]
    assert len(rejected) == PROCESSES and all("gave up" not in o for o in rejected)
    assert answers(store_url) == answers(serial_store)
