"""The physical-limit references: the same GDELT rows written with nothing but the driver.

Both read the file with plain Python (lines split on tabs), keep all 61 columns and write
batches of IMPORT_BATCH rows, one transaction each, as dtl's importer does:

- SQLite: ``executemany`` of ``INSERT OR IGNORE`` into one table whose GLOBALEVENTID is a
  ``BIGINT PRIMARY KEY`` (in SQLite that is a unique index beside the rowid, the same physical
  layout as the library's ``stored_events``); journal_mode=WAL and the library's other settings
  (it sets no ``synchronous``, so the default FULL applies; autocommit with explicit BEGIN).
- PostgreSQL: ``cursor.copy("COPY ... FROM STDIN")`` + ``write_row`` into a table whose
  GLOBALEVENTID is a ``bigint PRIMARY KEY``. COPY cannot skip duplicate keys, so ids already
  written (GDELT re-emits ~1%) are dropped in Python with a set, before COPY: the cheapest way
  to get the same distinct rows in.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

WIDTH = 61
BATCH = 5000
COLUMNS = [f"c{i}" for i in range(WIDTH)]  # c0 is GLOBALEVENTID


def read_rows(path: Path | str) -> Iterator[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        for line in f:
            yield line.rstrip("\n").split("\t")


def batches(path: Path | str, size: int = BATCH) -> Iterator[list[list[str]]]:
    batch: list[list[str]] = []
    for row in read_rows(path):
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def sqlite_reference(path: Path | str, db: Path | str) -> dict[str, float | int]:
    """Seconds to write the file into a fresh SQLite table, and the rows stored."""
    Path(db).unlink(missing_ok=True)
    conn = sqlite3.connect(str(db), isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        cols = ", ".join(["c0 BIGINT PRIMARY KEY"] + [f"{c} TEXT" for c in COLUMNS[1:]])
        conn.execute(f"CREATE TABLE gdelt ({cols})")
        insert = f"INSERT OR IGNORE INTO gdelt VALUES ({','.join('?' * WIDTH)})"
        started = time.perf_counter()
        for batch in batches(path):
            conn.execute("BEGIN")
            conn.executemany(insert, batch)
            conn.execute("COMMIT")
        seconds = time.perf_counter() - started
        stored = conn.execute("SELECT count(*) FROM gdelt").fetchone()[0]
        synchronous = conn.execute("PRAGMA synchronous").fetchone()[0]
    finally:
        conn.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    return {"seconds": seconds, "stored": stored, "synchronous": synchronous}


def postgres_reference(path: Path | str, url: str, schema: str) -> dict[str, float | int]:
    """Seconds to COPY the file's distinct rows into a fresh PostgreSQL table."""
    import psycopg
    from psycopg import sql

    table = sql.Identifier(schema, "gdelt_raw")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(table))
        cols = ", ".join(["c0 bigint PRIMARY KEY"] + [f"{c} text" for c in COLUMNS[1:]])
        conn.execute(sql.SQL("CREATE TABLE {} (" + cols + ")").format(table))
        copy_sql = sql.SQL("COPY {} (" + ", ".join(COLUMNS) + ") FROM STDIN").format(table)
        seen: set[str] = set()
        started = time.perf_counter()
        for batch in batches(path):
            with conn.transaction(), conn.cursor() as cur, cur.copy(copy_sql) as copy:
                for row in batch:
                    key = row[0]
                    if key in seen:
                        continue
                    seen.add(key)
                    copy.write_row(row)
        seconds = time.perf_counter() - started
        stored = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(table)).fetchone()[0]
        conn.execute(sql.SQL("DROP TABLE {}").format(table))
    return {"seconds": seconds, "stored": stored}
