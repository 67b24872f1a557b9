"""Writes: record, correct, retract, corroborate, import. Each needs a write token, checked
before the body is read; the body goes to the facade as it came, so validation and its
messages are the CLI's. 201 when the call added an event, 200 when the store already held it.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Path, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import ClientDisconnect
from starlette.responses import Response

from dtl.api.auth import require_write
from dtl.api.problems import ApiProblem
from dtl.api.routes.parameters import service
from dtl.api.schemas import (
    CORRECTION_EXAMPLES,
    RECORD_EXAMPLES,
    RETRACTION_EXAMPLES,
    SOURCE_EXAMPLES,
    UPLOAD_BODY,
    WRITE_ERRORS,
    Corrected,
    CorrectionIn,
    Corroborated,
    Imported,
    Linked,
    LinkIn,
    Recorded,
    Retracted,
    RetractionIn,
    json_body,
)
from dtl.api.service import json_response
from dtl.application.importers.formats import NAMES as FORMAT_NAMES
from dtl.domain.errors import InvalidInput

router = APIRouter(
    prefix="/v1", dependencies=[Depends(require_write)], responses=WRITE_ERRORS, tags=["writes"]
)

ActionId = Annotated[
    str,
    Path(alias="id", description="The action's id (its first 4+ characters will do).", examples=["ed82fdc8"]),
]
ALREADY = {"description": "The store held it already: nothing was written."}


def _by(request: Request) -> str | None:
    """Who writes: the name of the token the request carried (api/auth.py require_write)."""
    return getattr(request.state, "principal", None)


async def read_json(request: Request) -> Any:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        raise ApiProblem(
            "unsupported-media-type", "content-type: send the body as application/json", field="content-type"
        )
    try:
        body = await request.body()
    except ClientDisconnect:  # the client went away mid-body: nobody to answer, and not our bug
        raise ApiProblem(
            "bad-request", "body: the client went away before sending it all", field="body"
        ) from None
    if not body.strip():
        raise ApiProblem("bad-request", "body: is empty; send a JSON object", field="body")
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise ApiProblem("bad-request", f"body: is not valid JSON ({exc})", field="body") from None


def envelope(model: type[BaseModel], body: Any) -> Any:
    """The request's own shape (an object with these keys and types); the values inside are
    the facade's to judge."""
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        errors = []
        for e in exc.errors(include_url=False):
            if e.get("type") == "extra_forbidden":
                e = {
                    **e,
                    "msg": f"is not a field of this request (the fields: {', '.join(model.model_fields)})",
                }
            errors.append({**e, "loc": ("body", *e.get("loc", ()))})
        raise RequestValidationError(errors) from None


@router.post(
    "/actions",
    status_code=201,
    response_model=Recorded,
    summary="Record an action",
    responses={200: {**ALREADY, "model": Recorded}},
    openapi_extra=json_body(
        "ActionInput", RECORD_EXAMPLES, "The fields of `dtl record` (and of a JSONL line)."
    ),
)
async def record(request: Request) -> Response:
    """Record one diplomatic action (several initiators: one atomic action). The rules are checked
    at the action's own date; a conflict names the conflicting event (409). Recording the same
    action again (same idempotency key) writes nothing and answers 200 with `already_recorded`."""
    raw = await read_json(request)
    result, position = await run_in_threadpool(service(request).write, lambda d: d.record(raw, _by(request)))
    ids = result["recorded"] or result["already_recorded"]
    headers = {"Location": f"/v1/actions/{ids[0]}"} if len(ids) == 1 else None
    return json_response(result, position, 201 if result["recorded"] else 200, headers)


@router.post(
    "/actions/{id}/corrections",
    status_code=201,
    response_model=Corrected,
    summary="Correct an action",
    openapi_extra=json_body("CorrectionIn", CORRECTION_EXAMPLES, "The fields set anew, and why."),
)
async def correct(request: Request, action_id: ActionId) -> Response:
    """A new revision of the action's date or details; the original stays in the log. Who acted
    and on whom cannot be corrected: retract, and record the right action."""
    body = envelope(CorrectionIn, await read_json(request))
    result, position = await run_in_threadpool(
        service(request).write,
        lambda d: d.correct(action_id, body.changes, body.reason, body.source, _by(request)),
    )
    return json_response(result, position, 201, {"Location": f"/v1/actions/{result['corrected']}"})


