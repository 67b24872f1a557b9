"""What a key per source costs an encrypted store, and what shredding one costs: an A/B between
two source trees, alternating in the same minutes (like import_ab.py).

    git worktree add /tmp/old <commit before source keys>
    .venv/bin/python benchmarks/source_keys_ab.py /tmp/old .      # BENCH_ACTIONS=2000 by default

Each tree imports the same JSON Lines file (meetings between varied pairs, each on its own day,
each with one source: none can conflict) into its own fresh encrypted SQLite store, three
rounds, alternating; then reads every action's sources back through `dtl timeline --json`
(the catch-up included in the import; the read opens each source). Actions per second, best of
the rounds. Then, in the newer tree only, `dtl shred-source` of one source in the imported
store, end to end (destroying the key, the event, the view rewrite, the VACUUM).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
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
    dtl.import_file(path)
    imported = time.perf_counter() - start
with Dtl(store) as dtl:
    start = time.perf_counter()
    rows = dtl.timeline(limit=10000)
    read = time.perf_counter() - start
assert len(rows) == int(sys.argv[4]), len(rows)
print(imported, read)
"""
STATES = ["FRA", "DEU", "ITA", "ESP", "JPN", "KOR", "BRA", "ARG", "EGY", "JOR", "CAN", "MEX", "IND", "PAK"]


def actions(n: int) -> list[dict]:
    out = []
    for i in range(n):
        a, b = STATES[i % len(STATES)], STATES[(i // len(STATES) + i + 1) % len(STATES)]
        if a == b:
            b = STATES[(STATES.index(a) + 1) % len(STATES)]
        day = f"{1900 + i // 336}-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}"
        out.append({"type": "meet", "by": a, "target": b, "on": day,
                    "sources": [{"name": f"Wire report {i}", "quote": f"they met, said source {i}",
                                 "url": f"https://example.org/{i}", "grade": "B2"}]})  # fmt: skip
    return out


def run(tree: str, folder: Path, path: Path, n: int, round_: int, key: str) -> tuple[float, float]:
    store = folder / f"{Path(tree).resolve().name}-{round_}-{'keyed' if key else 'plain'}.sqlite3"
    env = {**os.environ, "DTL_CIPHER_KEY": key}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, tree, str(store), str(path), str(n)],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"{tree}: {done.stderr[-2000:]}")
    imported, read = map(float, done.stdout.split())
    return imported, read


def main(trees: list[str]) -> None:
    n = int(os.environ.get("BENCH_ACTIONS") or 2000)
    new_tree = trees[-1]
    sys.path.insert(0, new_tree)
    from dtl.application.persistence import new_cipher_key

    key = new_cipher_key()
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        path = folder / "actions.jsonl"
        path.write_text("".join(json.dumps(a) + "\n" for a in actions(n)))
        for mode, store_key in (("plain", ""), ("encrypted", key)):
            results: dict[str, list[tuple[float, float]]] = {tree: [] for tree in trees}
            for round_ in range(3):
                for tree in trees:
                    results[tree].append(run(tree, folder, path, n, round_, store_key))
            for tree in trees:
                best_import = min(r[0] for r in results[tree])
                best_read = min(r[1] for r in results[tree])
                print(f"{mode} store, {tree}: import {n / best_import:,.0f} actions/s, "
                      f"timeline read {n / best_read:,.0f} actions/s")  # fmt: skip
            if len(trees) > 1:
                old, new = trees[0], new_tree
                ratio_import = min(r[0] for r in results[old]) / min(r[0] for r in results[new])
                ratio_read = min(r[1] for r in results[old]) / min(r[1] for r in results[new])
                print(f"{mode} store, new/old speed: import {ratio_import:.2f}x, read {ratio_read:.2f}x")
        store = folder / f"{Path(new_tree).resolve().name}-0-keyed.sqlite3"
        dtl = str(Path(sys.executable).with_name("dtl"))
        env = {**os.environ, "DTL_CIPHER_KEY": key, "DTL_STORE": str(store)}
        start = time.perf_counter()
        subprocess.run([dtl, "shred-source", "--name", "Wire report 7", "--yes"], check=True, env=env,
                       capture_output=True)  # fmt: skip
        print(f"shred-source of one source among {n}: {time.perf_counter() - start:.2f} s "
              f"(store {store.stat().st_size / 1e6:.1f} MB after)")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:] or ["."])
