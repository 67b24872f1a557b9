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
