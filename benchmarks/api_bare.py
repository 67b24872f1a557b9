"""A bare FastAPI endpoint, the yardstick of benchmarks/api_load.py's "bare" phase: the same
framework and the same server settings as `dtl serve` (uvicorn, its access log on, no server
header), one route `GET /v1/state` taking the same query parameters and returning the same
JSON bytes, precomputed: what serving that answer costs when nothing at all is asked of a store.

    .venv/bin/python benchmarks/api_bare.py --port 8081 --body answer.json
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from starlette.responses import Response


def app_returning(body: bytes) -> FastAPI:
    app = FastAPI()

    @app.get("/v1/state")
    async def state(x: str, y: str, at: str) -> Response:
        return Response(body, media_type="application/json")

    return app


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--body", required=True, help="a file holding the answer's bytes")
    args = parser.parse_args()
    from dtl.cli.commands.serve import _bind

    app = app_returning(Path(args.body).read_bytes())
    sock = _bind("127.0.0.1", args.port)  # the socket `dtl serve` listens on (TCP_NODELAY and all)
    sys.stderr.write(f"serving the bare endpoint on http://127.0.0.1:{args.port}\n")
    # As cli/commands/serve.py configures uvicorn.
    config = uvicorn.Config(app, log_level="info", timeout_graceful_shutdown=5, server_header=False)
    uvicorn.Server(config).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
