"""A PostgreSQL connection dropped in the middle of a command (the server restarted, a proxy
cut it, an administrator terminated it) loses nothing and doubles nothing: the batch that was
cut is tried again on a fresh connection, and the store ends exactly as an undisturbed run.

The drop is real: at a chosen point, another connection terminates every server process of
this test's schema (pg_terminate_backend), as an administrator would."""

from __future__ import annotations

import psycopg
import pytest

import dtl.application.bulk as bulk
import dtl.application.projector as projector
from dtl.application.facade import Dtl
from dtl.application.verify import verify
from tests.imports.support import load_synth
from tests.support import POSTGRES_URL, drop_schema, schema_url

ROWS = 6_000


def terminate(application: str) -> int:
    """Terminate every server process serving `application` (libpq's PGAPPNAME); how many."""
    with psycopg.connect(POSTGRES_URL, autocommit=True, application_name="dtl-test-admin") as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            [application],
        ).fetchall()
    return len(rows)


@pytest.fixture
def schema(postgres_ready):
    name = "t_drop_" + __import__("uuid").uuid4().hex[:10]
    yield name
    drop_schema(name)


@pytest.mark.postgres
@pytest.mark.parametrize("point", ["import-after-commit", "catch-up-after-commit"])
def test_connections_dropped_in_the_middle_of_an_import_lose_and_double_nothing(
    tmp_path, monkeypatch, schema, point
):
    path = tmp_path / "events.CSV"
    load_synth().write(ROWS, str(path), 7)
    monkeypatch.setenv("DTL_IMPORT_BATCH", "1000")
    monkeypatch.setenv("DTL_CATCH_UP_BATCH", "1000")
    application = f"dtl-test-{schema}"
    monkeypatch.setenv("PGAPPNAME", application)  # this test's connections, and no one else's
    passes: list[int] = []  # connections terminated at each pass of the point

    def drop_on_the_second_pass(name: str) -> None:
        if name == point:
            passes.append(terminate(application) if len(passes) == 1 else 0)

    monkeypatch.setattr(bulk, "checkpoint", drop_on_the_second_pass)
    monkeypatch.setattr(projector, "checkpoint", drop_on_the_second_pass)
    with Dtl(schema_url(schema)) as dtl:
        result = dtl.import_file(path, "gdelt2")
    assert sum(passes) > 0, "no connection was dropped: the test did not test anything"

    undisturbed = str(tmp_path / "undisturbed.sqlite3")
    with Dtl(undisturbed) as reference:
        expected = reference.import_file(path, "gdelt2")
    assert (result["imported"], result["duplicates"], result["skipped"]) == (
        expected["imported"], expected["duplicates"], expected["skipped"],
    )  # fmt: skip
    with Dtl(schema_url(schema)) as dtl:
        report = verify(dtl.store)
        assert report["ok"] and report["behind_by"] == 0, report
        count = dtl.store.view.query("SELECT COUNT(*) AS n FROM dtl_observations")[0]["n"]
        assert count == expected["imported"]
