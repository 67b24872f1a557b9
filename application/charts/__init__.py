"""Pictures of the timeline: a relationship over time (`pair_chart_data` + `render_pair`) and
an organisation's members and partners over time (`roster_chart_data` + `render_roster`).

Gathering (data) goes through the facade only; rendering is pure (data in, bytes out) and
imports matplotlib on first use. See docs/charts.md.
"""

from dtl.application.charts.data import pair_chart_data, roster_chart_data
from dtl.application.charts.render import FORMATS, SUFFIXES, render, render_pair, render_roster

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "pair_chart_data",
    "render",
    "render_pair",
    "render_roster",
    "roster_chart_data",
]
