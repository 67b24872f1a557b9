"""The web explorer in a real browser, against a real server on the seed story, on SQLite and on
PostgreSQL (the `dtl` fixture of tests/conftest.py). One headless Chromium for the module; a new
server (a new port, so a new origin with its own sessionStorage) for each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dtl.api import Settings, create_app
from dtl.application.facade import Dtl
from tests.api.support import TOKEN, LiveServer, record_seed_story
from tests.support import needs
from tests.web.support import browser_problem, start_browser


@pytest.fixture(scope="module")
def browser():
    needs(browser_problem(), "the web explorer's tests drive headless Chromium "
          "(.ci/run installs Debian's chromium and chromium-driver)")  # fmt: skip
    driver = start_browser()
    yield driver
    driver.quit()


@pytest.fixture
def settings(request) -> Settings:
    """A server that writes with TOKEN; parametrised indirectly with a read token, one that
    needs it for every read."""
    return Settings(write_tokens=(TOKEN,), read_token=getattr(request, "param", None),
                    stream_poll_seconds=0.02, stream_ping_seconds=0.3)  # fmt: skip


@pytest.fixture
def seeded(dtl: Dtl) -> dict[str, str]:
    return record_seed_story(dtl)


@pytest.fixture
def server(dtl: Dtl, seeded, settings: Settings) -> Iterator[LiveServer]:
    app = create_app(dtl, settings)
    with LiveServer(app) as live:
        yield live
    app.state.service.close()


@pytest.fixture
def page(browser, server):
    """The browser as the test found it afterwards: one tab, its size, on a blank page (which
    closes the page's event stream before the server stops)."""
    first = browser.window_handles[0]
    yield browser
    for handle in browser.window_handles[1:]:
        browser.switch_to.window(handle)
        browser.close()
    browser.switch_to.window(first)
    browser.get("about:blank")
    browser.set_window_size(1400, 1000)
