"""What the API tests share: tokens, the seed story, problem checks, a live server.

The socket of a LiveServer is bound and listening before its thread starts, so a client may
connect at once: the kernel queues the connection until uvicorn accepts it. Nothing waits on
a clock.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import uvicorn

from dtl.application import seed_story
from dtl.application.facade import Dtl

TOKEN = "write-token-1-4b8f0c2e9d6a7b3c"
OTHER_TOKEN = "write-token-2-77d1e0a5c3b2f9e8"
READ_TOKEN = "read-token-0c1d2e3f4a5b6c7d"
WRITE = {"Authorization": f"Bearer {TOKEN}"}


def record_seed_story(dtl: Dtl) -> dict[str, str]:
    """The demo's story: NATO's history, then the report of 2024-08-01; the report's ids by type."""
    dtl.import_lines([(n, json.dumps(a)) for n, a in enumerate(seed_story.background(), 1)])
    ids = {}
    for action in seed_story.report():
        result = dtl.record(action)
        ids.setdefault(action["type"], (result["recorded"] or result["already_recorded"])[0])
    return ids


def problem(response, status: int, field: str | None = None) -> dict[str, Any]:
    """The response is an RFC 9457 problem with this status (and field); its body."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"] == "application/problem+json", response.headers
    body = response.json()
    assert body["status"] == status and body["type"].startswith("urn:dtl:problem:"), body
    assert body["title"] and body["detail"] and "\n" not in body["detail"], body
    if field is not None:
        assert body.get("field") == field, body
    return body


class LiveServer:
    def __init__(self, app, access_log: bool = False):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        # log_config=None: uvicorn's loggers propagate to the root logger, where caplog sees them.
        config = uvicorn.Config(app, log_config=None, access_log=access_log, lifespan="off",
                                timeout_graceful_shutdown=2)  # fmt: skip
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()
        assert not self.thread.is_alive(), "the server did not stop"


def events(lines: Iterator[str], count: int, comments: list[str] | None = None) -> list[dict]:
    """The next `count` events of a text/event-stream, as {id, event, data}."""
    found: list[dict] = []
    current: dict = {}
    for line in lines:
        if line.startswith(":"):
            if comments is not None:
                comments.append(line)
            continue
        if line == "":
            if current:
                found.append({**current, "data": json.loads(current["data"])})
                current = {}
                if len(found) == count:
                    return found
            continue
        name, _, value = line.partition(":")
        current[name] = value.removeprefix(" ")
    raise AssertionError(f"the stream ended after {len(found)} of {count} events")
