"""The HTTP API under two kinds of stress, on loopback against a real `dtl serve` process
(benchmarks/api_load.py's helpers start and stop it), each on a fresh store seeded with
`dtl demo` through the CLI: what docs/reliability.md reports as "what was tried and held".

    .venv/bin/python benchmarks/api_robustness.py                      # SQLite (a temporary file)
    .venv/bin/python benchmarks/api_robustness.py --store postgresql://postgres@127.0.0.1:5432/test
    .venv/bin/python benchmarks/api_robustness.py --phases streams --clients 50 --writes 200 --json out.json

streams: three rounds, each on a fresh store and a fresh server: no stream client; --clients
SSE clients on GET /v1/events/stream from position 0 (`?after=0`); the same number from the
current end (no position). Once every client has its response headers, --writers writers
record --writes actions between them through POST /v1/actions (`meet` TUR->GRC, each with its
own idempotency key). --reconnects of the clients drop their connection mid-way (after k of
the new events, k spread over the run) and come back after a short pause with Last-Event-ID.
Then every client must have received exactly the action events the log holds after its
starting position (read from the store itself once the writes are done), each once, in log
order (ids strictly increasing, no gap, no duplicate; `data.position` equal to the id), and a
client that reconnected must have been resumed exactly where it left (X-Dtl-Position of the
new connection = the last id it saw). Figures: the delay from a write's response (in the
writer) to each client's receipt of its event, over the clients that stayed connected
(CLOCK_MONOTONIC in both processes); the server's peak RSS (VmHWM) and its CPU while the
writes were delivered; the writes' latency, to compare with the round without clients. The
clients run in a process of their own (asyncio, raw sockets), so their parsing does not take
the writers' interpreter.

oversized: one server; bodies far beyond the limits (1 MiB for JSON, DTL_API_MAX_UPLOAD_MB,
default 64 MiB, for uploads), each streamed from a generator over a raw socket while the
response is read on the same socket (a refusal can come before the body is sent): a 50 MB JSON
body to POST /v1/actions (declared, then chunked without a length), a chunked body that never
ends (sent for --stall-seconds), a 200 MB upload to POST /v1/imports (declared, chunked, and
declared without a token), a Content-Length that lies both ways, a declared body under the
limit of which only part is sent (the connection left open for --stall-seconds), 1,000 headers
(40 bytes, 1,000 bytes and 8 bytes each), and --stalled connections each holding a body half
sent while a small read is made. For each: the status, the time to the status line, how much
of the body the client could send before the server closed or stopped reading, what the
server did with the connection after answering (watched for 3 s), the server's CPU meanwhile,
its RSS before and after (and its peak so far), the log position before and after (GET
/v1/position: nothing written), a small read right after (GET /v1/state), and how many
'Exception in ASGI application' the server logged. Run twice (--oversize-rounds) to see
whether memory keeps growing.

Exit code 0 when every check held (delivered exactly once, every write 201, nothing written
by an oversized request, the small read answered), 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import json
import multiprocessing
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

BENCHMARKS = Path(__file__).resolve().parent
ROOT = BENCHMARKS.parent
sys.path.insert(0, str(BENCHMARKS))
from api_load import DTL, TOKEN, cpu_seconds, free_port, percentile, start_server, stop  # noqa: E402

AUTH = f"Authorization: Bearer {TOKEN}\r\n"
ACTION = {"type": "meet", "by": "TUR", "target": "GRC", "on": "2024-07-30"}
SMALL_READ = "/v1/state?x=NATO&y=ISR&at=2024-03-01"
MB = 1_000_000
MIB = 1024 * 1024


# ---------------------------------------------------------------------------------------------
# Stores and the server process


class DemoStore:
    """A fresh store holding the seed story, made by `dtl --store X demo` (in a temporary
    folder: the demo writes its chart there): a SQLite file, or a schema of the PostgreSQL
    server named by --store, dropped at the end."""

    def __init__(self, base: str | None, name: str):
        self.base, self.schema = base, None
        self.folder = tempfile.mkdtemp(prefix="dtl-api-robustness-")
        if base and base.startswith("postgresql://"):
            if "schema=" in base:
                raise SystemExit("--store: give the server's URL without ?schema= (a schema is made per run)")
            self.schema = f"bench_rob_{name}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
            self.url = f"{base}{'&' if '?' in base else '?'}schema={self.schema}"
        else:
            self.url = str(Path(self.folder) / "dtl.sqlite3")
        done = subprocess.run(
            [DTL, "--store", self.url, "demo"],
            cwd=self.folder,
            capture_output=True,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
        if done.returncode != 0:
            raise SystemExit(f"dtl demo failed ({done.returncode}): {done.stderr.strip()[-500:]}")

    @property
    def kind(self) -> str:
        return "postgres" if self.schema else "sqlite"

    def drop(self) -> None:
        if self.schema:
            import psycopg

            with psycopg.connect(self.base, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')
        shutil.rmtree(self.folder, ignore_errors=True)


def memory(pid: int) -> dict[str, float]:
    """VmRSS, VmHWM (the peak RSS so far) in MB, and the thread count, from /proc."""
    found: dict[str, float] = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = round(int(value.split()[0]) / 1024, 1)
            elif name == "Threads":
                found[name] = int(value)
    return found


def log_position(url: str) -> int:
    with httpx.Client(base_url=url, timeout=60) as http:
        return http.get("/v1/position").json()["position"]


def action_events(store_url: str) -> list[tuple[int, str]]:
    """The action events the log holds (position, action id), read from the store itself with
    the feed's own reader, not through the server."""
    sys.path.insert(0, str(ROOT))
    from dtl.application.facade import Dtl
    from dtl.application.feed import events_after

    found: list[tuple[int, str]] = []
    with Dtl(store_url) as dtl:
        position = 0
        while True:
            batch = events_after(dtl.store, position, 10_000)
            found += [(e["position"], e["id"]) for e in batch["events"]]
            if batch["scanned_to"] == position:
                return found
            position = batch["scanned_to"]


