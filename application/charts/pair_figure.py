"""The picture of a relationship over time: measures as bars, one lane per aspect and holder;
instants as labelled markers, one lane per initiator; an arrow from each action to the one it
answered (dtl link), when both are on the chart; the Goldstein line underneath."""

from __future__ import annotations

from typing import Any

from dtl.application.charts import draw, style, text
from dtl.application.charts.draw import Canvas, num

FOOTNOTE = (
    "A faded start (or end) is a date known only to the month or year: the measure began (or "
    "ended) somewhere in the fade. A bar reaching the right edge is still in force; ◀ marks one "
    "that began before the chart does. Markers are instants (threats, accusations, statements), "
    "a whisker their imprecise date.{links} {lower}"
)
LINKS = " A dashed arrow points from an action to the one it answered (dtl link)."
LOWER = (
    "Lower panel: the Goldstein scores of the pair's recorded actions and imported observations, "
    "summed per {by} (negative: conflict)."
)
NO_LOWER = (
    "No Goldstein panel: no recorded action or imported observation between {a} and {b} in this "
    "window (third parties' acts, such as a veto in a forum, are not the pair's events)."
)


def pair_figure(data: dict[str, Any]) -> Canvas:
    lanes: dict[str, float] = {}
    for item in data["bars"]:
        lanes.setdefault(text.measure_lane(item), 1.0)
    by_lane: dict[str, list[dict[str, Any]]] = {}
    for item in data["markers"]:
        by_lane.setdefault(text.instant_lane(item), []).append(item)
    per_inch = draw.days_per_inch(data, [*lanes, *by_lane])
    clusters = {lane: _clusters(data, items, per_inch) for lane, items in by_lane.items()}
    for lane, groups in clusters.items():
        lanes[lane] = max(1.0, 0.42 * max(len(g) for g in groups) + 0.3)
    scored = text.has_scores(data)  # an empty score panel is left out, and the footnote says so
    canvas = draw.new_canvas(data, list(lanes.items()), style.LANE, below=style.GOLDSTEIN if scored else 0.0)
    row = {lane: canvas.centres[n] for n, lane in enumerate(lanes)}
    labels = [
        draw.bar(
            canvas,
            item,
            row[text.measure_lane(item)],
            style.aspect_colour(item["aspect"]),
            label="auto",
            details=text.bar_details(item),
        )
        for item in data["bars"]
    ]
    draw.place_labels(canvas, labels)
    at: dict[str, tuple[float, float]] = {}  # where each marker is drawn
    for lane, groups in clusters.items():
        for group in groups:
            for n, (x, item) in enumerate(group):
                at[item["gid"]] = (x, row[lane] + (n - (len(group) - 1) / 2) * 0.42)
                _marker(canvas, *at[item["gid"]], item)
    bars = {item["gid"]: (item, row[text.measure_lane(item)]) for item in data["bars"]}
    for link in data.get("links", []):
        _link(canvas, _anchor(data, link["from"], at, bars), _anchor(data, link["to"], at, bars), link)
    if scored:
        lower = LOWER.format(by=_goldstein(canvas, data["goldstein"], data["pair"]))
    else:
        lower = NO_LOWER.format(a=data["pair"][0], b=data["pair"][1])
    if not lanes:
        a, b = data["pair"]
        canvas.ax.text(
            (canvas.start + canvas.end) / 2,
            0.5,
            f"Nothing recorded between {a} and {b} here.",
            ha="center",
            va="center",
            color=style.MUTED,
            parse_math=False,
        )
    draw.footnote(canvas, FOOTNOTE.format(lower=lower, links=LINKS if data.get("links") else ""))
    return canvas


def _x(data: dict[str, Any], item: dict[str, Any]) -> float:
    """A marker stands at the middle of its date's window (within the chart)."""
    lo = max(num(item["lo"]), num(data["start"]))
    hi = min(num(item["hi"]), num(data["end"]) + 1)
    return (lo + hi) / 2


def _window_x(data: dict[str, Any], lo: str, hi: str) -> float:
    """The middle of a date's window, within the chart."""
    return _x(data, {"lo": lo, "hi": hi})


def _anchor(
    data: dict[str, Any],
    end: dict[str, str],
    markers: dict[str, tuple[float, float]],
    bars: dict[str, tuple[dict[str, Any], float]],
) -> tuple[float, float]:
    """Where an action is drawn: its marker, or the start (or end) of the bar it opened (closed)."""
    if end["end"] == "marker":
        return markers[end["gid"]]
    bar, y = bars[end["gid"]]
    if end["end"] == "start":
        return _window_x(data, bar["lo"], bar["since_hi"]), y
    return _window_x(data, bar["until_lo"], bar["hi"]), y


def _link(
    canvas: Canvas, start: tuple[float, float], goal: tuple[float, float], link: dict[str, Any]
) -> None:
    """A curved arrow from the action that answered to the one it answered."""
    from matplotlib.patches import FancyArrowPatch

    arrow = FancyArrowPatch(
        start,
        goal,
        arrowstyle="-|>",
        connectionstyle="arc3,rad=-0.5",
        mutation_scale=9,
        shrinkA=3,
        shrinkB=4,
        color=style.LINK,
        lw=1.1,
        linestyle=(0, (4, 2)),
        zorder=5,
    )
    arrow.set_gid(link["gid"])
    canvas.ax.add_patch(arrow)
    canvas.tooltips[link["gid"]] = text.link_details(link)


