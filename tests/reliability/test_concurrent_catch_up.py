"""Exactly once under concurrency: many processes record, correct, retract and corroborate
the same actions at once, each catching the views up after every write (no follower), and the
views must then equal a rebuild from the log, table by table.

Before the fix, catch-up read the view's position and the log batch outside the transaction
that applied them, and the tracking upsert only asked for a greater position: two processes
that read the same position both applied the batch, leaving more source and revision rows than
the log has events.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from dtl.application.facade import Dtl
from dtl.application.verify import verify
from dtl.domain.errors import DtlError
from tests.reliability.support import seeded

PROCESSES = 8
ROUNDS = 12


def shared_actions(store: str) -> dict[str, str]:
    with Dtl(store) as dtl:
        ids = {a["type"]: a["id"] for a in dtl.timeline()}
    return {kind: ids[kind] for kind in ("halt-trade", "call-for-expulsion", "accuse", "statement")}


def churn(store: str, worker: int, shared: dict[str, str], barrier) -> dict[str, int]:
    """One process's mix: a source for every shared action, a correction of one, an action of
    its own, and a retraction of the one before it, round after round."""
    done = {"sources": 0, "corrections": 0, "records": 0, "retractions": 0}
    with Dtl(store) as dtl:
        barrier.wait(timeout=120)
        own: list[str] = []
        for round_ in range(ROUNDS):
            for kind, action_id in shared.items():
                answer = dtl.corroborate(action_id, {"name": f"Desk {worker}, round {round_}, on {kind}"})
                done["sources"] += answer["new"]
            try:
                dtl.correct(shared["accuse"], {"note": f"worker {worker}, round {round_}"}, "reworded")
                done["corrections"] += 1
            except DtlError:
                pass  # another worker's note was the same: nothing to change
            recorded = dtl.record({"type": "meet", "by": "TUR", "target": "ISR", "on": "2024-07",
                                   "key": f"meeting {worker}-{round_}"})  # fmt: skip
            own += recorded["recorded"]
            done["records"] += len(recorded["recorded"])
            if len(own) > 1 and round_ % 2:
                dtl.retract(own[-2], "counted twice")
                done["retractions"] += 1
    return done


def test_many_processes_mixing_writes_leave_views_equal_to_a_rebuild(store_url, monkeypatch):
    monkeypatch.setenv("DTL_CATCH_UP_BATCH", "3")  # many small batches: many chances to race
    seeded(store_url)
    shared = shared_actions(store_url)
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, ProcessPoolExecutor(PROCESSES, mp_context=context) as pool:
        barrier = manager.Barrier(PROCESSES)
        results = [f.result(timeout=600) for f in
                   [pool.submit(churn, store_url, w, shared, barrier) for w in range(PROCESSES)]]  # fmt: skip
    with Dtl(store_url) as dtl:
        report = verify(dtl.store)
        assert report["behind_by"] == 0
        assert report["differences"] == {} and report["dangling"] == [], report
        sources = dtl.store.view.query("SELECT COUNT(*) AS n FROM dtl_sources WHERE action_id IN "
                                       f"({','.join('?' for _ in shared)})", list(shared.values()))[0]["n"]  # fmt: skip
        given = sum(len(dtl.show(i)["sources"]) for i in shared.values())
        assert sum(r["sources"] for r in results) == PROCESSES * ROUNDS * len(shared)
        assert sources == given
        revisions = dtl.show(shared["accuse"])["revisions"]
        assert [r["revision"] for r in revisions] == list(range(1, len(revisions) + 1))
        assert len(revisions) == 1 + sum(r["corrections"] for r in results)
