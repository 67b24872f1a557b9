"""The HTTP API under a fixed load, on loopback: `dtl serve` in its own process, concurrent
writers and readers in this one; p50/p95/p99 per route, then the checks that nothing was lost
or doubled (the timeline, the event stream, `dtl verify`).

    .venv/bin/python benchmarks/api_load.py --phases load         # SQLite, the default load
    .venv/bin/python benchmarks/api_load.py --phases load --store postgresql://postgres@127.0.0.1:5432/test
    .venv/bin/python benchmarks/api_load.py --writers 8 --writes 100 --readers 8 --reads 200 --json out.json

The store starts with the seed story (the demo). Each writer records its own distinct actions
(instants between varied pairs on their own days, and trade halts on pairs no one else touches:
none can conflict, whatever the order), then sends its first one again (answered 200, already
recorded). Readers cycle through state, a timeline page, history, roster, and a conditional
state (If-None-Match: 304 while nothing moved, else 200). Percentiles are nearest-rank.

Three more phases, each on a fresh store with the seed story; the first two with a lean
keep-alive client (raw sockets: an HTTP client in Python would cost more CPU than the server it
measures, on the same cores):

- contention: small reads (`GET /v1/state`, each on its own day, so none is answered from
  anything a previous one left) from --small-clients clients, first alone, then while one more
  client asks the largest question the bounds allow (`scores`, monthly over 100 years, each
  time ending a day earlier) in a loop; the p99 of the small reads in both, and their ratio
  (goal: within 3x); the CPU the server's process and its worker processes (api/large.py)
  spent meanwhile. --large-in-process (contention and bare): the server answers large
  questions on its own threads, as before api/large.py (a before/after in the same minutes).
- bare: `GET /v1/state?x=NATO&y=ISR&at=2024-03-01` from --bare-clients clients, against
  `dtl serve` and against a bare FastAPI endpoint returning the same JSON bytes, precomputed,
  under the same uvicorn settings (benchmarks/api_bare.py), taking turns --bare-rounds times;
  requests/s, p50 and the server's CPU per request of each, and the ratio (goal: at least
  0.7x); then `dtl serve` again with each request on a day of its own (every one asked of
  the store: what the answers it keeps are worth).
- gil: in one process, without HTTP, a short question (`state`) on one thread, alone and while
  another thread asks the large one in a loop, at Python's default switch interval (5 ms) and
  at the one `dtl serve` sets (1 ms).

    .venv/bin/python benchmarks/api_load.py --phases contention,bare,gil
    .venv/bin/python benchmarks/api_load.py --phases contention --large-in-process
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
            on = (date(1980, 1, 1) + timedelta(days=writer * 500 + i)).isoformat()
            actions.append(
                {"type": "restrict-trade", "by": a, "target": b, "on": on, "scope": f"w{writer} i{i}"}
            )
            continue
        a, b = STATES[(writer * 3 + i) % len(STATES)], STATES[(writer * 3 + i + 5) % len(STATES)]
        on = (date(2000, 1, 1) + timedelta(days=writer * 500 + i)).isoformat()  # all in the past
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


def children(pid: int) -> list[int]:
    """The processes `pid` started (the server's workers for large questions)."""
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in found.stdout.split()]


# `dtl serve`, answering every question on its own threads (no worker processes): as before
# api/large.py, for a before/after in the same minutes.
IN_PROCESS = (
    "import sys; from dtl.api.large import LargeReads; "
    "LargeReads.enabled = property(lambda self: False); "
    "from dtl.cli.main import main; sys.exit(main())"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    store: str, port: int, command: list[str] | None = None
) -> tuple[subprocess.Popen, list[str]]:
    env = {**os.environ, "DTL_API_TOKENS": TOKEN, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        command or [DTL, "--store", store, "serve", "--port", str(port)],
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


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=60)


