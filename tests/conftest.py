"""Shared fixtures: every facade-level test runs on SQLite and on PostgreSQL.

PostgreSQL: DTL_TEST_POSTGRES (default postgresql://postgres@127.0.0.1:5432/test). Each test
gets its own schema, dropped afterwards. In CI (CI=true) an unreachable server fails the
run; on a laptop without one those tests skip and say how to enable them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from application.facade import Dtl

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


def _postgres_available() -> str | None:
    import psycopg

    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return str(exc).splitlines()[0]


@pytest.fixture(scope="session")
def postgres_ready() -> None:
    problem = _postgres_available()
    if problem is None:
        return
    message = (
        f"PostgreSQL is not reachable at {POSTGRES_URL} ({problem}). Start it, or point "
        "DTL_TEST_POSTGRES at a server with trust auth, to run these tests."
    )
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


def schema_url(schema: str) -> str:
    joiner = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{joiner}schema={schema}"


def drop_schema(schema: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "dtl.sqlite3")
        return
    request.getfixturevalue("postgres_ready")
    schema = "t_" + uuid.uuid4().hex[:12]
    try:
        yield schema_url(schema)
    finally:
        drop_schema(schema)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def dtl(store_url, clock) -> Iterator[Dtl]:
    with Dtl(store_url, clock=clock) as facade:
        yield facade


@pytest.fixture
def sqlite_dtl(tmp_path, clock) -> Iterator[Dtl]:
    """For tests about the domain's answers, where one backend is enough."""
    with Dtl(str(tmp_path / "dtl.sqlite3"), clock=clock) as facade:
        yield facade
