"""GET /v1/events/stream: server-sent events of what happens to actions, from a log position.

Each event's `id:` is its log position, `event:` its kind (recorded, corrected, retracted,
corroborated), `data:` a JSON object (application/feed.py). A client resumes by sending the
last id it saw as Last-Event-ID (browsers' EventSource do so by themselves), which wins over
`after`; without either, the stream starts at the current position (only what comes next).
The server looks at the log every DTL_API_STREAM_POLL seconds (0.5) when there is nothing
new, and sends a comment line as keep-alive every DTL_API_STREAM_PING seconds (15). The stream
ends when the client goes away, or cleanly (its last chunk sent) when the server stops.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Annotated

import anyio
import orjson
from fastapi import APIRouter, Depends, Header, Query, Request
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from dtl.api.auth import require_read
from dtl.api.routes.parameters import Whole
from dtl.api.schemas import READ_ERRORS
from dtl.api.service import POSITION_HEADER, Service
from dtl.api.settings import Settings
from dtl.application.feed import events_after
from dtl.domain.errors import InvalidInput

router = APIRouter(prefix="/v1", dependencies=[Depends(require_read)], responses=READ_ERRORS, tags=["stream"])

STREAM_RESPONSE = {
    200: {
        "description": "A text/event-stream that stays open.",
        "content": {
            "text/event-stream": {
                "schema": {"type": "string"},
                "example": (
                    'id: 89\nevent: recorded\ndata: {"kind":"recorded","position":89,"id":"...",'
                    '"type":"threaten","by":["TUR"],"target":"ISR","forum":null,"on":"2024-08-02",'
                    '"revision":1,"recorded_at":"..."}\n\n'
                ),
            }
        },
    }
}


_POSITION = re.compile(r"[0-9]{1,18}")  # ASCII digits: str.isdigit() would take '²' (and int() not)


def start_position(after: int | None, last_event_id: str | None, current: int) -> int:
    if last_event_id is not None and last_event_id.strip():
        text = last_event_id.strip()
        if not _POSITION.fullmatch(text):
            raise InvalidInput("Last-Event-ID", "is the id of an event this stream sent: a log position")
        return int(text)
    return current if after is None else after


@router.get(
    "/events/stream",
    summary="Live events from a log position (server-sent events)",
    response_class=EventSourceResponse,
    responses=STREAM_RESPONSE,
)
async def stream(
    request: Request,
    after: Annotated[
        int | None,
        Query(
            ge=0,
            le=10**18,
            description="Send the events after this log position "
            "(0: from the beginning). Default: from now on.",
        ),
        Whole,
    ] = None,
    last_event_id: Annotated[
        str | None,
        Header(alias="Last-Event-ID", description="Resume after this event id; wins over `after`."),
    ] = None,
) -> EventSourceResponse:
    service: Service = request.app.state.service
    settings: Settings = request.app.state.settings
    resuming = after is not None or bool(last_event_id and last_event_id.strip())
    current = 0 if resuming else await run_in_threadpool(service.call, lambda d: d.position())
    start = start_position(after, last_event_id, current)
    shutdown = anyio.Event()  # set by sse-starlette when the server stops: the stream ends cleanly
    return EventSourceResponse(
        _events(service, settings, start, shutdown),
        ping=settings.stream_ping_seconds,
        shutdown_event=shutdown,
        shutdown_grace_period=2.0,
        headers={POSITION_HEADER: str(start)},
    )


async def _events(
    service: Service, settings: Settings, position: int, shutdown: anyio.Event
) -> AsyncIterator[ServerSentEvent]:
    while not shutdown.is_set():
        batch = await run_in_threadpool(
            service.call, lambda dtl, after=position: events_after(dtl.store, after, settings.stream_batch)
        )
        for event in batch["events"]:
            yield ServerSentEvent(
                data=orjson.dumps(event).decode(), event=event["kind"], id=str(event["position"])
            )
        if batch["scanned_to"] == position:  # nothing new: look again after a while, or stop
            with anyio.move_on_after(settings.stream_poll_seconds):
                await shutdown.wait()
        position = batch["scanned_to"]
