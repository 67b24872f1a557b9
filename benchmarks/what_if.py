"""What-if experiments behind docs/performance.md's suggestions: each variant patches one thing
in a fresh child process (never the application's files) and runs the same import + catch-up as
benchmarks/run.py; the baseline runs first and last, so drift on a shared machine shows.

    .venv/bin/python benchmarks/what_if.py [N] [--postgres | --postgres-only] [--variants=a,b+c] [--repeat=K]

Prints a table and writes benchmarks/results/what-if-<N>-<backends>.json.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

POSTGRES_URL = os.environ.get("BENCH_POSTGRES") or os.environ.get(
    "DTL_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
)


# -- patches (applied in the child, before the store is opened) ----------------------------------
def sync_normal() -> None:
    """PRAGMA synchronous=NORMAL on every SQLite connection (WAL: no fsync per commit)."""
    from eventsourcing import sqlite

    original = sqlite.SQLiteConnectionPool._create_connection

    def create(self):
        conn = original(self)
        conn._sqlite_conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    sqlite.SQLiteConnectionPool._create_connection = create


def cache_64mb() -> None:
    """PRAGMA cache_size=-65536 (64 MB page cache per connection; SQLite's default is 2 MB)."""
    from eventsourcing import sqlite

    original = sqlite.SQLiteConnectionPool._create_connection

    def create(self):
        conn = original(self)
        conn._sqlite_conn.execute("PRAGMA cache_size=-65536")
        return conn

    sqlite.SQLiteConnectionPool._create_connection = create


def uuid5_ids() -> None:
    """Observation stream ids as plain uuid5 of the key (random order in the primary-key index),
    instead of observation_hex's source-ordered ids: what ordering the ids is worth."""
    from uuid import NAMESPACE_URL, uuid5

    from dtl.application import bulk

    if not hasattr(bulk, "observation_hex"):
        return  # an older tree: its ids are uuid5 already
    bulk.observation_hex = lambda key: uuid5(NAMESPACE_URL, "dtl:observation:" + key).hex


def gc_threshold() -> None:
    """Fewer cyclic collections: gen0 threshold 50,000 (default 700) and startup objects frozen."""
    import gc

    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def gc_off() -> None:
    """No cyclic GC at all: an upper bound of what GC tuning can give."""
    import gc

    gc.disable()


def catch_up_batch() -> None:
    """Catch-up applies 10,000 notifications per transaction instead of 2,000."""
    from dtl.application import projector

    projector.CATCH_UP_BATCH = 10_000  # trees that read DTL_CATCH_UP_BATCH get it from the env too


class LeanNote(NamedTuple):
    id: int
    originator_id: Any
    originator_version: int
    topic: str
    state: bytes


def lean_select() -> None:
    """Catch-up reads (rowid, topic, state) with its own statement: no UUID() per row, no
    Notification dataclass (the observation path never uses either)."""
    from eventsourcing import sqlite

    def select(self, start, limit, stop=None, topics=(), *, inclusive_of_start=True):
        assert stop is None
        op = ">=" if inclusive_of_start else ">"
        marks = ",".join("?" * len(topics))
        statement = (
            f"SELECT rowid, originator_id, originator_version, topic, state FROM {self.events_table_name} "
            f"WHERE rowid {op} ? AND topic IN ({marks}) ORDER BY rowid LIMIT ?"
        )
        with self.datastore.transaction(commit=False) as c:
            c.execute(statement, [start or 0, *topics, limit])
            return [LeanNote(*row) for row in c.fetchall()]

    sqlite.SQLiteApplicationRecorder.select_notifications = select


def pg_copy_view() -> None:
    """The PostgreSQL view takes observation rows with COPY instead of executemany."""
    from eventsourcing.persistence import Tracking

    from dtl.projections import view

    def apply_batch(self, app_name, batch, checkpoint=None):
        last = None
        count = 0
        observations = []
        with self.datastore.transaction(commit=True) as c:
            for event, position in batch:
                if type(event) is tuple:  # an observation row
                    observations.append(event)
                else:
                    self._apply(c, event, position)
                last = position
                count += 1
            if observations:
                with c.copy(f"COPY {self.schema_prefix}dtl_observations FROM STDIN") as copy:
                    for row in observations:
                        copy.write_row(row)
            if last is not None:
                self._insert_tracking(c, Tracking(app_name, last))
        return count

    try:  # the class has moved modules before; patch it where it is
        from dtl.projections.postgres_view import PostgresTimelineView
    except ImportError:
        PostgresTimelineView = view.PostgresTimelineView
    PostgresTimelineView.apply_batch = apply_batch


def pg_analyze() -> None:
    """ANALYZE the events table at the end of an import's write phase, before its catch-up (a
    table just bulk-loaded has no statistics: the planner then sorts every remaining row per
    catch-up batch, and launches parallel workers for the empty tail read by every query)."""
    from dtl.application import imports

    original = imports.Importer._observations

    def import_observations(self, *args, **kwargs):
        projector = self.store.projector
        had_own = "catch_up" in vars(projector)  # benchmarks replace it on the instance
        previous = projector.catch_up

        def analyze_then_catch_up(progress=None):
            if self.store.kind == "postgres":
                self.store.analyze([])
            return previous(progress)

        projector.catch_up = analyze_then_catch_up
        try:
            return original(self, *args, **kwargs)
        finally:
            if had_own:
                projector.catch_up = previous
            else:
                del projector.catch_up

    imports.Importer._observations = import_observations


VARIANTS: dict[str, tuple[str, Callable[[], None] | None, dict[str, str]]] = {
    "baseline": ("as shipped", None, {}),
    "import-batch-20000": (
        "DTL_IMPORT_BATCH=20000 (4x fewer import transactions)",
        None,
        {"DTL_IMPORT_BATCH": "20000"},
    ),  # fmt: skip
    "synchronous-normal": (sync_normal.__doc__ or "", sync_normal, {}),
    "cache-64mb": (cache_64mb.__doc__ or "", cache_64mb, {}),
    "uuid5-ids": (uuid5_ids.__doc__ or "", uuid5_ids, {}),
    "gc-threshold": (gc_threshold.__doc__ or "", gc_threshold, {}),
    "gc-off": (gc_off.__doc__ or "", gc_off, {}),
    "catch-up-batch-10000": (catch_up_batch.__doc__ or "", catch_up_batch, {"DTL_CATCH_UP_BATCH": "10000"}),
    "lean-select": (lean_select.__doc__ or "", lean_select, {}),
    "pg-copy-view": (pg_copy_view.__doc__ or "", pg_copy_view, {}),
    "pg-analyze": (pg_analyze.__doc__ or "", pg_analyze, {}),
}
SQLITE_VARIANTS = ["baseline", "import-batch-20000", "synchronous-normal", "uuid5-ids", "gc-threshold",
                   "catch-up-batch-10000", "baseline"]  # fmt: skip
POSTGRES_VARIANTS = ["baseline", "import-batch-20000", "gc-threshold", "catch-up-batch-10000",
                     "pg-copy-view", "pg-analyze", "baseline"]  # fmt: skip


def log(message: str) -> None:
    print(f"[what-if] {message}", file=sys.stderr, flush=True)


def child(name: str, store: str, path: str) -> None:
    import workload

    from dtl.application.facade import Dtl

    for part in name.split("+"):  # "a+b" applies both
        patch = VARIANTS[part][1]
        if patch:
            patch()
    result = workload.import_child(store, path)
    with Dtl(store) as dtl:  # then the same state calls as benchmarks/run.py
        timed = [t for _, t in workload.time_state(dtl, workload.query_plan(400, 60))]
    result["state_p50_ms"] = workload.percentile(timed, 50) * 1000
    print(json.dumps(result))


def run_variant(name: str, store: str, path: Path) -> dict[str, Any]:
    env = dict(os.environ)
    for part in name.split("+"):
        env.update(VARIANTS[part][2])
    proc = subprocess.run(
        [sys.executable, __file__, "_child", name, store, str(path)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if proc.returncode:
        sys.stderr.write(proc.stderr)
        raise RuntimeError(f"variant {name} failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def micro_uuid5(n: int = 200_000) -> dict[str, float]:
    """uuid.uuid5 + .hex (what the writer does per row) vs hashlib straight to the hex text."""
    import hashlib
    from uuid import NAMESPACE_URL, uuid5

    keys = [f"dtl:observation:gdelt:{410_000_000 + i}" for i in range(n)]
    started = time.perf_counter()
    for k in keys:
        _ = uuid5(NAMESPACE_URL, k).hex
    lib = time.perf_counter() - started
    ns = NAMESPACE_URL.bytes
    sha1 = hashlib.sha1
    started = time.perf_counter()
    for k in keys:
        d = bytearray(sha1(ns + k.encode()).digest()[:16])
        d[6] = (d[6] & 0x0F) | 0x50
        d[8] = (d[8] & 0x3F) | 0x80
        d.hex()
    fast = time.perf_counter() - started
    check = bytearray(sha1(ns + keys[0].encode()).digest()[:16])
    check[6] = (check[6] & 0x0F) | 0x50
    check[8] = (check[8] & 0x3F) | 0x80
    assert check.hex() == uuid5(NAMESPACE_URL, keys[0]).hex
    return {"uuid5_us": lib / n * 1e6, "hashlib_us": fast / n * 1e6}


def main(argv: list[str]) -> int:
    import synth_gdelt

    n = int(argv[0]) if argv and argv[0].isdigit() else 100_000
    postgres = "--postgres" in argv or "--postgres-only" in argv
    chosen = next((a.split("=", 1)[1].split(",") for a in argv if a.startswith("--variants=")), None)
    repeat = int(next((a.split("=", 1)[1] for a in argv if a.startswith("--repeat=")), "1"))
    skip_sqlite = "--postgres-only" in argv
    sqlite_variants = SQLITE_VARIANTS[1:-1]
    postgres_variants = POSTGRES_VARIANTS[1:-1]
    if chosen:
        sqlite_variants = [v for v in chosen if all(p in SQLITE_VARIANTS for p in v.split("+"))]
        postgres_variants = [v for v in chosen if all(p in POSTGRES_VARIANTS for p in v.split("+"))]
    # baseline first and last, and the whole round repeated: the best run of each variant counts
    sqlite_variants = [] if skip_sqlite else (["baseline", *sqlite_variants] * repeat + ["baseline"])
    postgres_variants = ["baseline", *postgres_variants] * repeat + ["baseline"]
    tmp = Path(tempfile.mkdtemp(prefix="dtl-what-if-"))
    path = tmp / "gdelt.CSV"
    synth_gdelt.write(n, str(path), 0)
    results: dict[str, Any] = {"rows": n, "sqlite": [], "postgres": [], "micro": micro_uuid5()}
    try:
        for i, name in enumerate(sqlite_variants):
            store = str(tmp / f"v{i}.sqlite3")
            r = run_variant(name, store, path)
            results["sqlite"].append({"variant": name, **r})
            log(f"sqlite {name}: write {r['write_seconds']:.2f}s catch-up {r['catch_up_seconds']:.2f}s")
            for suffix in ("", "-wal", "-shm"):
                Path(store + suffix).unlink(missing_ok=True)
        if postgres:
            import psycopg

            for i, name in enumerate(postgres_variants):
                schema = f"whatif_{os.getpid()}_{i}"
                try:
                    r = run_variant(name, f"{POSTGRES_URL}?schema={schema}", path)
                finally:
                    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
                        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
                results["postgres"].append({"variant": name, **r})
                log(f"postgres {name}: write {r['write_seconds']:.2f}s catch-up {r['catch_up_seconds']:.2f}s")
    finally:
        for f in tmp.iterdir():
            f.unlink()
        tmp.rmdir()
    summary: dict[str, Any] = {}
    for backend in ("sqlite", "postgres"):
        rows = results[backend]
        if not rows:
            continue
        best: dict[str, dict[str, Any]] = {}
        for r in rows:
            b = best.setdefault(r["variant"], {"runs": 0, "write": [], "catch_up": [], "state": [], "rss": 0})
            b["runs"] += 1
            b["write"].append(r["write_seconds"])
            b["catch_up"].append(r["catch_up_seconds"])
            b["state"].append(r["state_p50_ms"])
            b["rss"] = max(b["rss"], r["peak_rss_mb"])
        base_w = min(best["baseline"]["write"])
        base_c = min(best["baseline"]["catch_up"])
        print(f"\n{backend}, {n:,} rows: the fastest run of each variant (baseline: first, per round, last)")
        print("| variant | runs | write s | vs base | catch-up s | vs base | state p50 ms | peak RSS MB |")
        print("|---|---|---|---|---|---|---|---|")
        summary[backend] = {}
        for name, b in best.items():
            w, c, q = min(b["write"]), min(b["catch_up"]), min(b["state"])
            rss, runs = b["rss"], b["runs"]
            cells = [
                name,
                runs,
                f"{w:.2f}",
                f"{w / base_w:.2f}",
                f"{c:.2f}",
                f"{c / base_c:.2f}",
                f"{q:.2f}",
                f"{rss:.0f}",
            ]
            print("| " + " | ".join(map(str, cells)) + " |")
            summary[backend][name] = {
                "write_seconds": w, "write_vs_baseline": w / base_w, "catch_up_seconds": c,
                "catch_up_vs_baseline": c / base_c, "state_p50_ms": q, "peak_rss_mb": rss, "runs": runs,
            }  # fmt: skip
    results["summary"] = summary
    m = results["micro"]
    print(
        f"\nuuid5(...).hex {m['uuid5_us']:.2f} us vs hashlib straight to hex {m['hashlib_us']:.2f} us per id"
    )
    results["variants"] = {k: v[0] for k, v in VARIANTS.items()}
    backends = "-".join(b for b in ("sqlite", "postgres") if results[b])
    out = HERE / "results" / f"what-if-{n}-{backends}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        child(*sys.argv[2:])
        raise SystemExit(0)
    raise SystemExit(main(sys.argv[1:]))