# ---------------------------------------------------------------------------------------------
# Stream clients: asyncio, raw sockets, HTTP/1.1 chunked, server-sent events


@dataclass
class ClientSpec:
    after: int | None  # ?after=N on the first connection (None: from the current end)
    drop_after: int | None = None  # drop the connection once this many events past `floor` came
    floor: int = 0
    pause: float = 0.0  # seconds between dropping and reconnecting with Last-Event-ID


@dataclass
class ClientState:
    spec: ClientSpec
    starts: list[int] = field(default_factory=list)  # X-Dtl-Position of each connection
    events: list[tuple[int, int, str, float]] = field(default_factory=list)  # id, data.position, action, t
    resumed_from: int | None = None  # the last id seen before the drop
    error: str | None = None
    finished: bool = False

    @property
    def last(self) -> int:
        return self.events[-1][0] if self.events else -1


async def _connect(port: int, after: int | None, last_id: int | None):
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=4 * MIB)
    query = f"?after={after}" if after is not None else ""
    head = f"GET /v1/events/stream{query} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
    if last_id is not None:
        head += f"Last-Event-ID: {last_id}\r\n"
    writer.write((head + "\r\n").encode())
    raw = await reader.readuntil(b"\r\n\r\n")
    lines = raw.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if status != 200:
        writer.close()
        raise ConnectionError(f"status {status}")
    return reader, writer, int(headers["x-dtl-position"]), headers.get("transfer-encoding") == "chunked"


async def _blocks(reader: asyncio.StreamReader, chunked: bool):
    while True:
        if not chunked:
            block = await reader.read(65536)
            if not block:
                return
            yield block
            continue
        line = await reader.readline()
        if not line.strip():
            return  # the connection ended
        size = int(line.split(b";")[0].strip(), 16)
        if size == 0:
            return
        yield (await reader.readexactly(size + 2))[:-2]


async def _run_client(port: int, state: ClientState, opened: Callable[[], None]) -> None:
    spec = state.spec
    last_id: int | None = None
    first = True
    while True:
        reader, writer, start, chunked = await _connect(port, spec.after, last_id)
        state.starts.append(start)
        if first:
            opened()
        dropping = first and spec.drop_after is not None
        first = False
        pending, event = b"", {}
        try:
            async for block in _blocks(reader, chunked):
                now = time.monotonic()
                pending += block
                *lines, pending = pending.split(b"\n")
                for line in lines:
                    line = line.rstrip(b"\r")
                    if not line:
                        if b"id" in event:
                            data = json.loads(event.get(b"data", b"{}"))
                            state.events.append(
                                (int(event[b"id"]), data.get("position"), data.get("id"), now)
                            )
                        event = {}
                    elif not line.startswith(b":"):
                        name, _, value = line.partition(b":")
                        event[name] = value[1:] if value.startswith(b" ") else value
                if dropping and sum(e[0] > spec.floor for e in state.events) >= spec.drop_after:
                    break
            else:
                state.error = "the server ended the stream"
                return
        finally:
            writer.close()
        # dropped on purpose: come back after a pause, resuming after the last id seen
        last_id = state.resumed_from = state.last
        await asyncio.sleep(spec.pause)


