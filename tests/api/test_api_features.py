"""Every scenario of features/api/, on SQLite and on PostgreSQL (see tests/steps.py).

The steps drive the HTTP API: through FastAPI's TestClient for questions and writes, and
through a real uvicorn server on a loopback port for the event stream (read with httpx, each
step waiting on the stream's own lines). The server answers from the scenario's store, the
same `dtl` the shared Given steps record into, so the shared Then steps about an answer
("the answer has an engagement-veto measure held by TUR", "the store holds 1 action") apply.
"""

from __future__ import annotations

import shlex
import warnings
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from dtl.api import Settings, create_app
from tests.api.support import LiveServer, events
from tests.steps import refusal

with warnings.catch_warnings():  # starlette asks for httpx2, which this project does not use
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.usefixtures("backend")  # every scenario on both backends
scenarios("api")

MY_TOKEN = "my-newsroom-token-5f1e2d3c4b5a6978"
CODE = r"[A-Za-z][A-Za-z0-9]*"
GUARD = httpx.Timeout(15.0)  # only against a hang: every stream step waits on the stream's lines


# -- plumbing -----------------------------------------------------------------------------------
@dataclass
class Answer:
    """A JSON answer, in the shape the shared Then steps read (`reply.ok()`)."""

    value: Any

    def ok(self) -> Any:
        return self.value


@dataclass
class Http:
    """What the HTTP steps saw: the last response, the stream's last event id, what was
    recorded while the reader was away."""

    last: httpx.Response | None = None
    last_event_id: str | None = None
    away: list[str] = field(default_factory=list)
    lines: Iterator[str] | None = None
    opened: ExitStack = field(default_factory=ExitStack)


@pytest.fixture
def http() -> Iterator[Http]:
    state = Http()
    with state.opened:
        yield state


@pytest.fixture
def api_app(dtl):
    return create_app(dtl, Settings(write_tokens=(MY_TOKEN,), stream_poll_seconds=0.02))


@pytest.fixture
def api(api_app) -> Iterator[TestClient]:
    with TestClient(api_app) as client:
        yield client


@pytest.fixture
def live(api_app) -> Iterator[LiveServer]:
    with LiveServer(api_app) as server:
        yield server


def action_of(spec: str) -> dict[str, Any]:
    """`threaten by TUR target ISR on 2024-07 kind military` -> the JSON body of a record."""
    words = shlex.split(spec)
    assert len(words) % 2 == 1, f"an action is its type and key/value words: {spec!r}"
    return {"type": words[0], **dict(zip(words[1::2], words[2::2], strict=True))}


def _state(api, http, x, y, at, known=None) -> Answer:
    params = {"x": x, "y": y, "at": at, **({"as_known_at": known} if known else {})}
    http.last = api.get("/v1/state", params=params)
    return Answer(http.last.json())


# -- questions ----------------------------------------------------------------------------------
STATE = (
    rf'the state of (?P<x>{CODE}) and (?P<y>{CODE}) at "(?P<at>[^"]+)"(?: as known at "(?P<known>[^"]+)")?'
)


@when(parsers.re(rf"I ask the API for {STATE}"), target_fixture="reply")
def when_ask_state(api, http, x, y, at, known):
    return _state(api, http, x, y, at, known)


@given(parsers.re(rf"I asked the API for {STATE}"))
def given_asked_state(api, http, x, y, at, known):
    _state(api, http, x, y, at, known)
    assert http.last.status_code == 200, http.last.text


@when("I ask the same again, naming the answer I already have")
def when_ask_again(api, http):
    http.last = api.get(http.last.request.url, headers={"If-None-Match": http.last.headers["ETag"]})


