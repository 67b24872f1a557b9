"""An organisation over time: one lane per actor with a spell in it. Membership, partnership
and application are full bars; suspensions, accession blocks, engagement vetoes and expulsion
demands are hatched bars laid over the lower half of the lane, named after who holds them."""

from __future__ import annotations

from typing import Any

from matplotlib.patches import Patch

from dtl.application.charts import draw, style, text
from dtl.application.charts.draw import Canvas

FOOTNOTE = (
    "Full bars: membership, application, partnership (and any other measure). Hatched bars over a "
    "lane: a suspension, or a block, veto or demand held by the member named. A faded start is a "
    "date known only to the month or year; a bar reaching the right edge is still in force."
)


def roster_figure(data: dict[str, Any]) -> Canvas:
    order: dict[str, tuple[str, str]] = {}
    for item in data["bars"]:
        key = (item["lo"], item["other"])
        order[item["other"]] = min(order.get(item["other"], key), key)
    others = sorted(order, key=lambda o: order[o])
    canvas = draw.new_canvas(data, [(o, 1.0) for o in others], style.ROSTER_LANE, header=1.25)
    row = dict(zip(others, canvas.centres, strict=True))
    overlays, bases = [], []
    previous: dict[float, str] = {}  # lane -> its base labels' words
    for item in sorted(data["bars"], key=lambda i: row[i["other"]]):
        y, colour = row[item["other"]], style.aspect_colour(item["aspect"])
        details = text.bar_details(item)
        if item["overlay"]:
            words = f"{item['status']} by {item['holder']}" if item["holder"] else item["status"]
            overlays.append(
                draw.bar(
                    canvas,
                    item,
                    y + style.OVERLAY / 2,
                    colour,
                    height=style.OVERLAY,
                    hatch="////",
                    label=words,
                    details=details,
                    lane=y,
                )
            )
        else:
            words = _base_label(item)
            # lanes that began together read best with the words once, on the first of them
            same = words == previous.get(y - 1)
            previous[y] = words
            bases.append(draw.bar(canvas, item, y, colour, label=None if same else words, details=details))
    draw.place_labels(canvas, overlays + bases)  # what stood in the way is named first
    seen = list(dict.fromkeys(item["aspect"] for item in data["bars"]))
    if seen:
        # aspects drawn alike share one entry ("accession-block, engagement-veto"): two entries
        # that look the same would tell the reader nothing
        looks: dict[tuple[str, bool], list[str]] = {}
        for a in seen:
            looks.setdefault((style.aspect_colour(a), a in _overlays(data)), []).append(a)
        handles = [
            Patch(facecolor=colour, edgecolor="white", hatch="////" if over else None, label=", ".join(names))
            for (colour, over), names in looks.items()
        ]
        canvas.figure.legend(
            handles=handles,
            loc="center left",
            ncol=len(handles),
            frameon=False,
            fontsize=8,
            bbox_to_anchor=(0.03, 1 - 0.85 / canvas.figure.get_figheight()),
        )
    else:
        canvas.ax.text(
            (canvas.start + canvas.end) / 2,
            0.5,
            f"Nothing recorded for {data['organisation']} here.",
            ha="center",
            va="center",
            color=style.MUTED,
            parse_math=False,
        )
    draw.footnote(canvas, FOOTNOTE)
    return canvas


def _overlays(data: dict[str, Any]) -> set[str]:
    return {item["aspect"] for item in data["bars"] if item["overlay"]}


def _base_label(item: dict[str, Any]) -> str:
    return f"{item['status']} since {item['since']}" + (f" until {item['until']}" if item["until"] else "")
