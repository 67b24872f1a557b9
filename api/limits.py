"""A bound on every request body, enforced while it arrives (a chunked upload has no
Content-Length to check up front): uploads to /v1/imports up to the configured size, any other
body up to 1 MiB. Over the bound, the request is refused with 413 before more is read."""

from __future__ import annotations

from typing import Any

from dtl.api.problems import ApiProblem, problem_response

UPLOAD_PATHS = ("/v1/imports",)


class BodyTooLarge(ApiProblem):
    def __init__(self, limit: int):
        super().__init__(
            "payload-too-large",
            f"body: larger than this server accepts ({_size(limit)})",
            field="body",
            # Without it the server would keep reading (and discarding) the rest of a chunked body.
            headers={"Connection": "close"},
        )


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MiB" if n >= 1024 * 1024 else f"{n} bytes"


class BodyLimit:
    """Pure ASGI middleware: counts the body as the app reads it; raises BodyTooLarge (a
    problem the app's handlers answer) once past the bound."""

    def __init__(self, app: Any, body_limit: int, upload_limit: int):
        self.app, self.body_limit, self.upload_limit = app, body_limit, upload_limit

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_limit if scope["path"] in UPLOAD_PATHS else self.body_limit
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            response = problem_response("payload-too-large", str(BodyTooLarge(limit)), field="body",
                                        headers={"Connection": "close"})  # fmt: skip
            await response(scope, receive, send)
            return
        seen = 0

        async def counted() -> dict:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted, send)


def _content_length(scope: dict) -> int | None:
    """The declared length, when it is ASCII digits (int() would also take b' 12', b'1_000',
    b'+5'); anything else is left to the server, and the body is counted as it arrives."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return int(value) if value.isdigit() and len(value) <= 18 else None
    return None
