"""Who may write and read: bearer tokens, refused without noise, and never written to a log."""

from __future__ import annotations

import logging

import httpx
import pytest

from dtl.api import Settings, create_app
from dtl.api.auth import matches
from tests.api.support import OTHER_TOKEN, READ_TOKEN, TOKEN, WRITE, LiveServer, problem

WRITES = [
    ("/v1/actions", {"type": "meet", "by": "TUR", "target": "GRC", "on": "2024-07-30"}),
    ("/v1/actions/ed82fdc8/corrections", {"changes": {"on": "2023-10-07"}, "reason": "why"}),
    ("/v1/actions/ed82fdc8/retraction", {"reason": "why"}),
    ("/v1/actions/ed82fdc8/sources", {"name": "Reuters"}),
    ("/v1/imports", None),
]
WRONG = [
    ({}, "Bearer"),
    ({"Authorization": "Bearer not-the-token"}, 'Bearer error="invalid_token"'),
    ({"Authorization": f"Bearer {TOKEN[:-1]}"}, 'Bearer error="invalid_token"'),
    ({"Authorization": f"Basic {TOKEN}"}, 'Bearer error="invalid_token"'),
    ({"Authorization": "Bearer"}, 'Bearer error="invalid_token"'),
    ({"Authorization": f"Bearer {READ_TOKEN}"}, 'Bearer error="invalid_token"'),
]


def post(client, path, body, headers):
    if body is None:
        return client.post(path, files={"file": ("a.jsonl", b'{"type": "meet"}\n')}, headers=headers)
    return client.post(path, json=body, headers=headers)


def test_a_write_without_the_token_or_with_a_wrong_one_is_refused_and_nothing_is_written(client, seeded, dtl):
    before = dtl.position()
    for path, body in WRITES:
        for headers, challenge in WRONG:
            refused = problem(post(client, path, body, headers), 401, "authorization")
            assert refused["type"] == "urn:dtl:problem:unauthorized"
            assert refused.get("detail") and TOKEN not in str(refused)
            assert post(client, path, body, headers).headers["WWW-Authenticate"] == challenge
    assert dtl.position() == before


def test_the_token_is_checked_before_the_body_is_read(client):
    unauthorised = client.post(
        "/v1/actions", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    problem(unauthorised, 401)


def test_any_of_the_configured_tokens_may_write(client):
    for token in (TOKEN, OTHER_TOKEN):
        body = {"type": "meet", "by": "TUR", "target": "GRC", "on": "2024-07-30", "note": token[-4:]}
        assert (
            client.post("/v1/actions", json=body, headers={"Authorization": f"bearer {token}"}).status_code
            == 201
        )


def test_a_server_without_write_tokens_refuses_every_write_and_says_why(dtl):
    from fastapi.testclient import TestClient

    with TestClient(create_app(dtl, Settings())) as client:
        for path, body in WRITES:
            refused = problem(post(client, path, body, WRITE), 503)
            assert (
                refused["type"] == "urn:dtl:problem:writes-disabled" and "DTL_API_TOKENS" in refused["detail"]
            )
        assert client.get("/v1/catalogue").status_code == 200, "reads stay open"


def test_with_a_read_token_reads_need_it_or_a_write_token(dtl):
    from fastapi.testclient import TestClient

    settings = Settings(write_tokens=(TOKEN,), read_token=READ_TOKEN)
    with TestClient(create_app(dtl, settings)) as client:
        url = "/v1/state?x=NATO&y=ISR&at=2024-03-01"
        challenge = problem(client.get(url), 401, "authorization")
        assert (
            challenge["detail"] == "authorization: reading needs a bearer token (Authorization: Bearer ...)"
        )
        problem(client.get(url, headers={"Authorization": "Bearer wrong"}), 401)
        problem(client.get("/v1/events/stream", headers={"Authorization": "Bearer wrong"}), 401)
        assert client.get(url, headers={"Authorization": f"Bearer {READ_TOKEN}"}).status_code == 200
        assert client.get(url, headers=WRITE).status_code == 200
        problem(post(client, *WRITES[0], {"Authorization": f"Bearer {READ_TOKEN}"}), 401)
        doc = client.get("/openapi.json").json()
        assert doc["paths"]["/v1/state"]["get"]["security"] == [{"bearer": []}]


def test_a_token_in_the_url_is_refused_since_urls_are_logged(client):
    problem(client.get("/v1/catalogue", params={"access_token": TOKEN}), 400, "query")
    problem(client.post("/v1/actions?token=" + TOKEN, json=WRITES[0][1]), 400, "query")


def test_tokens_are_compared_whole_against_every_configured_one():
    assert matches(TOKEN, (OTHER_TOKEN, TOKEN)) and matches(OTHER_TOKEN, (OTHER_TOKEN, TOKEN))
    assert (
        not matches(TOKEN[:-1], (TOKEN,)) and not matches(TOKEN + "x", (TOKEN,)) and not matches("", (TOKEN,))
    )
    assert not matches(TOKEN, ())


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_tokens_never_appear_in_the_servers_logs(app, caplog):
    """A real uvicorn server, its access log on, every logger at DEBUG: write, read and fail
    with tokens; the captured log lines name the requests but never a token."""
    caplog.set_level(logging.DEBUG)
    with LiveServer(app, access_log=True) as server, httpx.Client(base_url=server.url, timeout=10) as http:
        assert http.post("/v1/actions", json=WRITES[0][1], headers=WRITE).status_code == 201
        assert (
            http.post(
                "/v1/actions", json=WRITES[0][1], headers={"Authorization": f"Bearer {OTHER_TOKEN}"}
            ).status_code
            == 200
        )
        assert http.post("/v1/actions", json={"type": "nonsense"}, headers=WRITE).status_code == 422
        assert http.get("/v1/catalogue", headers=WRITE).status_code == 200
        assert (
            http.post(
                "/v1/actions", json=WRITES[0][1], headers={"Authorization": f"Bearer {TOKEN}x"}
            ).status_code
            == 401
        )
        assert http.get("/v1/catalogue", params={"token": TOKEN}).status_code == 400
    server_side = [
        r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))
    ]  # not our client
    logged = "\n".join(record.getMessage() for record in server_side)
    assert '"POST /v1/actions HTTP/1.1" 201' in logged, "the access log was captured"
    assert TOKEN not in logged and OTHER_TOKEN not in logged
    assert '"GET /v1/catalogue?token=*** HTTP/1.1" 400' in logged, "a token put in a URL is masked"
    for record in server_side:
        assert TOKEN not in repr(record.args) and TOKEN not in str(record.msg)
