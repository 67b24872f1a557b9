"""The HTTP API: a thin layer over the same facade the CLI uses (see docs/api.md).

    from dtl.api import create_app
    app = create_app(Dtl(store))          # the caller owns the facade and closes it

Routes ask the facade and return its plain data; errors are mapped to problem details in one
place (api/problems.py); a small pool of facades on the caller's store serves several requests
at once, each facade one request at a time (api/service.py), and the questions that are large
by their parameters are answered in a worker process beside the server's (api/large.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from dtl.api import problems
from dtl.api.limits import BodyLimit
from dtl.api.logs import mask_url_secrets
from dtl.api.schemas import envelope_components, input_components
from dtl.api.service import KnownAnswers, Opener, Service
from dtl.api.settings import Settings

if TYPE_CHECKING:
    from dtl.application.facade import Dtl

DESCRIPTION = """\
dtl, the diplomatic timeline, over HTTP: what held between X and Y on day D, and why — and what
did we know on day K? The same answers as the `dtl` CLI (`--json`), from the same store.

Reads are open unless the server sets `DTL_API_READ_TOKEN`; writes need
`Authorization: Bearer <token>` with one of `DTL_API_TOKENS`. Errors are RFC 9457 problem
details. Every read answer carries the log position it reflects (`X-Dtl-Position`) and an ETag;
send it back as `If-None-Match` for a cheap 304 while nothing was recorded. See docs/api.md.
"""


def create_app(dtl: Dtl, settings: Settings | None = None, opener: Opener | None = None) -> FastAPI:
    """The app over `dtl`, the first facade of its pool. `opener` opens another facade on the
    same store when every one is busy (default: the same location and clock as `dtl`); the app
    closes those, and stops its worker processes, when it shuts down (or
    `app.state.service.close()`); the caller closes `dtl`."""
    from dtl.api.routes import charts, docs, questions, stream, web, what_if, writes

    settings = settings or Settings.from_env()
    mask_url_secrets()
    service = Service(dtl, settings, opener)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()

    app = FastAPI(
        title="dtl — the diplomatic timeline",
        version="1",
        description=DESCRIPTION,
        docs_url=None,  # /docs and /redoc: api/routes/docs.py, with no CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.service = service
    app.state.settings = settings
    problems.install(app)
    for module in (questions, what_if, charts, writes, stream, web, docs):  # web: the explorer at /
        app.include_router(module.router)
    app.add_middleware(BodyLimit, body_limit=settings.max_body_bytes, upload_limit=settings.max_upload_bytes)
    app.add_middleware(KnownAnswers, service=service)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, plus the domain's input models and the envelopes as components,
    the problem schema, and the bearer scheme on the write routes."""
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(input_components())
    schemas.update(envelope_components())
    schemas["Problem"] = problems.Problem.model_json_schema()
    doc["components"]["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer", "description": "One of DTL_API_TOKENS (writes); "
                   "DTL_API_READ_TOKEN or a write token (reads, when the server sets a read token)."},
    }  # fmt: skip
    for path in doc["paths"].values():
        for method, operation in path.items():
            if method == "post" or app.state.settings.read_token is not None:
                operation["security"] = [{"bearer": []}]
    app.openapi_schema = doc
    return doc
