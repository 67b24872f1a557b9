"""The HTML chart: one self-contained page, hover titles, a sources table, escaped text."""

from __future__ import annotations

from dtl.application.charts import pair_chart_data, render_pair
from dtl.application.facade import Dtl
from tests.analysis.charts.support import (
    Page,
    external_references,
    groups,
    record_seed_story,
    svg_root,
    title_of,
)


def test_the_page_holds_the_svg_inline_and_loads_nothing_from_elsewhere(charts):
    html = charts.render("html", "NATO", "ISR").decode()
    page = Page(html)
    assert html.startswith("<!DOCTYPE html>") and page.count("svg") == 1
    assert external_references(html) == []
    assert page.count("script") == 1 and page.count("link") == 0


def test_the_reference_check_would_see_an_external_script_or_font():
    page = '<html><script src="https://cdn.example/x.js"></script><style>@import url(http://x/y.css)</style></html>'
    found = external_references(page)
    assert (
        "<script src=https://cdn.example/x.js>" in found and "@import in an inline style or script" in found
    )
    assert external_references('<a href="https://www.nato.int/">a link is not loaded</a>') == []


def test_every_bar_and_marker_has_a_hover_title_in_the_page(charts):
    data = charts.data("TUR", "ISR")
    root = svg_root(charts.render("html", "TUR", "ISR"))
    drawn = groups(root, "bar-") + groups(root, "marker-")
    assert len(drawn) == len(data["bars"]) + len(data["markers"]) == 6
    assert all(title_of(g) for g in drawn)


def test_the_table_lists_every_action_drawn_with_its_sources(charts):
    data = charts.data("NATO", "ISR")
    page = Page(charts.render("html", "NATO", "ISR").decode())
    rows = [attrs for tag, attrs in page.tags if tag == "tr" and "data-drawn" in attrs]
    assert [r["data-drawn"] for r in rows] == [" ".join(r["drawn"]) for r in data["rows"]]
    links = [attrs["href"] for tag, attrs in page.tags if tag == "a"]
    assert "https://www.nato.int/cps/en/natohq/topics_52927.htm" in links
    html = charts.render("html", "NATO", "ISR").decode()
    assert "Turkey had vetoed all NATO engagement with Israel since October" in html
    assert '<span class="grade">C3</span>' in html


def test_the_caption_says_as_known_at_min_grade_and_left_out(charts):
    html = charts.render("html", "NATO", "ISR", min_grade="B2").decode()
    assert "as known at now (everything recorded) · min grade B2 · 1 action left out" in html


def test_text_from_the_store_is_escaped_in_the_page_and_in_the_titles(tmp_path):
    hostile = "<script>alert('name')</script>"
    with Dtl(str(tmp_path / "dtl.sqlite3")) as dtl:
        record_seed_story(dtl)
        dtl.record(
            {
                "type": "threaten",
                "by": "TUR",
                "target": "ISR",
                "on": "2024-06-03",
                "note": "</table><img src=x onerror=alert(1)>",
                "sources": [{"name": hostile, "quote": "a & b <b>bold</b>", "grade": "B2"}],
            }
        )
        html = render_pair(pair_chart_data(dtl, "TUR", "ISR"), "html").decode()
    assert hostile not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt;" in html  # in the table
    page = Page(html)
    assert page.count("script") == 1 and page.count("img") == 0
    assert external_references(html) == []
    titles = [title_of(g) or "" for g in groups(svg_root(html), "marker-")]
    assert any(hostile in t for t in titles)  # the title's text, once parsed, is the name as given
