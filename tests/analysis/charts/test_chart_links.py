"""The pair chart draws an arrow from an action to the one it answered (dtl link), when both are
on the chart: an instant at its marker, an action that opened a bar at the bar's start.

The story, to the day where the day is known: Erdogan spoke against NATO's partnership with
Israel at the close of the Washington summit (2024-07-11); he threatened to intervene in Israel
as in Libya and Nagorno-Karabakh at Rize (2024-07-28); the same day Israel's foreign minister
answered by urging NATO to expel Turkey. The rest is the seed report, as recorded by the demo.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from dtl.application import seed_story
from dtl.application.charts import pair_chart_data, render_pair
from dtl.application.facade import Dtl
from tests.analysis.charts.support import PNG_MAGIC, external_references, groups, ids, svg_root, title_of
from tests.support import FakeClock

DAYS = {"statement": "2024-07-11", "threaten": "2024-07-28", "call-for-expulsion": "2024-07-28"}
LINKED = datetime(2024, 8, 6, 9, 0).isoformat()


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    """The store, and the report's ids by type (the first statement: TUR's, not HAMAS's)."""
    store = str(tmp_path_factory.mktemp("links") / "dtl.sqlite3")
    clock = FakeClock(datetime.fromisoformat("2024-08-05T09:00:00+00:00"))
    report = [{**action, "on": DAYS.get(action["type"], action["on"])} for action in seed_story.report()]
    with Dtl(store, clock=clock) as dtl:
        lines = [(n, json.dumps(a)) for n, a in enumerate(seed_story.background() + report, 1)]
        recorded = dtl.import_lines(lines)["recorded"]
        ids: dict[str, str] = {}
        for action, action_id in zip(report, recorded[len(seed_story.background()) :], strict=True):
            ids.setdefault(action["type"], action_id)
        assert dtl.show(ids["statement"])["by"] == ["TUR"]
        clock.set(LINKED)
        dtl.link(ids["call-for-expulsion"], ids["threaten"])
        dtl.link(ids["threaten"], ids["statement"])
    return store, ids


def chart(story, fmt: str = "svg", **options):
    store, _ = story
    with Dtl(store) as dtl:
        data = pair_chart_data(dtl, "TUR", "ISR", **options)
    return data, render_pair(data, fmt)


def arrows(content: bytes) -> dict[str, str]:
    """Each arrow's id and title."""
    return {g.get("id"): title_of(g) or "" for g in groups(svg_root(content), "link-")}


def says(title: str, answer: str, answered: str) -> bool:
    return f"{answer[:8]} responds to {answered[:8]}" in title


def test_both_answers_are_drawn_as_arrows_with_titles_naming_both_actions(story):
    _, ids = story
    data, content = chart(story)
    drawn = arrows(content)
    assert sorted(drawn) == sorted(link["gid"] for link in data["links"]) and len(drawn) == 2
    call = [t for t in drawn.values() if says(t, ids["call-for-expulsion"], ids["threaten"])]
    threat = [t for t in drawn.values() if says(t, ids["threaten"], ids["statement"])]
    assert len(call) == 1 and len(threat) == 1, drawn
    assert call[0].startswith("call-for-expulsion by ISR (2024-07-28) answered threaten by TUR (2024-07-28)")
    for gid in drawn:  # a path, drawn, in each arrow's group
        (group,) = groups(svg_root(content), gid)
        assert group.find("{http://www.w3.org/2000/svg}path") is not None, gid


def test_an_arrow_runs_from_the_bar_an_action_opened_to_the_marker_of_what_it_answered(story):
    _, ids = story
    data, _ = chart(story)
    (link,) = [x for x in data["links"] if x["action"] == ids["call-for-expulsion"]]
    (demand,) = [b for b in data["bars"] if b["events"][0] == ids["call-for-expulsion"]]
    (threat,) = [m for m in data["markers"] if m["action"] == ids["threaten"]]
    assert link["from"] == {"gid": demand["gid"], "end": "start"}
    assert link["to"] == {"gid": threat["gid"], "end": "marker"}


def test_no_arrow_to_an_answered_action_outside_the_window(story):
    _, ids = story
    data, content = chart(story, start="2024-07-20")  # the summit statement (07-11) is not drawn
    assert ids["statement"] not in {m["action"] for m in data["markers"]}
    drawn = arrows(content)
    assert len(drawn) == 1, drawn
    (title,) = drawn.values()
    assert says(title, ids["call-for-expulsion"], ids["threaten"])
    assert not any(ids["statement"][:8] in t for t in drawn.values())


def test_no_arrow_from_a_bar_whose_start_lies_before_the_window(story):
    _, ids = story
    data, content = chart(story, start="2024-08-01")  # the demand is still in force, drawn, begun before
    assert any(b["events"][0] == ids["call-for-expulsion"] for b in data["bars"])
    assert ids["threaten"] not in {m["action"] for m in data["markers"]}
    assert data["links"] == [] and arrows(content) == {}


def test_a_chart_as_known_before_the_links_were_recorded_draws_no_arrow(story):
    data, content = chart(story, as_known_at="2024-08-05T12:00:00")
    assert len(data["markers"]) >= 2 and data["links"] == [] and arrows(content) == {}


def test_at_a_grade_the_threat_does_not_reach_its_arrows_go_with_it(story):
    _, ids = story
    data, content = chart(story, min_grade="B2")  # the threat rests on a B3 source
    assert ids["threaten"] not in {m["action"] for m in data["markers"]}
    assert data["links"] == [] and arrows(content) == {}


def test_the_html_table_says_what_each_action_answered_and_lights_its_arrow(story):
    _, ids = story
    data, content = chart(story, fmt="html")
    (row,) = [r for r in data["rows"] if r["id"] == ids["call-for-expulsion"]]
    assert f"answered threaten of 2024-07-28, {ids['threaten'][:8]}" in row["notes"]
    (link,) = [x for x in data["links"] if x["action"] == ids["call-for-expulsion"]]
    assert link["gid"] in row["drawn"]
    text = content.decode()
    assert f'id="{link["gid"]}"' in text and external_references(text) == []


def test_the_png_is_drawn_with_its_arrows(story):
    data, content = chart(story, fmt="png")
    assert content.startswith(PNG_MAGIC) and len(data["links"]) == 2


def test_a_chart_without_links_draws_no_arrow_and_says_nothing_of_them(story):
    store, _ = story
    with Dtl(store) as dtl:
        data = pair_chart_data(dtl, "NATO", "ISR", start="2023-01")  # no link between NATO–ISR actions
    root = svg_root(render_pair(data, "svg"))
    assert data["links"] == [] and ids(root, "link-") == []
