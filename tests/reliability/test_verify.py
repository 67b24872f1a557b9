"""dtl verify: rebuilds the views from the log and reports every difference, changing nothing."""

from __future__ import annotations

import json
from datetime import date

import pytest
from eventsourcing.persistence import StoredEvent

from dtl.application.facade import Dtl
from dtl.domain.observations import Observation
from tests.reliability.support import events_checksum, execute_raw, run_cli, seeded


@pytest.fixture
def store(store_url) -> str:
    seeded(store_url)
    with Dtl(store_url) as dtl:
        dtl.record_observations(
            [Observation(system="gdelt", source_id=str(i), on=date(2024, 5, 1), actor1="TUR",
                         actor2="ISR", cameo="042", goldstein=1.9, quad_class=1, url=f"https://e.org/{i}")
             for i in range(30)]
        )  # fmt: skip
        dtl.catch_up()
    return store_url


def verify(store: str) -> tuple[int, dict]:
    result = run_cli(store, "verify", "--json")
    return result.returncode, json.loads(result.stdout)


def test_a_healthy_store_verifies_and_verify_changes_nothing(store):
    before = events_checksum(store)
    code, report = verify(store)
    assert code == 0 and report["ok"] and report["differences"] == {} and report["dangling"] == []
    assert report["events_checked"] == before[0] and report["behind_by"] == 0
    assert events_checksum(store) == before


def test_a_tampered_measure_row_is_reported_with_its_table_and_a_non_zero_exit(store):
    execute_raw(store, "UPDATE dtl_measures SET status = 'friendly' WHERE aspect = 'engagement-veto'")
    code, report = verify(store)
    assert code == 4 and not report["ok"]
    lines = report["differences"]["dtl_measures"]
    assert any("missing from the view" in line and "'blocked'" in line for line in lines)
    assert any("not in the log" in line and "'friendly'" in line for line in lines)


def test_a_lost_observation_row_is_reported_as_missing_from_the_view(store):
    execute_raw(store, "DELETE FROM dtl_observations WHERE source_id = '7'")
    code, report = verify(store)
    assert code == 4
    assert [line for line in report["differences"]["dtl_observations"] if "source_id='7'" in line]


def test_a_correction_of_an_action_never_recorded_is_reported_as_dangling(store):
    with Dtl(store) as dtl:
        ghost = "0" * 31 + "1"
        dtl.store.writer.recorder.insert_events([StoredEvent(
            originator_id=__import__("uuid").UUID(ghost), originator_version=2,
            topic="domain.events:ActionCorrected",
            state=json.dumps({"originator_id": str(__import__("uuid").UUID(ghost)), "originator_version": 2,
                              "timestamp": "2024-08-03T00:00:00Z", "changes": {"note": "x"},
                              "reason": "forged"}).encode(),
        )])  # fmt: skip
    code, report = verify(store)
    assert code == 4
    assert any("correction of" in line and "never recorded" in line for line in report["dangling"])


def test_views_that_are_merely_behind_the_log_are_told_apart_from_wrong_ones(store):
    with Dtl(store) as dtl:  # write without catching up, as a crashed command would leave it
        dtl.record_observations(
            [Observation(system="gdelt", source_id="late", on=date(2024, 6, 1), actor1="TUR",
                         actor2="ISR", cameo="042", goldstein=1.9, quad_class=1)]
        )  # fmt: skip
    code, report = verify(store)
    assert code == 0 and report["ok"] and report["behind_by"] == 1
