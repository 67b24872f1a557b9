"""Cold start: a fresh `dtl state` process against a fresh `python -c 'import typer, pydantic,
eventsourcing.application'`, alternating, on the same demo store. Run by `make bench`; alone:

    .venv/bin/python benchmarks/cold_start.py          # prints the figures as JSON

The ratio is what dtl adds to the libraries it cannot start without; the goal is at most 2x.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RUNS = 15
WARM_UPS = 2
DEFINITION = (
    f"{RUNS} runs each, after {WARM_UPS} warm-ups, alternating, of "
    "`.venv/bin/dtl --store <demo store> state NATO ISR --at 2024-03-01 --json` and of "
    "`.venv/bin/python -c 'import typer, pydantic, eventsourcing.application'`; medians"
)


def timed(cmd: list[str], cwd: Path) -> float:
    """Seconds one fresh process takes, from launch to exit (it must succeed), with no store or
    key set in its environment."""
    env = {k: v for k, v in os.environ.items() if k not in ("DTL_STORE", "DTL_CIPHER_KEY")}
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed: {proc.stderr.decode()[-500:]}")
    return elapsed


def cold_start(tmp: Path) -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import workload

    from dtl.application.facade import Dtl

    store = tmp / "cold.sqlite3"
    with Dtl(str(store)) as dtl:
        workload.seed(dtl)
    bin_dir = Path(sys.executable).parent
    question = ["state", "NATO", "ISR", "--at", "2024-03-01", "--json"]
    dtl_cmd = [str(bin_dir / "dtl"), "--store", str(store), *question]
    base_cmd = [sys.executable, "-c", "import typer, pydantic, eventsourcing.application"]

    def once(cmd: list[str]) -> float:
        return timed(cmd, tmp)

    for _ in range(WARM_UPS):
        once(dtl_cmd)
        once(base_cmd)
    ours, base = [], []
    for _ in range(RUNS):
        ours.append(once(dtl_cmd))
        base.append(once(base_cmd))
    return {
        "dtl_state_ms": statistics.median(ours) * 1000,
        "imports_ms": statistics.median(base) * 1000,
        "ratio": statistics.median(ours) / statistics.median(base),
        "dtl_runs_ms": [round(t * 1000, 1) for t in ours],
        "imports_runs_ms": [round(t * 1000, 1) for t in base],
    }


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        result = cold_start(Path(tmp))
    print(json.dumps({k: round(v, 2) for k, v in result.items() if not k.endswith("runs_ms")}))
