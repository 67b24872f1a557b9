"""What the benchmark does with dtl itself: the import (write phase and catch-up, timed apart),
the `state` queries, and the replay reference they are compared with."""

from __future__ import annotations

import json
import random
import resource
import statistics
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import synth_gdelt
from eventsourcing.persistence import StoredEvent

from dtl.application.facade import Dtl
from dtl.application.importers.actor_codes import actor_codes
from dtl.application.seed_story import background, report
from dtl.domain.actors import registry
from dtl.domain.aggregates import docket_id

FIRST_DAY = date(2015, 1, 1)
LAST_DAY = date(2025, 12, 31)
WARM_UP_CALLS = 20
_CHUNK = 900  # ids per IN (...) when loading streams: below SQLite's bound-parameter limit


# -- the import, in a child process (so its peak RSS is its own) ---------------------------------
def seed(dtl: Dtl) -> None:
    """The demo's story (NATO's membership, the veto, the trade halt): a few measures, so that
    some state queries answer with measures as well as observations."""
    for actions in (background(), report()):
        dtl.import_lines(list(enumerate((json.dumps(a) for a in actions), start=1)))


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM), in MB (2**20 bytes)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def import_child(store: str, path: str) -> dict[str, Any]:
    """dtl's import of one GDELT 2.0 file, the write phase and the final catch-up timed apart.

    The write phase is ``Dtl.import_file(path, "gdelt2")`` with ``catch_up`` replaced by a
    no-op on this instance only, so it runs exactly the facade's code (structure pre-pass,
    parse, batches of IMPORT_BATCH through ObservationWriter), minus the final catch-up; the
    catch-up is then the facade's own ``catch_up()`` on the same store."""
    rss_start = peak_rss_mb()
    dtl = Dtl(store)
    try:
        seed(dtl)
        rss_ready = peak_rss_mb()
        dtl.projector.catch_up = lambda progress=None: 0  # type: ignore[method-assign]
        started = time.perf_counter()
        result = dtl.import_file(path, "gdelt2")
        write_seconds = time.perf_counter() - started
        del dtl.projector.catch_up  # the class's method again
        started = time.perf_counter()
        projected = dtl.catch_up()
        catch_up_seconds = time.perf_counter() - started
    finally:
        dtl.close()
    return {
        "rows": result["rows"],
        "imported": result["imported"],
        "duplicates": result["duplicates"],
        "skipped": sum(result["skipped"].values()),
        "projected": projected,
        "write_seconds": write_seconds,
        "catch_up_seconds": catch_up_seconds,
        "peak_rss_mb": peak_rss_mb(),
        "rss_after_start_mb": rss_start,
        "rss_before_import_mb": rss_ready,
    }


# -- the queries -----------------------------------------------------------------------------------
def zipf_pairs(n: int, seed: int) -> list[tuple[str, str]]:
    """N pairs of dtl actor codes drawn as synth_gdelt draws a row's two actors (its ranked
    actors, its Zipf weights), resolved as the importer resolves them."""
    ranked, cumulative = synth_gdelt._actors()  # noqa: SLF001 (the generator's own distribution)
    resolve = actor_codes().gdelt
    codes = []
    for code, _name, country, group in ranked:
        found = resolve(code, country, group)
        codes.append(found if isinstance(found, str) else None)
    rng = random.Random(seed)
    pairs: list[tuple[str, str]] = []
    while len(pairs) < n:
        i, j = rng.choices(range(len(ranked)), cum_weights=cumulative, k=2)
        a, b = codes[i], codes[j]
        if a and b and a != b:
            pairs.append((a, b))
    return pairs


def heaviest_pair() -> tuple[str, str]:
    """The two top-ranked resolvable actors of the generator's distribution (USA and GBR)."""
    ranked, _ = synth_gdelt._actors()  # noqa: SLF001
    resolve = actor_codes().gdelt
    out = []
    for code, _name, country, group in ranked:
        found = resolve(code, country, group)
        if isinstance(found, str) and found not in out:
            out.append(found)
        if len(out) == 2:
            return out[0], out[1]
    raise RuntimeError("the generator has fewer than two resolvable actors")


