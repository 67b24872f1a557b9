"""Shared fixtures: every facade-level test runs on SQLite and on PostgreSQL.

PostgreSQL: DTL_TEST_POSTGRES (default postgresql://postgres@127.0.0.1:5432/test). Each test
gets its own schema, dropped afterwards. In CI (CI=true) an unreachable server fails the
run; on a laptop without one those tests skip and say how to enable them.

The Gherkin steps every area shares live in tests/steps.py and are made visible to every
area's features module here, with the hook that fingerprints a scenario's stores before each
When step (so that every refusal can be held to have written nothing).
"""

from __future__ import annotations

import importlib.abc
import os
import sys
import uuid
from collections.abc import Iterator

import pytest

# pytest-xdist's workers (make test runs two) are started with COLUMNS=80 and LINES=24 in their
# environment; a terminal width nobody set would change what the CLI prints (piped output is
# not squeezed: cli/render.py). Each worker runs as a plain `pytest` would.
if os.environ.get("PYTEST_XDIST_WORKER"):
    for _name in ("COLUMNS", "LINES"):
        os.environ.pop(_name, None)

# A server's worker process for large questions (api/large.py) is a second Python that imports
# dtl: worth it for a server, a cost in every test that starts one to ask a chart. Servers made
# by tests answer on their threads unless a test is about the workers (tests/api/test_api_large.py
# sets its own count) or sets the variable itself.
os.environ.setdefault("DTL_API_LARGE_PROCESSES", "0")

from dtl.application.facade import Dtl
from tests.steps import *  # noqa: F403  (the shared steps, as fixtures)
from tests.steps import asserts_a_refusal
from tests.support import POSTGRES_URL, FakeClock, drop_schema, in_ci, postgres_problem, schema_url

BARE_NAMES = frozenset({"domain", "application", "projections", "cli", "api"})


class _InstalledNamesOnly(importlib.abc.MetaPathFinder):
    """dtl installs one name, `dtl`. From a checkout (the tests' working directory) its folders
    would also import by their bare names, and a bare import in dtl's code would pass here and
    fail in every installed copy: so here they fail too."""

    def find_spec(self, fullname, path, target=None):
        if path is None and fullname.partition(".")[0] in BARE_NAMES:
            raise ModuleNotFoundError(f"No module named {fullname!r} (dtl's parts are dtl.{fullname})")
        return None


sys.meta_path.insert(0, _InstalledNamesOnly())


def pytest_bdd_before_step_call(request, feature, scenario, step, step_func, step_func_args) -> None:
    """Before each When step (its fixtures set up, its function not yet called) of a scenario
    that asserts a refusal: fingerprint the stores it may write to, for the refusal steps to
    compare (tests/steps.py, "Nothing written by a refusal")."""
    if step.type == "when" and asserts_a_refusal(scenario):
        request.getfixturevalue("store_watch").before_when()


@pytest.fixture(scope="session")
def postgres_ready() -> None:
    problem = postgres_problem()
    if problem is None:
        return
    message = (
        f"PostgreSQL is not reachable at {POSTGRES_URL} ({problem}). Start it, or point "
        "DTL_TEST_POSTGRES at a server with trust auth, to run these tests."
    )
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


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
