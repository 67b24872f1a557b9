"""The web explorer in headless Chromium: the seed story's answers, each clock moved from the
keyboard, the grade, the diff, shared links, live updates and the read token (conftest.py: a
real server on SQLite and on PostgreSQL, one browser for the module). Screenshots of the key
steps go to each test's tmp_path."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import httpx
import pytest

from dtl.application.facade import Dtl
from tests.api.support import READ_TOKEN, TOKEN
from tests.web.support import (
    aspects,
    console_errors,
    idle,
    query,
    row,
    screenshot,
    shows,
    title,
    type_date,
    wait,
)

try:  # without selenium, the `browser` fixture skips every test here (fails, in CI) and says why
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select
except ImportError:
    By = Keys = Select = None

PAIR = "/?x=NATO&y=ISR&at=2024-03-01"


def today() -> str:
    return datetime.now(UTC).date().isoformat()


def slider(page, clock: str):
    return page.find_element(By.ID, f"{clock}-slider")


def test_the_page_shows_the_state_on_the_day_with_its_sources_and_the_chart_the_api_draws(
    page, server, tmp_path
):
    console_errors(page)  # what earlier pages left
    page.get(server.url + PAIR)
    shows(page, "NATO – ISR on 2024-03-01")
    assert aspects(page) == ["partnership", "engagement-veto"]
    veto = row(page, "engagement-veto")
    assert veto.get_attribute("data-by") == "TUR" and "2023-10" in veto.text
    assert "News report, Ankara dateline" in veto.text and "grade C3" in veto.text
    assert "Turkey had vetoed all NATO engagement with Israel since October" in veto.text
    assert "Mediterranean Dialogue" in row(page, "partnership").text
    # The chart is the chart route's own SVG, every drawn element (and its hover title) kept.
    drawn = page.execute_script(
        "return [...document.querySelectorAll('#chart-svg [id]')].map(e => e.id).sort()"
    )
    served = httpx.get(server.url + "/v1/charts/pair", params={"x": "NATO", "y": "ISR"}).text
    ids = sorted(e.get("id") for e in ET.fromstring(served).iter() if e.get("id"))
    assert drawn == ids and len(ids) > 10
    assert page.execute_script("return document.querySelectorAll('#chart-svg title').length") > 0
    assert page.find_element(By.ID, "problem").get_attribute("hidden") is not None
    assert console_errors(page) == []  # nothing the Content-Security-Policy refused, no script error
    screenshot(page, tmp_path, "nato-isr")


def test_moving_the_reporting_slider_across_2024_08_01_brings_turkeys_veto_back_dated_to_2023_10(
    page, server, tmp_path
):
    page.get(server.url + PAIR + "&as_reported_at=2024-07-31")
    shows(page, "NATO – ISR on 2024-03-01, as reported at 2024-07-31")
    assert aspects(page) == ["partnership"]
    left_out = page.find_element(By.ID, "left-out")
    assert left_out.text == (
        "2 action(s) left out: not yet published by 2024-07-31 (of which 0 with no publication date)."
    )
    screenshot(page, tmp_path, "before-the-report")

    slider(page, "as_reported_at").send_keys(Keys.ARROW_RIGHT)  # one day on: the report's day
    shows(page, "NATO – ISR on 2024-03-01, as reported at 2024-08-01")
    assert aspects(page) == ["partnership", "engagement-veto"]
    assert row(page, "engagement-veto").find_element(By.CSS_SELECTOR, ".since").text == "2023-10"
    assert page.find_element(By.ID, "as_reported_at").get_attribute("value") == "2024-08-01"
    assert query(page)["as_reported_at"] == "2024-08-01"
    assert "engagement-veto" in page.find_element(By.ID, "chart").text  # the chart follows the clock
    screenshot(page, tmp_path, "the-report-published")

    slider(page, "as_reported_at").send_keys(Keys.ARROW_LEFT)
    shows(page, "NATO – ISR on 2024-03-01, as reported at 2024-07-31")
    assert aspects(page) == ["partnership"]

    slider(page, "as_reported_at").send_keys(Keys.END)  # the far right: no reporting limit
    shows(page, "NATO – ISR on 2024-03-01")
    assert aspects(page) == ["partnership", "engagement-veto"]
    assert "as_reported_at" not in query(page)
    assert page.find_element(By.ID, "as_reported_at-shown").text == "every source, dated or not"


def test_an_action_no_source_of_which_is_dated_is_left_out_of_a_reporting_day_and_counted(
    page, server, store_url
):
    with Dtl(store_url) as cli:
        cli.record({"type": "recall-ambassador", "by": "TUR", "target": "ISR", "on": "2024-07-15",
                    "sources": [{"name": "Embassy rumour", "grade": "D4"}]})  # fmt: skip
    page.get(server.url + "/?x=TUR&y=ISR&at=2024-08-01")
    shows(page, "TUR – ISR on 2024-08-01")
    assert "ambassador" in aspects(page)
    assert not page.find_element(By.ID, "left-out").is_displayed()
    slider(page, "as_reported_at").send_keys(Keys.HOME)  # from every source to the earliest day
    wait(page, lambda d: query(d).get("as_reported_at") and idle(d))
    type_date(page, "as_reported_at", "2024-08-01")
    shows(page, "TUR – ISR on 2024-08-01, as reported at 2024-08-01")
    assert "ambassador" not in aspects(page) and "trade" in aspects(page)
    assert page.find_element(By.ID, "left-out").text == (
        "1 action(s) left out: not yet published by 2024-08-01 (of which 1 with no publication date)."
    )


def test_the_day_slider_and_its_field_move_the_day_asked_about(page, server):
    page.get(server.url + PAIR)
    shows(page, "NATO – ISR on 2024-03-01")
    slider(page, "at").send_keys(Keys.HOME)  # a year before the pair's first action
    shows(page, "NATO – ISR on 1993-12-01")
    assert aspects(page) == []
    assert page.find_element(By.ID, "state").text == "Nothing held between NATO and ISR on 1993-12-01."
    assert page.find_element(By.ID, "at").get_attribute("value") == "1993-12-01"

    type_date(page, "at", "2023-10-15")  # inside the veto's month: possibly in force, and why
    shows(page, "NATO – ISR on 2023-10-15")
    veto = row(page, "engagement-veto")
    assert veto.get_attribute("data-certainty") == "possibly in force"
    assert "began sometime in 2023-10" in veto.text
    assert query(page)["at"] == "2023-10-15"
    assert int(slider(page, "at").get_attribute("value")) == (
        datetime(2023, 10, 15, tzinfo=UTC).timestamp() // 86400
    )


def test_the_known_at_clock_shows_only_what_the_store_had_recorded_by_then(page, server):
    # The seed story was recorded on 2024-08-01 at noon (the tests' clock).
    page.get(server.url + PAIR + "&as_known_at=2024-07-31")
    shows(page, "NATO – ISR on 2024-03-01, as known at 2024-07-31")
    assert aspects(page) == []
    slider(page, "as_known_at").send_keys(Keys.ARROW_RIGHT)
    shows(page, "NATO – ISR on 2024-03-01, as known at 2024-08-01")
    assert aspects(page) == ["partnership", "engagement-veto"]
    slider(page, "as_known_at").send_keys(Keys.END)
    shows(page, "NATO – ISR on 2024-03-01")
    assert "as_known_at" not in query(page)
    assert page.find_element(By.ID, "as_known_at-shown").text == "everything recorded until now"


def test_a_minimum_grade_leaves_out_the_weaker_source_and_says_how_many_it_left_out(page, server, tmp_path):
    page.get(server.url + PAIR)
    shows(page, "NATO – ISR on 2024-03-01")
    Select(page.find_element(By.ID, "min_grade")).select_by_value("B2")
    shows(page, "NATO – ISR on 2024-03-01, sources graded B2 or better")
    assert aspects(page) == ["partnership"]
    left_out = page.find_element(By.ID, "left-out")
    assert left_out.text == "1 action(s) left out: no source graded B2 or better."
    assert left_out.get_attribute("data-left-out") == "1"
    assert query(page)["min_grade"] == "B2"
    assert "1 action left out" in page.find_element(By.ID, "chart").text  # the chart's own line
    screenshot(page, tmp_path, "min-grade-b2")


def test_actors_are_found_as_you_type_and_picked_with_the_keyboard(page, server):
    page.get(server.url + "/")
    wait(page, lambda d: d.find_element(By.ID, "intro").is_displayed())
    first = page.find_element(By.ID, "x")
    first.send_keys("Turkey")  # an alias: the code comes first
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, "#x-options [data-code='TUR']"))
    assert first.get_attribute("aria-expanded") == "true"
    first.send_keys(Keys.ARROW_DOWN)
    assert first.get_attribute("aria-activedescendant") == "x-options-0"
    first.send_keys(Keys.ENTER)
    assert first.get_attribute("value") == "TUR" and first.get_attribute("aria-expanded") == "false"

    first.send_keys(Keys.TAB)  # on to the second actor
    second = page.switch_to.active_element
    assert second.get_attribute("id") == "y"
    second.send_keys("isra")
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, "#y-options [data-code='ISR']"))
    second.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
    shows(page, f"TUR – ISR on {today()}")
    assert "trade" in aspects(page)
    assert query(page)["x"] == "TUR" and query(page)["y"] == "ISR"


def test_a_name_typed_without_picking_is_resolved_by_the_server_to_its_code(page, server):
    page.get(server.url + "/?at=2024-08-01")
    page.find_element(By.ID, "x").send_keys("Turkey")
    page.find_element(By.ID, "y").send_keys("Israel", Keys.ESCAPE, Keys.ENTER)
    shows(page, "TUR – ISR on 2024-08-01")
    assert page.find_element(By.ID, "x").get_attribute("value") == "TUR"
    assert query(page)["x"] == "TUR" and query(page)["y"] == "ISR"


def test_an_organisation_shows_its_roster_on_the_day_its_chart_and_what_changed(page, server, tmp_path):
    page.get(server.url + "/?at=2024-08-01")
    wait(page, lambda d: d.find_element(By.ID, "intro").is_displayed())
    page.find_element(By.CSS_SELECTOR, "label:has(#mode-org)").click()
    org = page.find_element(By.ID, "org")
    wait(page, lambda d: org.is_displayed() and org.is_enabled())
    assert not page.find_element(By.ID, "x").is_displayed()
    org.send_keys("NATO", Keys.ESCAPE, Keys.ENTER)
    shows(page, "NATO on 2024-08-01")
    members = page.find_element(By.CSS_SELECTOR, "dd[data-group='members']").text.split(", ")
    assert len(members) == 32 and "SWE" in members and "ISR" not in members
    assert page.find_element(By.CSS_SELECTOR, "dd[data-group='partners']").text == "ISR"
    veto = page.find_element(By.CSS_SELECTOR, "tr[data-kind='vetoes engagement with']")
    assert veto.get_attribute("data-by") == "TUR" and "News report, Ankara dateline" in veto.text
    assert page.execute_script("return document.querySelectorAll('#chart-svg [id]').length") > 30
    changes = page.find_elements(By.CSS_SELECTOR, "#diff li.change")
    assert {c.get_attribute("data-aspect") for c in changes} >= {"membership", "engagement-veto"}
    assert query(page) == {"org": "NATO", "at": "2024-08-01"}
    screenshot(page, tmp_path, "nato-roster")


def test_diff_between_two_days_and_since_a_reporting_day(page, server):
    page.get(server.url + "/?x=NATO&y=ISR&at=2024-08-01&from=2023-01-01&to=2024-08-01")
    shows(page, "NATO – ISR on 2024-08-01")
    summary = page.find_element(By.ID, "diff-summary")
    assert summary.text.startswith("2 change(s) from 2023-01-01 to 2024-08-01")
    opened = page.find_element(By.CSS_SELECTOR, "#diff li[data-aspect='engagement-veto']")
    assert opened.get_attribute("data-change") == "opened" and "2023-10" in opened.text

    page.find_element(By.CSS_SELECTOR, "label:has(#diff-reported)").click()
    type_date(page, "as_reported_at", "2024-08-01")
    type_date(page, "reported_since", "2024-07-31")
    wait(page, lambda d: "published after 2024-07-31 and by 2024-08-01" in summary.text and idle(d))
    news = page.find_element(By.CSS_SELECTOR, "#diff li[data-aspect='engagement-veto']")
    assert news.get_attribute("data-news") == "reported" and "2023-10" in news.text
    assert query(page)["reported_since"] == "2024-07-31" and "from" not in query(page)


def test_the_chart_window_narrows_the_chart_and_a_wrong_date_says_why(page, server):
    page.get(server.url + PAIR)
    shows(page, "NATO – ISR on 2024-03-01")
    type_date(page, "chart_from", "2023-01-01")
    wait(page, lambda d: "2023-01-01 to " in d.find_element(By.ID, "chart").text and idle(d))
    assert query(page)["chart_from"] == "2023-01-01"
    type_date(page, "chart_from", "2023-13-01")
    wait(page, lambda d: d.find_elements(By.ID, "chart-problem") and idle(d))
    assert page.find_element(By.ID, "chart-problem").text == (
        "No chart: from: '2023-13-01' is not a real date (month must be in 1..12)"
    )
    assert aspects(page) == ["partnership", "engagement-veto"]  # the rest of the view stands


def test_a_shared_link_opens_the_same_view_in_a_new_tab(page, server):
    page.get(server.url + PAIR)
    shows(page, "NATO – ISR on 2024-03-01")
    Select(page.find_element(By.ID, "min_grade")).select_by_value("C3")
    slider(page, "at").send_keys(Keys.ARROW_LEFT)
    shows(page, "NATO – ISR on 2024-02-29, sources graded C3 or better")
    link = page.find_element(By.ID, "share").get_attribute("href")
    assert link == page.current_url
    seen = page.find_element(By.ID, "state").text

    page.switch_to.new_window("tab")
    page.get(link)
    shows(page, "NATO – ISR on 2024-02-29, sources graded C3 or better")
    assert page.find_element(By.ID, "state").text == seen
    assert page.find_element(By.ID, "at").get_attribute("value") == "2024-02-29"
    assert Select(page.find_element(By.ID, "min_grade")).first_selected_option.get_attribute("value") == "C3"

    page.back()  # about:blank, then forward again: the history holds the view too
    page.forward()
    shows(page, "NATO – ISR on 2024-02-29, sources graded C3 or better")


def test_an_action_recorded_while_the_page_is_open_shows_without_a_reload(page, server, store_url, tmp_path):
    page.get(server.url + "/?x=TUR&y=ISR&at=2024-08-10")
    shows(page, "TUR – ISR on 2024-08-10")
    wait(page, lambda d: d.find_element(By.ID, "live-status").get_attribute("data-live") == "on")
    assert "ambassador" not in aspects(page)
    page.execute_script("window.stillTheSamePage = true")
    with Dtl(store_url) as cli:  # another process, as the CLI would be
        cli.record({"type": "recall-ambassador", "by": "TUR", "target": "ISR", "on": "2024-08-02"})
    wait(page, lambda d: "ambassador" in aspects(d) and idle(d), "the new action never showed")
    assert page.execute_script("return window.stillTheSamePage") is True
    feed = page.find_element(By.CSS_SELECTOR, "#feed li").text
    assert re.fullmatch(r"#\d+ recorded recall-ambassador: TUR → ISR, on 2024-08-02", feed), feed

    # ... and one recorded through the API (whose clock says 2024-08-01: nothing later)
    body = {"type": "expel-ambassador", "by": "ISR", "target": "TUR", "on": "2024-07-30"}
    answer = httpx.post(server.url + "/v1/actions", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 201, answer.text
    wait(page, lambda d: "envoy-expulsion" in aspects(d) and idle(d), "the API's action never showed")
    assert page.execute_script("return window.stillTheSamePage") is True
    screenshot(page, tmp_path, "live")


@pytest.mark.parametrize("settings", [READ_TOKEN], indirect=True, ids=["read-token"])
def test_a_server_with_a_read_token_gets_it_from_the_page_as_a_bearer_header(page, server, tmp_path):
    page.get(server.url + PAIR)
    problem = page.find_element(By.ID, "problem")
    wait(page, lambda d: problem.is_displayed() and idle(d))
    assert "reading needs a bearer token" in problem.text
    assert page.find_element(By.ID, "token-panel").get_attribute("open") is not None
    screenshot(page, tmp_path, "asks-for-the-token")

    page.find_element(By.ID, "token").send_keys(READ_TOKEN, Keys.ENTER)
    shows(page, "NATO – ISR on 2024-03-01")
    assert aspects(page) == ["partnership", "engagement-veto"]
    assert page.execute_script("return sessionStorage.getItem('dtl.readToken')") == READ_TOKEN
    assert READ_TOKEN not in page.current_url and READ_TOKEN not in page.page_source
    wait(page, lambda d: d.find_element(By.ID, "live-status").get_attribute("data-live") == "on")

    # A token in the fragment (which never reaches the server) is taken, then wiped from the address
    page.switch_to.new_window("tab")
    page.get(server.url + PAIR + "#token=" + READ_TOKEN)
    shows(page, "NATO – ISR on 2024-03-01")
    assert READ_TOKEN not in page.current_url and page.current_url.endswith(PAIR)


def test_bad_input_in_a_link_shows_the_servers_own_message(page, server):
    page.get(server.url + "/?x=NATO&y=ISX&at=2024-03-01")
    problem = page.find_element(By.ID, "problem")
    wait(page, lambda d: problem.is_displayed() and idle(d))
    assert problem.text.startswith("The answer: y: unknown actor 'ISX'; did you mean")
    assert aspects(page) == []

    page.get(server.url + "/?x=NATO&y=ISR&at=2024-02-30")
    problem = page.find_element(By.ID, "problem")
    wait(page, lambda d: problem.is_displayed() and idle(d))
    assert problem.text.startswith("The answer: at: ")


def test_every_control_has_a_label_and_tab_follows_the_form(page, server):
    page.get(server.url + PAIR)
    shows(page, "NATO – ISR on 2024-03-01")
    unlabelled = page.execute_script(
        "return [...document.querySelectorAll('input, select, button')]"
        ".filter(c => c.offsetParent !== null && !(c.labels && c.labels.length) && !c.getAttribute('aria-label')"
        " && !c.textContent.trim()).map(c => c.id || c.outerHTML)"
    )
    assert unlabelled == []
    page.find_element(By.ID, "x").click()
    order = ["x"]
    for _ in range(20):  # a date field takes a Tab for each of its parts: one entry per control
        page.switch_to.active_element.send_keys(Keys.TAB)
        focused = page.switch_to.active_element
        name = focused.get_attribute("id") or focused.text
        if name != order[-1]:
            order.append(name)
        if name == "as_known_at-slider":
            break
    assert order == ["x", "y", "at", "at-slider", "as_reported_at", "Any time", "as_reported_at-slider",
                     "as_known_at", "Now", "as_known_at-slider"]  # fmt: skip


def test_the_page_reads_on_a_phone_sized_screen(page, server, tmp_path):
    page.set_window_size(390, 844)
    page.get(server.url + PAIR + "&chart_from=2023-01-01")
    shows(page, "NATO – ISR on 2024-03-01")
    assert page.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    # one card per measure, its cells labelled
    assert (
        page.execute_script(
            "return getComputedStyle(document.querySelector('#state-table tbody tr')).display"
        )
        == "block"
    )
    assert row(page, "engagement-veto").find_element(By.CSS_SELECTOR, "td").size["width"] > 300
    screenshot(page, tmp_path, "phone")
    assert title(page) == "NATO – ISR on 2024-03-01"
