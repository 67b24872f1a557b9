"""The SVG, read back as XML: one group per bar and marker, fades, the Goldstein line, titles."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from dtl.application.charts import pair_chart_data, render_pair
from dtl.application.facade import Dtl
from tests.analysis.charts.support import SVG, groups, ids, record_seed_story, svg_root, title_of


def test_the_svg_is_an_xml_document_in_the_svg_namespace(charts):
    content = charts.render("svg", "TUR", "ISR")
    assert content.startswith(b"<?xml")
    root = ET.fromstring(content)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}metadata") is None  # no creation date: same data, same file


def test_there_is_one_bar_group_per_interval_and_one_marker_group_per_instant(charts):
    for pair in (("TUR", "ISR"), ("NATO", "ISR")):
        data, root = charts.data(*pair), svg_root(charts.render("svg", *pair))
        assert ids(root, "bar-") == [b["gid"] for b in data["bars"]]
        assert ids(root, "marker-") == [m["gid"] for m in data["markers"]]


def test_every_imprecise_start_inside_the_window_fades_in_with_its_own_title(charts):
    data, root = charts.data("TUR", "ISR"), svg_root(charts.render("svg", "TUR", "ISR"))
    imprecise = [b for b in data["bars"] if b["since_precision"] != "day"]
    assert len(imprecise) == 3  # 2023-10, 2024-05, 2024-07: each known to the month
    assert ids(root, "fade-") == ["fade-" + b["gid"].removeprefix("bar-") for b in imprecise]
    assert all("since" in (title_of(e) or "") for e in groups(root, "fade-"))


def test_a_start_before_the_window_is_not_faded_but_the_bar_is_drawn(charts):
    data = charts.data("NATO", "ISR", start="2023-01")
    root = svg_root(charts.render("svg", "NATO", "ISR", start="2023-01"))
    assert "bar-partnership-mutual-0" in ids(root, "bar-")
    assert "fade-partnership-mutual-0" not in ids(root, "fade-")
    assert len(ids(root, "fade-")) == len([b for b in data["bars"] if b["lo"] >= "2023-01-01"])


def test_an_imprecise_instant_has_a_whisker_over_its_window(charts):
    root = svg_root(charts.render("svg", "TUR", "ISR"))
    assert ids(root, "window-") == ["window-statement-0", "window-threaten-1"]  # 2024-07; not 2024-08-01


def test_the_goldstein_line_is_drawn_under_the_lanes(charts):
    root = svg_root(charts.render("svg", "TUR", "ISR"))
    assert ids(root, "goldstein-line") == ["goldstein-line"]
    assert "2024-07: -12.0 (3 events)" in title_of(groups(root, "goldstein-line")[0])


def test_every_bar_and_marker_carries_a_title_with_its_sources(charts):
    root = svg_root(charts.render("svg", "TUR", "ISR"))
    for group in groups(root, "bar-") + groups(root, "marker-"):
        assert "sources:" in (title_of(group) or ""), group.get("id")
    veto = title_of(groups(root, "bar-engagement-veto-TUR-0")[0])
    assert "since 2023-10 (month)" in veto and "[C3]" in veto and "anonymous-sources" in veto


def test_labels_are_text_in_the_svg(charts):
    texts = [t.text or "" for t in svg_root(charts.render("svg", "TUR", "ISR")).iter(f"{SVG}text")]
    assert "halted since 2024-05" in texts and "threaten (military)" in texts


def test_the_same_data_gives_the_same_bytes(charts):
    data = charts.data("TUR", "ISR")
    assert render_pair(data, "svg") == render_pair(data, "svg")
    assert render_pair(data, "html") == render_pair(data, "html")


def test_the_same_story_in_two_stores_gives_the_same_svg(tmp_path, charts):
    with Dtl(str(tmp_path / "again.sqlite3")) as dtl:
        record_seed_story(dtl)
        again = render_pair(pair_chart_data(dtl, "TUR", "ISR"), "svg")
    assert again == charts.render("svg", "TUR", "ISR")


def test_the_roster_svg_has_a_bar_per_spell_and_no_markers(charts):
    data = charts.data("--roster", "NATO", start="2021")
    root = svg_root(charts.render("svg", "--roster", "NATO", start="2021"))
    assert sorted(ids(root, "bar-")) == sorted(b["gid"] for b in data["bars"]) and len(data["bars"]) == 39
    assert ids(root, "marker-") == []
    assert "bar-accession-block-FIN-31" in ids(root, "bar-")
    assert "by TUR" in title_of(groups(root, "bar-accession-block-FIN-31")[0])


def test_an_imprecise_end_fades_out_and_an_exact_one_does_not(sqlite_dtl):
    for action in (
        {"type": "restrict-trade", "by": "FRA", "target": "QAT", "on": "2020"},
        {"type": "resume-trade", "by": "FRA", "target": "QAT", "on": "2021-03"},
        {"type": "recall-ambassador", "by": "FRA", "target": "QAT", "on": "2021-06-01"},
        {"type": "return-ambassador", "by": "FRA", "target": "QAT", "on": "2021-09-30"},
    ):
        sqlite_dtl.record(action)
    root = svg_root(render_pair(pair_chart_data(sqlite_dtl, "FRA", "QAT"), "svg"))
    assert ids(root, "bar-") == ["bar-trade-FRA-0", "bar-ambassador-FRA-1"]
    assert ids(root, "fade") == ["fade-trade-FRA-0", "fadeout-trade-FRA-0"]
