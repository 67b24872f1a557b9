"""Shared by the reliability tests: a rich store, the CLI in a real process, raw store access."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from dtl.application.facade import Dtl
from dtl.application.seed_story import background, report
from tests.support import FakeClock

ROOT = Path(__file__).resolve().parents[2]
DTL = [sys.executable, "-m", "dtl"]


def seeded(store: str) -> None:
    """The seed story plus a correction and a retraction: every kind of action event."""
    clock = FakeClock()
    with Dtl(store, clock=clock) as dtl:
        dtl.import_lines(list(enumerate((json.dumps(a) for a in background()), start=1)))
        for action in report():
            dtl.record(action)
        clock.set("2024-08-02T09:00:00")
        veto = dtl.timeline(types=["veto-engagement"])[0]["id"]
        dtl.correct(veto, {"on": "2023-10-10"}, "exact day confirmed")
        threat = dtl.timeline(types=["threaten"])[0]["id"]
        dtl.retract(threat, "misattributed quote")


def run_cli(store: str, *args: str, env: dict[str, str] | None = None, timeout: float = 120):
    full_env = {**os.environ, "DTL_STORE": store, **(env or {})}
    return subprocess.run(
        [*DTL, *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=timeout
    )


def events_checksum(store: str) -> tuple[int, str]:
    """Count and sha256 of the raw stored events, ordered by position, read without dtl."""
    digest = hashlib.sha256()
    rows = raw_events(store)
    for row in rows:
        digest.update(repr(row).encode())
    return len(rows), digest.hexdigest()


def raw_events(store: str) -> list[tuple]:
    if store.startswith("postgresql://"):
        import psycopg

        from tests.support import POSTGRES_URL

        schema = store.rsplit("schema=", 1)[1]
        with psycopg.connect(POSTGRES_URL) as conn:
            return [
                (str(r[0]), r[1], r[2], bytes(r[3]))
                for r in conn.execute(
                    f'SELECT originator_id, originator_version, topic, state FROM "{schema}".dtl_events '
                    "ORDER BY notification_id"
                )
            ]
    import sqlite3

    with sqlite3.connect(store) as conn:
        return [
            (r[0], r[1], r[2], bytes(r[3]))
            for r in conn.execute(
                "SELECT originator_id, originator_version, topic, state FROM stored_events ORDER BY rowid"
            )
        ]


def execute_raw(store: str, statement: str, params: tuple = ()) -> None:
    """Tamper with a store behind dtl's back (what a crash, a bug or a person might do)."""
    if store.startswith("postgresql://"):
        import psycopg

        from tests.support import POSTGRES_URL

        schema = store.rsplit("schema=", 1)[1]
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'SET search_path TO "{schema}"')
            conn.execute(statement.replace("?", "%s"), params)
        return
    import sqlite3

    with sqlite3.connect(store) as conn:
        conn.execute(statement, params)
