"""One facade per server process, used by one request at a time.

The facade (and the library's recorders under it) is not made for concurrent use from many
threads, so every call holds one lock; routes are plain functions run off the event loop
(FastAPI's thread pool, or run_in_threadpool), so a slow query never stalls the stream or
other connections' I/O. Writes from other processes (the CLI, another server) are seen,
because every facade query catches the views up with the log first.

Reads carry the log position they reflect (X-Dtl-Position) and an ETag keyed on (position,
path and query): with If-None-Match, an unchanged answer costs one catch-up check (two
indexed reads) and a 304, without running the query.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson
from fastapi import Request
from starlette.responses import Response

if TYPE_CHECKING:
    from dtl.application.facade import Dtl

POSITION_HEADER = "X-Dtl-Position"
API_VERSION = "1"  # part of every ETag: a new release's answers never match an old tag

Present = Callable[[Any], tuple[bytes, str]]  # answer -> (body, media type)


def present_json(answer: Any) -> tuple[bytes, str]:
    return orjson.dumps(answer), "application/json"


class Service:
    def __init__(self, dtl: Dtl):
        self.dtl = dtl
        self.lock = threading.Lock()

    def read(self, request: Request, ask: Callable[[Dtl], Any], present: Present = present_json,
             salt: str = "") -> Response:  # fmt: skip
        """Answer a GET: 304 if the client's ETag still holds, else ask the facade.

        The position is taken after catching up and before asking, so the tag never claims
        more than the answer reflects: if another process appends meanwhile, the next
        request simply misses the tag and asks again."""
        with self.lock:
            self.dtl.catch_up()
            position = self.dtl.position()
            tag = etag(position, request, salt)
            headers = {POSITION_HEADER: str(position), "ETag": tag, "Cache-Control": "no-cache"}
            if _matches(request.headers.get("if-none-match"), tag):
                return Response(status_code=304, headers=headers)
            answer = ask(self.dtl)
        body, media_type = present(answer)  # charts are drawn outside the lock
        return Response(body, media_type=media_type, headers=headers)

    def write(self, do: Callable[[Dtl], Any]) -> tuple[Any, int]:
        """Run a write; (its result, the log position after it)."""
        with self.lock:
            result = do(self.dtl)
            return result, self.dtl.position()

    def call(self, do: Callable[[Dtl], Any]) -> Any:
        with self.lock:
            return do(self.dtl)


def etag(position: int, request: Request, salt: str = "") -> str:
    key = f"{API_VERSION}\n{request.url.path}\n{request.url.query}\n{salt}".encode()
    return f'"{position}-{hashlib.sha256(key).hexdigest()[:20]}"'


def _matches(header: str | None, tag: str) -> bool:
    if not header:
        return False
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == tag:
            return True
    return False


def json_response(
    answer: Any, position: int, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(orjson.dumps(answer), status_code=status, media_type="application/json",
                    headers={POSITION_HEADER: str(position), **(headers or {})})  # fmt: skip
