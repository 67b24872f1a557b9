"""The API's input edges: a number is ASCII digits wherever the API reads one (a header, a query
parameter), anything else a 4xx problem, never a 500; and a token put in the URL is refused and
masked in the access log however its name is spelled."""

from __future__ import annotations

import json
import logging
import socket

import httpx
import pytest

from dtl.api.limits import _content_length
from dtl.api.logs import mask
from tests.api.support import TOKEN, LiveServer, problem

GUARD = httpx.Timeout(15.0)

# Latin-1 digits that str.isdigit() accepts and int() refuses: a header is read as Latin-1.
NOT_ASCII_DIGITS = [b"\xb2", b"\xb9", b"\xb3", b"1\xb2", b"\xb2" * 18]


def raw_get(live, target: str, header: bytes) -> tuple[int, dict]:
    """A GET with one header's bytes as they are (an HTTP client would encode them itself)."""
    host, port = live.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=15) as sock:
        sock.sendall(b"GET " + target.encode() + b" HTTP/1.1\r\nHost: x\r\n" + header +
                     b"\r\nConnection: close\r\n\r\n")  # fmt: skip
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("value", NOT_ASCII_DIGITS)
def test_a_last_event_id_of_digits_that_are_not_ascii_is_a_problem_not_a_500(live, value):
    status, body = raw_get(live, "/v1/events/stream", b"Last-Event-ID: " + value)
    assert (status, body["status"], body["field"]) == (422, 422, "Last-Event-ID"), body


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("value", ["1_0", "+5", " 5", "5.0", "\u0663", "\u00b2", "0x10"])
def test_a_whole_number_in_a_query_is_ascii_digits_only(client, value):
    problem(client.get("/v1/timeline", params={"limit": value}), 422, "limit")
    problem(client.get("/v1/timeline", params={"offset": value}), 422, "offset")
    problem(client.get("/v1/observations", params={"x": "TUR", "y": "ISR", "limit": value}), 422, "limit")


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("value", ["1_0", "+5", "5.0"])
def test_a_stream_position_is_ascii_digits_only(live, value):
    with httpx.Client(base_url=live.url, timeout=GUARD) as http:
        with http.stream("GET", "/v1/events/stream", params={"after": value}) as stream:
            assert stream.status_code == 422, "refused, not a stream that stays open"
            stream.read()
            problem(stream, 422, "after")
        assert http.get("/v1/timeline", params={"limit": "7", "offset": "0"}).json()["limit"] == 7


def test_a_declared_body_length_is_ascii_digits_or_not_taken():
    def declared(value: bytes) -> int | None:
        return _content_length({"headers": [(b"content-length", value)]})

    assert declared(b"1024") == 1024 and declared(b"0") == 0
    assert [declared(v) for v in (b"+5", b" 5", b"1_000", b"\xb2", b"-1", b"5.0")] == [None] * 6


SPELLINGS = [
    "token",
    "TOKEN",
    "to%6Ben",
    "%74oken",
    "%54%4F%4B%45%4E",
    "%2574oken",
    "api%5Fkey",
    "Access_Token",
]


@pytest.mark.parametrize("name", SPELLINGS)
def test_a_token_name_in_the_access_log_is_masked_however_it_is_spelled(name):
    line = f'127.0.0.1:5 - "GET /v1/catalogue?x=1&{name}={TOKEN}&y=2 HTTP/1.1" 400'
    assert mask(line) == f'127.0.0.1:5 - "GET /v1/catalogue?x=1&{name}=***&y=2 HTTP/1.1" 400'
    assert mask(f"/v1/catalogue?{name}={TOKEN}") == f"/v1/catalogue?{name}=***"


def test_other_parameters_are_left_as_they_are():
    for text in (
        "/v1/timeline?monkey=1&tokens=2&x=token",
        "/v1/state?x=TUR&y=ISR&at=2024-03-01",
        "127.0.0.1:5",
    ):
        assert mask(text) == text


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_a_token_in_the_url_is_refused_and_never_logged_however_its_name_is_spelled(app, caplog):
    caplog.set_level(logging.DEBUG)
    with LiveServer(app, access_log=True) as server, httpx.Client(base_url=server.url, timeout=GUARD) as http:
        for name in SPELLINGS:
            refused = http.get(f"/v1/catalogue?{name}={TOKEN}")
            problem(refused, 400, "query")
    server_side = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    logged = "\n".join(record.getMessage() for record in server_side)
    for name in SPELLINGS:
        assert f'"GET /v1/catalogue?{name}=*** HTTP/1.1" 400' in logged, (name, logged)
    assert TOKEN not in logged
