"""The web explorer's "why": under each measure whose opening action answered others, a
disclosure lists the chain (/v1/why) with each step's sources; it follows the clocks like the
state table and arrives live when a link is recorded (conftest.py: a real server on SQLite and
on PostgreSQL, one browser for the module)."""

from __future__ import annotations

import re

import httpx

from dtl.application.facade import Dtl
from tests.api.support import WRITE
from tests.web.support import aspects, console_errors, idle, row, screenshot, shows, type_date, wait

try:  # without selenium, the `browser` fixture skips every test here (fails, in CI) and says why
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
except ImportError:
    By = Keys = None

NATO_TUR = "/?x=NATO&y=TUR&at=2024-08-01"
REPORT = "News report, Ankara dateline"


def disclosure(page, aspect: str):
    return row(page, aspect).find_element(By.CSS_SELECTOR, "td.why-cell details.why-chain")


def why_cell(page, aspect: str) -> str:
    return row(page, aspect).find_element(By.CSS_SELECTOR, "td.why-cell").text


def steps(page, aspect: str) -> list[tuple[str, str, str]]:
    """The chain shown under a measure: (type, id, text) of each step, in order."""
    items = row(page, aspect).find_elements(By.CSS_SELECTOR, "ol.chain > li.why-step")
    return [(i.get_attribute("data-type"), i.get_attribute("data-id"), i.text) for i in items]


def test_why_opens_from_the_keyboard_on_the_call_for_expulsion_then_the_threat_it_answered(
    page, server, seeded, store_url, tmp_path
):
    call, threat = seeded["call-for-expulsion"], seeded["threaten"]
    with Dtl(store_url) as cli:  # another process, as the CLI would be
        cli.link(call, threat)
    console_errors(page)  # what earlier pages left
    page.get(server.url + NATO_TUR)
    shows(page, "NATO – TUR on 2024-08-01")
    assert aspects(page) == ["membership", "engagement-veto", "expulsion-demand"]
    assert len(page.find_elements(By.CSS_SELECTOR, "#state-table details")) == 1  # one chain of two

    why = disclosure(page, "expulsion-demand")
    summary = why.find_element(By.TAG_NAME, "summary")
    assert summary.text == "why (2 actions)" and why.get_attribute("open") is None
    assert not why.find_element(By.CSS_SELECTOR, "ol.chain").is_displayed()
    summary.send_keys(Keys.ENTER)  # a summary takes the focus and opens on Enter
    wait(page, lambda d: why.find_element(By.CSS_SELECTOR, "ol.chain").is_displayed())
    assert page.switch_to.active_element == summary

    shown = steps(page, "expulsion-demand")
    assert [(kind, ident) for kind, ident, _ in shown] == [("call-for-expulsion", call), ("threaten", threat)]
    (_, _, first), (_, _, second) = shown
    opened = f"2024-07 call-for-expulsion ISR → TUR in NATO {call[:8]}, answering {threat[:8]}"
    assert first.splitlines()[0] == opened
    assert "Israel's foreign minister urged NATO to expel Turkey" in first
    assert f"{REPORT} — named-official, grade B2, published 2024-08-01" in first
    assert second.splitlines()[0] == f"2024-07 threaten TUR → ISR {threat[:8]}"
    assert f"{REPORT} — press-report, grade B3, published 2024-08-01" in second
    assert "answering" not in second
    page.execute_script("arguments[0].scrollIntoView()", why)
    screenshot(page, tmp_path, "why-open")

    # The same clocks as the state table: as known at the seed story's day (the tests' clock),
    # before the link was recorded (today), the measure holds and nothing says why.
    type_date(page, "as_known_at", "2024-08-01")
    shows(page, "NATO – TUR on 2024-08-01, as known at 2024-08-01")
    assert "expulsion-demand" in aspects(page)
    assert page.find_elements(By.CSS_SELECTOR, "#state-table details") == []
    assert why_cell(page, "expulsion-demand") == "no link recorded"
    page.find_element(By.CSS_SELECTOR, "button[data-now='as_known_at']").click()
    shows(page, "NATO – TUR on 2024-08-01")
    assert [kind for kind, _, _ in steps(page, "expulsion-demand")] == ["call-for-expulsion", "threaten"]

    # On a phone: the chain opens inside the measure's card, with nothing off the screen's side.
    page.set_window_size(390, 844)
    disclosure(page, "expulsion-demand").find_element(By.TAG_NAME, "summary").click()
    wait(page, lambda d: disclosure(d, "expulsion-demand").get_attribute("open") is not None)
    assert page.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    page.execute_script("arguments[0].scrollIntoView()", disclosure(page, "expulsion-demand"))
    screenshot(page, tmp_path, "why-phone")
    assert console_errors(page) == []  # nothing the Content-Security-Policy refused, no script error


def test_a_measure_with_no_link_has_no_why_until_one_arrives_live_and_an_open_why_stays_open(
    page, server, seeded, tmp_path
):
    call, threat = seeded["call-for-expulsion"], seeded["threaten"]
    page.get(server.url + NATO_TUR)
    shows(page, "NATO – TUR on 2024-08-01")
    wait(page, lambda d: d.find_element(By.ID, "live-status").get_attribute("data-live") == "on")
    assert page.find_elements(By.CSS_SELECTOR, "#state-table details") == []
    for aspect in ("membership", "engagement-veto", "expulsion-demand"):
        assert why_cell(page, aspect) == "no link recorded"
    page.execute_script("window.stillTheSamePage = true")

    link = {"responds_to": threat[:8]}
    answer = httpx.post(f"{server.url}/v1/actions/{call}/links", json=link, headers=WRITE)
    assert answer.status_code == 201, answer.text
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, "tr[data-aspect='expulsion-demand'] details.why-chain")
         and idle(d), "the link never showed")  # fmt: skip
    assert page.execute_script("return window.stillTheSamePage") is True
    feed = page.find_element(By.CSS_SELECTOR, "#feed li").text
    assert re.fullmatch(rf"#\d+ linked call-for-expulsion: ISR → TUR in NATO, on 2024-07, answering {threat[:8]}",
                        feed), feed  # fmt: skip
    assert why_cell(page, "engagement-veto") == "no link recorded"

    # Opened, it stays open when the next event redraws the table.
    disclosure(page, "expulsion-demand").find_element(By.TAG_NAME, "summary").send_keys(Keys.ENTER)
    wait(page, lambda d: disclosure(d, "expulsion-demand").get_attribute("open") is not None)
    page.execute_script("document.getElementById('state-table').dataset.drawnBefore = 'true'")
    body = {"type": "statement", "by": "TUR", "target": "ISR", "on": "2024-07-31"}
    answer = httpx.post(server.url + "/v1/actions", json=body, headers=WRITE)
    assert answer.status_code == 201, answer.text
    wait(page, lambda d: d.execute_script("return !document.getElementById('state-table').dataset.drawnBefore")
         and idle(d), "the table was never drawn again")  # fmt: skip
    assert disclosure(page, "expulsion-demand").get_attribute("open") is not None
    assert [kind for kind, _, _ in steps(page, "expulsion-demand")] == ["call-for-expulsion", "threaten"]
    screenshot(page, tmp_path, "why-live")
