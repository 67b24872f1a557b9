"""`dtl state` between two source trees in instructions, not seconds: valgrind's callgrind
counts the same total for the same code and input whatever else the machine is doing, where
this shared 2-core machine's timings move by 30% from one minute to the next.

    git worktree add /tmp/old <commit>
    .venv/bin/python benchmarks/state_instructions.py /tmp/old .      # BENCH_CALLS=200 by default

Each tree records the seed story into its own SQLite store (not counted), then runs under
callgrind twice: opening the store and asking once (the fixed cost), and the same plus
BENCH_CALLS questions over four pairs. The difference divided by the calls is one question's
instructions, the catch-up check and the answer's position included.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import os, sys
tree, store, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, tree)
os.chdir(tree)
import dtl
dtl.__path__[:] = [os.path.join(tree, "dtl"), tree]  # this tree's code, not the installed one
import dtl.application
assert dtl.application.__file__.startswith(os.path.abspath(tree)), dtl.application.__file__
from dtl.application.facade import Dtl
facade = Dtl(store)
if n < 0:
    from dtl.application.seed_story import background, report
    for action in background() + report():
        facade.record(action)
    raise SystemExit
pairs = [("NATO", "ISR"), ("TUR", "ISR"), ("NATO", "TUR"), ("NATO", "FIN")]
facade.state("NATO", "ISR", "2024-03-01")
for i in range(n):
    facade.state(*pairs[i % 4], "2024-03-01")
"""


def instructions(tree: str, store: Path, calls: int, folder: Path) -> int:
    out = folder / "callgrind.out"
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
         sys.executable, "-c", CHILD, tree, str(store), str(calls)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return int(re.search(r"Collected : (\d+)", done.stderr).group(1))


def main(trees: list[str]) -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    calls = int(os.environ.get("BENCH_CALLS") or 200)
    per_call = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for n, tree in enumerate(trees):
            store = folder / f"store-{n}.sqlite3"
            subprocess.run([sys.executable, "-c", CHILD, tree, str(store), "-1"], check=True)
            fixed = instructions(tree, store, 0, folder)
            total = instructions(tree, store, calls, folder)
            per_call[tree] = (total - fixed) / calls
            print(f"{tree}: {per_call[tree] / 1e6:.3f} M instructions per state question")
    if len(trees) == 2:
        old, new = trees
        print(f"new/old: {per_call[new] / per_call[old]:.3f}x the instructions")


if __name__ == "__main__":
    main(sys.argv[1:] or ["."])
