"""Where the time goes: pyinstrument profiles of the import's write phase, the catch-up and a
cold `dtl state`, plus `python -X importtime` of that cold start, at one size (default 100k).

    .venv/bin/python benchmarks/profile_phases.py [N] [--postgres]   # benchmarks/results/profile-*.txt

Each phase gets a call tree (time as a share of the phase) and a flat list of the functions
with the most self time. The phases run exactly as in benchmarks/run.py (same file, same
seeded store, catch_up replaced by a no-op on the instance for the write phase).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pyinstrument import Profiler  # noqa: E402  (imports nothing of dtl's: the cold child needs that)

INTERVAL = 0.0005
OUT = Path(os.environ.get("BENCH_PROFILE_OUT") or HERE / "results")


def log(message: str) -> None:
    print(f"[profile] {message}", file=sys.stderr, flush=True)


def self_times(profiler: Profiler) -> list[tuple[str, float]]:
    """Seconds of self time per function (time sampled in the function's own code or in
    C functions it calls directly, i.e. builtins, are kept apart as their own entries)."""
    from pyinstrument.frame import SELF_TIME_FRAME_IDENTIFIER

    session = profiler.last_session
    assert session is not None
    totals: dict[str, float] = defaultdict(float)
    stack = [session.root_frame(trim_stem=False)]
    while stack:
        frame = stack.pop()
        if frame is None:
            continue
        own = frame.time - sum(c.time for c in frame.children)
        for child in frame.children:
            if child.identifier == SELF_TIME_FRAME_IDENTIFIER:
                own += child.time
            else:
                stack.append(child)
        if own > 0:
            where = (frame.file_path_short or "").replace(str(ROOT) + "/", "")
            totals[f"{frame.function}  {where}:{frame.line_no}"] += own
    return sorted(totals.items(), key=lambda kv: -kv[1])


def full_tree(profiler: Profiler, threshold: float = 0.01) -> str:
    """The call tree with library frames shown (pyinstrument groups them by default), nodes
    under `threshold` of the total hidden."""
    from pyinstrument import processors
    from pyinstrument.renderers import ConsoleRenderer

    renderer = ConsoleRenderer(
        unicode=True, color=False, time="percent_of_total", processor_options={"filter_threshold": threshold}
    )
    renderer.processors.remove(processors.group_library_frames_processor)
    assert profiler.last_session is not None
    return renderer.render(profiler.last_session)


def render(profiler: Profiler, title: str, seconds: float, libraries: bool = False) -> str:
    tree = full_tree(profiler) if libraries else profiler.output_text(
        unicode=True, color=False, time="percent_of_total")  # fmt: skip
    flat = self_times(profiler)
    total = sum(t for _, t in flat) or 1.0
    lines = [f"{t / total:6.1%}  {name}" for name, t in flat[:40]]
    return (
        f"# {title}: {seconds:.2f} s wall (profiled; the profiler adds some overhead)\n\n"
        "## self time by function (top 40), share of the phase\n\n"
        + "\n".join(lines)
        + "\n\n## call tree\n"
        + tree
    )


def profile_in_process(path: Path, n: int, store: str, backend: str) -> None:
    import workload

    from dtl.application.facade import Dtl

    suffix = "" if backend == "SQLite" else "-" + backend.lower()
    dtl = Dtl(store)
    try:
        workload.seed(dtl)
        dtl.projector.catch_up = lambda progress=None: 0  # type: ignore[method-assign]
        profiler = Profiler(interval=INTERVAL)
        started = time.perf_counter()
        profiler.start()
        dtl.import_file(path, "gdelt2")
        profiler.stop()
        seconds = time.perf_counter() - started
        title = f"import write phase, {n} rows, {backend}"
        (OUT / f"profile-import{suffix}.txt").write_text(render(profiler, title, seconds))
        log(f"{backend} import write phase {seconds:.1f}s")
        del dtl.projector.catch_up
        profiler = Profiler(interval=INTERVAL)
        started = time.perf_counter()
        profiler.start()
        dtl.catch_up()
        profiler.stop()
        seconds = time.perf_counter() - started
        title = f"catch-up, {n} rows, {backend}"
        (OUT / f"profile-catch-up{suffix}.txt").write_text(render(profiler, title, seconds))
        log(f"{backend} catch-up {seconds:.1f}s")
    finally:
        dtl.close()


def importtime(cmd: list[str], cwd: Path) -> tuple[list[tuple[str, int, int]], int]:
    """(module, self us, cumulative us) per imported module, and the sum of self times."""
    proc = subprocess.run([sys.executable, "-X", "importtime", *cmd], cwd=cwd, capture_output=True, text=True)
    rows = []
    pattern = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")
    for line in proc.stderr.splitlines():
        m = pattern.match(line)
        if m:
            rows.append((m.group(4), int(m.group(1)), int(m.group(2))))
    return rows, sum(r[1] for r in rows)


def by_package(rows: list[tuple[str, int, int]]) -> list[tuple[str, int]]:
    totals: dict[str, int] = defaultdict(int)
    for module, self_us, _ in rows:
        totals[module.split(".")[0]] += self_us
    return sorted(totals.items(), key=lambda kv: -kv[1])


def profile_cold_start(tmp: Path) -> None:
    import workload

    from dtl.application.facade import Dtl

    store = tmp / "cold.sqlite3"
    with Dtl(str(store)) as dtl:
        workload.seed(dtl)
    dtl_script = str(Path(sys.executable).parent / "dtl")
    args = ["--store", str(store), "state", "NATO", "ISR", "--at", "2024-03-01", "--json"]
    base = ["-c", "import typer, pydantic, eventsourcing.application"]
    for _ in range(2):  # warm the bytecode and page caches
        subprocess.run([sys.executable, dtl_script, *args], cwd=tmp, capture_output=True)
    ours, ours_total = importtime([dtl_script, *args], tmp)
    theirs, theirs_total = importtime(base, tmp)
    baseline = {m for m, _, _ in theirs}
    extra = [r for r in ours if r[0] not in baseline]
    lines = [
        "# cold start: python -X importtime",
        "",
        f"dtl state: {len(ours)} modules, {ours_total / 1000:.0f} ms of import self time",
        f"python -c 'import typer, pydantic, eventsourcing.application': {len(theirs)} modules, "
        f"{theirs_total / 1000:.0f} ms",
        f"modules dtl imports beyond that baseline: {len(extra)}, {sum(r[1] for r in extra) / 1000:.0f} ms",
        "",
        "## dtl state: import self time by top-level package",
        "",
    ]
    lines += [f"{ms / 1000:8.1f} ms  {pkg}" for pkg, ms in by_package(ours)[:30]]
    lines += ["", "## beyond the baseline: import self time by top-level package", ""]
    lines += [f"{ms / 1000:8.1f} ms  {pkg}" for pkg, ms in by_package(extra)[:30]]
    lines += ["", "## dtl state: slowest modules by cumulative import time (top 40)", ""]
    lines += [f"{cum / 1000:8.1f} ms  {module}" for module, _, cum in sorted(ours, key=lambda r: -r[2])[:40]]
    (OUT / "profile-cold-importtime.txt").write_text("\n".join(lines) + "\n")
    runs = []
    for i in range(3):  # three profiled runs; the fastest is kept
        report = tmp / f"cold-{i}.txt"
        subprocess.run(
            [sys.executable, __file__, "_cold", str(report), dtl_script, *args],
            cwd=tmp, check=True, capture_output=True,
        )  # fmt: skip
        text = report.read_text()
        runs.append((float(text.split(": ", 1)[1].split(" s", 1)[0]), text))
    (OUT / "profile-cold-start.txt").write_text(min(runs)[1])
    log(f"cold start: {ours_total / 1000:.0f} ms of imports ({theirs_total / 1000:.0f} ms baseline)")


def main() -> int:
    import synth_gdelt

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 100_000
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="dtl-profile-"))
    try:
        path = tmp / "gdelt.CSV"
        synth_gdelt.write(n, str(path), 0)
        profile_in_process(path, n, str(tmp / "profile.sqlite3"), "SQLite")
        if "--postgres" in sys.argv:
            import psycopg

            url = os.environ.get("BENCH_POSTGRES") or os.environ.get(
                "DTL_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
            )
            schema = f"profile_{os.getpid()}"
            try:
                profile_in_process(path, n, f"{url}?schema={schema}", "PostgreSQL")
            finally:
                with psycopg.connect(url, autocommit=True) as conn:
                    conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        profile_cold_start(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log(f"written to {OUT}/profile-*.txt")
    return 0


def cold_child(report: str, script: str, *args: str) -> None:
    """Profile one cold `dtl` run in this fresh process, as the console script runs it."""
    import runpy

    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]  # as the script sees it
    for name in ("synth_gdelt", "workload"):
        sys.modules.pop(name, None)
    sys.argv = [script, *args]
    profiler = Profiler(interval=INTERVAL / 5)
    started = time.perf_counter()
    profiler.start()
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit:
        pass
    finally:
        profiler.stop()
    seconds = time.perf_counter() - started
    title = "cold `dtl " + " ".join(args[2:]) + "`"
    Path(report).write_text(render(profiler, title, seconds, libraries=True))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_cold":
        cold_child(*sys.argv[2:])
        raise SystemExit(0)
    raise SystemExit(main())
