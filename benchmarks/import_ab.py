"""A/B of a GDELT import between two source trees, alternating in the same minutes, so a slower
machine is not mistaken for a regression (the import's counterpart of state_ab.py).

    git worktree add /tmp/old <commit>
    .venv/bin/python benchmarks/import_ab.py /tmp/old .     # BENCH_EVENTS=20000 by default

One synthetic GDELT 2.0 file (benchmarks/synth_gdelt.py, seed 0) is imported by each tree into
its own fresh SQLite store, three rounds, alternating; rows per second, best and median.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import os, sys, time
tree, store, path = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, tree)
os.chdir(tree)
import dtl
# dtl.X lives in TREE/X (pyproject's package-dir). The editable install maps dtl.X to the
# checkout it was installed from, whatever sys.path says: point the package at this tree first.
dtl.__path__[:] = [os.path.join(tree, "dtl"), tree]
import dtl.application
assert dtl.application.__file__.startswith(os.path.abspath(tree)), dtl.application.__file__
from dtl.application.facade import Dtl
with Dtl(store) as dtl:
    start = time.perf_counter()
    dtl.import_file(path, "gdelt2")
    print(time.perf_counter() - start)
"""


def main(trees: list[str]) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import synth_gdelt

    events = int(os.environ.get("BENCH_EVENTS") or 20000)
    times: dict[str, list[float]] = {tree: [] for tree in trees}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.CSV"
        synth_gdelt.write(events, str(path), 0)
        for attempt in range(3):
            for n, tree in enumerate(trees):
                store = Path(folder) / f"ab-{attempt}-{n}.sqlite3"
                tree_path = str(Path(tree).resolve())
                out = subprocess.run(
                    [sys.executable, "-c", CHILD, tree_path, str(store), str(path)],
                    check=True, capture_output=True, text=True,
                )  # fmt: skip
                times[tree].append(float(out.stdout.strip().splitlines()[-1]))
    for tree, seconds in times.items():
        rates = [events / s for s in seconds]
        print(f"{tree}: import {max(rates):,.0f} rows/s best, {statistics.median(rates):,.0f} median")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1:])
