"""The explorer's files over HTTP, without a browser: what `/` and `/web/<name>` answer, that the
page is open while reads need a token, that it loads nothing from elsewhere, and that the files
ship inside the package."""

from __future__ import annotations

import re
import warnings
from importlib import resources

import pytest

from dtl.api import Settings, create_app
from dtl.api.routes.web import ASSETS
from tests.api.support import READ_TOKEN, TOKEN, problem

with warnings.catch_warnings():  # starlette asks for httpx2, which this project does not use
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture
def client(sqlite_dtl):
    app = create_app(sqlite_dtl, Settings(write_tokens=(TOKEN,), read_token=READ_TOKEN))
    with TestClient(app) as http:
        yield http
    app.state.service.close()


def test_the_page_is_served_at_the_root_with_a_strict_content_security_policy(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
    assert '<script src="web/explorer.js" defer></script>' in page.text
    policy = page.headers["content-security-policy"]
    assert (
        "script-src 'self';" in policy and "connect-src 'self';" in policy and "default-src 'none'" in policy
    )
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize(
    ("name", "media_type"),
    [("explorer.js", "text/javascript; charset=utf-8"), ("explorer.css", "text/css; charset=utf-8")],
)
def test_the_script_and_the_style_are_served_from_the_package(client, name, media_type):
    answer = client.get(f"/web/{name}")
    assert answer.status_code == 200 and answer.headers["content-type"] == media_type
    assert answer.content == resources.files("dtl.api").joinpath("web", name).read_bytes()


def test_an_unchanged_file_asked_again_with_its_etag_is_a_304(client):
    first = client.get("/web/explorer.js")
    again = client.get("/web/explorer.js", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize("name", ["nothing.js", "..%2Fapp.py", "%2E%2E%2Froutes%2Fweb.py", "index.htm"])
def test_a_file_the_explorer_does_not_have_is_a_404_problem(client, name):
    problem(client.get(f"/web/{name}"), 404)


def test_the_page_is_open_while_every_read_needs_the_read_token(client):
    assert client.get("/").status_code == 200
    assert client.get("/web/explorer.js").status_code == 200
    problem(
        client.get("/v1/state", params={"x": "NATO", "y": "ISR", "at": "2024-03-01"}), 401, "authorization"
    )
    authorised = {"Authorization": f"Bearer {READ_TOKEN}"}
    assert client.get("/v1/actors", params={"search": "isr"}, headers=authorised).status_code == 200


def test_a_token_in_the_pages_query_is_refused_like_on_every_route(client):
    body = problem(client.get("/", params={"token": READ_TOKEN}), 400, "query")
    assert "never in the query" in body["detail"] and READ_TOKEN not in body["detail"]


def test_the_explorer_loads_nothing_from_another_server_and_asks_only_for_a_read_token():
    for name, asset in ASSETS.items():
        text = asset.body.decode()
        assert not re.search(r"""(src|href|url)\s*[=(]\s*["']?(https?:)?//""", text), name
        assert not re.search(r"fetch\(\s*[\"'`]https?:", text), name
    page = ASSETS["index.html"].body.decode()
    assert page.count('type="password"') == 1 and '<label for="token">Read token</label>' in page


def test_the_pages_routes_stay_out_of_the_api_document(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert "/" not in paths and not any(p.startswith("/web") for p in paths)
