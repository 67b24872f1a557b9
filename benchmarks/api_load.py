"""The HTTP API under a fixed load, on loopback: `dtl serve` in its own process, concurrent
writers and readers in this one; p50/p95/p99 per route, then the checks that nothing was lost
or doubled (the timeline, the event stream, `dtl verify`).

    .venv/bin/python benchmarks/api_load.py                       # SQLite, the default load
    .venv/bin/python benchmarks/api_load.py --store postgresql://postgres@127.0.0.1:5432/test
    .venv/bin/python benchmarks/api_load.py --writers 8 --writes 100 --readers 8 --reads 200 --json out.json

The store starts with the seed story (the demo). Each writer records its own distinct actions
(instants between varied pairs on their own days, and trade halts on pairs no one else touches:
none can conflict, whatever the order), then sends its first one again (answered 200, already
recorded). Readers cycle through state, a timeline page, history, roster, and a conditional
state (If-None-Match: 304 while nothing moved, else 200). Percentiles are nearest-rank.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DTL = str(Path(sys.executable).with_name("dtl"))
TOKEN = "bench-" + uuid.uuid4().hex
STATES = [
    "USA",
    "CAN",
    "MEX",
    "BRA",
    "ARG",
    "CHL",
    "PER",
    "COL",
    "FRA",
    "DEU",
    "ITA",
    "ESP",
    "POL",
    "UKR",
    "JPN",
    "KOR",
    "IND",
    "PAK",
    "EGY",
    "ZAF",
    "NGA",
    "KEN",
    "AUS",
    "NZL",
    "NOR",
    "SWE",
    "FIN",
    "DNK",
]


def planned(writer: int, count: int) -> list[dict[str, Any]]:
    actions = []
    for i in range(count):
        if i % 10 == 9:  # a measure: a trade halt on a pair only this writer and index touch
            a, b = f"{STATES[writer % len(STATES)]}", STATES[(writer + 1 + i // 10) % len(STATES)]
            on = (date(1990, 1, 1) + timedelta(days=writer * 1000 + i)).isoformat()
            actions.append(
                {"type": "restrict-trade", "by": a, "target": b, "on": on, "scope": f"w{writer} i{i}"}
            )
            continue
        a, b = STATES[(writer * 3 + i) % len(STATES)], STATES[(writer * 3 + i + 5) % len(STATES)]
        on = (date(2000, 1, 1) + timedelta(days=writer * 2000 + i)).isoformat()
        if i % 2:
            actions.append({"type": "threaten", "by": a, "target": b, "on": on, "kind": "sanctions"})
        else:
            actions.append({"type": "accuse", "by": a, "target": b, "on": on, "charge": "human-rights"})
    return actions


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), to tell a busy server from a waiting one."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(store: str, port: int) -> tuple[subprocess.Popen, list[str]]:
    env = {**os.environ, "DTL_API_TOKENS": TOKEN, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [DTL, "--store", store, "serve", "--port", str(port)],
        env=env,
        text=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    lines: list[str] = []
    ready = threading.Event()

    def drain() -> None:
        for line in server.stderr:
            lines.append(line)
            if "Application startup complete" in line:
                ready.set()

    threading.Thread(target=drain, daemon=True).start()
    if not ready.wait(60):
        server.kill()
        raise SystemExit(f"the server did not start: {''.join(lines)}")
    return server, lines


def run(args: argparse.Namespace) -> dict[str, Any]:
    from dtl.application.facade import Dtl
    from dtl.application.seed_story import background, report

    workdir = Path(tempfile.mkdtemp(prefix="dtl-api-load-"))
    schema = None
    if args.store and args.store.startswith("postgresql://"):
        schema = f"bench_api_{os.getpid()}"
        store = f"{args.store}{'&' if '?' in args.store else '?'}schema={schema}"
    else:
        store = args.store or str(workdir / "dtl.sqlite3")
    with Dtl(store) as dtl:
        dtl.import_lines([(n, json.dumps(a)) for n, a in enumerate(background(), 1)])
        for action in report():
            dtl.record(action)
        seeded = len(dtl.timeline())
        start = dtl.position()
    port = free_port()
    server, server_lines = start_server(store, port)
    url = f"http://127.0.0.1:{port}"
    timings: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    recorded: list[str] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(args.writers + args.readers)

    def timed(route: str, call) -> httpx.Response:
        t0 = time.perf_counter()
        response = call()
        elapsed = (time.perf_counter() - t0) * 1000
        with lock:
            timings[route].append(elapsed)
            statuses[route][response.status_code] += 1
        return response

    def writer(w: int) -> None:
        mine = planned(w, args.writes)
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120) as http:
            barrier.wait()
            for action in [*mine, mine[0]]:
                response = timed("POST /v1/actions", lambda a=action: http.post("/v1/actions", json=a))
                body = response.json()
                with lock:
                    if response.status_code == 201:
                        recorded.extend(body["recorded"])
                    elif response.status_code != 200 or action is not mine[0]:
                        errors.append(f"writer {w}: {response.status_code} {body}")

    def reader(r: int) -> None:
        tag = None
        with httpx.Client(base_url=url, timeout=120) as http:
            barrier.wait()
            for i in range(args.reads):
                x, y = STATES[(r + i) % len(STATES)], STATES[(r + i + 5) % len(STATES)]
                kind = i % 5
                if kind == 0:
                    response = timed(
                        "GET /v1/state",
                        lambda: http.get("/v1/state", params={"x": "NATO", "y": "ISR", "at": "2024-03-01"}),
                    )
                elif kind == 1:
                    response = timed(
                        "GET /v1/timeline (50)",
                        lambda x=x: http.get("/v1/timeline", params={"actor": x, "limit": 50}),
                    )
                elif kind == 2:
                    response = timed(
                        "GET /v1/history", lambda x=x, y=y: http.get("/v1/history", params={"x": x, "y": y})
                    )
                elif kind == 3:
                    response = timed(
                        "GET /v1/roster/NATO",
                        lambda: http.get("/v1/roster/NATO", params={"at": "2024-08-01"}),
                    )
                else:
                    headers = {"If-None-Match": tag} if tag else {}
                    response = timed(
                        "GET /v1/state (If-None-Match)",
                        lambda h=headers: http.get(
                            "/v1/state", params={"x": "TUR", "y": "ISR", "at": "2024-06-01"}, headers=h
                        ),
                    )
                    tag = response.headers.get("ETag", tag)
                if response.status_code not in (200, 304):
                    with lock:
                        errors.append(f"reader {r}: {response.status_code} {response.text[:200]}")

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(args.writers)]
    threads += [threading.Thread(target=reader, args=(r,)) for r in range(args.readers)]
    cpu0 = cpu_seconds(server.pid)
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    server_cpu = cpu_seconds(server.pid) - cpu0

    # Nothing lost, nothing doubled: the timeline, the event stream, and dtl verify.
    expected = args.writers * args.writes
    with httpx.Client(base_url=url, timeout=120) as http:
        total = http.get("/v1/timeline", params={"limit": 1}).json()["total"]
        streamed: list[str] = []
        with http.stream("GET", "/v1/events/stream", params={"after": start}) as stream:
            for line in stream.iter_lines():
                if line.startswith("data: "):
                    streamed.append(json.loads(line[6:])["id"])
                    if len(streamed) == expected:
                        break
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=60)
    verified = subprocess.run([DTL, "--store", store, "verify"], capture_output=True, text=True)
    checks = {
        "acknowledged_once": len(recorded) == len(set(recorded)) == expected,
        "timeline_total": total == seeded + expected,
        "stream_exactly_once": sorted(streamed) == sorted(recorded),
        "verify_exit_code": verified.returncode,
        "errors": errors[:20],
    }
    if schema:
        import psycopg

        with psycopg.connect(args.store, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    requests = sum(len(v) for v in timings.values())
    return {
        "store": "postgres" if schema else "sqlite",
        "writers": args.writers,
        "writes_each": args.writes + 1,
        "readers": args.readers,
        "reads_each": args.reads,
        "requests": requests,
        "wall_seconds": round(wall, 2),
        "requests_per_second": round(requests / wall, 1),
        "server_cpu_share": round(server_cpu / wall, 2),
        "routes": {
            route: {
                "n": len(v),
                "p50_ms": round(percentile(v, 50), 2),
                "p95_ms": round(percentile(v, 95), 2),
                "p99_ms": round(percentile(v, 99), 2),
                "max_ms": round(max(v), 2),
                "statuses": dict(sorted(statuses[route].items())),
            }
            for route, v in sorted(timings.items())
        },
        "checks": checks,
        "ok": checks["acknowledged_once"]
        and checks["timeline_total"]
        and checks["stream_exactly_once"]
        and checks["verify_exit_code"] == 0
        and not errors,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--store", help="a postgresql:// server URL (a schema is made and dropped); default SQLite"
    )
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--writes", type=int, default=50, help="distinct actions per writer")
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--reads", type=int, default=100, help="requests per reader")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    result = run(args)
    print(
        f"{result['store']}: {args.writers} writers x {args.writes + 1} POST, {args.readers} readers x "
        f"{args.reads} GET: {result['requests']} requests in {result['wall_seconds']} s "
        f"({result['requests_per_second']} req/s; the server used {result['server_cpu_share']:.0%} of a core)"
    )
    print(f"{'route':<32} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}  statuses")
    for route, r in result["routes"].items():
        print(
            f"{route:<32} {r['n']:>5} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['p99_ms']:>8} {r['max_ms']:>8}  "
            f"{r['statuses']}"
        )
    print("checks:", json.dumps(result["checks"]), "->", "ok" if result["ok"] else "FAILED")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
