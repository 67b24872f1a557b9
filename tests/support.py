"""What tests share besides fixtures: a clock under the test's control, and PostgreSQL schemas
of their own. Tests import from here (and from their area's support.py), never from a conftest."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

POSTGRES_URL = os.environ.get("DTL_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


class FakeClock:
    """Recording time under the test's control; strictly increasing, like a real log."""

    def __init__(self, start: datetime | None = None):
        self.now = start or datetime(2024, 8, 1, 12, 0, tzinfo=UTC)

    def set(self, text: str) -> None:
        moment = datetime.fromisoformat(text)
        self.now = moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(microseconds=1)
        return self.now


def postgres_problem() -> str | None:
    """Why the test server cannot be reached, or None."""
    import psycopg

    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return str(exc).splitlines()[0]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def schema_url(schema: str) -> str:
    joiner = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{joiner}schema={schema}"


def drop_schema(schema: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def store_fingerprint(store: str) -> str:
    """A sha256 over every row of every table of a store (the event log, the view's tables and
    the tracking position), read without dtl: equal before and after means nothing was written.

    `store` is a SQLite path or a PostgreSQL URL with ?schema=NAME (as the store_url fixture
    gives)."""
    import hashlib

    digest = hashlib.sha256()
    for table, rows in _all_rows(store):
        digest.update(f"{table}\n".encode())
        for row in rows:
            digest.update(
                repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)).encode(
                    "utf-8", "backslashreplace"
                )
            )
            digest.update(b"\n")
    return digest.hexdigest()


def _all_rows(store: str) -> list[tuple[str, list[tuple]]]:
    if store.startswith("postgresql://"):
        import psycopg

        schema = store.rsplit("schema=", 1)[1]
        with psycopg.connect(POSTGRES_URL) as conn:
            tables = [r[0] for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
                "AND table_type = 'BASE TABLE' ORDER BY table_name", [schema])]  # fmt: skip
            out = []
            for table in tables:
                count = len(conn.execute(f'SELECT * FROM "{schema}"."{table}" LIMIT 0').description or [])
                order = ", ".join(str(i) for i in range(1, count + 1))
                out.append(
                    (table, conn.execute(f'SELECT * FROM "{schema}"."{table}" ORDER BY {order}').fetchall())
                )
            return out
    import contextlib
    import sqlite3

    with contextlib.closing(sqlite3.connect(store)) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]  # fmt: skip
        out = []
        for table in tables:
            count = len(conn.execute(f'SELECT * FROM "{table}" LIMIT 0').description)
            order = ", ".join(str(i) for i in range(1, count + 1))
            out.append((table, conn.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()))
        return out


def needs(problem: str | None, what: str) -> None:
    """Skip a test whose prerequisite is missing, saying why; in CI (CI=true) fail instead: CI
    must run everything."""
    import pytest

    if problem is None:
        return
    message = f"{what}: {problem}"
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


def mount_namespace_problem() -> str | None:
    """Why a private mount namespace (`unshare -m`, as root) cannot be had here, or None."""
    import shutil
    import subprocess

    if shutil.which("unshare") is None:
        return "the unshare command is missing"
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, text=True)
    return None if probe.returncode == 0 else f"unshare -m is not permitted ({probe.stderr.strip()})"


def in_mount_namespace(setup: str, argv: list[str], after: str = "", cwd: str | None = None):
    """Run shell `setup` (as root, in a private mount namespace: e.g. a folder bound read-only,
    a tiny tmpfs), then `argv`, then shell `after`. Returns (argv's exit code, argv's stderr,
    the whole stdout: argv's, then after's)."""
    import os
    import shlex
    import subprocess
    import tempfile
    from pathlib import Path

    command = " ".join(shlex.quote(a) for a in argv)
    script = f'set -e\n{setup}\nset +e\n{command} 2>"$ERR"\necho "exit=$?"\n{after}\n'
    with tempfile.NamedTemporaryFile(suffix=".err") as err:
        proc = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True,
                              timeout=120, cwd=cwd, env={**os.environ, "ERR": err.name})  # fmt: skip
        stderr = Path(err.name).read_text(encoding="utf-8", errors="replace")
    assert proc.returncode == 0, proc.stderr
    code = next(
        int(line.removeprefix("exit=")) for line in proc.stdout.splitlines() if line.startswith("exit=")
    )
    return code, stderr, proc.stdout


def read_only(folder) -> str:
    """The setup that binds `folder` read-only over itself (for in_mount_namespace)."""
    return f"mount --bind '{folder}' '{folder}'\nmount -o remount,ro,bind '{folder}'"
