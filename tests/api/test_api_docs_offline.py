"""The interactive API documentation works with no network: /docs (Swagger UI) and /redoc
(ReDoc) are loaded in headless Chromium that can reach nothing but this machine (every other
host name fails to resolve, and a proxy that points nowhere stands for any other route), and
the operations are found rendered. Every file the pages load comes from the server itself."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dtl.api import Settings, create_app
from tests.api.support import LiveServer
from tests.support import needs
from tests.web.support import CHROMEDRIVER, CHROMIUM, browser_problem, wait

OFFLINE = (
    "--proxy-server=http://127.0.0.1:9",  # nothing listens there; loopback bypasses it
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)


@pytest.fixture(scope="module")
def offline_browser():
    needs(browser_problem(), "the documentation pages are checked in headless Chromium "
          "(.ci/run installs Debian's chromium and chromium-driver)")  # fmt: skip
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--disable-extensions", "--window-size=1400,1000", *OFFLINE):  # fmt: skip
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture
def server(sqlite_dtl) -> Iterator[LiveServer]:
    app = create_app(sqlite_dtl, Settings())
    with LiveServer(app) as live:
        yield live
    app.state.service.close()


def _loaded_from(driver) -> set[str]:
    """The origins of every file the page loaded."""
    from urllib.parse import urlsplit

    names = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    return {f"{urlsplit(n).scheme}://{urlsplit(n).netloc}" for n in names}


def test_the_browser_used_here_really_cannot_reach_another_host(offline_browser, server):
    offline_browser.get(f"{server.url}/docs/assets/favicon.png")
    reached = offline_browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css', {mode: 'no-cors'})"
        ".then(() => done('reached'), () => done('failed'));"
    )
    assert reached == "failed"


def test_the_swagger_page_renders_every_operation_offline(offline_browser, server):
    offline_browser.get(f"{server.url}/docs")
    wait(offline_browser, lambda d: len(d.find_elements("css selector", ".opblock")) >= 20,
         "Swagger UI rendered no operations")  # fmt: skip
    paths = {e.text for e in offline_browser.find_elements("css selector", ".opblock-summary-path")}
    assert {"/v1/state", "/v1/timeline", "/v1/actions"} <= {p.replace("\u200b", "") for p in paths}
    assert _loaded_from(offline_browser) == {server.url}


def test_the_redoc_page_renders_the_operations_offline(offline_browser, server):
    offline_browser.get(f"{server.url}/redoc")
    wait(offline_browser, lambda d: "What held between X and Y on a day" in d.find_element("tag name", "body").text,
         "ReDoc rendered no operations")  # fmt: skip
    assert _loaded_from(offline_browser) == {server.url}
