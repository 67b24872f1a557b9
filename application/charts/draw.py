"""Drawing primitives shared by both charts: a figure with lanes, a dated axis, a bar with
faded ends, a label that finds room.

Every element a reader (or a test) may look for gets a stable id with `set_gid`; the SVG
writer turns it into `<g id="...">`. Imported only when a chart is drawn: matplotlib is
heavy, and no other command should pay for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import matplotlib

matplotlib.use("Agg")  # never a window, never a display: charts are files

import numpy as np  # noqa: E402  (matplotlib's own dependency)
from matplotlib import dates as mdates  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from dtl.application.charts import style, text  # noqa: E402


def num(day: str | date) -> float:
    return float(mdates.date2num(date.fromisoformat(day) if isinstance(day, str) else day))


@lru_cache(maxsize=4096)
def text_inches(words: str, size: float, bold: bool = False) -> float:
    """The width of a label, measured with the font it is drawn in."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    font = FontProperties(family="DejaVu Sans", size=size, weight="bold" if bold else "normal")
    width, _, _ = TextToPath().get_text_width_height_descent(words, font, ismath=False)
    return width / 72


def left_margin(labels: list[str]) -> float:
    """The share of the figure's width the lane names need."""
    widest = max((text_inches(label, 9) for label in labels), default=1.0)
    return min(0.4, (widest + 0.25) / style.WIDTH)


def days_per_inch(data: dict[str, Any], labels: list[str]) -> float:
    """Before the figure exists: how many days an inch of x axis holds."""
    days = num(data["end"]) + 1 - num(data["start"])
    return days / (style.WIDTH * (0.97 - left_margin(labels)))


@dataclass
class Canvas:
    """A figure, its lane axes, each lane's centre, and what hovering each element says."""

    figure: Figure
    ax: Any
    start: float
    end: float
    per_inch: float
    centres: list[float]
    tooltips: dict[str, str] = field(default_factory=dict)
    lower: Any = None  # the Goldstein panel, when there is one
    bars_at: dict[float, list[tuple[float, float, bool]]] = field(
        default_factory=dict
    )  # lane -> (lo, hi, overlay)
    labels_at: dict[float, list[tuple[float, float]]] = field(default_factory=dict)  # lane -> spans labelled

    def text_days(self, words: str, size: float, bold: bool = False) -> float:
        return text_inches(words, size, bold) * self.per_inch


def new_canvas(
    data: dict[str, Any],
    lanes: list[tuple[str, float]],
    lane_inches: float,
    below: float = 0.0,
    header: float = 1.0,
) -> Canvas:
    """A figure with one row per lane (first on top; a lane's weight scales its height) and,
    if `below`, a lower panel sharing the time axis."""
    labels = [label for label, _ in lanes]
    weights = [weight for _, weight in lanes]
    total = sum(weights) or 1.0
    centres = [sum(weights[:n]) + weights[n] / 2 for n in range(len(lanes))]
    left = left_margin(labels)
    top_inches = total * lane_inches + 0.25
    height = header + top_inches + (below + 0.3 if below else 0) + 0.85
    figure = Figure(figsize=(style.WIDTH, height), dpi=style.DPI)
    ratios = [top_inches, below] if below else [top_inches]
    grid = figure.add_gridspec(
        len(ratios),
        1,
        height_ratios=ratios,
        hspace=0.3 / (sum(ratios) / len(ratios)),
        left=left,
        right=0.97,
        top=1 - header / height,
        bottom=0.85 / height,
    )
    ax = figure.add_subplot(grid[0])
    ax.set_autoscale_on(False)
    canvas = Canvas(
        figure, ax, num(data["start"]), num(data["end"]) + 1, days_per_inch(data, labels), centres
    )
    ax.set_xlim(canvas.start, canvas.end)
    ax.set_ylim(total, 0)
    ax.set_yticks(centres, labels)
    ax.tick_params(axis="y", length=0, labelsize=9, colors=style.INK)
    for n, centre in enumerate(centres):
        if n % 2:
            half = weights[n] / 2
            ax.axhspan(centre - half, centre + half, color=style.LANE_SHADE, zorder=0, lw=0)
    ax.grid(axis="x", color="#DDDDDD", lw=0.6, zorder=0)
    ax.set_axisbelow(True)
    ax.spines["left"].set_visible(False)
    figure.text(
        0.03, 1 - 0.32 / height, data["title"], fontsize=13, weight="bold", color=style.INK, parse_math=False
    )
    figure.text(
        0.03, 1 - 0.58 / height, text.caption(data), fontsize=8.5, color=style.MUTED, parse_math=False
    )
    if below:
        canvas.lower = figure.add_subplot(grid[1], sharex=ax)
        canvas.lower.set_xlim(canvas.start, canvas.end)
        ax.tick_params(axis="x", labelbottom=False)
        date_axis(canvas.lower)
    else:
        date_axis(ax)
    return canvas


