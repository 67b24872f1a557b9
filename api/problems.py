"""Errors as RFC 9457 problem details, mapped in one place (as cli/main.py maps exit codes).

`detail` is the line the CLI prints after `dtl: `; `field` names what was wrong (the CLI's
own field names: `at`, `as-known-at`, `by`, `source.grade`, ...), `line` the line of an
imported file, `conflicting` the ids of the events a conflict names.
"""

from __future__ import annotations

import logging
from typing import Any

import orjson
from eventsourcing.persistence import PersistenceError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from dtl.application.persistence import redact
from dtl.domain.errors import Conflict, DtlError, InvalidInput, NotFound, StoreUnusable

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("dtl.api")

# kind -> (status, title); the type URI is urn:dtl:problem:<kind> (see docs/api.md)
KINDS: dict[str, tuple[int, str]] = {
    "bad-request": (400, "Malformed request"),
    "unauthorized": (401, "Missing or wrong bearer token"),
    "not-found": (404, "Not found"),
    "method-not-allowed": (405, "Method not allowed"),
    "conflict": (409, "Conflicts with the timeline"),
    "payload-too-large": (413, "Request body too large"),
    "unsupported-media-type": (415, "Unsupported media type"),
    "invalid-input": (422, "Invalid input"),
    "internal-error": (500, "Internal error"),
    "store-unusable": (503, "Store unreachable or unusable"),
    "writes-disabled": (503, "This server accepts no writes"),
}
_BY_STATUS = {400: "bad-request", 401: "unauthorized", 404: "not-found", 405: "method-not-allowed",
              409: "conflict", 413: "payload-too-large", 415: "unsupported-media-type",
              422: "invalid-input", 503: "store-unusable"}  # fmt: skip


class Problem(BaseModel):
    """An error, as RFC 9457 problem details (media type application/problem+json)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "urn:dtl:problem:invalid-input",
                    "title": "Invalid input",
                    "status": 422,
                    "detail": "at: '2024-13-01' is not a real date (month must be in 1..12)",
                    "field": "at",
                },
                {
                    "type": "urn:dtl:problem:conflict",
                    "title": "Conflicts with the timeline",
                    "status": 409,
                    "detail": "conflict: partnership on ISR-NATO is already partners since 1994-12 by "
                    "5d0705fe (establish-partnership, 1994-12): a duplicate",
                    "conflicting": ["5d0705fe-8028-5f6d-9c43-f09f19b2a783"],
                },
            ]  # fmt: skip
        }
    )

    type: str = Field(description="urn:dtl:problem:<kind>; the kinds are listed in docs/api.md")
    title: str
    status: int
    detail: str = Field(description="One line: what the CLI prints after 'dtl: '.")
    field: str | None = Field(default=None, description="The input at fault, named as the CLI names it.")
    line: int | None = Field(default=None, description="The line of an uploaded file.")
    conflicting: list[str] | None = Field(default=None, description="Ids of the events a conflict names.")


class ApiProblem(Exception):
    """A refusal by the HTTP layer itself (auth, body size, content type, malformed JSON)."""

    def __init__(
        self, kind: str, detail: str, field: str | None = None, headers: dict[str, str] | None = None
    ):
        super().__init__(detail)
        self.kind, self.detail, self.field, self.headers = kind, detail, field, headers or {}


def one_line(message: str) -> str:
    """The same normalisation as the CLI's error line (cli/main.py `_fail`): one line,
    unprintable characters escaped, at most 500 characters."""
    text = " ".join(message.split())
    text = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
    return text[:500]


def problem_response(
    kind: str,
    detail: str,
    *,
    field: str | None = None,
    headers: dict[str, str] | None = None,
    status: int | None = None,
    **extra: Any,
) -> Response:
    default_status, title = KINDS[kind]
    status = status or default_status
    body: dict[str, Any] = {"type": f"urn:dtl:problem:{kind}", "title": title, "status": status,
                            "detail": one_line(detail)}  # fmt: skip
    if field is not None:
        body["field"] = field
    body.update({k: v for k, v in extra.items() if v is not None})
    return Response(orjson.dumps(body), status_code=status, media_type=PROBLEM_JSON, headers=headers)


def install(app: FastAPI) -> None:
    """Every error a request can meet becomes a problem; nothing but a bug gives a 500."""

    @app.exception_handler(InvalidInput)
    async def invalid(_: Request, exc: InvalidInput) -> Response:
        kind = "not-found" if isinstance(exc, NotFound) else "invalid-input"
        return problem_response(kind, str(exc), field=exc.field, line=exc.line)

    @app.exception_handler(Conflict)
    async def conflict(_: Request, exc: Conflict) -> Response:
        return problem_response("conflict", str(exc), line=exc.line, conflicting=list(exc.conflicting))

    @app.exception_handler(StoreUnusable)
    async def unusable(_: Request, exc: StoreUnusable) -> Response:
        return problem_response("store-unusable", f"store: {exc}")

    @app.exception_handler(DtlError)
    async def other(_: Request, exc: DtlError) -> Response:
        return problem_response("invalid-input", str(exc))

    @app.exception_handler(PersistenceError)
    async def store(_: Request, exc: PersistenceError) -> Response:
        log.warning("store error: %s", redact(str(exc)) or type(exc).__name__)
        return problem_response("store-unusable", f"store: {redact(str(exc)) or type(exc).__name__}")

    @app.exception_handler(ApiProblem)
    async def api_problem(_: Request, exc: ApiProblem) -> Response:
        return problem_response(exc.kind, exc.detail, field=exc.field, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def request_invalid(_: Request, exc: RequestValidationError) -> Response:
        error = exc.errors()[0] if exc.errors() else {}
        loc = [str(p) for p in error.get("loc", ())]
        if loc and loc[0] in ("query", "path", "header", "body", "cookie"):
            loc = loc[1:]
        field = ".".join(loc) or "request"
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        if error.get("type") == "missing":
            message = "is required"
        if error.get("type") == "json_invalid":
            return problem_response("bad-request", f"body: is not valid JSON ({message})", field="body")
        return problem_response("invalid-input", f"{field}: {message}", field=field)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> Response:
        kind = _BY_STATUS.get(exc.status_code, "bad-request")
        detail = exc.detail if isinstance(exc.detail, str) else KINDS[kind][1]
        return problem_response(kind, detail, headers=dict(exc.headers or {}), status=exc.status_code)

    @app.exception_handler(Exception)
    async def bug(_: Request, exc: Exception) -> Response:  # logged by the server with its traceback
        return problem_response("internal-error", "an internal error; the server log has the details")
