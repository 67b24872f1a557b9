"""dtl serve: the HTTP API (api/) on the configured store, with uvicorn."""

from __future__ import annotations

import errno
import signal
import socket
import sys
from typing import Annotated

import typer

from dtl.cli.context import facade
from dtl.domain.errors import InvalidInput

SWITCH_INTERVAL = 0.001  # seconds (Python's default: 0.005)


def serve(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(
            "--host", help="The address to listen on; 0.0.0.0 listens on every interface (put TLS in front)."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="The TCP port.")] = 8080,
) -> None:
    """Serve the timeline over HTTP: the same questions and writes as the CLI, as JSON, and a
    live stream of new events (see docs/api.md; the OpenAPI document is at /openapi.json and
    an interactive page at /docs).

    Reads are open unless DTL_API_READ_TOKEN is set. Writes need a bearer token from
    DTL_API_TOKENS (comma-separated; without it the server refuses every write).

    Example:

      export DTL_API_TOKENS=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')

      dtl serve &

      curl 'http://127.0.0.1:8080/v1/state?x=NATO&y=ISR&at=2024-03-01'

      curl -H "Authorization: Bearer $DTL_API_TOKENS" -H 'Content-Type: application/json'
        -d '{"type": "threaten", "by": "TUR", "target": "ISR", "on": "2024-07", "kind": "military"}'
        http://127.0.0.1:8080/v1/actions

      curl -N 'http://127.0.0.1:8080/v1/events/stream?after=0'
    """
    import uvicorn

    from dtl.api import Settings, create_app
    from dtl.application.facade import Dtl

    settings = Settings.from_env()  # a wrong DTL_API_* setting stops here (exit 2), one line naming it
    dtl = facade(ctx)  # a store that cannot be used stops here (exit 3), before the port is taken
    sock = _bind(host, port)
    store = ctx.ensure_object(dict).get("store")
    app = create_app(dtl, settings, opener=lambda: Dtl(store))  # more facades: as the first was opened
    writes = "writes refused: set DTL_API_TOKENS"
    if settings.write_tokens:
        writes = f"{len(settings.write_tokens)} write token(s)"
    reads = "reads need a token" if settings.read_token else "reads open"
    shown = f"[{host}]" if ":" in host else host
    sys.stderr.write(
        f"serving {dtl.store.config.display} on http://{shown}:{port} ({writes}; {reads}; "
        f"{settings.concurrency} request(s) at once); Ctrl-C stops\n"
        f"the web explorer: http://{shown}:{port}/   the API's documentation: http://{shown}:{port}/docs\n"
    )
    sys.stderr.flush()
    # Requests run on threads, one at a time under the GIL: a long question makes a short one wait
    # for its turn every time the short one lets go (a SQLite read, a trip to the event loop).
    # Switching every millisecond rather than every five keeps those waits short
    # (benchmarks/api_load.py --phases gil; docs/performance.md, "HTTP API under load").
    interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    config = uvicorn.Config(app, log_level="info", timeout_graceful_shutdown=5, server_header=False)
    server = uvicorn.Server(config)
    # uvicorn handles SIGINT/SIGTERM while it runs (a graceful stop), then re-raises the signal to
    # the handler it found: ours asks for the same stop, so Ctrl-C or a service manager's SIGTERM
    # ends with exit 0 and the store closed, and a signal in the instant before uvicorn's own
    # handlers are set still stops it.
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    for signum in previous:
        signal.signal(signum, lambda *_: setattr(server, "should_exit", True))
    try:
        server.run(sockets=[sock])
    finally:
        app.state.service.close()  # the facades the server opened beside the first
        sys.setswitchinterval(interval)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    sys.stderr.write("stopped\n")


def _bind(host: str, port: int) -> socket.socket:
    """Take the port ourselves, so 'in use' is one plain line (and no race with uvicorn)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise InvalidInput(
            "host", f"cannot listen on {host[:100]!r}: {getattr(exc, 'strerror', None) or exc}"
        ) from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        reason = (
            "already in use; choose another with --port" if exc.errno == errno.EADDRINUSE else exc.strerror
        )
        raise InvalidInput("port", f"{host}:{port} {reason}") from None
    sock.set_inheritable(True)
    return sock
