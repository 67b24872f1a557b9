"""The largest answers are bounded: a series of at most MAX_PERIODS periods, a diff or a network
of at most MAX_ROWS rows, a listing of at most MAX_ROWS; beyond, the question is refused with
one line saying how to narrow it (exit 2), before the work is done where it can be."""

from __future__ import annotations

import pytest

from dtl.application.seed_story import background, report
from dtl.domain.errors import InvalidInput
from dtl.projections.questions import common, diff, network, scores
from tests.analysis.support import refused


@pytest.fixture
def story(dtl):
    for action in [*background(), *report()]:
        dtl.record(action)
    return dtl


def test_a_series_of_a_century_of_months_is_answered(story):
    answer = story.scores("TUR", "ISR", by="month", start="1925-01-01", end="2024-12-31")
    assert len(answer["series"]["undirected"]) == common.MAX_PERIODS


@pytest.mark.parametrize(("by", "start", "end", "count"), [
    ("month", "1924-12-01", "2024-12-31", "1,201 months"),
    ("month", "0001-01-01", "9999-12-31", "119,988 months"),
    ("quarter", "1600-01-01", "2000-12-31", "1,604 quarters"),
    ("year", "0001-01-01", "9999-12-31", "9,999 years"),
])  # fmt: skip
def test_a_longer_series_is_refused_naming_its_length_and_how_to_narrow_it(story, by, start, end, count):
    with pytest.raises(InvalidInput) as refusal:
        story.scores("TUR", "ISR", by=by, start=start, end=end)
    assert refusal.value.field == "from" and count in refusal.value.message
    assert "narrow --from and --to" in refusal.value.message


def test_a_series_whose_data_spans_too_long_is_refused_too(story):
    story.record({"type": "meet", "by": "TUR", "target": "ISR", "on": "0800"})  # the data sets the span
    with pytest.raises(InvalidInput) as refusal:
        story.scores("TUR", "ISR", by="year")
    assert "1,225 years" in refusal.value.message and "at most 1,200" in refusal.value.message


def test_the_cli_and_a_chart_refuse_the_same_way(story, store_url, capsys, tmp_path):
    error = refused(capsys, store_url, "scores", "TUR", "ISR", "--from", "0001-01-01", "--to", "9999-12-31")
    assert error.startswith("from: ") and "119,988 months" in error
    error = refused(capsys, store_url, "chart", "NATO", "ISR", "--from", "0100-01-01", "--to", "9000-01-01",
                    "-o", str(tmp_path / "c.svg"))  # fmt: skip
    assert error.startswith("from: ") and "at most 1,200" in error
    assert not (tmp_path / "c.svg").exists()


def test_a_diff_or_a_network_beyond_the_row_limit_is_refused(story, monkeypatch):
    for module in (common, diff, network):
        monkeypatch.setattr(module, "MAX_ROWS", 5)  # the seed story holds more measures than that
    with pytest.raises(InvalidInput) as refusal:
        story.diff("1940-01-01", "2024-12-31")
    assert refusal.value.field == "from" and "more than 5 changes" in refusal.value.message
    assert story.diff("2024-01-01", "2024-12-31", pair=("NATO", "SWE"))["changes"] > 0  # narrowed: answered
    with pytest.raises(InvalidInput) as refusal:
        story.network("2024-03-01")
    assert refusal.value.field == "at" and "--aspect" in refusal.value.message
    assert story.network("2024-03-01", aspect="engagement-veto")["edges"]


@pytest.mark.parametrize("limit", [0, 10_001])
def test_a_listing_limit_beyond_the_row_limit_is_refused(story, limit):
    with pytest.raises(InvalidInput) as refusal:
        story.observations("TUR", "ISR", limit=limit)
    assert refusal.value.field == "limit" and "10,000" in refusal.value.message
    assert scores.MAX_PERIODS == common.MAX_PERIODS
