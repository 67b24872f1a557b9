"""Cold start of two dtl installs side by side, alternating, on the release-0.1 fixture store.

    .venv/bin/python benchmarks/cold_start_ab.py OTHER_DTL [THIS_DTL]

OTHER_DTL is another install's `dtl` script, e.g. release 0.1 from a worktree in its own
virtual environment (see docs/performance.md, "Cold start, before and after the move to dtl.*").
Each is timed against the bare library imports in the same run; medians of 21 rounds.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from cold_start import timed

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 21


def main(other: str, this: str) -> None:
    tmp = Path(tempfile.mkdtemp())
    store = tmp / "store.sqlite3"
    shutil.copyfile(ROOT / "tests/fixtures/release-0.1/store.sqlite3", store)
    question = ["--store", str(store), "state", "NATO", "ISR", "--at", "2024-03-01", "--json"]
    commands = {
        "other": [other, *question],
        "this": [this, *question],
        "bare imports": [sys.executable, "-c", "import typer, pydantic, eventsourcing.application"],
    }

    def once(command: list[str]) -> float:
        return timed(command, tmp)

    for _ in range(3):
        for command in commands.values():
            once(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(ROUNDS):
        for name, command in commands.items():
            times[name].append(once(command))
    base = statistics.median(times["bare imports"])
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:14s} {median * 1000:6.1f} ms  {median / base:.2f}x the bare imports")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else str(Path(sys.executable).parent / "dtl"))