@router.post(
    "/actions/{id}/retraction",
    status_code=201,
    response_model=Retracted,
    summary="Retract an action",
    openapi_extra=json_body("RetractionIn", RETRACTION_EXAMPLES, "Why it is withdrawn from the record."),
)
async def retract(request: Request, action_id: ActionId) -> Response:
    """Answers stop counting the action; asked `as_known_at` before, they still show it."""
    body = envelope(RetractionIn, await read_json(request))
    result, position = await run_in_threadpool(
        service(request).write, lambda d: d.retract(action_id, body.reason, body.source, _by(request))
    )
    return json_response(result, position, 201, {"Location": f"/v1/actions/{result['retracted']}"})


@router.post(
    "/actions/{id}/links",
    status_code=201,
    response_model=Linked,
    summary="Link: the action answered another",
    responses={200: {**ALREADY, "model": Linked}},
    openapi_extra=json_body(
        "LinkIn", {"answer": {"value": {"responds_to": "b0dbde6e"}}}, "The action it answered."
    ),
)
async def link(request: Request, action_id: ActionId) -> Response:
    """A causal link, as a new event: the action answered another (`dtl why` follows it). A link
    that would close a cycle is a 409 naming the cycle; the same link twice adds nothing (200)."""
    body = envelope(LinkIn, await read_json(request))
    result, position = await run_in_threadpool(
        service(request).write, lambda d: d.link(action_id, body.responds_to, _by(request))
    )
    return json_response(result, position, 201 if result["new"] else 200)


@router.post(
    "/actions/{id}/sources",
    status_code=201,
    response_model=Corroborated,
    summary="Corroborate: add a source",
    responses={200: {**ALREADY, "model": Corroborated}},
    openapi_extra=json_body("Source", SOURCE_EXAMPLES, "One more source for the action."),
)
async def corroborate(request: Request, action_id: ActionId) -> Response:
    """One more source, as a new event: the action is unchanged, the record of who says so grows.
    The same source twice adds nothing (200, `new: false`)."""
    source = await read_json(request)
    if not isinstance(source, dict):
        raise InvalidInput("source", 'send the source as a JSON object: {"name": ..., "grade": ...}')
    result, position = await run_in_threadpool(
        service(request).write, lambda d: d.corroborate(action_id, source, _by(request))
    )
    return json_response(result, position, 201 if result["new"] else 200)


@router.post(
    "/imports",
    status_code=201,
    response_model=Imported,
    summary="Import a file",
    responses={
        200: {"description": "Nothing new: every row was already recorded (or skipped).", "model": Imported}
    },
    openapi_extra=UPLOAD_BODY,
)
async def import_file(request: Request) -> Response:
    """Upload a file as multipart/form-data (`file`, and `format` if it cannot be guessed), as
    `dtl import` takes it: dtl's own JSONL/CSV all or nothing, with the rules; GDELT and ICEWS
    rows as observations, in batches, duplicates and unresolvable rows counted. The size is
    bounded (DTL_API_MAX_UPLOAD_MB, default 64)."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "multipart/form-data":
        raise ApiProblem(
            "unsupported-media-type",
            "content-type: upload the file as multipart/form-data",
            field="content-type",
        )
    try:
        form = await request.form(max_files=1, max_fields=4)
    except ApiProblem:
        raise
    except Exception as exc:  # python-multipart's and starlette's parse errors
        raise ApiProblem(
            "bad-request", f"body: cannot read the upload ({str(exc)[:200]})", field="body"
        ) from None
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InvalidInput("file", "upload the file as the form field 'file'")
        fmt = form.get("format")
        if fmt is not None and (not isinstance(fmt, str) or not fmt.strip()):
            raise InvalidInput("format", f"use one of {', '.join(FORMAT_NAMES)}")
        path = await _spool(upload)
        try:
            result, position = await run_in_threadpool(
                service(request).write,
                lambda d: d.import_file(path, fmt.strip().lower() if fmt else None, None, _by(request)),
            )
        finally:
            os.unlink(path)
    finally:
        await form.close()
    return json_response(result, position, 201 if result["imported"] else 200)


async def _spool(upload: UploadFile) -> str:
    """The upload in a named temporary file (the importers read a path); keeps the name's suffix
    (a .zip is told by its content anyway)."""
    suffix = "".join(FilePath(upload.filename or "upload").suffixes[-2:])
    suffix = suffix if re.fullmatch(r"(\.[A-Za-z0-9]{1,8}){0,2}", suffix) else ""
    fd, path = tempfile.mkstemp(prefix="dtl-upload-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := await upload.read(1024 * 1024):
                out.write(chunk)
    except BaseException:
        os.unlink(path)
        raise
    return path