def _clusters(
    data: dict[str, Any], items: list[dict[str, Any]], per_inch: float
) -> list[list[tuple[float, Any]]]:
    """Markers too close to leave room for their labels are stacked, one above the other."""
    clusters: list[list[tuple[float, Any]]] = []
    reach = float("-inf")
    for x, item in sorted(((_x(data, i), i) for i in items), key=lambda pair: pair[0]):
        if clusters and x < reach:
            clusters[-1].append((x, item))
        else:
            clusters.append([(x, item)])
        reach = max(reach, x + (draw.text_inches(text.marker_label(item), 8) + 0.35) * per_inch)
    return clusters


def _marker(canvas: Canvas, x: float, y: float, item: dict[str, Any]) -> None:
    ax, suffix = canvas.ax, item["gid"].removeprefix("marker-")
    shape, colour = style.marker_style(item["type"])
    lo, hi = max(num(item["lo"]), canvas.start), min(num(item["hi"]), canvas.end)
    details = text.marker_details(item)
    if item["precision"] != "day":
        (window,) = ax.plot(
            [lo, hi], [y, y], color=colour, lw=1.4, alpha=0.4, solid_capstyle="butt", zorder=4
        )
        window.set_gid(f"window-{suffix}")
        canvas.tooltips[f"window-{suffix}"] = details
    (point,) = ax.plot(
        [x],
        [y],
        linestyle="none",
        marker=shape,
        markersize=8,
        color=colour,
        markeredgecolor="white",
        markeredgewidth=0.6,
        zorder=6,
    )
    point.set_gid(item["gid"])
    canvas.tooltips[item["gid"]] = details
    words = text.marker_label(item)
    room = canvas.end - max(x, hi) >= canvas.text_days(words, 8) + 0.15 * canvas.per_inch
    label = ax.annotate(
        words,
        (max(x, hi) if room else min(x, lo), y),
        xytext=(5 if room else -5, 0),
        textcoords="offset points",
        ha="left" if room else "right",
        va="center",
        fontsize=8,
        color=style.INK,
        zorder=6,
        annotation_clip=False,
    )
    label.set_gid(f"label-{suffix}")


def _goldstein(canvas: Canvas, goldstein: dict[str, Any] | None, pair: list[str]) -> str:
    """The lower panel: the pair's Goldstein sum per period, as a step line around zero."""
    ax = canvas.lower
    series = goldstein["series"] if goldstein else []
    by = goldstein["by"] if goldstein else "month"
    if series:
        xs = [num(p["start"]) for p in series] + [num(series[-1]["end"]) + 1]
        ys = [float(p["sum"]) for p in series]
        ys.append(ys[-1])
    else:
        xs, ys = [canvas.start, canvas.end], [0.0, 0.0]
    ax.axhline(0, color="#999999", lw=0.6, zorder=1)
    for name, part, colour in (("up", max, "#009E73"), ("down", min, "#D55E00")):
        fill = ax.fill_between(
            xs, [part(v, 0.0) for v in ys], 0, step="post", color=colour, alpha=0.3, lw=0, zorder=2
        )
        fill.set_gid(f"goldstein-fill-{name}")
    (line,) = ax.plot(xs, ys, drawstyle="steps-post", color=style.INK, lw=1.1, zorder=3)
    line.set_gid("goldstein-line")
    busy = [p for p in series if p["events"]]
    canvas.tooltips["goldstein-line"] = f"Goldstein score, sum per {by}:\n" + "\n".join(
        f"{p['period']}: {p['sum']:+.1f} ({p['events']} event{'' if p['events'] == 1 else 's'})"
        for p in busy[:60]
    )
    if not busy:
        ax.text(
            (canvas.start + canvas.end) / 2,
            0.5,
            f"no event between {pair[0]} and {pair[1]} in this window",
            ha="center",
            va="bottom",
            fontsize=8,
            color=style.MUTED,
            parse_math=False,
        )
    if len(busy) <= 14:
        for p in busy:
            x = (num(p["start"]) + num(p["end"]) + 1) / 2
            ax.annotate(
                f"{p['sum']:+.1f}",
                (x, p["sum"]),
                xytext=(0, 4 if p["sum"] >= 0 else -4),
                textcoords="offset points",
                ha="center",
                va="bottom" if p["sum"] >= 0 else "top",
                fontsize=7.5,
                color=style.MUTED,
            )
    # room for what there is: a side of zero with no score gets a sliver, not half the panel
    low, high = min(0.0, *ys), max(0.0, *ys)
    span = max(high - low, 1.0)
    ax.set_ylim(low - (0.35 if low < 0 else 0.12) * span, high + (0.35 if high > 0 else 0.12) * span)
    ax.set_ylabel(f"Goldstein\nsum per {by}", fontsize=8.5, color=style.INK)
    ax.tick_params(axis="y", labelsize=8, colors=style.INK)
    ax.grid(axis="x", color="#DDDDDD", lw=0.6)
    return by
