"""Load, bounded and on loopback: concurrent writers and readers against a real uvicorn server
for a fixed number of requests; then nothing is lost or doubled, and the views agree with the
log (`dtl verify`). The figures under a bigger load are benchmarks/api_load.py's
(docs/performance.md, "HTTP API under load").
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date, timedelta

import httpx

from dtl.application.facade import Dtl
from dtl.application.feed import events_after
from dtl.application.verify import verify
from tests.api.support import WRITE

WRITERS, ACTIONS_EACH = 6, 15
READERS, READS_EACH = 3, 30
STATES = ["USA", "CAN", "MEX", "BRA", "ARG", "CHL", "PER", "COL", "FRA", "DEU", "ITA", "ESP", "POL", "UKR",
          "JPN", "KOR", "IND", "PAK", "EGY", "ZAF", "NGA", "KEN", "AUS", "NZL"]  # fmt: skip


def planned(writer: int) -> list[dict]:
    """Distinct actions that cannot conflict whatever the order: instants between varied pairs on
    their own days, and one trade halt per writer on a pair no one else touches."""
    actions = []
    for i in range(ACTIONS_EACH - 1):
        a, b = STATES[(writer * 5 + i) % len(STATES)], STATES[(writer * 5 + i + 7) % len(STATES)]
        on = (date(2020, 1, 1) + timedelta(days=writer * 100 + i)).isoformat()
        kind = ("threaten", {"kind": "sanctions"}) if i % 2 else ("accuse", {"charge": "human-rights"})
        actions.append({"type": kind[0], "by": a, "target": b, "on": on, **kind[1]})
    actions.append(
        {"type": "halt-trade", "by": STATES[writer], "target": STATES[-1 - writer], "on": "2021-03"}
    )
    return actions


def test_concurrent_writers_and_readers_lose_nothing_and_double_nothing(live, app, dtl, store_url):
    """WRITERS clients over HTTP and one more writer beside the server (as the CLI would be, with
    its own facade on the same store), READERS clients asking meanwhile."""
    start = dtl.position()
    barrier = threading.Barrier(WRITERS + READERS + 1)
    beside: list[str] = []
    answers: dict[int, list[tuple[int, dict]]] = {}
    reads: list[int] = []
    errors: list[BaseException] = []

    def write(writer: int) -> None:
        try:
            with httpx.Client(base_url=live.url, headers=WRITE, timeout=60) as http:
                barrier.wait()
                mine = planned(writer)
                for action in [*mine, mine[0]]:  # the first one twice: the second must find it recorded
                    response = http.post("/v1/actions", json=action)
                    answers.setdefault(writer, []).append((response.status_code, response.json()))
        except BaseException as exc:
            errors.append(exc)

    def read(reader: int) -> None:
        try:
            with httpx.Client(base_url=live.url, timeout=60) as http:
                barrier.wait()
                for i in range(READS_EACH):
                    if i % 2:
                        response = http.get(
                            "/v1/timeline", params={"actor": STATES[i % len(STATES)], "limit": 20}
                        )
                    else:
                        response = http.get("/v1/state", params={"x": STATES[reader], "y": STATES[-1 - reader],
                                                                 "at": "2021-06-01"})  # fmt: skip
                    reads.append(response.status_code)
        except BaseException as exc:
            errors.append(exc)

    def write_beside() -> None:
        try:
            with Dtl(store_url) as other:
                barrier.wait()
                for action in planned(WRITERS):
                    beside.extend(other.record(action)["recorded"])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    threads.append(threading.Thread(target=write_beside))
    threads += [threading.Thread(target=read, args=(r,)) for r in range(READERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert reads == [200] * (READERS * READS_EACH)

    recorded: list[str] = []
    for writer, replies in answers.items():
        statuses = [status for status, _ in replies]
        assert statuses == [201] * ACTIONS_EACH + [200], (writer, replies)
        ids = [body["recorded"][0] for _, body in replies[:-1]]
        assert replies[-1][1]["already_recorded"] == [ids[0]], (
            "the resent action is acknowledged, not doubled"
        )
        recorded += ids
    assert len(set(recorded)) == len(recorded) == WRITERS * ACTIONS_EACH
    assert len(beside) == ACTIONS_EACH
    recorded += beside

    with httpx.Client(base_url=live.url, timeout=60) as http:
        timeline = http.get("/v1/timeline", params={"limit": 1000}).json()
    stored = [a["id"] for a in timeline["actions"]]
    assert sorted(stored) == sorted(recorded) and timeline["total"] == len(recorded), (
        "no lost or doubled action"
    )
    halts = [a for a in timeline["actions"] if a["type"] == "halt-trade"]
    assert len(halts) == WRITERS + 1

    feed = app.state.service.call(lambda d: events_after(d.store, start, 10_000))
    assert Counter(e["kind"] for e in feed["events"]) == {"recorded": len(recorded)}
    assert sorted(e["id"] for e in feed["events"]) == sorted(recorded), "each in the log exactly once"
    report = app.state.service.call(lambda d: verify(d.store))
    assert report["ok"] and report["behind_by"] == 0, report