def date_axis(ax: Any) -> None:
    locator = mdates.AutoDateLocator(minticks=5, maxticks=12)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.tick_params(axis="x", labelsize=8.5, colors=style.INK)


def footnote(canvas: Canvas, words: str) -> None:
    figure = canvas.figure
    figure.text(
        0.03,
        0.12 / figure.get_figheight(),
        words,
        fontsize=7.5,
        color=style.MUTED,
        parse_math=False,
        wrap=True,
    )


@dataclass
class Label:
    """A bar's label, placed once every bar is drawn (so it can avoid them all)."""

    words: str
    lane: float
    y: float
    solid: tuple[float, float]  # the solid part of the bar
    span: tuple[float, float]  # the whole bar, fades included
    boxed: bool = False  # may sit over other bars of its lane, on a white box


def bar(
    canvas: Canvas,
    item: dict[str, Any],
    y: float,
    colour: str,
    height: float = style.BAR,
    hatch: str | None = None,
    label: str | None = None,
    details: str = "",
    lane: float | None = None,
) -> Label | None:
    """A measure from its start to its end (or the right edge), with a fade over an
    imprecise start (where it may have begun) and over an imprecise end. Returns its label,
    to be placed with `place_labels` once every bar is drawn."""
    ax, lo_edge, hi_edge = canvas.ax, canvas.start, canvas.end
    since_lo, since_hi = num(item["lo"]), num(item["since_hi"])
    exact_start = item["since_precision"] == "day"
    solid_from = since_lo if exact_start else since_hi
    if item["until"] is None:
        solid_to = until_hi = hi_edge
    elif item["until_precision"] == "day":
        solid_to = until_hi = num(item["hi"])
    else:
        solid_to, until_hi = num(item["until_lo"]), num(item["hi"])
    x0, x1 = max(solid_from, lo_edge), min(solid_to, hi_edge)
    layer = 4 if hatch else 3  # hatched overlays lie on top of the lane's bars
    rect = Rectangle(
        (x0, y - height / 2),
        max(0.0, x1 - x0),
        height,
        facecolor=colour,
        edgecolor="white" if hatch else "none",
        hatch=hatch,
        lw=0,
        zorder=layer,
    )
    rect.set_gid(item["gid"])
    ax.add_patch(rect)
    suffix = item["gid"].removeprefix("bar-")
    canvas.tooltips[item["gid"]] = details
    if not exact_start and since_hi > lo_edge and since_lo < hi_edge:
        gid = f"fade-{suffix}"
        fade_to = min(since_hi, until_hi, hi_edge)  # a measure may end inside its start's window
        _fade(canvas, max(since_lo, lo_edge), fade_to, y, height, colour, True, gid, layer)
        canvas.tooltips[gid] = details
    if item["until"] and item["until_precision"] != "day" and until_hi > lo_edge and solid_to < hi_edge:
        gid = f"fadeout-{suffix}"
        _fade(canvas, max(solid_to, lo_edge), min(until_hi, hi_edge), y, height, colour, False, gid, layer)
        canvas.tooltips[gid] = details
    lane = y if lane is None else lane
    span = (max(since_lo, lo_edge), min(max(until_hi, x1), hi_edge))
    canvas.bars_at.setdefault(lane, []).append((*span, hatch is not None))
    if not label:
        return None
    words = text.bar_label(item, since_lo < lo_edge) if label == "auto" else label
    return Label(words, lane, y, (x0, x1), span, boxed=hatch is not None)


