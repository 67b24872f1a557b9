"""The API under stress, bounded: many stream clients while writers record (every client gets
every event once, in log order, and one that reconnects with Last-Event-ID resumes exactly),
and bodies far beyond the limits (refused, nothing written, the server still answers). The
figures at full size (50 clients, 50 MB and 200 MB bodies) are benchmarks/api_robustness.py's,
whose clients these tests share: raw sockets, so a refusal that comes before the body is sent
is seen as the server sent it.

Behaviour only: nothing here asserts a time. Waits are guards against a hang, never a clock
the outcome depends on.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterable

import httpx
import pytest

from benchmarks.api_robustness import (
    ClientSpec,
    action_events,
    attempt,
    check_client,
    chunked,
    json_body,
    request_head,
    stream_clients,
    upload_body,
    write_actions,
)
from dtl.api import Settings
from tests.api.support import OTHER_TOKEN, TOKEN

MB, MIB = 1_000_000, 1024 * 1024
UPLOAD_LIMIT = 2 * MIB
CLIENTS, RECONNECTING, WRITERS, WRITES = 12, 4, 4, 40
GUARD = 60.0  # seconds: a hang fails the test; nothing waits for it
AUTH = f"Authorization: Bearer {TOKEN}"
JSON = "Content-Type: application/json"
BOUNDARY = "dtl-test-robustness"
UPLOAD = f"Content-Type: multipart/form-data; boundary={BOUNDARY}"


@pytest.fixture
def settings() -> Settings:
    return Settings(write_tokens=(TOKEN, OTHER_TOKEN), stream_poll_seconds=0.02, stream_ping_seconds=0.3,
                    max_upload_bytes=UPLOAD_LIMIT)  # fmt: skip


def port_of(live) -> int:
    return int(live.url.rsplit(":", 1)[1])


def position(live) -> int:
    with httpx.Client(base_url=live.url, timeout=GUARD) as http:
        return http.get("/v1/position").json()["position"]


def small_read(live) -> int:
    with httpx.Client(base_url=live.url, timeout=GUARD) as http:
        return http.get("/v1/state", params={"x": "NATO", "y": "ISR", "at": "2024-03-01"}).status_code


def test_every_stream_client_gets_every_event_once_in_log_order_and_a_reconnection_resumes_exactly(
    seeded, live, store_url
):
    """Half the clients from position 0 (the seed story first), half from the current end; some
    drop their connection after k of the new events and come back with Last-Event-ID."""
    seeded_at = position(live)
    specs = [ClientSpec(after=0 if c % 2 else None, floor=seeded_at) for c in range(CLIENTS)]
    for c in range(RECONNECTING):
        specs[c].drop_after, specs[c].pause = 1 + c * WRITES // RECONNECTING, 0.01
    ready, goal, states, truth = threading.Event(), [], [], []

    def clients() -> None:
        states.extend(asyncio.run(stream_clients(port_of(live), specs, lambda _: ready.set(),
                                                 lambda: goal[0] if goal else None, GUARD)))  # fmt: skip

    thread = threading.Thread(target=clients)
    thread.start()
    try:
        assert ready.wait(GUARD), "every client has its response headers"
        writes = write_actions(live.url, WRITERS, WRITES, "robust", token=TOKEN)
        truth += action_events(store_url)  # the log's own action events, read from the store
    finally:
        goal.append(truth[-1][0] if truth else 0)  # the clients end once they have the last one
        thread.join(GUARD * 2)
    assert not thread.is_alive()

    assert [w["status"] for w in writes] == [201] * WRITES, [w.get("body") for w in writes]
    recorded = {w["id"] for w in writes}
    assert len(recorded) == WRITES and recorded <= {action for _, action in truth}
    assert len(states) == CLIENTS
    for state in states:
        checked = check_client(state.__dict__, truth)
        assert checked["problems"] == [], (state.spec, checked)
        assert checked["received"] == len([p for p, _ in truth if p > state.starts[0]])
    from_zero = [s for s in states if s.spec.after == 0]
    assert all(s.starts[0] == 0 and len(s.events) == len(truth) for s in from_zero)
    from_end = [s for s in states if s.spec.after is None]
    assert all(s.starts[0] == seeded_at and {e[2] for e in s.events} == recorded for s in from_end)
    resumed = [s for s in states if s.resumed_from is not None]
    assert len(resumed) == RECONNECTING and all(s.starts[1] == s.resumed_from for s in resumed)


def half_a_body() -> list[bytes]:
    return [b"{" + b" " * 99]


def headers(count: int, size: int) -> list[str]:
    return [f"X-Filler-{i:05d}: {'v' * (size - 19)}" for i in range(count)]


CASES: dict[str, tuple[int, str, list[str], Callable[[], Iterable[bytes]]]] = {
    "json 5 MB declared": (413, "/v1/actions", [AUTH, JSON, f"Content-Length: {5 * MB}"],
                           lambda: json_body(5 * MB, "big-declared")),
    "json 5 MB chunked": (413, "/v1/actions", [AUTH, JSON, "Transfer-Encoding: chunked"],
                          lambda: chunked(json_body(5 * MB, "big-chunked"))),
    "upload 8 MB declared": (413, "/v1/imports", [AUTH, UPLOAD, f"Content-Length: {8 * MB}"],
                             lambda: upload_body(8 * MB, BOUNDARY, "up-declared")),
    "upload 8 MB chunked": (413, "/v1/imports", [AUTH, UPLOAD, "Transfer-Encoding: chunked"],
                            lambda: chunked(upload_body(8 * MB, BOUNDARY, "up-chunked"))),
    "claims 10 MB, sends 100 bytes": (413, "/v1/actions", [AUTH, JSON, f"Content-Length: {10 * MB}"],
                                      half_a_body),
    "claims 100 bytes, sends 2 MB": (400, "/v1/actions", [AUTH, JSON, "Content-Length: 100"],
                                     lambda: json_body(2 * MB, "lie-short")),
    "1,000 headers of 1 KB": (400, "/v1/actions", [AUTH, JSON, *headers(1000, 1000), "Content-Length: 2"],
                              lambda: [b"{}"]),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_a_body_beyond_the_limits_is_refused_writes_nothing_and_the_server_still_answers(seeded, live, case):
    status, target, lines, body = CASES[case]
    before = position(live)
    answer = attempt(port_of(live), request_head("POST", target, lines), body(), GUARD, watch=0.05)
    assert answer["status"] == status, answer
    if status == 413:
        assert answer["detail"].startswith("body: larger than this server accepts"), answer
    assert position(live) == before, "nothing written"
    assert small_read(live) == 200


def test_a_chunked_body_over_the_limit_is_refused_and_its_connection_ended(live):
    head = request_head("POST", "/v1/actions", [AUTH, JSON, "Transfer-Encoding: chunked"])
    answer = attempt(port_of(live), head, chunked(json_body(20 * MB, "ended")), GUARD, watch=1.0)
    assert answer["status"] == 413, answer
    assert answer["connection"] in ("closed (FIN)", "reset (RST)"), answer


def wait_until(condition: Callable[[], bool]) -> None:
    """A guard, not a clock: returns as soon as the condition holds."""
    deadline = time.monotonic() + GUARD
    while not condition():
        assert time.monotonic() < deadline, "the server did not get there"
        time.sleep(0.005)


def test_a_client_that_goes_away_mid_body_is_not_an_error_in_the_servers_log(live, caplog):
    tasks = live.server.server_state.tasks
    with caplog.at_level(logging.ERROR):
        sock = socket.create_connection(("127.0.0.1", port_of(live)))
        sock.sendall(
            request_head("POST", "/v1/actions", [AUTH, JSON, "Content-Length: 1000"]) + half_a_body()[0]
        )
        wait_until(lambda: len(tasks) > 0)  # the request is in the app, waiting for the rest of the body
        sock.close()
        wait_until(lambda: len(tasks) == 0)  # ... and done with
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
