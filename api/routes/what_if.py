"""POST /v1/what-if: a question as if some actions had been recorded or retracted (see
application/what_if.py). A read: it needs the read token, never a write token, and stores nothing."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dtl.api.auth import require_read
from dtl.api.routes.parameters import service
from dtl.api.routes.writes import envelope, read_json
from dtl.api.schemas import WhatIfIn, errors, json_body
from dtl.api.service import json_response

# A read that takes a body: a read's errors, and a body's (409: the rules would refuse it).
router = APIRouter(
    prefix="/v1",
    dependencies=[Depends(require_read)],
    responses=errors(400, 401, 404, 405, 409, 413, 415, 422, 503),
    tags=["questions"],
)


@router.post(
    "/what-if",
    summary="A question, as if some actions had been recorded or retracted",
    openapi_extra=json_body(
        "WhatIfIn",
        {"lift": {"value": WhatIfIn.model_config["json_schema_extra"]["examples"][0]}},
        "The question, its arguments, and what to suppose.",
    ),
)
async def what_if(request: Request) -> Response:
    """The answer carries `hypothetical` (what was supposed; `stored: false`). The rules are
    checked as for a real record: a refusal is a 409 saying the rules would refuse it."""
    body = envelope(WhatIfIn, await read_json(request))
    result = await run_in_threadpool(
        service(request).call, lambda d: d.what_if(body.question, body.arguments, body.suppose, body.without)
    )
    return json_response(result, result.get("position", 0), 200)