async def stream_clients(
    port: int,
    specs: list[ClientSpec],
    ready: Callable[[list[int]], None],
    target: Callable[[], int | None],
    deadline_seconds: float,
) -> list[ClientState]:
    """Run one client per spec; `ready(starts)` once every one has its response headers; each
    ends once it has an id >= target() (when target() is set), or at the deadline after it."""
    states = [ClientState(spec) for spec in specs]
    opened = 0
    all_open = asyncio.Event()

    def one_opened() -> None:
        nonlocal opened
        opened += 1
        if opened == len(states):
            all_open.set()

    async def guarded(state: ClientState) -> None:
        try:
            await _run_client(port, state, one_opened)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # recorded, checked by the caller
            state.error = f"{type(exc).__name__}: {exc}"
            if not state.starts:  # never opened: counted as opened, so the others are not held up
                one_opened()

    tasks = [asyncio.create_task(guarded(s)) for s in states]
    await all_open.wait()
    ready([s.starts[0] if s.starts else -1 for s in states])
    set_at: float | None = None
    while True:
        await asyncio.sleep(0.02)
        goal = target()
        if goal is None:
            continue
        set_at = set_at or time.monotonic()
        for state, task in zip(states, tasks, strict=True):
            if not task.done() and state.last >= goal:
                state.finished = True
                task.cancel()
        if all(t.done() for t in tasks) or time.monotonic() - set_at > deadline_seconds:
            break
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return states


def clients_process(port: int, specs: list[ClientSpec], queue: Any, goal: Any, deadline: float) -> None:
    """The clients in a process of their own: ("ready", starts), then ("done", states)."""

    def target() -> int | None:
        return goal.value or None

    states = asyncio.run(
        stream_clients(port, specs, lambda starts: queue.put(("ready", starts)), target, deadline)
    )
    queue.put(("done", [s.__dict__ | {"spec": s.spec.__dict__} for s in states]))


def check_client(state: dict[str, Any], truth: list[tuple[int, str]]) -> dict[str, Any]:
    """Exactly once and in order: the ids equal the log's action events after the client's
    first starting position; a reconnection resumed where it left."""
    start = state["starts"][0] if state["starts"] else None
    got = [e[0] for e in state["events"]]
    expected = [p for p, _ in truth if start is not None and p > start]
    problems = []
    if state["error"]:
        problems.append(state["error"])
    if not state["finished"]:
        problems.append("did not reach the last event before the deadline")
    if got != expected:
        missing = sorted(set(expected) - set(got))
        doubled = sorted({i for i in got if got.count(i) > 1})
        extra = sorted(set(got) - set(expected))
        disordered = any(b <= a for a, b in zip(got, got[1:], strict=False))
        problems.append(
            f"ids differ: {len(got)} got, {len(expected)} expected; missing {missing[:5]}, "
            f"doubled {doubled[:5]}, unexpected {extra[:5]}, out of order: {disordered}"
        )
    ids = dict(truth)
    if any(e[1] != e[0] or ids.get(e[0]) != e[2] for e in state["events"]):
        problems.append("an event's data.position or action id differs from the log's")
    if state["resumed_from"] is not None and state["starts"][1:2] != [state["resumed_from"]]:
        problems.append(f"resumed at {state['starts'][1:2]}, not after {state['resumed_from']}")
    return {"received": len(got), "expected": len(expected), "problems": problems}


# ---------------------------------------------------------------------------------------------
# Writers


def write_actions(url: str, writers: int, count: int, tag: str, token: str = TOKEN) -> list[dict[str, Any]]:
    """`count` distinct meets, from `writers` threads at once (each its own keep-alive client);
    per write: status, latency (ms), the action's id, the returned position, and the
    CLOCK_MONOTONIC moment its response had arrived."""
    done: list[dict[str, Any]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(writers)

    def writer(w: int) -> None:
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=300) as http:
            barrier.wait()
            for i in range(w, count, writers):
                t0 = time.perf_counter()
                response = http.post("/v1/actions", json={**ACTION, "key": f"{tag}-{i}"})
                row = {
                    "status": response.status_code,
                    "ms": (time.perf_counter() - t0) * 1000,
                    "t": time.monotonic(),
                    "position": int(response.headers.get("X-Dtl-Position", -1)),
                }
                if response.status_code == 201:
                    row["id"] = response.json()["recorded"][0]
                else:
                    row["body"] = response.text[:300]
                with lock:
                    done.append(row)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done


def spread(values: list[float]) -> dict[str, float] | None:
    if not values:
        return None
    return {
        "n": len(values),
        "p50": round(percentile(values, 50), 1),
        "p99": round(percentile(values, 99), 1),
        "max": round(max(values), 1),
        "min": round(min(values), 1),
    }


