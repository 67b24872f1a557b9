"""How long the web explorer takes to show a view, on the demo store, in headless Chromium.

    .venv/bin/python benchmarks/web_page.py [--loads 15] [--screenshot docs/images/explorer.png]

Records the seed story with `dtl demo` into a fresh SQLite store, starts `dtl serve` on a free
loopback port (the real command, in its own process), and opens the page in Debian's headless
Chromium through Selenium and chromedriver. A load is timed from the navigation's start to the
page's own mark `dtl:view-ready` (set once the state table, the chart and the diff are drawn):
what a reader waits for. Four kinds of load, medians over --loads each:

- cold: the first view after the server started (its first chart draws matplotlib's fonts);
- again: the same view reloaded; the server answers from the answers it keeps;
- new day: another day asked about each time: state and diff asked anew, the chart kept;
- new reporting day: another "as reported at" each time: state, chart and diff all anew.

With --screenshot, also writes the README's picture of the explorer (a 1400 x 1200 window).
Needs chromium and chromium-driver (Debian: apt-get install chromium chromium-driver); without
them it says so and measures nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from machine import describe  # benchmarks/, the script's own folder

DTL = str(Path(sys.executable).with_name("dtl"))
VIEW = "/?x=NATO&y=ISR&at=2024-03-01"
# The README's picture: the report of 2024-08-01 read on its day, the veto back-dated to 2023-10.
PICTURE = (
    "/?x=NATO&y=ISR&at=2024-03-01&as_reported_at=2024-08-01&chart_from=2023-01-01&reported_since=2024-07-31"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def missing() -> str | None:
    """Why the browser cannot be driven here, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if not shutil.which("chromium") or not shutil.which("chromedriver"):
        return "chromium and chromedriver are needed (apt-get install chromium chromium-driver)"
    return None


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--disable-extensions", "--lang=en-GB", "--window-size=1400,1200",
                     "--hide-scrollbars"):  # fmt: skip
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(driver), options=options)


def timed_load(driver, url: str) -> float:
    """Milliseconds from the navigation's start to the page's `dtl:view-ready` mark."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get("about:blank")
    driver.get(url)
    WebDriverWait(driver, 60, poll_frequency=0.01).until(
        lambda d: d.execute_script("return document.documentElement.dataset.ready === 'true'")
    )
    return driver.execute_script("return performance.getEntriesByName('dtl:view-ready')[0].startTime")


def serve(store: str, port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DTL_API_")}
    server = subprocess.Popen([DTL, "--store", store, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    import httpx

    for _ in range(300):  # the server opens the store, then takes the port: up to 30 s
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    sys.exit("dtl serve did not answer")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=15, help="loads of each kind after the first (15)")
    parser.add_argument("--screenshot", type=Path, help="also write a picture of the explorer here (PNG)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if args.loads < 1:
        parser.error("--loads must be at least 1")
    problem = missing()
    if problem:  # `make bench` goes on without this figure, and says why
        print(f"web_page.py: skipped: {problem}", file=sys.stderr)
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        store = str(Path(tmp) / "demo.sqlite3")
        subprocess.run([DTL, "--store", store, "demo"], check=True, capture_output=True, cwd=tmp)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = serve(store, port)
        driver = browser()
        try:
            cold = timed_load(driver, base + VIEW)
            for _ in range(3):  # not counted: the browser's own first runs (its caches, its JIT)
                timed_load(driver, base + VIEW)
            again = [timed_load(driver, base + VIEW) for _ in range(args.loads)]
            start = date(2024, 3, 1)
            days = [(start - timedelta(days=k + 1)).isoformat() for k in range(args.loads)]
            new_day = [timed_load(driver, f"{base}/?x=NATO&y=ISR&at={d}") for d in days]
            reported = [(date(2024, 8, 1) + timedelta(days=k)).isoformat() for k in range(args.loads)]
            new_reported = [timed_load(driver, f"{base}{VIEW}&as_reported_at={d}") for d in reported]
            if args.screenshot:
                timed_load(driver, base + PICTURE)
                args.screenshot.parent.mkdir(parents=True, exist_ok=True)
                driver.save_screenshot(str(args.screenshot))
        finally:
            driver.quit()
            server.terminate()
            server.wait(timeout=30)

    figures = {
        "view": VIEW,
        "cold_ms": round(cold, 1),
        "again_p50_ms": round(statistics.median(again), 1),
        "new_day_p50_ms": round(statistics.median(new_day), 1),
        "new_reporting_day_p50_ms": round(statistics.median(new_reported), 1),
        "loads": args.loads,
        "machine": describe(None),
    }
    print(f"web explorer, demo store (SQLite), {VIEW}: time to the view drawn (state, chart, diff)")
    rows = [
        ("cold: the first view after dtl serve started", figures["cold_ms"]),
        ("the same view again, p50", figures["again_p50_ms"]),
        ("another day asked about, p50", figures["new_day_p50_ms"]),
        ("another reporting day (chart redrawn), p50", figures["new_reporting_day_p50_ms"]),
    ]
    for label, ms in rows:
        print(f"  {label:<46} {ms:8.1f} ms")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
