"""Large questions answered in a worker process (api/large.py): the same bytes, tag and position
as the server's own threads give, on SQLite and PostgreSQL; at least as fresh as the log the
server saw; errors the same problems; and where a worker cannot be used (a store in memory, a
facade with a clock of its own, a worker that died), the server's threads answer as before.

Each test builds two apps on one store: `pooled` (one worker process) and `threads` (none), and
asks both. The facades here run on the wall clock (a worker cannot share a test's FakeClock), so
the seed story is recorded by it; no answer below depends on today. Waits on the worker's start
are bounded by a guard (a failure, not a pace)."""

from __future__ import annotations

import os
import signal
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from dtl.api import Settings, create_app
from dtl.api.large import LARGE_PERIODS, large_diff, large_observations, large_scores, rows_of
from dtl.api.representations import rows
from dtl.api.service import POSITION_HEADER
from dtl.application.facade import Dtl
from tests.api.support import TOKEN, problem, record_seed_story

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

GUARD = 60.0  # seconds a worker may take to start before the test fails

LARGE = [
    "/v1/scores?x=TUR&by=month&from=1925-01-01&to=2024-12-31",  # a century of months: the bound
    "/v1/scores?x=TUR&y=ISR&by=quarter",  # a window left open: fitted to the data
    "/v1/diff?from=1950-01-01&to=2024-08-01",
    "/v1/diff?reported_since=2024-07-31&as_reported_at=2024-08-01",
    "/v1/network?at=2024-03-01",
    "/v1/network?at=2024-03-01&format=graphml",
    "/v1/observations?x=TUR&y=ISR&limit=5000",
    "/v1/charts/pair?x=TUR&y=ISR&format=svg",
    "/v1/charts/pair?x=TUR&y=ISR&from=2020-01-01&to=2024-08-01&format=png",
    "/v1/charts/roster/NATO?format=html",
]
TABULAR = [
    "/v1/scores?x=TUR&by=month&from=1925-01-01&to=2024-12-31",
    "/v1/diff?from=1950-01-01&to=2024-08-01",
]
ACCEPTS = ["text/csv", "text/tab-separated-values", "application/x-ndjson"]


@dataclass
class Twins:
    pooled: TestClient
    threads: TestClient
    service: object  # the pooled app's Service


def wait_for_workers(service) -> None:
    deadline = time.monotonic() + GUARD
    while not service.large.ready():
        assert time.monotonic() < deadline, "the worker process did not start"
        time.sleep(0.02)


@pytest.fixture
def store(store_url) -> Iterator[Dtl]:
    with Dtl(store_url) as dtl:  # the wall clock: a worker opens the store as this facade was
        record_seed_story(dtl)
        yield dtl


@pytest.fixture
def twins(store, store_url) -> Iterator[Twins]:
    settings = Settings(write_tokens=(TOKEN,))
    with Dtl(store_url) as other:
        pooled = create_app(store, settings)
        threads = create_app(other, Settings(write_tokens=(TOKEN,), large_processes=0))
        try:
            with TestClient(pooled) as a, TestClient(threads) as b:
                yield Twins(a, b, pooled.state.service)
        finally:
            pooled.state.service.close()
            threads.state.service.close()


def same(one, other) -> None:
    assert one.status_code == other.status_code, (one.status_code, other.status_code, one.text[:300])
    assert one.content == other.content
    for header in ("content-type", "etag", POSITION_HEADER):
        assert one.headers.get(header) == other.headers.get(header), header


def test_a_large_question_answered_by_a_worker_is_the_same_bytes_as_on_the_servers_threads(twins):
    first = twins.pooled.get(LARGE[0])  # starts the worker, and is answered on a thread meanwhile
    same(first, twins.threads.get(LARGE[0]))
    wait_for_workers(twins.service)
    asked = []
    for path in LARGE[1:] + [(p, accept) for p in TABULAR for accept in ACCEPTS]:
        path, headers = (path, {}) if isinstance(path, str) else (path[0], {"Accept": path[1]})
        asked.append(path)
        same(twins.pooled.get(path, headers=headers), twins.threads.get(path, headers=headers))
    assert twins.service.large.answered == len(asked), "every one was answered by the worker"
    again = twins.pooled.get(LARGE[0])  # kept, as any answer: given again without asking
    assert again.content == first.content and twins.service.large.answered == len(asked)
    tag = twins.pooled.get(LARGE[2]).headers["ETag"]
    assert twins.pooled.get(LARGE[2], headers={"If-None-Match": tag}).status_code == 304


