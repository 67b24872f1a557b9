"""'As known at' compares real moments, whatever the year, and always prints ISO 8601."""

from __future__ import annotations

import re

import pytest

from dtl.application.seed_story import background, report

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")


@pytest.fixture
def story(dtl):
    for action in [*background(), *report()]:
        dtl.record(action)  # recorded "now" by the test clock: 2024-08-01
    return dtl


@pytest.mark.parametrize("known", ["0999-06-01", "0001-01-01", "1999-12-31", "2024-07-31"])
def test_a_moment_before_anything_was_recorded_knows_nothing_however_few_digits_its_year_has(story, known):
    state = story.state("NATO", "ISR", "2024-03-01", as_known_at=known)
    assert state["measures"] == []
    assert state["as_known_at"] == f"{known}T23:59:59.999999Z"
    assert story.timeline(as_known_at=known) == []
    assert story.history("NATO", "ISR", as_known_at=known)["intervals"] == []


@pytest.mark.parametrize("known", ["2024-08-01", "9999-12-31"])
def test_a_moment_after_the_recording_knows_it(story, known):
    state = story.state("NATO", "ISR", "2024-03-01", as_known_at=known)
    assert {m["aspect"] for m in state["measures"]} == {"partnership", "engagement-veto"}
    assert ISO.match(state["as_known_at"]), state["as_known_at"]


def test_every_as_known_at_in_an_answer_is_iso_8601(story):
    for known in ("0001-01-01", "0999-06-01T12:00:00Z", "2024-08-01T12:00:00+02:00"):
        for answer in (story.state("NATO", "ISR", "2024-03-01", as_known_at=known),
                       story.roster("NATO", "2024-03-01", as_known_at=known),
                       story.timeline_report(as_known_at=known),
                       story.diff("2023-01-01", "2024-08-01", as_known_at=known)):  # fmt: skip
            assert ISO.match(answer["as_known_at"]), answer["as_known_at"]
