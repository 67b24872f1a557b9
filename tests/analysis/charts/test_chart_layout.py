"""The pictures give their room to what they show: an empty score panel is left out (and the
caption says so), the score panel's range follows its scores, aspects drawn alike share one
legend entry, and a block's label leaves the membership after it room for its own."""

from __future__ import annotations

import struct

from tests.analysis.charts.support import ids, svg_root


def _height(png: bytes) -> int:
    return struct.unpack(">II", png[16:24])[1]


def test_a_pair_with_no_scored_event_in_the_window_has_no_empty_goldstein_panel(charts):
    data = charts.data("NATO", "ISR", start="2023-01")
    assert not any(p["events"] for p in data["goldstein"]["series"])
    root = svg_root(charts.render("svg", "NATO", "ISR", start="2023-01"))
    assert ids(root, "goldstein-") == []
    page = charts.render("html", "NATO", "ISR", start="2023-01").decode()
    assert "no Goldstein score: no event between the two in this window" in page
    assert "No Goldstein panel: no recorded action or imported observation between NATO and ISR" in page


def test_the_lanes_take_most_of_a_picture_without_scores(charts):
    without = _height(charts.render("png", "NATO", "ISR", start="2023-01"))
    scored = _height(charts.render("png", "TUR", "ISR"))  # four lanes too, and a score panel
    assert without < 0.75 * scored


def test_a_pair_with_scores_keeps_its_panel_and_the_caption_says_nothing_is_missing(charts):
    root = svg_root(charts.render("svg", "TUR", "ISR"))
    assert ids(root, "goldstein-line") == ["goldstein-line"]
    assert "no Goldstein score" not in charts.render("html", "TUR", "ISR").decode()


def test_a_score_panel_with_only_conflict_gives_the_positive_side_a_sliver():
    from matplotlib.figure import Figure

    from dtl.application.charts.draw import Canvas
    from dtl.application.charts.pair_figure import _goldstein

    figure = Figure()
    lower = figure.add_subplot()
    canvas = Canvas(figure, figure.add_subplot(), 0.0, 60.0, 1.0, [], lower=lower)
    series = [{"period": "2024-07", "start": "2024-07-01", "end": "2024-07-31", "sum": -12.0, "events": 3}]
    _goldstein(canvas, {"by": "month", "series": series}, ["TUR", "ISR"])
    low, high = lower.get_ylim()
    assert low < -12 and 0 < high < 0.2 * -low


def test_aspects_drawn_alike_share_one_legend_entry(charts):
    page = charts.render("svg", "--roster", "NATO", start="2021").decode()
    assert "accession-block, engagement-veto" in page


def test_a_block_is_labelled_on_its_bar_and_the_membership_after_it_keeps_its_own_label(charts):
    page = charts.render("svg", "--roster", "NATO", start="2021").decode()
    assert "member since 2023-04-04" in page  # Finland, right after Turkey's block was lifted
    assert page.count("blocked by TUR") >= 3  # Finland, Sweden, and the veto on Israel
