"""Several requests at once: a question that takes long holds one facade of the server's pool,
never the server; the pool is bounded (DTL_API_CONCURRENCY) and closes what it opened; an
answer given again is never older than the log, whoever wrote to it; and a kept answer is
given only to whoever may read it.

A slow question is made by holding the facade's `scores` until the test lets it go (no clock:
the other requests must be answered while it is held; their timeouts only guard against a hang).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from dtl.api import Settings, create_app
from dtl.api.service import POSITION_HEADER
from dtl.application.facade import Dtl
from tests.api.support import READ_TOKEN, TOKEN, WRITE, LiveServer, problem

GUARD = httpx.Timeout(20.0)  # a request that waits for the held one fails here (and the test)
STATE = "/v1/state?x=NATO&y=ISR&at=2024-03-01"
SLOW = "/v1/scores?x=TUR&by=year"


class Held:
    """Dtl.scores, held until released: `entered` counts the calls inside it."""

    def __init__(self) -> None:
        self.entered = threading.Semaphore(0)
        self.release = threading.Event()
        self.original = Dtl.scores

    def __call__(self, dtl: Dtl, *args, **kwargs):
        self.entered.release()
        assert self.release.wait(60), "the test never let the question go"
        return self.original(dtl, *args, **kwargs)


@pytest.fixture
def held(monkeypatch) -> Iterator[Held]:
    hold = Held()
    monkeypatch.setattr(Dtl, "scores", lambda dtl, *a, **k: hold(dtl, *a, **k))
    yield hold
    hold.release.set()


@contextmanager
def asking(url: str, path: str, replies: list[httpx.Response], count: int = 1) -> Iterator[None]:
    """`count` clients asking `path` on threads of their own, joined at the end."""

    def ask() -> None:
        with httpx.Client(base_url=url, timeout=GUARD) as http:
            replies.append(http.get(path))

    threads = [threading.Thread(target=ask) for _ in range(count)]
    for t in threads:
        t.start()
    try:
        yield
    finally:
        for t in threads:
            t.join(timeout=60)


def test_a_long_question_holds_one_facade_not_the_server(app, held, seeded):
    """While one question is held inside the facade, other questions and a write are answered."""
    slow: list[httpx.Response] = []
    with LiveServer(app) as server, asking(server.url, SLOW, slow):
        assert held.entered.acquire(timeout=30), "the slow question reached the facade"
        with httpx.Client(base_url=server.url, timeout=GUARD) as http:
            state = http.get(STATE)
            body = {"type": "meet", "by": "TUR", "target": "GRC", "on": "2024-07-30"}
            written = http.post("/v1/actions", json=body, headers=WRITE)
            timeline = http.get("/v1/timeline", params={"actor": "GRC"})
        assert state.status_code == 200 and "engagement-veto" in state.text
        assert written.status_code == 201
        assert timeline.status_code == 200 and written.json()["recorded"][0] in timeline.text
        assert slow == [], "the slow question is still held"
        held.release.set()
    assert [r.status_code for r in slow] == [200] and slow[0].json()["series"]


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_the_pool_opens_at_most_the_configured_number_of_facades_and_closes_them(dtl, store_url, held):
    opened: list[Dtl] = []
    closed: list[Dtl] = []

    def opener() -> Dtl:
        facade = Dtl(store_url)
        close = facade.close
        facade.close = lambda: (closed.append(facade), close())  # type: ignore[method-assign]
        opened.append(facade)
        return facade

    app = create_app(dtl, Settings(concurrency=2), opener=opener)
    slow: list[httpx.Response] = []
    third: list[httpx.Response] = []
    with LiveServer(app) as server:
        with asking(server.url, SLOW, slow, count=2):
            assert held.entered.acquire(timeout=30) and held.entered.acquire(timeout=30), "both are held"
            with asking(server.url, STATE, third):
                assert app.state.service.facades.opened == 2 and len(opened) == 1
                assert third == [], "the third request waits for a facade: there are two"
                held.release.set()
        assert [r.status_code for r in slow] == [200, 200] and [r.status_code for r in third] == [200]
        assert app.state.service.facades.opened == 2
    app.state.service.close()
    assert closed == opened and dtl.position() >= 0, "the pool closes its own, never the caller's"


def test_the_pool_opens_its_facades_on_the_callers_store(dtl, seeded):
    """With no opener given, another facade is opened on the same store (SQLite file or
    PostgreSQL URL and schema), and sees the same log."""
    from dtl.api.service import same_store

    opener = same_store(dtl)
    assert opener is not None
    with opener() as other:
        assert other.store.config.display == dtl.store.config.display
        assert other.position() == dtl.position() and other.state("NATO", "ISR", "2024-03-01") == dtl.state(
            "NATO", "ISR", "2024-03-01"
        )


def test_an_answer_given_again_is_never_older_than_the_log(client, app, store_url, seeded):
    """The same question twice: the second answer is the kept one. Then another process
    records: the next answer says so, with a new position and tag."""
    url = "/v1/state?x=TUR&y=GRC&at=2024-08-10"
    first = client.get(url)
    again = client.get(url)
    assert first.status_code == again.status_code == 200 and len(app.state.service.answers) >= 1
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    with Dtl(store_url) as beside:  # as the CLI would, in another process
        beside.record({"type": "halt-trade", "by": "TUR", "target": "GRC", "on": "2024-08-01"})
    after = client.get(url)
    assert int(after.headers[POSITION_HEADER]) > int(first.headers[POSITION_HEADER])
    assert after.headers["etag"] != first.headers["etag"]
    assert [m["aspect"] for m in after.json()["measures"]] != [m["aspect"] for m in first.json()["measures"]]
    unchanged = client.get(url, headers={"If-None-Match": after.headers["etag"]})
    assert (
        unchanged.status_code == 304 and unchanged.headers[POSITION_HEADER] == after.headers[POSITION_HEADER]
    )
    assert client.get(url, headers={"If-None-Match": first.headers["etag"]}).status_code == 200


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_a_kept_answer_is_given_only_to_whoever_may_read(dtl, seeded):
    from fastapi.testclient import TestClient

    with TestClient(create_app(dtl, Settings(write_tokens=(TOKEN,), read_token=READ_TOKEN))) as client:
        reader = {"Authorization": f"Bearer {READ_TOKEN}"}
        assert client.get(STATE, headers=reader).status_code == 200
        assert client.get(STATE, headers=reader).status_code == 200  # kept, and given again
        problem(client.get(STATE), 401, "authorization")
        problem(client.get(STATE, headers={"Authorization": "Bearer not-the-token"}), 401, "authorization")
        etag = client.get(STATE, headers=reader).headers["etag"]
        problem(client.get(STATE, headers={"If-None-Match": etag}), 401, "authorization")
