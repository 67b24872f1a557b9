"""The live event stream, read from a real server with httpx: every test waits on the
stream's own lines (the read timeout is only a guard against a hang, never a clock to wait on).

Actions are recorded by a second facade on the same store, as another process (the CLI)
would: the server sees them because it reads the log, not its own memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from dtl.application.facade import Dtl
from tests.api.support import events, problem

STREAM = "/v1/events/stream"
GUARD = httpx.Timeout(15.0)  # a hang fails the test; nothing here waits for it


@pytest.fixture
def other_writer(store_url) -> Iterator[Dtl]:
    with Dtl(store_url) as writer:
        yield writer


def threat(writer: Dtl, target: str, on: str = "2024-08-02") -> str:
    return writer.record({"type": "threaten", "by": "TUR", "target": target, "on": on, "kind": "military"})[
        "recorded"
    ][0]


@contextmanager
def stream_from(live, **request) -> Iterator[httpx.Response]:
    with (
        httpx.Client(base_url=live.url, timeout=GUARD) as http,
        http.stream("GET", STREAM, **request) as stream,
    ):
        assert stream.status_code == 200, stream.read()
        assert stream.headers["content-type"].startswith("text/event-stream")
        yield stream


def test_the_stream_sends_what_was_recorded_after_a_position_each_event_with_its_position(live, other_writer):
    start = other_writer.position()
    ids = [threat(other_writer, t) for t in ("GRC", "CYP", "ARM")]
    with stream_from(live, params={"after": start}) as stream:
        assert stream.headers["X-Dtl-Position"] == str(start)
        got = events(stream.iter_lines(), 3)
    assert [e["data"]["id"] for e in got] == ids
    assert [e["event"] for e in got] == ["recorded"] * 3
    assert [int(e["id"]) for e in got] == [e["data"]["position"] for e in got]
    assert all(int(e["id"]) > start for e in got) and got == sorted(got, key=lambda e: int(e["id"]))
    first = got[0]["data"]
    assert (first["type"], first["by"], first["target"], first["on"]) == (
        "threaten",
        ["TUR"],
        "GRC",
        "2024-08-02",
    )


def test_a_client_that_resumes_with_last_event_id_gets_exactly_what_it_missed(live, other_writer):
    start = other_writer.position()
    threat(other_writer, "GRC")
    with stream_from(live, params={"after": start}) as stream:
        (seen,) = events(stream.iter_lines(), 1)
    missed = [threat(other_writer, t) for t in ("CYP", "ARM")]  # while the client was away
    with stream_from(live, params={"after": 0}, headers={"Last-Event-ID": seen["id"]}) as stream:
        lines = stream.iter_lines()
        resumed = events(lines, 2)
        sentinel = threat(other_writer, "AZE")  # the next event must be this one: nothing doubled
        (after,) = events(lines, 1)
    assert [e["data"]["id"] for e in resumed] == missed, "Last-Event-ID wins over after=0"
    assert after["data"]["id"] == sentinel


def test_without_a_position_the_stream_starts_from_now(live, other_writer):
    threat(other_writer, "GRC")
    with stream_from(live) as stream:
        now = int(stream.headers["X-Dtl-Position"])  # the headers came: the start is fixed
        new = threat(other_writer, "CYP")
        (first,) = events(stream.iter_lines(), 1)
    assert first["data"]["id"] == new and int(first["id"]) > now


def test_corrections_retractions_and_sources_are_events_of_their_own_kind(live, other_writer):
    start = other_writer.position()
    action = threat(other_writer, "GRC", on="2024-08")
    other_writer.correct(action, {"on": "2024-08-02"}, "the day is known")
    other_writer.corroborate(action, {"name": "Reuters", "grade": "B2"})
    other_writer.retract(action, "the report was withdrawn")
    with stream_from(live, params={"after": start}) as stream:
        got = events(stream.iter_lines(), 4)
    assert [e["event"] for e in got] == ["recorded", "corrected", "corroborated", "retracted"]
    assert {e["data"]["id"] for e in got} == {action}
    assert [e["data"]["on"] for e in got] == ["2024-08", "2024-08-02", "2024-08-02", "2024-08-02"]
    assert (
        got[1]["data"]["changes"] == {"on": "2024-08-02"}
        and got[3]["data"]["reason"] == "the report was withdrawn"
    )
    assert [e["data"]["revision"] for e in got] == [1, 2, 3, 4]


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_an_idle_stream_sends_keep_alive_comments(live):
    with stream_from(live) as stream:
        comment = next(line for line in stream.iter_lines() if line.startswith(":"))
    assert comment.startswith(": ping")


def test_a_last_event_id_that_is_not_a_position_is_a_problem(client):
    problem(client.get("/v1/events/stream", headers={"Last-Event-ID": "yesterday"}), 422, "Last-Event-ID")
    problem(client.get("/v1/events/stream", params={"after": "soon"}), 422, "after")
