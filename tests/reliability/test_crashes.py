"""kill -9 during an import and during a projection catch-up.

Two ways to crash: the DTL_FAULT_KILL_AT switch makes the process SIGKILL itself at an exact
point (inside a transaction just before commit, or just after), and a kill from outside at a
random moment inside the import's write phase (measured first), which must be seen to cut some
imports short. Afterwards the store must hold whole batches of the import and nothing else,
re-running the import must complete it without duplicates, and `dtl verify` must find the
views equal to a rebuild from the log.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from benchmarks.synth_gdelt import generate
from dtl.application.importers import Skip, numbered_lines, parse_gdelt
from dtl.domain.stored_names import OBSERVATION_RECORDED
from tests.reliability.support import DTL, ROOT, raw_events, run_cli

ROWS = 6000
BATCH = 500


@pytest.fixture(scope="module")
def gdelt_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "events.export.CSV"
    with path.open("w") as out:
        for line in generate(ROWS, seed=11):
            out.write(line if line.endswith("\n") else line + "\n")
    return path


@pytest.fixture(scope="module")
def batches(gdelt_file) -> list[set[str]]:
    return cut_into_batches(gdelt_file, BATCH)


def cut_into_batches(path: Path, size: int) -> list[set[str]]:
    """The source keys each import batch holds, in order, as the importer cuts them."""
    keys = [o.key for o in parse_gdelt(numbered_lines(path)) if not isinstance(o, Skip)]
    return [set(keys[i : i + size]) for i in range(0, len(keys), size)]


def stored_keys(store: str) -> list[str]:
    keys = []
    for _, _, topic, state in raw_events(store):
        if topic == OBSERVATION_RECORDED:
            obs = orjson.loads(state)["observation"]
            keys.append(f"{obs['system']}:{obs['source_id']}")
    return keys


def whole_batches(keys: list[str], batches: list[set[str]]) -> int:
    """How many leading batches the store holds; fails unless it is exactly a prefix."""
    assert len(keys) == len(set(keys)), "an observation was stored twice"
    held = set(keys)
    union: set[str] = set()
    for count, batch in enumerate([set(), *batches]):
        union |= batch
        if union == held:
            return count
    raise AssertionError(f"the store holds {len(held)} observations, not a whole number of batches")


def import_file(store: str, path: Path, batch: int = BATCH, **env: str) -> subprocess.CompletedProcess:
    sizes = {"DTL_IMPORT_BATCH": str(batch), "DTL_CATCH_UP_BATCH": str(2 * batch)}
    return run_cli(store, "import", str(path), "--json", env={**sizes, **env})


def assert_complete_and_verified(store: str, path: Path, batches: list[set[str]], batch: int = BATCH) -> None:
    result = import_file(store, path, batch)
    assert result.returncode == 0, result.stderr
    assert whole_batches(stored_keys(store), batches) == len(batches)
    verify = run_cli(store, "verify", "--json")
    report = json.loads(verify.stdout)
    assert verify.returncode == 0 and report["ok"] and report["behind_by"] == 0, verify.stdout


@pytest.mark.parametrize(
    "point, nth, batches_kept",
    [
        ("import-before-commit", 1, 0),
        ("import-before-commit", 4, 3),
        ("import-after-commit", 2, 2),
        ("import-after-commit", 7, 7),
    ],
)
def test_a_kill_during_import_leaves_whole_batches_and_a_rerun_completes_it(
    store_url, gdelt_file, batches, point, nth, batches_kept
):
    crashed = import_file(store_url, gdelt_file, DTL_FAULT_KILL_AT=f"{point}:{nth}")
    assert crashed.returncode == -signal.SIGKILL
    assert whole_batches(stored_keys(store_url), batches) == batches_kept
    assert_complete_and_verified(store_url, gdelt_file, batches)


@pytest.mark.parametrize("point", ["catch-up-before-commit", "catch-up-after-commit"])
def test_a_kill_during_catch_up_leaves_views_that_are_behind_but_never_wrong(
    store_url, gdelt_file, batches, point
):
    crashed = import_file(store_url, gdelt_file, DTL_FAULT_KILL_AT=f"{point}:2")
    assert crashed.returncode == -signal.SIGKILL
    assert whole_batches(stored_keys(store_url), batches) == len(batches)  # the import itself finished
    verify = run_cli(store_url, "verify", "--json")
    report = json.loads(verify.stdout)
    assert verify.returncode == 0 and report["ok"] and report["behind_by"] > 0
    assert run_cli(store_url, "project").returncode == 0
    assert_complete_and_verified(store_url, gdelt_file, batches)


INTERRUPTIONS = 3  # enough kills seen to cut an import short ...
ATTEMPTS = 6  # ... out of at most this many kills (each on a fresh store)
KILL_BATCH = 100  # smaller batches: more commits, a longer write phase to aim at


def start_import(store: str, path: Path, batch: int, **env: str) -> tuple[subprocess.Popen, float]:
    started = time.monotonic()
    process = subprocess.Popen(
        [*DTL, "import", str(path)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "DTL_STORE": store, "DTL_IMPORT_BATCH": str(batch), **env},
    )  # fmt: skip
    return process, started


def write_phase(fresh: Callable[[], str], path: Path, batches: int) -> tuple[float, float]:
    """When, counted from its start, an import of this file commits its first batch and its
    last but one: measured on fresh stores, the product's own fault switch stopping the
    process at each point (the same import, uninterrupted up to there)."""
    tried = []
    for _ in range(5):  # two separate runs: on a loaded machine the second may be the slower start
        bounds = []
        for point in ("import-before-commit:1", f"import-after-commit:{batches - 1}"):
            process, started = start_import(fresh(), path, KILL_BATCH, DTL_FAULT_KILL_AT=point)
            assert process.wait() == -signal.SIGKILL, f"the import did not reach {point}"
            bounds.append(time.monotonic() - started)
        first, last = bounds
        if first < last:
            return first, last
        tried.append(bounds)
    raise AssertionError(f"the first commit never came before the last but one: {tried}")


def created(store: str) -> bool:
    """Whether the store has its event table (a kill may come before the process made it)."""
    if not Path(store).exists():
        return False
    with contextlib.closing(sqlite3.connect(store)) as conn:
        return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'stored_events'").fetchone() is not None


@pytest.mark.slow
def test_kills_at_random_moments_never_leave_a_partial_batch_or_a_wrong_view(tmp_path, gdelt_file):
    """Kills from outside at moments drawn (seeded) inside the measured write phase, each on a
    fresh store so that each can be seen to have cut the import short or not. Every store
    holds whole batches only, verifies, and a re-run completes it exactly; and the kills did
    interrupt writing: stores held some batches but not all. A kill that missed the phase (the
    machine's pace changed: other tests share it) has the phase measured again."""
    batches = cut_into_batches(gdelt_file, KILL_BATCH)
    numbers = itertools.count()

    def fresh() -> str:
        return str(tmp_path / f"store-{next(numbers)}.sqlite3")

    first, last = write_phase(fresh, gdelt_file, len(batches))
    chance = random.Random(20261124)
    held: list[tuple[float, int]] = []
    for _ in range(ATTEMPTS):
        store = fresh()
        quarter = (last - first) / 4  # the middle half: a slower or faster start still lands inside
        moment = chance.uniform(first + quarter, last - quarter)
        process, started = start_import(store, gdelt_file, KILL_BATCH)
        try:  # the drawn moment is the test's subject: the kill lands wherever it falls
            process.wait(timeout=max(0.0, moment - (time.monotonic() - started)))
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
        if created(store):
            held.append((round(moment, 3), whole_batches(stored_keys(store), batches)))
            verify = run_cli(store, "verify", "--json")
            assert verify.returncode == 0 and json.loads(verify.stdout)["ok"], verify.stdout
        else:
            held.append((round(moment, 3), 0))
        assert_complete_and_verified(store, gdelt_file, batches, KILL_BATCH)
        interrupted = sum(0 < count < len(batches) for _, count in held)
        if interrupted == INTERRUPTIONS:
            break
        if not 0 < held[-1][1] < len(batches):
            first, last = write_phase(fresh, gdelt_file, len(batches))
    assert interrupted > 0, (
        f"no kill interrupted the import: (moment, batches held of {len(batches)}) {held}; "
        f"write phase last measured at {first:.3f}-{last:.3f} s"
    )
