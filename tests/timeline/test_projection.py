"""The view applies each event exactly once and agrees with a rebuild from the log."""

from __future__ import annotations

import pytest
from eventsourcing.persistence import IntegrityError

from dtl.domain.stored_names import ACTION_NAMES
from tests.support import FakeClock


def _seed(dtl):
    dtl.store.writer.clock.set("2024-10-01T12:00:00")  # the lift below is then in the past
    dtl.record({"type": "admit", "by": "NATO", "target": "TUR", "on": "1952-02-18"})
    dtl.record({"type": "veto-engagement", "by": "TUR", "target": "ISR", "forum": "NATO", "on": "2023-10"})
    dtl.record({"type": "lift-veto", "by": "TUR", "target": "ISR", "forum": "NATO", "on": "2024-09"})


def _measures(dtl):
    return dtl.store.view.query(
        "SELECT a, b, aspect, holder, status, since_text, until_text, known_to IS NULL AS current "
        "FROM dtl_measures ORDER BY a, b, aspect, since_text, known_from"
    )


def test_an_event_already_applied_is_refused_and_changes_nothing(dtl):
    _seed(dtl)
    before = _measures(dtl)
    notes = dtl.store.writer.recorder.select_notifications(start=1, limit=10, topics=list(ACTION_NAMES))
    replay = [(dtl.store.writer.mapper.to_domain_event(n), n.id) for n in notes[-1:]]
    read_from = notes[-2].id  # as if read before the last event was applied
    with pytest.raises(IntegrityError):
        dtl.store.view.apply_batch(dtl.store.writer.name, replay, read_from)
    assert _measures(dtl) == before


def test_a_second_reader_catching_up_finds_nothing_left_to_apply(dtl, store_url):
    from dtl.application.facade import Dtl

    _seed(dtl)
    with Dtl(store_url, clock=FakeClock()) as other:
        assert other.catch_up() == 0
        assert other.position() == dtl.position()


def test_the_materialised_view_equals_a_rebuild_from_the_log(dtl, tmp_path):
    from dtl.application.facade import Dtl

    _seed(dtl)
    dtl.correct(dtl.timeline(types=["lift-veto"])[0]["id"], {"on": "2024-10"}, "the day was later")
    rebuilt_store = str(tmp_path / "rebuilt.sqlite3")
    with Dtl(rebuilt_store) as rebuilt:
        notes = dtl.store.writer.recorder.select_notifications(start=1, limit=1000, topics=list(ACTION_NAMES))
        rebuilt.store.view.apply_batch(
            dtl.store.writer.name, [(dtl.store.writer.mapper.to_domain_event(n), n.id) for n in notes], 0
        )
        current = [m for m in _measures(dtl) if m["current"]]
        assert current == [m for m in _measures(rebuilt) if m["current"]]
        assert dtl.state("NATO", "ISR", "2024-09-15") == {
            **rebuilt.state("NATO", "ISR", "2024-09-15"),
            "position": dtl.position(),
        }


def test_the_names_the_views_project_are_the_stored_names_of_the_action_and_observation_events():
    from dtl.application.projector import PROJECTED_NAMES
    from dtl.domain.events import ACTION_EVENTS
    from dtl.domain.observations import ObservationRecorded
    from dtl.domain.stored_names import name_of

    assert list(PROJECTED_NAMES) == [name_of(cls) for cls in (*ACTION_EVENTS, ObservationRecorded)]
