"""What the web explorer's tests share: a headless Chromium driven by Selenium (Debian's
`chromium` and `chromedriver`, never a downloaded one), and waits on what the page shows.

Every wait is WebDriverWait on a condition of the page; nothing sleeps. The page says it is
working with `aria-busy="true"` on its answer, and says which answer it shows in its title
(`NATO – ISR on 2024-03-01, as reported at 2024-07-31`): a test waits for the title it expects
and for the page to be idle, then reads the rows.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

WAIT = 20  # seconds: a guard against a hang, never a clock anything waits out

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
CHROMEDRIVER = shutil.which("chromedriver")


def browser_problem() -> str | None:
    """Why a browser cannot be driven here, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if CHROMIUM is None:
        return "chromium is not installed (apt-get install chromium)"
    if CHROMEDRIVER is None:
        return "chromedriver is not installed (apt-get install chromium-driver)"
    return None


def start_browser(width: int = 1400, height: int = 1000):
    """Headless Chromium through the chromedriver on the PATH: with the driver's path given,
    Selenium never runs its own manager (which would download one)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--disable-extensions", "--lang=en-GB",
                     f"--window-size={width},{height}"):  # fmt: skip
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # the console, for errors
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def console_errors(driver) -> list[str]:
    """The console's errors since the last call (a script error, a blocked resource, a refused
    Content-Security-Policy)."""
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def wait(driver, condition, message: str = "") -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT, poll_frequency=0.05).until(lambda d: condition(d), message)


def idle(driver) -> bool:
    return (
        driver.execute_script("return document.getElementById('results').getAttribute('aria-busy')")
        == "false"
    )


def title(driver) -> str:
    return driver.find_element("id", "view-title").text


def shows(driver, expected: str) -> None:
    """Wait until the page shows the answer titled `expected`, with nothing still loading."""
    wait(driver, lambda d: title(d) == expected and idle(d),
         f"the page never showed {expected!r} (it shows {title(driver)!r})")  # fmt: skip


def aspects(driver) -> list[str]:
    """The measures in the state table, in order."""
    return driver.execute_script(
        "return [...document.querySelectorAll('#state-table tbody tr')].map(r => r.dataset.aspect)"
    )


def row(driver, aspect: str):
    return driver.find_element("css selector", f'#state-table tbody tr[data-aspect="{aspect}"]')


def type_date(driver, field_id: str, value: str) -> None:
    """Type a date into a field, over what it held, and leave it (Tab) as a reader would."""
    from selenium.webdriver.common.keys import Keys

    field = driver.find_element("id", field_id)
    field.send_keys(Keys.CONTROL, "a")  # the modifier is held until the end of this call
    field.send_keys(value, Keys.TAB)


def query(driver) -> dict[str, str]:
    """The page's own query string, as a dict."""
    from urllib.parse import parse_qsl, urlsplit

    return dict(parse_qsl(urlsplit(driver.current_url).query))


def screenshot(driver, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