def random_days(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    span = (LAST_DAY - FIRST_DAY).days
    return [(FIRST_DAY + timedelta(days=rng.randrange(span + 1))).isoformat() for _ in range(n)]


def query_plan(zipf_calls: int, heavy_calls: int, seed: int = 7) -> list[tuple[str, str, str]]:
    """(x, y, day) per call: Zipf-drawn pairs, the heaviest pair, and the demo's NATO pairs
    (which have measures), each with a random day; shuffled, the same at every size."""
    pairs = zipf_pairs(zipf_calls, seed)
    pairs += [heaviest_pair()] * heavy_calls
    pairs += [("NATO", "ISR"), ("NATO", "TUR"), ("TUR", "ISR")] * 10
    days = random_days(len(pairs), seed + 1)
    plan = [(a, b, d) for (a, b), d in zip(pairs, days, strict=True)]
    random.Random(seed + 2).shuffle(plan)
    return plan


def pair_counts(dtl: Dtl) -> dict[tuple[str, str], int]:
    rows = dtl.store.view.query("SELECT a, b, count(*) AS n FROM dtl_observations GROUP BY a, b")
    return {(r["a"], r["b"]): r["n"] for r in rows}


def time_state(dtl: Dtl, plan: list[tuple[str, str, str]]) -> list[tuple[tuple[str, str], float]]:
    """Seconds per ``dtl.state(x, y, day)`` call (catch-up check included, as the facade does)."""
    for x, y, day in plan[:WARM_UP_CALLS]:
        dtl.state(x, y, day)
    clock = time.perf_counter
    out = []
    for x, y, day in plan:
        started = clock()
        dtl.state(x, y, day)
        out.append((tuple(sorted((x, y))), clock() - started))
    return out


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


# -- the replay reference ----------------------------------------------------------------------------
def pair_streams(dtl: Dtl, a: str, b: str) -> list[UUID]:
    """Every stream that holds an event about the pair: its observations, the actions between
    the two (from the view's pair index), and the dockets those live in."""
    x, y = sorted((a, b))
    ids = [UUID(r["id"]) for r in dtl.store.view.query(
        "SELECT id FROM dtl_observations WHERE a = ? AND b = ?", [x, y])]  # fmt: skip
    ids += [UUID(r["action_id"]) for r in dtl.store.view.query(
        "SELECT action_id FROM dtl_action_pairs WHERE a = ? AND b = ?", [x, y])]  # fmt: skip
    actors = registry()
    dockets = [f"pair:{x}|{y}"] + [f"org:{c}" for c in (x, y) if (r := actors.get(c)) and r.is_organisation]
    return ids + [docket_id(name) for name in dockets]


def load_streams(dtl: Dtl, ids: list[UUID]) -> list[Any]:
    """Select every stored event of these streams (IN-lists of 900 ids, in one read
    transaction) and decode each with the application's mapper (pydantic validation)."""
    recorder = dtl.store.writer.recorder
    to_domain = dtl.store.writer.mapper.to_domain_event
    events: list[Any] = []
    if dtl.store.config.kind == "sqlite":
        table = recorder.events_table_name
        with recorder.datastore.transaction(commit=False) as c:
            for start in range(0, len(ids), _CHUNK):
                chunk = [i.hex for i in ids[start : start + _CHUNK]]
                c.execute(
                    f"SELECT originator_id, originator_version, topic, state FROM {table} "
                    f"WHERE originator_id IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
                for row in c.fetchall():
                    events.append(to_domain(StoredEvent(
                        UUID(row[0]), row[1], row[2], row[3])))  # fmt: skip
        return events
    from psycopg.sql import SQL, Identifier

    table = SQL("{}.{}").format(Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name))
    with recorder.datastore.transaction(commit=False) as curs:
        curs.execute(
            SQL("SELECT originator_id, originator_version, topic, state FROM {} "
                "WHERE originator_id = ANY(%s)").format(table),
            [ids],
        )  # fmt: skip
        for row in curs.fetchall():
            stored = StoredEvent(
                row["originator_id"], row["originator_version"], row["topic"], bytes(row["state"])
            )
            events.append(to_domain(stored))
    return events


def time_replay(dtl: Dtl, a: str, b: str, repeats: int = 3) -> dict[str, Any]:
    """Median seconds to find the pair's streams and load + decode all their events."""
    times = []
    count = 0
    for _ in range(repeats):
        started = time.perf_counter()
        events = load_streams(dtl, pair_streams(dtl, a, b))
        times.append(time.perf_counter() - started)
        count = len(events)
    return {"seconds": statistics.median(times), "events": count}
