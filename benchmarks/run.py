"""`make bench`: dtl's import, projection and queries against the physical limits of its stores.

    .venv/bin/python benchmarks/run.py               # 100k and 1M events (about 8 minutes)
    BENCH_EVENTS=20000,200000 .venv/bin/python benchmarks/run.py

Every figure is a ratio to a reference measured in the same run, on the same disk, next to it
in time (the machine may be shared). The table goes to stdout, progress to stderr, and the
same results with the machine's description to benchmarks/results/latest.json.

Environment:
  BENCH_EVENTS      sizes, comma-separated (default 100000,1000000)
  BENCH_PG_EVENTS   sizes to run on PostgreSQL too (default: every size; "0" skips PostgreSQL)
  BENCH_POSTGRES    server URL (default DTL_TEST_POSTGRES or postgresql://postgres@127.0.0.1:5432/test);
                    the benchmark works in its own schema bench_<pid> and drops it afterwards
  BENCH_TMP         where the files and SQLite stores go (default: the system's temp dir)
  BENCH_REPEAT      dtl imports per size and backend (default 2), each between two reference runs;
                    the best of each side counts (the machine may be shared)
  BENCH_KEEP=1      keep that temp dir
  BENCH_OUT         JSON path (default benchmarks/results/latest.json)
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:  # the application packages, when run without the editable install
    sys.path.insert(0, str(ROOT))

import cold_start  # noqa: E402
import machine  # noqa: E402
import references  # noqa: E402
import synth_gdelt  # noqa: E402

from dtl.application.imports import IMPORT_BATCH  # noqa: E402
from dtl.application.projector import CATCH_UP_BATCH  # noqa: E402

DEFAULT_SIZES = "100000,1000000"
SEED = 0
ZIPF_CALLS = 400
HEAVY_CALLS = 60
REPLAY_REPEATS = 3
REPEAT = max(1, int(os.environ.get("BENCH_REPEAT") or 2))

DEFINITIONS = {
    "data": "synthetic GDELT 2.0 events (benchmarks/synth_gdelt.py, seed 0, Zipf-distributed "
    "pairs, ~1% re-emitted ids, ~3% without Actor2), one plain file per size in a temp dir",
    "rates": "rows per second over the file's rows (skipped and duplicate rows included)",
    "import": "Dtl(store).import_file(path, 'gdelt2') with catch_up replaced by a no-op on that "
    f"instance: structure pre-pass, parse, batches of {IMPORT_BATCH} observations, one transaction each; "
    f"run in a fresh child process on a fresh store holding the demo's seed story; {REPEAT} runs "
    "per size and backend, interleaved with the reference's (ref, dtl, ref, dtl, ref), the "
    "fastest of each side counts (the machine may be shared)",
    "catch_up": "Dtl.catch_up() timed alone on the same store right after the import (batches of "
    f"{CATCH_UP_BATCH} notifications, each applied with its tracking record in one transaction); "
    "fastest run",
    "sqlite_reference": "plain Python reads the same file (lines split on tabs) and executemany "
    "INSERT OR IGNORE all 61 columns into one table with GLOBALEVENTID BIGINT PRIMARY KEY "
    "(a unique index beside the rowid, like stored_events), WAL, synchronous left at the "
    "default FULL as eventsourcing leaves it, autocommit with BEGIN/COMMIT every 5000 rows, "
    "into a fresh file in the same temp dir; fastest run",
    "postgres_reference": "plain Python reads the same file and psycopg COPY ... FROM STDIN "
    "(write_row) puts all 61 columns into a table with GLOBALEVENTID bigint PRIMARY KEY, 5000 "
    "rows per transaction; re-emitted ids are dropped in Python (a set) since COPY cannot skip "
    "them; fastest run",
    "state": "in process, after import and catch-up: dtl.state(x, y, day) (its catch-up check "
    f"included) over {ZIPF_CALLS} pairs drawn from the generator's Zipf distribution, "
    f"{HEAVY_CALLS} calls on the heaviest pair and 30 on the demo's NATO pairs, random days "
    "2015-2025, the same calls at every size, after 20 warm-up calls; p50/p99 nearest-rank",
    "replay": "for the same pair: read the ids of the pair's streams from the view (its "
    "observations, its actions, its pair/organisation scope streams), select every stored "
    "event of those streams (IN-lists of 900 ids in one read transaction) and decode each "
    "with the application's mapper (pydantic); no fold on top, so it is a lower bound of a "
    f"replay; median of {REPLAY_REPEATS}; speed-up = replay / state p50 on that pair",
    "median_pair": "the pair of the median call: the Zipf-drawn calls ordered by their pair's "
    "number of observations, the middle one's pair",
    "peak_rss": "VmHWM of the child process that ran the import (write phase and catch-up); "
    "the highest of the runs",
    "cold_start": cold_start.DEFINITION,
}


def log(message: str) -> None:
    print(f"[bench {datetime.now().strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _sizes(name: str, default: str) -> list[int]:
    text = os.environ.get(name, default).strip()
    if text.lower() in ("", "0", "none", "no"):
        return []
    return sorted({int(float(part.replace("_", ""))) for part in text.split(",") if part.strip()})


def label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


# -- children ------------------------------------------------------------------------------------
def run_child(*args: str) -> dict[str, Any]:
    """Run this script's _import in a fresh process; its last stdout line is JSON."""
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise RuntimeError(f"child {args[0]} failed with exit code {proc.returncode}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def child_main(argv: list[str]) -> int:
    import workload

    if argv[0] == "_import":
        print(json.dumps(workload.import_child(argv[1], argv[2])))
        return 0
    raise SystemExit(f"unknown child command {argv[0]!r}")


# -- one size on one backend -----------------------------------------------------------------------
def import_with_references(
    kind: str, n: int, path: Path, stores: list[str], reference, drop
) -> dict[str, Any]:
    """Reference, dtl, reference, dtl, ..., reference: one dtl run per store (each fresh), the
    best run of each side counts. The last store is kept for the queries."""
    refs: list[dict[str, Any]] = []
    runs: list[dict[str, Any]] = []
    for i, store in enumerate(stores):
        refs.append(reference())
        log(f"{kind} {label(n)}: raw reference {refs[-1]['seconds']:.1f}s; dtl import {i + 1}/{len(stores)}")
        runs.append(run_child("_import", store, str(path)))
        r = runs[-1]
        log(
            f"{kind} {label(n)}: dtl write {r['write_seconds']:.1f}s, catch-up {r['catch_up_seconds']:.1f}s, "
            f"peak RSS {r['peak_rss_mb']:.0f} MB"
        )
        if i < len(stores) - 1:
            drop(store)
    refs.append(reference())
    log(f"{kind} {label(n)}: raw reference {refs[-1]['seconds']:.1f}s")
    best = min(r["seconds"] for r in refs)
    write = min(r["write_seconds"] for r in runs)
    catch_up = min(r["catch_up_seconds"] for r in runs)
    rows = runs[-1]["rows"]
    dtl = {**runs[-1], "write_seconds": write, "catch_up_seconds": catch_up}
    dtl["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
    return {
        "rows": rows,
        "dtl": dtl,
        "dtl_runs": runs,
        "reference": {"runs": refs, "seconds": best},
        "import_rate": rows / write,
        "catch_up_rate": rows / catch_up,
        "reference_rate": rows / best,
        "import_vs_reference": best / write,
        "catch_up_vs_import": write / catch_up,
    }


def query_figures(store: str, with_replay: bool) -> dict[str, Any]:
    import workload

    from dtl.application.facade import Dtl

    plan = workload.query_plan(ZIPF_CALLS, HEAVY_CALLS)
    heavy = tuple(sorted(workload.heaviest_pair()))
    with Dtl(store) as dtl:
        counts = workload.pair_counts(dtl)
        timed = workload.time_state(dtl, plan)
        latencies = [t for _, t in timed]
        by_pair: dict[tuple[str, str], list[float]] = {}
        for pair, t in timed:
            by_pair.setdefault(pair, []).append(t)
        out: dict[str, Any] = {
            "calls": len(latencies),
            "p50_ms": workload.percentile(latencies, 50) * 1000,
            "p99_ms": workload.percentile(latencies, 99) * 1000,
            "mean_ms": statistics.fmean(latencies) * 1000,
            "heaviest_pair": {"pair": list(heavy), "observations": counts.get(heavy, 0),
                              "state_p50_ms": workload.percentile(by_pair[heavy], 50) * 1000},
            "store_heaviest_pair": list(max(counts, key=counts.get)) if counts else None,
        }  # fmt: skip
        drawn = sorted(
            (tuple(sorted(p)) for p in workload.zipf_pairs(ZIPF_CALLS, 7)), key=lambda p: counts.get(p, 0)
        )
        median = drawn[len(drawn) // 2]  # the pair of the median Zipf-drawn call
        median_days = workload.random_days(60, 99)
        median_times = []
        for day in median_days[:20]:
            dtl.state(median[0], median[1], day)
        for day in median_days:
            started = time.perf_counter()
            dtl.state(median[0], median[1], day)
            median_times.append(time.perf_counter() - started)
        out["median_pair"] = {"pair": list(median), "observations": counts.get(median, 0),
                              "state_p50_ms": workload.percentile(median_times, 50) * 1000}  # fmt: skip
        if with_replay:
            for key in ("heaviest_pair", "median_pair"):
                entry = out[key]
                replay = workload.time_replay(dtl, *entry["pair"], repeats=REPLAY_REPEATS)
                entry["replay_ms"] = replay["seconds"] * 1000
                entry["replay_events"] = replay["events"]
                entry["speed_up"] = replay["seconds"] * 1000 / entry["state_p50_ms"]
    return out


# -- the figures and the table ------------------------------------------------------------------------
def figure(name: str, value: float | None, unit: str, goal: float | None, op: str | None,
           note: str = "") -> dict[str, Any]:  # fmt: skip
    met = None
    if value is not None and goal is not None:
        met = value >= goal if op == ">=" else value <= goal
    return {"figure": name, "value": value, "unit": unit, "goal": goal, "op": op, "met": met, "note": note}


def figures(results: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    sq, pg, q = results["sqlite"], results["postgres"], results["state"]

    def rates(r: dict[str, Any], a: str, b: str) -> str:
        return f"{r[a]:,.0f} vs {r[b]:,.0f} rows/s"

    for n, r in sq.items():
        name = f"SQLite import rate / raw executemany, {n}"
        out.append(
            figure(name, r["import_vs_reference"], "x", 0.5, ">=", rates(r, "import_rate", "reference_rate"))
        )
    for n, r in pg.items():
        name = f"PostgreSQL import rate / raw COPY, {n}"
        out.append(
            figure(name, r["import_vs_reference"], "x", 0.25, ">=", rates(r, "import_rate", "reference_rate"))
        )
    for n, r in q.items():
        out.append(figure(f"state p50, {n}", r["p50_ms"], "ms", None, None, f"{r['calls']} calls"))
        out.append(figure(f"state p99, {n}", r["p99_ms"], "ms", None, None, ""))
    labels = list(q)
    if len(labels) >= 2:
        small, large = labels[0], labels[-1]
        ratio = q[large]["p50_ms"] / q[small]["p50_ms"]
        out.append(figure(f"state p50 {large} / {small}", ratio, "x", 1.5, "<="))
    for n, r in results["postgres_state"].items():
        note = f"{r['calls']} calls; p99 {r['p99_ms']:.2f} ms"
        out.append(figure(f"PostgreSQL state p50, {n}", r["p50_ms"], "ms", None, None, note))
    for n, r in q.items():
        for key, kind in (("heaviest_pair", "heaviest"), ("median_pair", "median")):
            e = r[key]
            if "speed_up" in e:
                name = f"state vs replay, {kind} pair {'-'.join(e['pair'])}, {n}"
                note = (
                    f"{e['replay_ms']:.1f} ms for {e['replay_events']:,} events vs {e['state_p50_ms']:.2f} ms"
                )
                out.append(figure(name, e["speed_up"], "x", 100, ">=", note))
    for backend, rs in (("SQLite", sq), ("PostgreSQL", pg)):
        for n, r in rs.items():
            name = f"{backend} catch-up rate / import rate, {n}"
            out.append(
                figure(
                    name, r["catch_up_vs_import"], "x", 1.0, ">=", rates(r, "catch_up_rate", "import_rate")
                )
            )
    for backend, rs in (("SQLite", sq), ("PostgreSQL", pg)):
        for n, r in rs.items():
            judged = n == "1M"
            note = f"write + catch-up; {r['dtl']['rss_before_import_mb']:.0f} MB before the import"
            goal, op = (300, "<=") if judged else (None, None)
            out.append(
                figure(f"peak RSS, {backend} import {n}", r["dtl"]["peak_rss_mb"], "MB", goal, op, note)
            )
    c = results.get("cold_start")
    if c:
        name = "cold `dtl state` / python -c 'import typer, pydantic, eventsourcing.application'"
        note = f"{c['dtl_state_ms']:.0f} vs {c['imports_ms']:.0f} ms"
        out.append(figure(name, c["ratio"], "x", 2.0, "<=", note))
    return out


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "x":
        if value < 1:
            return f"{value:.3f}x"
        return f"{value:,.2f}x" if value < 100 else f"{value:,.0f}x"
    if unit == "ms":
        return f"{value:.3f} ms" if value < 10 else f"{value:,.1f} ms"
    return f"{value:,.0f} {unit}"


def status(f: dict[str, Any]) -> str:
    if f["met"] is None:
        return ""
    goal, value = f["goal"], f["value"]
    if f["op"] == ">=":
        by = value / goal
        return f"met ({by:.2f}x the goal)" if f["met"] else f"MISSED (at {by:.3f} of the goal)"
    by = goal / value
    return f"met ({by:.2f}x headroom)" if f["met"] else f"MISSED ({value / goal:.3f}x the goal)"


def goal_text(f: dict[str, Any]) -> str:
    if f["goal"] is None:
        return ""
    return f"{f['op']} {f['goal']:g}" + ("x" if f["unit"] == "x" else f" {f['unit']}")


def table(rows: list[dict[str, Any]]) -> str:
    head = ("figure", "measured", "goal", "status", "detail")
    body = [(f["figure"], _fmt(f["value"], f["unit"]), goal_text(f), status(f), f["note"]) for f in rows]
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |"]
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in body]
    return "\n".join(lines)


# -- main ------------------------------------------------------------------------------------------------
def main() -> int:
    started = time.perf_counter()
    sizes = _sizes("BENCH_EVENTS", DEFAULT_SIZES)
    if not sizes:
        raise SystemExit("BENCH_EVENTS names no sizes")
    pg_url = os.environ.get("BENCH_POSTGRES") or os.environ.get(
        "DTL_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
    )
    pg_sizes = _sizes("BENCH_PG_EVENTS", ",".join(map(str, sizes)))
    info = machine.describe(pg_url if pg_sizes else None)
    if pg_sizes and info["postgresql"] is None:
        log(f"PostgreSQL at {pg_url} is not reachable: its figures are skipped")
        pg_sizes = []
    schema = f"bench_{os.getpid()}"
    tmp = Path(tempfile.mkdtemp(prefix="dtl-bench-", dir=os.environ.get("BENCH_TMP") or None))
    log(f"sizes {', '.join(map(label, sizes))} (PostgreSQL: {', '.join(map(label, pg_sizes)) or 'none'}); "
        f"working in {tmp}")  # fmt: skip
    results: dict[str, Any] = {"sqlite": {}, "postgres": {}, "state": {}, "postgres_state": {}}
    try:
        for n in sorted(set(sizes) | set(pg_sizes)):
            path = tmp / f"gdelt-{label(n)}.CSV"
            log(f"generating {label(n)} rows into {path.name}")
            synth_gdelt.write(n, str(path), SEED)
            if n in sizes:
                stores = [str(tmp / f"dtl-{label(n)}-{i}.sqlite3") for i in range(REPEAT)]
                raw_db = tmp / "raw.sqlite3"
                results["sqlite"][label(n)] = import_with_references(
                    "SQLite", n, path, stores,
                    lambda p=path, d=raw_db: references.sqlite_reference(p, d), remove_sqlite,
                )  # fmt: skip
                log(f"SQLite {label(n)}: state queries and replays")
                results["state"][label(n)] = query_figures(stores[-1], with_replay=True)
                remove_sqlite(stores[-1])
            if n in pg_sizes:
                schemas = [f"{schema}_{label(n).lower()}_{i}" for i in range(REPEAT)]
                raw_schema = f"{schema}_raw"
                try:
                    results["postgres"][label(n)] = import_with_references(
                        "PostgreSQL", n, path, [f"{pg_url}?schema={s}" for s in schemas],
                        lambda p=path, s=raw_schema: references.postgres_reference(p, pg_url, s),
                        lambda store: drop_schemas(pg_url, [store.rsplit("schema=", 1)[1]]),
                    )  # fmt: skip
                    log(f"PostgreSQL {label(n)}: state queries")
                    results["postgres_state"][label(n)] = query_figures(
                        f"{pg_url}?schema={schemas[-1]}", with_replay=False
                    )
                finally:
                    drop_schemas(pg_url, [*schemas, raw_schema])
            path.unlink()
        log("cold start")
        results["cold_start"] = cold_start.cold_start(tmp)
    finally:
        if os.environ.get("BENCH_KEEP") != "1":
            shutil.rmtree(tmp, ignore_errors=True)
    rows = figures(results)
    for f in rows:
        f["status"] = status(f)
    report = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command(),
        "duration_seconds": round(time.perf_counter() - started, 1),
        "machine": info,
        "sizes": [label(n) for n in sizes],
        "postgres_sizes": [label(n) for n in pg_sizes],
        "definitions": DEFINITIONS,
        "figures": rows,
        "results": results,
    }  # fmt: skip
    out = Path(os.environ.get("BENCH_OUT") or HERE / "results" / "latest.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"dtl benchmark: {info['cpu']}, {info['cores_usable']} cores, {info['ram_gb']} GB RAM, Python "
          f"{info['python']}, SQLite {info['sqlite']}, PostgreSQL {info['postgresql'] or '-'}; "
          f"load at start {info['load_average_at_start']}")  # fmt: skip
    print()
    print(table(rows))
    print()
    print("Definitions:")
    for key, text in DEFINITIONS.items():
        print(f"- {key}: {text}")
    met = sum(1 for f in rows if f["met"])
    judged = sum(1 for f in rows if f["met"] is not None)
    print(f"\n{met} of {judged} goals met; {report['duration_seconds']:.0f}s; results in {out}")
    return 0


def command() -> str:
    knobs = [f"{k}={os.environ[k]}" for k in ("BENCH_EVENTS", "BENCH_PG_EVENTS") if k in os.environ]
    return " ".join([*knobs, "make bench"])


def remove_sqlite(store: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(store + suffix).unlink(missing_ok=True)


def drop_schemas(url: str, schemas: list[str]) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True) as conn:
        for name in schemas:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1].startswith("_"):
        raise SystemExit(child_main(sys.argv[1:]))
    raise SystemExit(main())