class Store:
    """A fresh store holding the seed story (the demo): a SQLite file, or a schema of the
    PostgreSQL server named by --store, dropped at the end."""

    def __init__(self, base: str | None, name: str):
        from dtl.application.facade import Dtl
        from dtl.application.seed_story import background, report

        self.base, self.schema = base, None
        if base and base.startswith("postgresql://"):
            self.schema = f"bench_api_{name}_{os.getpid()}"
            self.url = f"{base}{'&' if '?' in base else '?'}schema={self.schema}"
        else:
            self.url = base or str(Path(tempfile.mkdtemp(prefix="dtl-api-load-")) / "dtl.sqlite3")
        with Dtl(self.url) as dtl:
            dtl.import_lines([(n, json.dumps(a)) for n, a in enumerate(background(), 1)])
            for action in report():
                dtl.record(action)
            self.seeded = len(dtl.timeline())
            self.start = dtl.position()

    @property
    def kind(self) -> str:
        return "postgres" if self.schema else "sqlite"

    def drop(self) -> None:
        if self.schema:
            import psycopg

            with psycopg.connect(self.base, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')


def run(args: argparse.Namespace) -> dict[str, Any]:
    fresh = Store(args.store, "load")
    store, seeded, start, schema = fresh.url, fresh.seeded, fresh.start, fresh.schema
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
            for line in stream.iter_lines():  # as many as were acknowledged (a double shows below)
                if line.startswith("data: ") and recorded:
                    streamed.append(json.loads(line[6:])["id"])
                if len(streamed) == len(recorded):
                    break
    stop(server)
    verified = subprocess.run([DTL, "--store", store, "verify"], capture_output=True, text=True)
    checks = {
        "acknowledged_once": len(recorded) == len(set(recorded)) == expected,
        "timeline_total": total == seeded + expected,
        "stream_exactly_once": sorted(streamed) == sorted(recorded),
        "verify_exit_code": verified.returncode,
        "errors": errors[:20],
    }
    fresh.drop()
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


class Connection:
    """One keep-alive HTTP/1.1 connection, spoken by hand: a request costs the client a few
    microseconds, so the figures are the server's."""

    def __init__(self, port: int):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = bytearray()

    def get(self, target: str) -> tuple[int, bytes]:
        self.sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        while (end := self.buffer.find(b"\r\n\r\n")) < 0:
            self._receive()
        head = bytes(self.buffer[:end]).decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        length = 0
        for line in head[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        del self.buffer[: end + 4]
        while len(self.buffer) < length:
            self._receive()
        body = bytes(self.buffer[:length])
        del self.buffer[:length]
        return status, body

    def _receive(self) -> None:
        chunk = self.sock.recv(1 << 20)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.buffer += chunk

    def close(self) -> None:
        self.sock.close()


def drive(port: int, targets: list[list[str]]) -> tuple[list[float], dict[int, int], float]:
    """One client per list of targets, each on its own connection, all at once; their
    latencies (ms), statuses, and the wall time."""
    timings: list[float] = []
    statuses: dict[int, int] = defaultdict(int)
    lock = threading.Lock()
    barrier = threading.Barrier(len(targets) + 1)

    def client(mine: list[str]) -> None:
        connection = Connection(port)
        seen: list[tuple[float, int]] = []
        barrier.wait()
        for target in mine:
            t0 = time.perf_counter()
            status, _ = connection.get(target)
            seen.append(((time.perf_counter() - t0) * 1000, status))
        connection.close()
        with lock:
            for elapsed, status in seen:
                timings.append(elapsed)
                statuses[status] += 1

    threads = [threading.Thread(target=client, args=(mine,)) for mine in targets]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    return timings, dict(statuses), time.perf_counter() - t0


def summary(timings: list[float], statuses: dict[int, int], wall: float) -> dict[str, Any]:
    return {
        "n": len(timings),
        "requests_per_second": round(len(timings) / wall, 1),
        "p50_ms": round(percentile(timings, 50), 2),
        "p95_ms": round(percentile(timings, 95), 2),
        "p99_ms": round(percentile(timings, 99), 2),
        "max_ms": round(max(timings), 2),
        "statuses": dict(sorted(statuses.items())),
    }


SMALL_PAIRS = [("NATO", "ISR"), ("TUR", "ISR"), ("NATO", "TUR"), ("NATO", "FIN"), ("NATO", "SWE")]
LARGE = "/v1/scores?x=TUR&by=month&from=1925-01-01&to=2024-12-31"  # the largest the bounds allow


def large(n: int) -> str:
    """The large question, on a last day of its own each time (each is asked, none is answered
    from what the server kept): a century of months, less n days."""
    return LARGE.replace("2024-12-31", (date(2024, 12, 31) - timedelta(days=n)).isoformat())


def small_reads(clients: int, each: int, offset: int) -> list[list[str]]:
    """`GET /v1/state`, each on a day of its own (no answer is asked twice)."""
    first = date(1950, 1, 1) + timedelta(days=offset)
    targets = []
    for c in range(clients):
        mine = []
        for i in range(each):
            n = c * each + i
            x, y = SMALL_PAIRS[n % len(SMALL_PAIRS)]
            mine.append(f"/v1/state?x={x}&y={y}&at={(first + timedelta(days=n)).isoformat()}")
        targets.append(mine)
    return targets


def contention(args: argparse.Namespace) -> dict[str, Any]:
    """Small reads alone, then while one client asks the large question in a loop, taking turns
    --small-rounds times (the machine's other load drifts: turns make the two comparable)."""
    fresh = Store(args.store, "contention")
    port = free_port()
    command = None
    if args.large_in_process:
        command = [sys.executable, "-c", IN_PROCESS, "--store", fresh.url, "serve", "--port", str(port)]
    server, _ = start_server(fresh.url, port, command)
    rounds: dict[str, list[dict[str, Any]]] = {"small_alone": [], "small_beside_large": []}
    large_times: list[float] = []
    cpu = {"server": 0.0, "workers": 0.0}
    try:
        warm = Connection(port)
        status, body = warm.get(LARGE)  # the first large question starts the workers (api/large.py)
        assert status == 200, (status, body[:300])
        large_bytes = len(body)
        for n in range(1, 6):  # ... which are up within a second or two
            time.sleep(0.5)
            assert warm.get(large(5_000 + n))[0] == 200
        warm.close()
        workers = children(server.pid)
        drive(port, small_reads(args.small_clients, 20, 40_000))  # warm up
        for turn in range(args.small_rounds):
            days = 2 * turn * args.small_clients * args.small_reads  # no day asked twice
            alone = small_reads(args.small_clients, args.small_reads, days)
            rounds["small_alone"].append(summary(*drive(port, alone)))
            done = threading.Event()
            started = len(large_times)

            def large_loop(done: threading.Event = done) -> None:
                connection = Connection(port)
                while not done.is_set():
                    t0 = time.perf_counter()
                    status, _ = connection.get(large(len(large_times)))
                    large_times.append((time.perf_counter() - t0) * 1000)
                    assert status == 200, status
                connection.close()

            looping = threading.Thread(target=large_loop)
            server0, workers0 = cpu_seconds(server.pid), sum(cpu_seconds(w) for w in workers)
            looping.start()
            while len(large_times) == started:  # the large request is running when the small reads start
                time.sleep(0.01)
            beside = small_reads(
                args.small_clients, args.small_reads, days + args.small_clients * args.small_reads
            )
            rounds["small_beside_large"].append(summary(*drive(port, beside)))
            done.set()
            looping.join()
            cpu["server"] += cpu_seconds(server.pid) - server0
            cpu["workers"] += sum(cpu_seconds(w) for w in workers) - workers0
    finally:
        stop(server)
        fresh.drop()
    small_beside = sum(r["n"] for r in rounds["small_beside_large"])
    result: dict[str, Any] = {
        "store": fresh.kind,
        "large_in_process": args.large_in_process,
        "small_clients": args.small_clients,
        "small_reads_each": args.small_reads,
        "large_request": LARGE,
        "large_bytes": large_bytes,
        "large_ms": {
            "n": len(large_times),
            "p50": round(percentile(large_times, 50), 2),
            "max": round(max(large_times), 2),
        },
        "worker_processes": len(workers),
        # All the CPU each spent while the large one looped (the small reads' included)
        "cpu_ms_beside": {
            "server": round(cpu["server"] * 1000, 1),
            "workers": round(cpu["workers"] * 1000, 1),
            "large_answers": len(large_times),
            "small_reads": small_beside,
        },
        "rounds": rounds,
    }
    for name, runs in rounds.items():  # the median turn, by p99
        result[name] = sorted(runs, key=lambda r: r["p99_ms"])[len(runs) // 2]
    result["p99_ratio"] = round(result["small_beside_large"]["p99_ms"] / result["small_alone"]["p99_ms"], 2)
    return result


def gil(args: argparse.Namespace) -> dict[str, Any]:
    """In one process, no HTTP: a short question (`state`) asked again and again on one thread
    while another asks the large one (a century of monthly scores) in a loop, at Python's
    default switch interval (5 ms) and at the one `dtl serve` sets (cli/commands/serve.py)."""
    from dtl.application.facade import Dtl
    from dtl.cli.commands.serve import SWITCH_INTERVAL

    fresh = Store(args.store, "gil")
    result: dict[str, Any] = {"store": fresh.kind, "asked": args.gil_reads}
    with Dtl(fresh.url) as short, Dtl(fresh.url) as long:
        day = date(2024, 12, 31)

        def times() -> dict[str, float]:
            took = []
            for i in range(args.gil_reads):
                t0 = time.perf_counter()
                short.state("NATO", "ISR", (date(1950, 1, 1) + timedelta(days=i)).isoformat())
                took.append((time.perf_counter() - t0) * 1000)
            return {"p50_ms": round(percentile(took, 50), 3), "p90_ms": round(percentile(took, 90), 3),
                    "p99_ms": round(percentile(took, 99), 3), "max_ms": round(max(took), 3)}  # fmt: skip

        result["alone"] = times()
        done = threading.Event()

        def loop() -> None:
            while not done.is_set():
                long.scores("TUR", None, "month", "1925-01-01", day.isoformat())

        looping = threading.Thread(target=loop)
        looping.start()
        before = sys.getswitchinterval()
        try:
            for interval in (0.005, SWITCH_INTERVAL):
                sys.setswitchinterval(interval)
                result[f"beside the large one, switch {interval * 1000:g} ms"] = times()
        finally:
            sys.setswitchinterval(before)
            done.set()
            looping.join()
    fresh.drop()
    return result


STATE = "/v1/state?x=NATO&y=ISR&at=2024-03-01"


def bare(args: argparse.Namespace) -> dict[str, Any]:
    """The same request to `dtl serve` and to a bare FastAPI endpoint returning the same bytes,
    taking turns."""
    fresh = Store(args.store, "bare")
    port, bare_port = free_port(), free_port()
    command = None
    if args.large_in_process:
        command = [sys.executable, "-c", IN_PROCESS, "--store", fresh.url, "serve", "--port", str(port)]
    server, _ = start_server(fresh.url, port, command)
    body_file = Path(tempfile.mkdtemp(prefix="dtl-api-bare-")) / "state.json"
    bare_server = None
    try:
        connection = Connection(port)
        status, body = connection.get(STATE)
        connection.close()
        assert status == 200, (status, body[:300])
        body_file.write_bytes(body)
        command = [sys.executable, str(ROOT / "benchmarks" / "api_bare.py"), "--port", str(bare_port),
                   "--body", str(body_file)]  # fmt: skip
        bare_server, _ = start_server("", bare_port, command)
        connection = Connection(bare_port)
        assert connection.get(STATE) == (200, body), "the bare endpoint returns the same bytes"
        connection.close()
        same = [[STATE] * args.bare_requests for _ in range(args.bare_clients)]
        for p in (port, bare_port):  # warm up
            drive(p, [[STATE] * 200 for _ in range(args.bare_clients)])
        runs: dict[str, list[dict[str, Any]]] = {"dtl": [], "bare": [], "dtl, each on its own day": []}
        for turn in range(args.bare_rounds):
            # the last: what the answers the server keeps are worth (each request on a day of its
            # own, as the contention phase's small reads: every one is asked of the store)
            own_days = small_reads(
                args.bare_clients, args.bare_requests // 4, 60_000 + turn * args.bare_requests
            )
            turns = [("dtl", port, server, same), ("bare", bare_port, bare_server, same),
                     ("dtl, each on its own day", port, server, own_days)]  # fmt: skip
            for name, p, process, targets in turns:
                cpu0 = cpu_seconds(process.pid)
                run_ = summary(*drive(p, targets))
                run_["server_cpu_ms_per_request"] = round(
                    (cpu_seconds(process.pid) - cpu0) * 1000 / run_["n"], 3
                )
                runs[name].append(run_)
    finally:
        stop(server)
        if bare_server is not None:
            stop(bare_server)
        fresh.drop()

    def median(name: str, key: str) -> float:
        values = sorted(r[key] for r in runs[name])
        return values[len(values) // 2]

    result: dict[str, Any] = {"store": fresh.kind, "request": STATE, "bytes": len(body),
                              "clients": args.bare_clients, "requests_each": args.bare_requests,
                              "rounds": runs}  # fmt: skip
    for name in runs:
        result[name] = {key: median(name, key) for key in ("requests_per_second", "p50_ms", "p99_ms",
                                                            "server_cpu_ms_per_request")}  # fmt: skip
    result["throughput_ratio"] = round(
        result["dtl"]["requests_per_second"] / result["bare"]["requests_per_second"], 2
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--store", help="a postgresql:// server URL (a schema is made and dropped); default SQLite"
    )
    parser.add_argument("--phases", default="load,contention,bare,gil",
                        help="which to run, separated by commas: load, contention, bare, gil")  # fmt: skip
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--writes", type=int, default=50, help="distinct actions per writer")
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--reads", type=int, default=100, help="requests per reader")
    parser.add_argument("--small-clients", type=int, default=4, help="contention: clients of small reads")
    parser.add_argument("--small-reads", type=int, default=250, help="contention: small reads per client")
    parser.add_argument("--small-rounds", type=int, default=3, help="contention: turns of each")
    parser.add_argument("--large-in-process", action="store_true",
                        help="contention, bare: large questions on the server's threads")  # fmt: skip
    parser.add_argument("--gil-reads", type=int, default=1000, help="gil: short questions per turn")
    parser.add_argument("--bare-clients", type=int, default=4, help="bare: concurrent clients")
    parser.add_argument("--bare-requests", type=int, default=1000, help="bare: requests per client per round")
    parser.add_argument("--bare-rounds", type=int, default=3, help="bare: turns each server takes")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    phases = {p.strip() for p in args.phases.split(",") if p.strip()}
    unknown = phases - {"load", "contention", "bare", "gil"}
    if unknown:
        parser.error(f"unknown phase {sorted(unknown)[0]!r}")
    results: dict[str, Any] = {}
    ok = True
    if "load" in phases:
        result = results["load"] = run(args)
        ok = ok and result["ok"]
        print(
            f"{result['store']}: {args.writers} writers x {args.writes + 1} POST, {args.readers} readers x "
            f"{args.reads} GET: {result['requests']} requests in {result['wall_seconds']} s "
            f"({result['requests_per_second']} req/s; "
            f"the server used {result['server_cpu_share']:.0%} of a core)"
        )
        print(f"{'route':<32} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}  statuses")
        for route, r in result["routes"].items():
            print(
                f"{route:<32} {r['n']:>5} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['p99_ms']:>8} "
                f"{r['max_ms']:>8}  {r['statuses']}"
            )
        print("checks:", json.dumps(result["checks"]), "->", "ok" if result["ok"] else "FAILED")
    if "contention" in phases:
        result = results["contention"] = contention(args)
        large = result["large_ms"]
        print(f"\n{result['store']}: small reads (GET /v1/state, {args.small_clients} clients x "
              f"{args.small_reads}) alone and beside {result['large_request']} in a loop, "
              f"{args.small_rounds} turns each (the median turn by p99) "
              f"({result['large_bytes']:,} bytes; {large['n']} asked, p50 {large['p50']} ms)")  # fmt: skip
        spent = result["cpu_ms_beside"]
        where = "on the server's threads" if args.large_in_process else (
            f"in {result['worker_processes']} worker process(es)")  # fmt: skip
        print(f"large questions answered {where}; CPU while the large one looped: the server's process "
              f"{spent['server']} ms, the workers {spent['workers']} ms ({spent['large_answers']} large "
              f"answers, {spent['small_reads']} small reads)")  # fmt: skip
        for name in ("small_alone", "small_beside_large"):
            r = result[name]
            print(f"{name:<20} p50 {r['p50_ms']:>7} ms  p95 {r['p95_ms']:>7} ms  p99 {r['p99_ms']:>7} ms"
                  f"  max {r['max_ms']:>7} ms  {r['requests_per_second']:>7} req/s"
                  f"  {r['statuses']}")  # fmt: skip
        print(f"p99 beside the large one / alone: {result['p99_ratio']}x (goal: at most 3x)")
        ok = ok and set(result["small_alone"]["statuses"]) == {200} == set(
            result["small_beside_large"]["statuses"]
        )
    if "bare" in phases:
        result = results["bare"] = bare(args)
        runs_shown = ("dtl", "bare", "dtl, each on its own day")
        print(f"\n{result['store']}: GET {result['request']} ({result['bytes']} bytes), {args.bare_clients} "
              f"clients x {args.bare_requests}, {args.bare_rounds} turns each (medians)")  # fmt: skip
        for name in runs_shown:
            r = result[name]
            print(f"{name:<26} {r['requests_per_second']:>8} req/s  p50 {r['p50_ms']:>6} ms  "
                  f"p99 {r['p99_ms']:>6} ms  "
                  f"server CPU {r['server_cpu_ms_per_request']} ms/request")  # fmt: skip
        print(f"dtl / bare: {result['throughput_ratio']}x (goal: at least 0.7x)")
        ok = ok and all(set(r["statuses"]) == {200} for rs in result["rounds"].values() for r in rs)
    if "gil" in phases:
        result = results["gil"] = gil(args)
        print(f"\n{result['store']}: in one process, dtl.state asked {args.gil_reads} times on one thread, "
              "alone and while another asks scores (monthly, 100 years) in a loop")  # fmt: skip
        for name, r in result.items():
            if isinstance(r, dict):
                print(f"{name:<36} p50 {r['p50_ms']:>7} ms  p90 {r['p90_ms']:>7} ms  "
                      f"p99 {r['p99_ms']:>7} ms  max {r['max_ms']:>7} ms")  # fmt: skip
    if args.json:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from machine import describe

        results["machine"] = describe(args.store)
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
