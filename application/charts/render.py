"""Pure renderers: chart data in, file bytes out (svg, html or png). The CLI and the HTTP API
both call these; matplotlib is imported on the first call, not before."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

FORMATS = ("svg", "html", "png")
SUFFIXES = {".svg": "svg", ".html": "html", ".htm": "html", ".png": "png"}

# matplotlib's rcParams are global: one chart is drawn at a time, under the chart's settings.
_LOCK = threading.Lock()


def render_pair(data: dict[str, Any], fmt: str) -> bytes:
    from dtl.application.charts.pair_figure import pair_figure

    return _render(data, fmt, pair_figure)


def render_roster(data: dict[str, Any], fmt: str) -> bytes:
    from dtl.application.charts.roster_figure import roster_figure

    return _render(data, fmt, roster_figure)


def render(data: dict[str, Any], fmt: str) -> bytes:
    """Either chart, by the data's kind."""
    return (render_pair if data["kind"] == "pair" else render_roster)(data, fmt)


def _render(data: dict[str, Any], fmt: str, build: Callable[[dict[str, Any]], Any]) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown chart format {fmt!r}; use one of {', '.join(FORMATS)}")
    import matplotlib

    from dtl.application.charts import page, style, svg

    with _LOCK, matplotlib.rc_context(style.RC):
        canvas = build(data)
        if fmt == "png":
            return svg.png_bytes(canvas)
        if fmt == "svg":
            return svg.svg_document(canvas)
        return page.html_page(data, svg.svg_text(svg.svg_root(canvas))).encode()