@then(
    refusal(
        r'the API answers (?P<status>\d+)(?: naming the field "(?P<field>[^"]+)")?(?P<empty>, with nothing to download)?',
        among=r"the API answers [45][0-9][0-9]\b.*",
    )
)
def then_status(http, store_watch, status, field, empty):
    assert http.last.status_code == int(status), (http.last.status_code, http.last.text)
    if http.last.status_code >= 400:  # refused: nothing may have been written
        store_watch.assert_unchanged()
    if field:
        assert http.last.headers["content-type"] == "application/problem+json"
        assert http.last.json()["field"] == field, http.last.json()
    if empty:
        assert http.last.content == b"" and http.last.headers["ETag"]


@then(parsers.re(r'the problem says "(?P<text>[^"]+)"'))
def then_problem_says(http, text):
    assert text in http.last.json()["detail"], http.last.json()


@then("the answer carries the log position of the store")
def then_position(http, dtl):
    assert http.last.json()["position"] == int(http.last.headers["X-Dtl-Position"]) == dtl.position()


# -- writes -------------------------------------------------------------------------------------
@when(
    parsers.re(
        r'I record over HTTP (?:without a token|with (?P<mine>my token)|with the token "(?P<token>[^"]+)"): (?P<spec>.+)'
    )
)
def when_record_over_http(api, http, mine, token, spec):
    token = MY_TOKEN if mine else token
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    http.last = api.post("/v1/actions", json=action_of(spec), headers=headers)


# -- the stream ---------------------------------------------------------------------------------
@given("the API server is running")
def given_server(live):
    assert live.url.startswith("http://127.0.0.1:")


@given(parsers.re(r'I followed the stream and saw "(?P<name>[^"]+)"'))
def given_followed(live, http, world, name):
    wanted = world.id_of(name)
    with (
        httpx.Client(base_url=live.url, timeout=GUARD) as client,
        client.stream("GET", "/v1/events/stream", params={"after": 0}) as stream,
    ):
        lines = stream.iter_lines()
        while True:
            (event,) = events(lines, 1)
            if event["data"]["id"] == wanted:
                http.last_event_id = event["id"]
                return


@when("these actions are recorded while I am away:")
def when_recorded_away(live, http, datatable):
    header, *rows = [[cell.strip() for cell in row] for row in datatable]
    with httpx.Client(
        base_url=live.url, timeout=GUARD, headers={"Authorization": f"Bearer {MY_TOKEN}"}
    ) as client:
        for row in rows:
            body = {k: v for k, v in zip(header, row, strict=True) if v}
            response = client.post("/v1/actions", json=body)
            assert response.status_code == 201, response.text
            http.away.append(response.json()["recorded"][0])


@when("I resume the stream from the last event I saw")
def when_resume(live, http):
    client = http.opened.enter_context(httpx.Client(base_url=live.url, timeout=GUARD))
    stream = http.opened.enter_context(
        client.stream("GET", "/v1/events/stream", headers={"Last-Event-ID": http.last_event_id})
    )
    assert stream.status_code == 200
    http.lines = stream.iter_lines()


@then("the stream sends the rest of the report, then the actions recorded while I was away, in order")
def then_rest_then_away(http, world):
    rest = [world.id_of(f"the report's {kind}") for kind in
            ("call-for-expulsion by ISR", "accuse by TUR", "statement by HAMAS")]  # fmt: skip
    got = events(http.lines, len(rest) + len(http.away))
    assert [e["data"]["id"] for e in got] == rest + http.away
    assert [int(e["id"]) for e in got] == sorted(int(e["id"]) for e in got)


@then("then only what is recorded next")
def then_only_next(live, http):
    with httpx.Client(
        base_url=live.url, timeout=GUARD, headers={"Authorization": f"Bearer {MY_TOKEN}"}
    ) as client:
        body = {"type": "meet", "by": "TUR", "target": "GRC", "on": "2024-07-31"}
        new = client.post("/v1/actions", json=body).json()["recorded"][0]
    (event,) = events(http.lines, 1)
    assert event["data"]["id"] == new, "nothing was sent twice, nothing in between"
