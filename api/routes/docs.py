"""The interactive documentation, served whole from this server: /docs (Swagger UI) and /redoc
(ReDoc) load their scripts and styles from /docs/assets, files the `fastapi-offline` package
ships, so both pages work on a machine with no network (FastAPI's own pages load them from a
CDN, and render blank offline)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from fastapi import APIRouter, HTTPException, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from starlette.responses import HTMLResponse, Response

router = APIRouter(include_in_schema=False)

ASSETS = {  # name -> media type: the only files served from the package's folder
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "text/javascript",
    "favicon.png": "image/png",
}
TITLE = "dtl — the diplomatic timeline"
# ReDoc's one file from elsewhere: the logo of its footer, an image it hides when it fails to
# load. An empty address fails at once, without asking the network.
REDOC_LOGO = b'"https://cdn.redoc.ly/redoc/logo-mini.svg"'


def _asset(request: Request, name: str) -> str:
    return f"{request.scope.get('root_path', '')}/docs/assets/{name}"


@router.get("/docs")
async def swagger_ui(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url=f"{request.scope.get('root_path', '')}/openapi.json",
        title=f"{TITLE} — API",
        swagger_js_url=_asset(request, "swagger-ui-bundle.js"),
        swagger_css_url=_asset(request, "swagger-ui.css"),
        swagger_favicon_url=_asset(request, "favicon.png"),
        swagger_ui_parameters={"validatorUrl": None},  # no badge fetched from swagger.io
    )


@router.get("/redoc")
async def redoc(request: Request) -> HTMLResponse:
    return get_redoc_html(
        openapi_url=f"{request.scope.get('root_path', '')}/openapi.json",
        title=f"{TITLE} — API",
        redoc_js_url=_asset(request, "redoc.standalone.js"),
        redoc_favicon_url=_asset(request, "favicon.png"),
        with_google_fonts=False,
    )


@router.get("/docs/assets/{name}")
async def asset(name: str) -> Response:
    media_type = ASSETS.get(name)
    if media_type is None:
        raise HTTPException(status_code=404, detail=f"no documentation asset {name[:60]!r}")
    return Response(_content(name), media_type=media_type, headers={"Cache-Control": "public, max-age=86400"})


@cache
def _content(name: str) -> bytes:
    content = resources.files("fastapi_offline").joinpath("static", name).read_bytes()
    return content.replace(REDOC_LOGO, b'""') if name == "redoc.standalone.js" else content