def test_a_worker_answers_at_least_as_fresh_as_the_log_the_server_saw(twins, store_url):
    twins.pooled.get(LARGE[0])
    wait_for_workers(twins.service)
    path = "/v1/scores?x=TUR&by=month&from=1926-01-01&to=2024-12-31"
    before = twins.pooled.get(path)
    with Dtl(store_url) as cli:  # another process's write, as the CLI beside the server would make it
        cli.record(
            {"type": "threaten", "by": "TUR", "target": "ISR", "on": "2024-07-30", "kind": "sanctions"}
        )
        written = cli.position()
    after = twins.pooled.get(path)
    assert int(after.headers[POSITION_HEADER]) == written > int(before.headers[POSITION_HEADER])
    assert after.json()["position"] == written and after.content != before.content
    same(after, twins.threads.get(path))
    assert twins.service.large.answered == 2


def test_a_question_the_worker_cannot_answer_is_the_same_problem(twins):
    twins.pooled.get(LARGE[0])
    wait_for_workers(twins.service)
    for path, field in [
        ("/v1/scores?x=NOWHERE&by=month&from=1925-01-01&to=2024-12-31", "x"),
        ("/v1/diff?from=1950-01-01&to=2024-08-01&actor=NOWHERE", "actor"),
        ("/v1/network?at=2024-03-01&aspect=friendship", "aspect"),
    ]:
        pooled, threads = twins.pooled.get(path), twins.threads.get(path)
        problem(pooled, 422, field)
        same(pooled, threads)
    assert twins.service.large.answered == 0


def test_a_worker_that_dies_leaves_the_question_to_a_thread_and_is_started_again(twins):
    twins.pooled.get(LARGE[0])
    wait_for_workers(twins.service)
    (worker,) = twins.service.large._pool.workers
    os.kill(worker.process.pid, signal.SIGKILL)
    worker.process.wait()
    path = "/v1/scores?x=TUR&by=month&from=1930-01-01&to=2024-12-31"
    same(twins.pooled.get(path), twins.threads.get(path))  # on a thread
    assert twins.service.large.answered == 0
    path = "/v1/scores?x=TUR&by=month&from=1931-01-01&to=2024-12-31"
    same(twins.pooled.get(path), twins.threads.get(path))  # starts the pool again
    wait_for_workers(twins.service)
    (started,) = twins.service.large._pool.workers
    assert started.process.pid != worker.process.pid
    path = "/v1/scores?x=TUR&by=month&from=1932-01-01&to=2024-12-31"
    same(twins.pooled.get(path), twins.threads.get(path))
    assert twins.service.large.answered == 1


def test_closing_the_server_stops_its_workers(store):
    app = create_app(store, Settings())
    service = app.state.service
    with TestClient(app) as client:
        client.get(LARGE[0])
        wait_for_workers(service)
        (worker,) = service.large._pool.workers
    service.close()
    assert worker.process.poll() is not None, "the worker exited"
    assert not service.large.enabled and not service.large.ready()


@pytest.mark.parametrize("how", ["in memory", "with a clock of its own"])
def test_where_a_worker_cannot_open_the_store_the_servers_threads_answer(tmp_path, clock, how):
    store = Dtl(":memory:") if how == "in memory" else Dtl(str(tmp_path / "dtl.sqlite3"), clock=clock)
    with store:
        record_seed_story(store)
        app = create_app(store, Settings())
        service = app.state.service
        with TestClient(app) as client:
            for path in LARGE[:3]:
                assert client.get(path).status_code == 200
        assert not service.large.enabled and service.large.answered == 0 and service.large._pool is None
        service.close()


class Asked:
    """What a route reads of a request to choose its representation."""

    def __init__(self, accept: str | None):
        self.headers = {"accept": accept} if accept is not None else {}


@pytest.mark.parametrize("accept", [None, "application/json", "text/csv", "text/*",
                                    "text/tab-separated-values;q=0.9, application/x-ndjson", "*/*"])  # fmt: skip
def test_the_rows_a_worker_presents_are_the_rows_the_route_presents(sqlite_dtl, accept):
    record_seed_story(sqlite_dtl)
    answer = sqlite_dtl.scores("TUR", "ISR", "quarter")
    assert rows_of(accept, "scores")(answer) == rows(Asked(accept), "scores")(answer)


def test_which_questions_are_large():
    assert large_scores("month", "1925-01-01", "2024-12-31")  # 1,200 months: the bound
    assert not large_scores("month", "1425-01-01", "2024-12-31")  # beyond it: refused at once
    assert large_scores("month", "2000-01", "2020-01") and not large_scores("month", "2000-01", "2019-12")
    assert LARGE_PERIODS == 240
    assert large_scores("quarter", "1900", "1960") and not large_scores("year", "1800", "2000")
    assert large_scores("year", None, None) and large_scores("month", "2024-01-01", None)  # left open
    assert not large_scores("week", None, None) and not large_scores("month", "soon", "later")
    assert large_diff("1950-01-01", "2024-08-01", None) and not large_diff("2020-01-01", "2024-08-01", None)
    assert large_diff(None, None, "2024-07-31") and not large_diff("2024-01-01", None, None)
    assert large_observations(5000) and not large_observations(1000)
