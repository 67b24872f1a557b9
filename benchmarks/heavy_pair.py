"""Observations must not slow the rest: a pair with 100,000 observations records a new measure
and answers `state` as fast as a pair with ten.

    .venv/bin/python benchmarks/heavy_pair.py [N ...]      (default: 10 100000)

In process, SQLite, 30 alternating halt/resume-trade measures on TUR-ISR after N observations
on the same pair; each `record` includes the catch-up that makes it visible. Medians.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dtl.application.facade import Dtl  # noqa: E402
from dtl.domain.observations import Observation  # noqa: E402

MEASURES = 30


def observations(n: int) -> list[Observation]:
    return [
        Observation(system="gdelt", source_id=str(i), on=date(2015, 1, 1) + timedelta(days=i % 3650),
                    actor1="TUR", actor2="ISR", cameo="042", goldstein=1.9, quad_class=1,
                    url=f"https://example.org/{i}")
        for i in range(n)
    ]  # fmt: skip


def measure(n: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, Dtl(os.path.join(tmp, "heavy.sqlite3")) as dtl:
        batch = observations(n)
        for start in range(0, n, 10_000):
            dtl.record_observations(batch[start : start + 10_000])
        dtl.catch_up()
        record, state = [], []
        for k in range(MEASURES):
            day = (date(2016, 1, 1) + timedelta(days=4 * k)).isoformat()
            kind = "halt-trade" if k % 2 == 0 else "resume-trade"
            action = {"type": kind, "by": ["TUR"], "target": "ISR", "on": day}
            started = time.perf_counter()
            dtl.record(action)
            record.append(time.perf_counter() - started)
            started = time.perf_counter()
            dtl.state("TUR", "ISR", day)
            state.append(time.perf_counter() - started)
    return {"observations": n, "record_p50_ms": statistics.median(record) * 1000,
            "state_p50_ms": statistics.median(state) * 1000}  # fmt: skip


def main(sizes: list[int]) -> list[dict[str, float]]:
    results = [measure(n) for n in sizes]
    for r in results:
        print(f"{r['observations']:>8,} observations on the pair: record a measure p50 "
              f"{r['record_p50_ms']:.2f} ms, state p50 {r['state_p50_ms']:.2f} ms")  # fmt: skip
    return results


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 100_000])