def stream_round(args: argparse.Namespace, clients: int, start_from: str, seed: int) -> dict[str, Any]:
    store = DemoStore(args.store, "streams")
    port = free_port()
    server, lines = start_server(store.url, port)
    url = f"http://127.0.0.1:{port}"
    process = None
    try:
        seeded = log_position(url)
        idle = memory(server.pid)
        states: list[dict[str, Any]] = []
        if clients:
            chance = random.Random(seed)
            reconnecting = set(chance.sample(range(clients), min(args.reconnects, clients)))
            specs = []
            for c in range(clients):
                spec = ClientSpec(after=0 if start_from == "0" else None, floor=seeded)
                if c in reconnecting:
                    spec.drop_after = chance.randint(max(1, args.writes // 10), max(1, args.writes * 9 // 10))
                    spec.pause = round(chance.uniform(0.05, 0.5), 3)
                specs.append(spec)
            context = multiprocessing.get_context("spawn")
            queue, goal = context.Queue(), context.Value("q", 0)
            process = context.Process(
                target=clients_process, args=(port, specs, queue, goal, args.deliver_timeout), daemon=True
            )
            process.start()
            kind, _starts = queue.get(timeout=120)
            assert kind == "ready", kind
        connected = memory(server.pid)
        cpu0, t0 = cpu_seconds(server.pid), time.monotonic()
        writes = write_actions(url, args.writers, args.writes, f"rob-{uuid.uuid4().hex[:8]}")
        truth = action_events(store.url)
        if clients:
            goal.value = truth[-1][0]
            kind, states = queue.get(timeout=args.deliver_timeout + 120)
            assert kind == "done", kind
            process.join(timeout=30)
        wall = time.monotonic() - t0
        cpu = cpu_seconds(server.pid) - cpu0
        end = memory(server.pid)
    finally:
        if process is not None and process.is_alive():
            process.kill()
        stop(server)
        store.drop()

    written = [w for w in writes if w["status"] == 201]
    ours = {w["id"]: w for w in written}
    truth_ids = [a for _, a in truth]
    positions = dict((a, p) for p, a in truth)
    write_checks = {
        "all_201": len(written) == len(writes) == args.writes,
        "distinct_ids": len(ours) == len(written),
        "each_once_in_the_log": all(truth_ids.count(i) == 1 for i in ours),
        # an action's event is at or before the position its write answered with
        "at_or_before_answered_position": all(
            positions.get(i, 1 << 62) <= w["position"] for i, w in ours.items()
        ),
        "errors": [w.get("body") for w in writes if w["status"] != 201][:5],
    }
    checked = [check_client(s, truth) for s in states]
    delays = [
        (e[3] - ours[e[2]]["t"]) * 1000
        for s in states
        if s["resumed_from"] is None
        for e in s["events"]
        if e[2] in ours
    ]
    delays_reconnected = [
        (e[3] - ours[e[2]]["t"]) * 1000
        for s in states
        if s["resumed_from"] is not None
        for e in s["events"]
        if e[2] in ours
    ]
    return {
        "store": store.kind,
        "clients": clients,
        "from": start_from if clients else None,
        "writers": args.writers,
        "writes": args.writes,
        "seeded_position": seeded,
        "events_per_client": sorted({c["expected"] for c in checked}),
        "reconnected": sum(s["resumed_from"] is not None for s in states),
        "clients_exactly_once": sum(not c["problems"] for c in checked),
        "all_delivered_exactly_once": all(not c["problems"] for c in checked) if clients else None,
        "client_problems": [c["problems"] for c in checked if c["problems"]][:5],
        "write_checks": write_checks,
        "write_ms": spread([w["ms"] for w in writes]),
        "delay_ms": spread(delays),
        "delay_ms_reconnected_clients": spread(delays_reconnected),
        "server": {
            "idle": idle,
            "clients_connected": connected,
            "end": end,
            "cpu_seconds": round(cpu, 2),
            "wall_seconds": round(wall, 2),
            "cpu_share": round(cpu / wall, 2) if wall else None,
        },
        "server_log_errors": [line.strip()[:300] for line in lines if "Traceback" in line or "ERROR" in line][
            :5
        ],
    }


def streams(args: argparse.Namespace) -> list[dict[str, Any]]:
    rounds = [(0, "-")]
    for start_from in args.stream_from.split(","):
        rounds.append((args.clients, start_from.strip()))
    return [stream_round(args, c, f, seed=20261202 + n) for n, (c, f) in enumerate(rounds)]


# ---------------------------------------------------------------------------------------------
# Oversized and malformed requests


def json_body(size: int, key: str) -> Iterator[bytes]:
    """A JSON action of `size` bytes (a long note), as it would be recorded if it were taken."""
    head = json.dumps({**ACTION, "key": key})[:-1].encode() + b', "note": "'
    tail = b'"}'
    yield head
    left = size - len(head) - len(tail)
    block = b"a" * 65536
    while left > 0:
        yield block[: min(left, len(block))]
        left -= len(block)
    yield tail


def upload_body(size: int, boundary: str, tag: str) -> Iterator[bytes]:
    """multipart/form-data with one file of dtl's JSONL (distinct meets): would be imported."""
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{tag}.jsonl"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    yield head
    left, n = size - len(head) - len(tail), 0
    line = '{"type":"meet","by":"TUR","target":"GRC","on":"2024-07-30","key":"' + tag + '-%09d"}\n'
    while left > 0:
        block = "".join(line % (n + i) for i in range(800)).encode()
        n += 800
        block = block[: min(left, len(block))]
        yield block
        left -= len(block)
    yield tail


def chunked(parts: Iterable[bytes]) -> Iterator[bytes]:
    for part in parts:
        if part:
            yield b"%x\r\n" % len(part) + part + b"\r\n"
    yield b"0\r\n\r\n"


def request_head(method: str, target: str, headers: list[str]) -> bytes:
    return (
        f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "".join(h + "\r\n" for h in headers) + "\r\n"
    ).encode("latin-1")


def attempt(
    port: int, head: bytes, body: Iterable[bytes], wait: float, cpu_of: int = 0, watch: float = 3.0
) -> dict[str, Any]:
    """Send `head`, then `body` from another thread, while this one reads the response (for at
    most `wait` seconds; the socket stays open meanwhile, whatever was sent): its status, the
    time to its status line, how much of the body was sent before the server closed (or stopped
    reading for `wait` seconds), what the server did with the connection after answering
    (watched for `watch` seconds), and the CPU time process `cpu_of` used meanwhile."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=wait)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sent = {"bytes": 0, "outcome": "all sent"}
    cpu0 = cpu_seconds(cpu_of) if cpu_of else 0.0
    t0 = time.perf_counter()

    def pump() -> None:
        try:
            sock.sendall(head)
            for part in body:
                sock.sendall(part)
                sent["bytes"] += len(part)
        except TimeoutError:
            sent["outcome"] = f"stalled: the server read nothing for {wait:g} s"
        except OSError as exc:
            sent["outcome"] = errno.errorcode.get(exc.errno or 0, type(exc).__name__)
        sent["seconds"] = time.perf_counter() - t0

    sender = threading.Thread(target=pump, daemon=True)
    sender.start()
    answer = Answer(sock)
    status, answered = answer.read(t0)
    connection = answer.watch(min(wait, watch)) if status is not None else answer.ending or "open, no answer"
    sender.join(timeout=wait + 5)  # a body the server keeps reading: let it finish, or stall
    with contextlib.suppress(OSError):
        sock.close()
    sender.join(timeout=10)
    detail = None
    try:
        detail = json.loads(answer.body).get("detail")
    except (ValueError, AttributeError):
        detail = answer.body[:120].decode("latin-1") or None
    return {"status": status, "answered_ms": round(answered * 1000, 1) if answered is not None else None,
            "client_sent_mb": round(sent["bytes"] / MB, 1), "send_outcome": sent["outcome"],
            "send_seconds": round(sent.get("seconds", float("nan")), 2), "connection": connection,
            "server_cpu_seconds": round(cpu_seconds(cpu_of) - cpu0, 2) if cpu_of else None,
            "detail": detail}  # fmt: skip


class Answer:
    """One HTTP/1.1 response read off a socket (Content-Length, chunked, or to the end), and
    what the server does with the connection afterwards."""

    def __init__(self, sock: socket.socket):
        self.sock, self.buffer, self.body, self.ending = sock, bytearray(), b"", None

    def _more(self) -> bool:
        try:
            data = self.sock.recv(1 << 16)
        except TimeoutError:
            return False
        except ConnectionResetError:
            self.ending = "reset (RST)"
            return False
        if not data:
            self.ending = "closed (FIN)"
            return False
        self.buffer += data
        return True

    def read(self, t0: float) -> tuple[int | None, float | None]:
        answered = None
        while b"\r\n" not in self.buffer:
            if not self._more():
                return None, None
        answered = time.perf_counter() - t0
        while b"\r\n\r\n" not in self.buffer:
            if not self._more():
                return None, answered
        head, _, rest = bytes(self.buffer).partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        fields = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        self.buffer = bytearray(rest)
        if "content-length" in fields:
            while len(self.buffer) < int(fields["content-length"]) and self._more():
                pass
            self.body, self.buffer = bytes(self.buffer[: int(fields["content-length"])]), self.buffer[
                int(fields["content-length"]) :]  # fmt: skip
        elif fields.get("transfer-encoding", "").lower() == "chunked":
            while not self.buffer.endswith(b"0\r\n\r\n") and self._more():
                pass
            self.body, self.buffer = _unchunk(bytes(self.buffer)), bytearray()
        else:
            while self._more():
                pass
            self.body, self.buffer = bytes(self.buffer), bytearray()
        return status, answered

    def watch(self, seconds: float) -> str:
        """After the answer: closed, reset, or kept open for `seconds`; and a second answer,
        if the server sent one (to the rest of the body, read as another request)."""
        if self.ending is None:
            self.sock.settimeout(seconds)
            while self._more():
                pass
        ending = self.ending or f"kept open ({seconds:g} s on)"
        if self.buffer.startswith(b"HTTP/1."):
            ending = f"2nd answer {bytes(self.buffer).split()[1].decode()}, {ending}"
        return ending


def _unchunk(data: bytes) -> bytes:
    out, rest = bytearray(), data
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out += rest[:size]
        rest = rest[size + 2 :]
    return bytes(out)


def small_read(url: str) -> dict[str, Any]:
    t0 = time.perf_counter()
    try:
        with httpx.Client(base_url=url, timeout=30) as http:
            status = http.get(SMALL_READ).status_code
    except httpx.HTTPError as exc:
        status = f"{type(exc).__name__}"
    return {"status": status, "ms": round((time.perf_counter() - t0) * 1000, 1)}


def stalled_connections(port: int, url: str, count: int) -> dict[str, Any]:
    """`count` connections, each having declared 1,000 bytes of JSON and sent 100, held open
    while a small read is made; then closed."""
    socks = []
    head = request_head(
        "POST", "/v1/actions", [AUTH.strip(), "Content-Type: application/json", "Content-Length: 1000"]
    )
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(head + b"{" + b" " * 99)
        socks.append(s)
    time.sleep(0.5)
    during = small_read(url)
    answered = 0
    for s in socks:
        s.setblocking(False)
        with contextlib.suppress(BlockingIOError, OSError):
            answered += bool(s.recv(1))
        s.close()
    return {
        "status": during["status"],
        "answered_ms": during["ms"],
        "connection": f"{answered} of {count} answered",
        "detail": f"a small read while {count} connections each held a body half sent",
        "client_sent_mb": round(count * 100 / MB, 4),
        "send_outcome": "held open",
        "server_cpu_seconds": None,
    }


def endless(seconds: float) -> Iterator[bytes]:
    """JSON-looking bytes for `seconds` from the first one, as fast as the server takes them."""
    yield b'{"note": "'
    block, until = b"a" * 65536, time.monotonic() + seconds
    while time.monotonic() < until:
        yield block


def oversized_cases(args: argparse.Namespace) -> list[tuple[str, Callable[..., dict[str, Any]]]]:
    """(name, run(port, url)) for each case; every body is made by a generator as it is sent."""
    wait = args.answer_timeout
    json_size, upload_size = args.json_mb * MB, args.upload_mb * MB  # json_body, upload_body: exactly
    boundary = "dtl-robustness-" + uuid.uuid4().hex
    auth, json_type = AUTH.strip(), "Content-Type: application/json"
    upload_type = f"Content-Type: multipart/form-data; boundary={boundary}"

    def send(method: str, target: str, headers: list[str], body: Callable[[], Iterable[bytes]],
             timeout: float = wait) -> Callable[..., dict[str, Any]]:  # fmt: skip
        return lambda port, url, pid: attempt(
            port, request_head(method, target, headers), body(), timeout, pid
        )

    def big_json(tag: str) -> Callable[[], Iterator[bytes]]:
        return lambda: json_body(json_size, f"big-{tag}-{uuid.uuid4().hex[:6]}")

    def big_upload(tag: str) -> Callable[[], Iterator[bytes]]:
        return lambda: upload_body(upload_size, boundary, f"up-{tag}-{uuid.uuid4().hex[:6]}")

    def half() -> list[bytes]:
        return [b"{" + b" " * 99]

    def headers(count: int, size: int) -> list[str]:  # each line `size` bytes with its CRLF
        return [f"X-Filler-{i:05d}: {'v' * (size - 19)}" for i in range(count)]

    actions, imports = ("POST", "/v1/actions"), ("POST", "/v1/imports")
    stall = args.stall_seconds
    return [
        (f"actions: JSON {args.json_mb} MB, Content-Length",
         send(*actions, [auth, json_type, f"Content-Length: {json_size}"], big_json("cl"))),
        (f"actions: JSON {args.json_mb} MB, chunked (no length)",
         send(*actions, [auth, json_type, "Transfer-Encoding: chunked"], lambda: chunked(big_json("ch")()))),
        (f"actions: chunked, endless (sent for {stall:g} s)",
         send(*actions, [auth, json_type, "Transfer-Encoding: chunked"], lambda: chunked(endless(stall)))),
        (f"imports: upload {args.upload_mb} MB, Content-Length",
         send(*imports, [auth, upload_type, f"Content-Length: {upload_size}"], big_upload("cl"))),
        (f"imports: upload {args.upload_mb} MB, chunked (no length)",
         send(*imports, [auth, upload_type, "Transfer-Encoding: chunked"],
              lambda: chunked(big_upload("ch")()))),
        (f"imports: upload {args.upload_mb} MB, Content-Length, no token",
         send(*imports, [upload_type, f"Content-Length: {upload_size}"], big_upload("nt"))),
        ("actions: claims 100 bytes, sends 10 MB",
         send(*actions, [auth, json_type, "Content-Length: 100"], lambda: json_body(10 * MB, "lie-short"))),
        ("actions: claims 10 MB, sends 100 bytes",
         send(*actions, [auth, json_type, f"Content-Length: {10 * MB}"], half)),
        (f"actions: claims 1000 bytes, sends 100, waits {stall:g} s",
         send(*actions, [auth, json_type, "Content-Length: 1000"], half, timeout=stall)),
        ("actions: 1,000 headers of 40 bytes (40 KB)",
         send(*actions, [auth, json_type, *headers(1000, 40), "Content-Length: 2"], lambda: [b"{}"])),
        ("actions: 1,000 headers of 1,000 bytes (1 MB)",
         send(*actions, [auth, json_type, *headers(1000, 1000), "Content-Length: 2"], lambda: [b"{}"])),
        ("position: 1,000 headers of 8 bytes (8 KB)",
         send("GET", "/v1/position", [f"X{i:03d}: v" for i in range(1000)], lambda: [])),
        (f"{args.stalled} connections holding half a body",
         lambda p, u, pid: stalled_connections(p, u, args.stalled)),
    ]  # fmt: skip


def oversized(args: argparse.Namespace) -> dict[str, Any]:
    store = DemoStore(args.store, "oversized")
    port = free_port()
    server, lines = start_server(store.url, port)
    url = f"http://127.0.0.1:{port}"
    rows: list[dict[str, Any]] = []
    try:
        started = memory(server.pid)
        for turn in range(args.oversize_rounds):
            for name, run in oversized_cases(args):
                logged = len(lines)
                before_position, before = log_position(url), memory(server.pid)
                result = run(port, url, server.pid)
                after_position = log_position(url)
                read = small_read(url)
                after = memory(server.pid)
                rows.append(
                    {
                        "round": turn + 1,
                        "case": name,
                        **result,
                        "position_before": before_position,
                        "position_after": after_position,
                        "nothing_written": before_position == after_position,
                        "small_read_after": read,
                        "rss_mb_before": before.get("VmRSS"),
                        "rss_mb_after": after.get("VmRSS"),
                        "peak_rss_mb_so_far": after.get("VmHWM"),
                        "server_errors_logged": sum(
                            "Exception in ASGI application" in line for line in lines[logged:]
                        ),
                        "server_log": [line.strip()[:200] for line in lines[logged:] if "INFO" not in line][
                            :3
                        ],
                    }
                )
        ended = memory(server.pid)
    finally:
        stop(server)
        store.drop()
    return {"store": store.kind, "server_start": started, "server_end": ended, "cases": rows}


# ---------------------------------------------------------------------------------------------


def print_streams(results: list[dict[str, Any]]) -> None:
    first = results[0]
    print(
        f"\n{first['store']}: event streams; {first['writes']} writes (POST /v1/actions) from "
        f"{first['writers']} writers; "
        f"DTL_API_STREAM_POLL={os.environ.get('DTL_API_STREAM_POLL', '0.5 (default)')}"
    )
    print(
        f"{'clients':>7} {'from':>4} {'events':>7} {'reconn':>6} {'exactly once':>12} "
        f"{'delay p50':>9} {'p99':>7} {'max':>7} {'write p50':>9} {'p99':>7} {'max':>7} "
        f"{'peak RSS':>9} {'CPU s':>6} {'share':>5}"
    )
    for r in results:
        d, w, s = r["delay_ms"] or {}, r["write_ms"], r["server"]
        once = (
            "-"
            if r["all_delivered_exactly_once"] is None
            else (
                f"{'yes' if r['all_delivered_exactly_once'] else 'NO'} "
                f"{r['clients_exactly_once']}/{r['clients']}"
            )
        )
        events = "/".join(str(e) for e in r["events_per_client"]) or "-"
        print(
            f"{r['clients']:>7} {r['from'] or '-':>4} {events:>7} {r['reconnected']:>6} {once:>12} "
            f"{d.get('p50', '-'):>9} {d.get('p99', '-'):>7} {d.get('max', '-'):>7} "
            f"{w['p50']:>9} {w['p99']:>7} {w['max']:>7} {s['end'].get('VmHWM', '?'):>6} MB "
            f"{s['cpu_seconds']:>6} {s['cpu_share']:>5}"
        )
        bad = {k: v for k, v in r["write_checks"].items() if v not in (True, [])}
        if bad or r["client_problems"] or r["server_log_errors"]:
            print(
                f"        problems: writes {bad}; clients {r['client_problems']}; "
                f"log {r['server_log_errors']}"
            )
    print(
        "(delay: ms from a write's response to a client's receipt of its event, clients that stayed "
        "connected; write: ms per POST; peak RSS: the server's VmHWM; CPU: the server's, while the "
        "writes were made and delivered)"
    )


def print_oversized(result: dict[str, Any]) -> None:
    upload = os.environ.get("DTL_API_MAX_UPLOAD_MB", "64 (default)")
    print(f"\n{result['store']}: oversized and malformed requests (limits: 1 MiB JSON, "
          f"DTL_API_MAX_UPLOAD_MB={upload})")  # fmt: skip
    print(f"{'case':<50} {'status':>6} {'in ms':>7} {'sent MB':>8} {'connection':<30} {'written':>7} "
          f"{'read after':>10} {'RSS MB before->after (peak)':>27} {'errors':>6} {'CPU s':>5}")  # fmt: skip
    for r in result["cases"]:
        read = r["small_read_after"]
        written = "none" if r["nothing_written"] else f"+{r['position_after'] - r['position_before']}"
        print(f"{r['round']}. {r['case']:<47} {r['status'] or '-':>6} {r['answered_ms'] or '-':>7} "
              f"{r['client_sent_mb']:>8} {r['connection'][:30]:<30} {written:>7} "
              f"{read['status']:>4} {read['ms']:>5} {r['rss_mb_before']:>9} -> {r['rss_mb_after']:>5} "
              f"({r['peak_rss_mb_so_far']:>5}) {r['server_errors_logged']:>6} "
              f"{'-' if r['server_cpu_seconds'] is None else r['server_cpu_seconds']:>5}")  # fmt: skip
    print(f"server RSS at start {result['server_start'].get('VmRSS')} MB, at the end "
          f"{result['server_end'].get('VmRSS')} MB, peak {result['server_end'].get('VmHWM')} MB; "
          "in ms: to the status line; sent MB: what the client could send before the server closed "
          "or stopped reading; errors: 'Exception in ASGI application' in the server's log; "
          "CPU s: the server's, from the first byte sent to the end of the exchange")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--store",
        help="a postgresql:// server URL (a schema is made and dropped per round); "
        "default SQLite in a temporary folder",
    )
    parser.add_argument("--phases", default="streams,oversized", help="streams, oversized (comma-separated)")
    parser.add_argument("--clients", type=int, default=50, help="streams: SSE clients")
    parser.add_argument("--stream-from", default="0,end", help="streams: where the clients start: 0, end")
    parser.add_argument("--writes", type=int, default=200, help="streams: actions recorded per round")
    parser.add_argument("--writers", type=int, default=4, help="streams: concurrent writers")
    parser.add_argument("--reconnects", type=int, default=10, help="streams: clients that drop and resume")
    parser.add_argument("--deliver-timeout", type=float, default=120, help="streams: seconds to deliver all")
    parser.add_argument("--json-mb", type=int, default=50, help="oversized: the JSON body, MB")
    parser.add_argument("--upload-mb", type=int, default=200, help="oversized: the upload, MB")
    parser.add_argument(
        "--answer-timeout", type=float, default=60, help="oversized: seconds to wait for an answer"
    )
    parser.add_argument(
        "--stall-seconds", type=float, default=10, help="oversized: how long a stalled body is held"
    )
    parser.add_argument("--stalled", type=int, default=200, help="oversized: connections holding half a body")
    parser.add_argument("--oversize-rounds", type=int, default=2, help="oversized: times the cases are run")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    phases = {p.strip() for p in args.phases.split(",") if p.strip()}
    if phases - {"streams", "oversized"}:
        parser.error(f"unknown phase {sorted(phases - {'streams', 'oversized'})[0]!r}")
    results: dict[str, Any] = {}
    ok = True
    if "streams" in phases:
        results["streams"] = streams(args)
        print_streams(results["streams"])
        for r in results["streams"]:
            ok = ok and r["all_delivered_exactly_once"] in (True, None)
            ok = ok and all(v in (True, []) for v in r["write_checks"].values())
    if "oversized" in phases:
        results["oversized"] = oversized(args)
        print_oversized(results["oversized"])
        ok = ok and all(
            r["nothing_written"] and r["small_read_after"]["status"] == 200
            for r in results["oversized"]["cases"]
        )
    if args.json:
        from machine import describe

        results["machine"] = describe(args.store)
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    print("\nchecks:", "ok" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
