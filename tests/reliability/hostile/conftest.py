"""Fixtures for the hostile-input suite: one store per backend per module, seeded once with
`dtl demo` so conflicts and ids are meaningful and hundreds of refusals run fast."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.hostile.support import SeededStore, seed
from tests.support import drop_schema, schema_url


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory) -> SeededStore:
    return seed(str(tmp_path_factory.mktemp("hostile") / "dtl.sqlite3"), "sqlite")


@pytest.fixture(scope="module")
def postgres_store(postgres_ready) -> Iterator[SeededStore]:
    """Its own schema, as tests/conftest.py's store_url does, dropped afterwards."""
    schema = "t_hostile_" + uuid.uuid4().hex[:10]
    try:
        yield seed(schema_url(schema), "postgres")
    finally:
        drop_schema(schema)


@pytest.fixture(scope="module")
def scratch_dir(tmp_path_factory) -> Iterator[Path]:
    """The working directory while fuzzing: whatever a command writes lands here."""
    path = tmp_path_factory.mktemp("scratch")
    before = os.getcwd()
    os.chdir(path)
    try:
        yield path
    finally:
        os.chdir(before)