def _fade(
    canvas: Canvas,
    x0: float,
    x1: float,
    y: float,
    height: float,
    colour: str,
    rising: bool,
    gid: str,
    layer: int,
) -> None:
    """A smooth gradient over the window: transparent where the measure may not yet have
    begun, solid where it surely had (reversed for an imprecise end)."""
    if x1 <= x0:
        return
    ramp = np.linspace(0.06, 0.9, 64)
    if not rising:
        ramp = ramp[::-1]
    rgba = np.zeros((1, ramp.size, 4))
    rgba[0, :, :3] = to_rgba(colour)[:3]
    rgba[0, :, 3] = ramp
    image = canvas.ax.imshow(
        rgba,
        extent=(x0, x1, y + height / 2, y - height / 2),
        aspect="auto",
        interpolation="bilinear",
        zorder=layer,
    )
    image.set_gid(gid)


def place_labels(canvas: Canvas, labels: list[Label | None], size: float = 8.0) -> None:
    """In order: inside the solid bar if it fits, else after the bar, else before it, else over
    the pale start of its fade; never over another label, nor over another bar of the lane
    (unless boxed). No room: no label (hovering the bar, and the table, still tell)."""
    pad = 0.06 * canvas.per_inch
    kw: dict[str, Any] = {"va": "center", "fontsize": size, "parse_math": False, "zorder": 7}
    for label in labels:
        if label is None:
            continue
        inside = canvas.text_days(label.words, size, bold=True) + 2 * pad
        outside = canvas.text_days(label.words, size) + 2 * pad
        x0, x1 = label.solid
        lo, hi = label.span
        spots = [(x0, x0 + inside, "inside"), (hi, hi + outside, "after"), (lo - outside, lo, "before")]
        if label.boxed:  # on a hatched overlay, on a white box, where it fits: then the bar
            # beneath it (a membership that followed a block) keeps the room for its own words
            spots = [(x0, x0 + outside, "on"), *spots[1:]]
        elif x0 - lo >= 2 * outside:  # a long fade is pale enough in its first half for dark words
            spots.append((lo, lo + outside, "fade"))
        for a, b, where in spots:
            if a < canvas.start or b > canvas.end or (where in ("inside", "on") and b > x1):
                continue
            if _crowded(canvas, label, a, b, inside=where in ("inside", "fade")):
                continue
            canvas.labels_at.setdefault(label.lane, []).append((a, b))
            if where == "inside":
                canvas.ax.text(a + pad, label.y, label.words, ha="left", color="white", weight="bold", **kw)
            else:
                box = (
                    {"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 1.0}
                    if label.boxed
                    else None
                )
                canvas.ax.text(
                    b - pad if where == "before" else a + pad,
                    label.y,
                    label.words,  # after, on, fade
                    ha="right" if where == "before" else "left",
                    color=style.INK,
                    bbox=box,
                    **kw,
                )
            break


def _crowded(canvas: Canvas, label: Label, a: float, b: float, inside: bool) -> bool:
    def hits(spans: list[tuple[float, float]]) -> bool:
        return any(lo < b and a < hi for lo, hi in spans)

    if hits(canvas.labels_at.get(label.lane, [])):
        return True
    if label.boxed:
        return False
    bars = canvas.bars_at.get(label.lane, [])
    if inside:  # words inside a bar must not run across an overlay laid on it
        return hits([(lo, hi) for lo, hi, overlay in bars if overlay])
    return hits([(lo, hi) for lo, hi, _ in bars if (lo, hi) != label.span])
