"""The web explorer: the page at `/` and its static files at `/web/<name>`, read from the package
(`dtl/api/web/`, installed as package data).

The page holds no data and no secret: it asks the /v1 routes like any client, with the read
token the user gives it (kept in the browser tab, sent as a bearer header). So it is served
to anyone, like /docs, and the reads behind it are guarded as always. A strict Content-Security-
Policy lets the page run only its own script and talk only to this server: nothing it shows (a
source's name, an SVG chart's titles) can run as code.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from typing import NamedTuple

from fastapi import APIRouter, Request
from starlette.responses import Response

from dtl.api.auth import is_token_param
from dtl.api.problems import ApiProblem

router = APIRouter(include_in_schema=False)

MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}

# Inline styles: the charts are matplotlib's SVG, drawn with style attributes; data: images are
# the fades inside them. Nothing else is loaded from anywhere but this server.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class Asset(NamedTuple):
    body: bytes
    media_type: str
    etag: str


def _assets() -> dict[str, Asset]:
    """Every file of dtl/api/web, read once: a handful of small files."""
    found = {}
    folder = resources.files("dtl.api").joinpath("web")
    for entry in folder.iterdir():
        suffix = "." + entry.name.rpartition(".")[2]
        if entry.is_file() and suffix in MEDIA_TYPES:
            body = entry.read_bytes()
            found[entry.name] = Asset(body, MEDIA_TYPES[suffix], f'"{hashlib.sha256(body).hexdigest()[:20]}"')
    return found


ASSETS = _assets()


def _serve(request: Request, name: str) -> Response:
    if any(is_token_param(p) for p in request.query_params):
        # The page reads a token from the fragment (#token=...), which never reaches a server.
        raise ApiProblem(
            "bad-request",
            "tokens go in the page's Read token field or after # in its address, never in the query "
            "(URLs are logged)",
            field="query",
        )
    asset = ASSETS.get(name)
    if asset is None:
        raise ApiProblem("not-found", f"no such file of the web explorer: {name!r}")
    # Always revalidated (no-cache), so a new release's page is seen at once; a 304 costs nothing.
    headers = {
        "ETag": asset.etag,
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": CSP,
        "Referrer-Policy": "no-referrer",
    }
    if asset.etag in (request.headers.get("if-none-match") or ""):
        return Response(status_code=304, headers=headers)
    return Response(asset.body, media_type=asset.media_type, headers=headers)


@router.get("/")
async def page(request: Request) -> Response:
    """The explorer's page."""
    return _serve(request, "index.html")


@router.get("/web/{name}")
async def asset(request: Request, name: str) -> Response:
    """One of its files (a name, never a path: nothing outside dtl/api/web is reachable)."""
    return _serve(request, name)
