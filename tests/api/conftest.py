"""The HTTP API against a real store: every test here runs on SQLite and on PostgreSQL (the
`dtl` fixture of tests/conftest.py), through FastAPI's TestClient, or through a real uvicorn
server on a loopback port where the test needs one (the stream, the logs, the load)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

from dtl.api import Settings, create_app
from dtl.application.facade import Dtl
from tests.api.support import OTHER_TOKEN, TOKEN, LiveServer, record_seed_story

with warnings.catch_warnings():  # starlette asks for httpx2, which this project does not use
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture
def settings() -> Settings:
    # On threads, as every test server is (tests/conftest.py); test_api_large.py is about workers.
    return Settings(
        write_tokens=(TOKEN, OTHER_TOKEN),
        stream_poll_seconds=0.02,
        stream_ping_seconds=0.3,
        large_processes=0,
    )


@pytest.fixture
def app(dtl: Dtl, settings: Settings):
    app = create_app(dtl, settings)
    yield app
    app.state.service.close()  # the facades the app opened beside `dtl` (a live server has no lifespan)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app) as http:
        yield http


@pytest.fixture
def live(app) -> Iterator[LiveServer]:
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def seeded(dtl: Dtl) -> dict[str, str]:
    return record_seed_story(dtl)
