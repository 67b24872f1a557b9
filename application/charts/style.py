"""Colours, marker shapes and sizes (Okabe–Ito colours: distinguishable by colour-blind readers)."""

from __future__ import annotations

ASPECT_COLOURS = {
    "membership": "#0072B2",
    "application": "#56B4E9",
    "partnership": "#009E73",
    "suspension": "#D55E00",
    "engagement-veto": "#E69F00",
    "accession-block": "#E69F00",
    "expulsion-demand": "#CC79A7",
    "trade": "#8C510A",
    "sanctions": "#B2182B",
    "ambassador": "#6A3D9A",
    "envoy-expulsion": "#6A3D9A",
    "representation": "#9E9AC8",
    "relations": "#4D4D4D",
    "diplomatic-relations": "#1B9E77",
    "recognition": "#66A61E",
    "observer": "#A6CEE3",
    "associate-membership": "#56B4E9",
    "withdrawal-notice": "#D55E00",
}
OTHER_COLOUR = "#7F7F7F"
MARKERS = {  # type -> (matplotlib marker, colour)
    "threaten": ("v", "#B2182B"),
    "accuse": ("X", "#D55E00"),
    "statement": ("o", "#4D4D4D"),
    "meet": ("s", "#009E73"),
    "observation": (".", "#7F7F7F"),
}
OTHER_MARKER = ("D", "#4D4D4D")
INK = "#222222"
LINK = "#555555"  # the arrow from an action to the one it answered
MUTED = "#666666"
LANE_SHADE = "#F3F3F3"

WIDTH = 12.0  # inches
LANE = 0.42  # inches per lane, pair chart
ROSTER_LANE = 0.3  # inches per lane, roster chart
GOLDSTEIN = 1.5  # inches, the lower panel
BAR = 0.56  # of a lane's height
OVERLAY = 0.3
FADE_STEPS = 16
DPI = 110

RC = {
    "svg.hashsalt": "dtl-chart",  # clip-path ids from a fixed salt: same data, same bytes
    "svg.fonttype": "none",  # text stays text: searchable, and smaller
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs everywhere
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "hatch.linewidth": 1.2,
    "image.composite_image": False,  # each fade its own <image>, with its own id and title
}


def aspect_colour(aspect: str) -> str:
    return ASPECT_COLOURS.get(aspect, OTHER_COLOUR)


def marker_style(kind: str) -> tuple[str, str]:
    return MARKERS.get(kind, OTHER_MARKER)
