"""A/B of `dtl state` between two source trees, alternating in the same minutes, so a slower
machine is not mistaken for a regression.

    git worktree add /tmp/old <commit>
    .venv/bin/python benchmarks/state_ab.py /tmp/old .

Each tree runs in its own child process on its own fresh store holding the seed story:
200 warm-up calls, then 5 rounds of 500 calls over four pairs; best and median per call.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import os, statistics, sys, time
tree, store = sys.argv[1], sys.argv[2]
sys.path.insert(0, tree)
os.chdir(tree)
import dtl
# dtl.X lives in TREE/X (pyproject's package-dir). The editable install maps dtl.X to the
# checkout it was installed from, whatever sys.path says: point the package at this tree first.
dtl.__path__[:] = [os.path.join(tree, "dtl"), tree]
import dtl.application
assert dtl.application.__file__.startswith(os.path.abspath(tree)), dtl.application.__file__
from dtl.application.facade import Dtl
from dtl.application.seed_story import background, report
dtl = Dtl(store)
for action in background() + report():
    dtl.record(action)
pairs = [("NATO", "ISR"), ("TUR", "ISR"), ("NATO", "TUR"), ("NATO", "FIN")]
for _ in range(200):
    dtl.state("NATO", "ISR", "2024-03-01")
rounds = []
for _ in range(5):
    start = time.perf_counter()
    for i in range(500):
        dtl.state(*pairs[i % 4], "2024-03-01")
    rounds.append((time.perf_counter() - start) / 500 * 1000)
print(f"{tree}: state {min(rounds):.3f} ms best, {statistics.median(rounds):.3f} ms median per call")
"""


def main(trees: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for attempt in range(2):
            for n, tree in enumerate(trees):
                store = Path(folder) / f"ab-{attempt}-{n}.sqlite3"
                tree_path = str(Path(tree).resolve())
                subprocess.run([sys.executable, "-c", CHILD, tree_path, str(store)], check=True)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1:])
