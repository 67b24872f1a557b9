"""PNG charts: from matplotlib directly, and the HTML chart as headless Chromium shows it."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess

from tests.analysis.charts.support import PNG_MAGIC
from tests.support import needs

CHROMIUM = next(
    (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None
)


def _size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_MAGIC) and png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def _colours(png: bytes) -> int:
    from matplotlib import image

    pixels = image.imread(io.BytesIO(png), format="png")
    flat = (pixels[..., :3] * 255).round().astype("uint8").reshape(-1, 3)
    return len({bytes(p) for p in flat[:: max(1, len(flat) // 200_000)]})


def test_the_png_is_a_png_of_a_sensible_size(charts):
    width, height = _size(charts.render("png", "TUR", "ISR"))
    assert width == 1320 and 500 < height < 1200


def test_the_roster_png_grows_with_its_lanes(charts):
    _, height = _size(charts.render("png", "--roster", "NATO", start="2021"))
    assert height > 1000  # 33 lanes


def test_chromium_renders_the_html_chart_to_a_picture_that_is_not_blank(charts, tmp_path):
    needs("chromium is not installed" if CHROMIUM is None else None,
          "rendering the HTML chart needs headless Chromium (.ci/run installs Debian's)")  # fmt: skip
    page = tmp_path / "chart.html"
    page.write_bytes(charts.render("html", "NATO", "ISR", start="2023-01"))
    shot = tmp_path / "shot.png"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--screenshot={shot}",
        "--window-size=1400,1000",
        page.as_uri(),
    ]
    run = subprocess.run(command, capture_output=True, timeout=90, check=False)
    assert shot.exists(), run.stderr.decode(errors="replace")[-2000:]
    png = shot.read_bytes()
    assert _size(png) == (1400, 1000)
    assert _colours(png) > 100  # bars, fades, text: a blank or error page has a handful
