"""The event-data field's standard series: per period, counts by QuadClass and the Goldstein
sum and mean, for one pair or one actor against everyone, directed and undirected.

Both kinds of event count: dtl's own recorded actions (one event per initiator, from the
initiator to the target, scored by the action type's CAMEO code) and imported observations
(actor 1 to actor 2, with the coder's own score). With a minimum grade only graded actions
count; observations carry no Admiralty grade and are left out, and the answer says so. As
reported at R, only actions the lens counts (refold.py) and observations published by R.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from dtl.domain.errors import InvalidInput
from dtl.projections.questions.common import MAX_PERIODS, pair_window
from dtl.projections.questions.lens import Lens
from dtl.projections.questions.refold import qualifying
from dtl.projections.questions.timeline import read_actions
from dtl.projections.view import TimelineViewMixin

PERIODS = ("month", "quarter", "year")
EVERYONE = "*"


def period_of(day: str, by: str) -> str:
    """'2024-05-17' -> '2024-05' (month), '2024-Q2' (quarter), '2024' (year)."""
    if by == "month":
        return day[:7]
    if by == "quarter":
        return f"{day[:4]}-Q{(int(day[5:7]) + 2) // 3}"
    return day[:4]


def period_bounds(period: str, by: str) -> tuple[date, date]:
    """First and last day of a period."""
    year = int(period[:4])
    if by == "year":
        return date(year, 1, 1), date(year, 12, 31)
    first_month = int(period[5:7]) if by == "month" else 3 * int(period[-1]) - 2
    last_month = first_month + (0 if by == "month" else 2)
    if last_month == 12:
        return date(year, first_month, 1), date(year, 12, 31)  # never date(10000, 1, 1)
    after = date(year, last_month + 1, 1)
    return date(year, first_month, 1), date.fromordinal(after.toordinal() - 1)


def _next(period: str, by: str) -> str:
    _, last = period_bounds(period, by)
    return period_of(date.fromordinal(last.toordinal() + 1).isoformat(), by)


class _Tally:
    def __init__(self) -> None:
        self.actions = 0
        self.observations = 0
        self.quad = {1: 0, 2: 0, 3: 0, 4: 0}
        self.goldstein = 0.0

    def add(self, quad: int, goldstein: float, count: int = 1, observed: bool = False) -> None:
        if observed:
            self.observations += count
        else:
            self.actions += count
        self.quad[quad] += count
        self.goldstein += goldstein

    def row(self, period: str, by: str) -> dict[str, Any]:
        first, last = period_bounds(period, by)
        events = self.actions + self.observations
        return {
            "period": period, "start": first.isoformat(), "end": last.isoformat(), "events": events,
            "actions": self.actions, "observations": self.observations,
            "quad_class": {str(q): n for q, n in self.quad.items()},
            "goldstein_sum": round(self.goldstein, 3),
            "goldstein_mean": round(self.goldstein / events, 3) if events else None,
        }  # fmt: skip


def scores(
    view: TimelineViewMixin,
    x: str,
    y: str | None,
    by: str,
    start: date | None,
    end: date | None,
    lens: Lens = Lens(),
) -> dict[str, Any]:
    if start and end:  # refused before any work when the asked period is too long already
        check_periods(period_of(start.isoformat(), by), period_of(end.isoformat(), by), by)
    other = y or EVERYONE
    directions = (f"{x}->{other}", f"{other}->{x}")
    tallies: dict[str, dict[str, _Tally]] = {d: defaultdict(_Tally) for d in (*directions, "both")}

    def direction_of(source: str, target: str, day: str) -> str | None:
        """Which series an event counts in; None outside the period or the dyad (a third
        party's act in the pair's timeline is not this dyad's event)."""
        if (start and day < start.isoformat()) or (end and day > end.isoformat()):
            return None
        if source == x and (y is None or target == y):
            return directions[0]
        if target == x and (y is None or source == y):
            return directions[1]
        return None

    def count(source: str, target: str, day: str, quad: int, goldstein: float, n: int = 1, observed=False):
        direction = direction_of(source, target, day)
        if direction is None:
            return
        period = period_of(day, by)
        tallies[direction][period].add(quad, goldstein, n, observed)
        tallies["both"][period].add(quad, goldstein, n, observed)

    actions = read_actions(view, x if y is None else None, (x, y) if y else None, None, lens)
    kept, undated = qualifying(view, [a["id"] for a in actions], lens)
    left_out = left_out_undated = 0
    for action in actions:
        day = _day(action)
        if action["id"] not in kept:
            # Left out only if it would have counted: in the period and in this dyad.
            would = any(direction_of(i, action["target"], day) for i in action["by"])
            left_out += would
            left_out_undated += would and action["id"] in undated
            continue
        for initiator in action["by"]:
            count(initiator, action["target"], day, _quad(action), action["goldstein"])
    observed_left_out = 0
    for r in _observation_groups(view, x, y, start, end, lens):
        if lens.min_grade:
            observed_left_out += r["n"]
            continue
        count(r["actor1"], r["actor2"], r["on_day"], r["quad_class"], float(r["g"]), r["n"], observed=True)

    periods = sorted({p for t in tallies.values() for p in t})
    if start:
        periods.append(period_of(start.isoformat(), by))
    if end:
        periods.append(period_of(end.isoformat(), by))
    if periods:
        check_periods(min(periods), max(periods), by)
    span = _span(min(periods), max(periods), by) if periods else []
    return {
        "x": x, "y": y, "by": by, "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None, **lens.header(), "left_out": left_out,
        "left_out_undated": left_out_undated, "left_out_observations": observed_left_out,
        "series": {
            "undirected": [tallies["both"][p].row(p, by) for p in span],
            "directed": {d: [tallies[d][p].row(p, by) for p in span] for d in directions},
        },
    }  # fmt: skip


def check_periods(first: str, last: str, by: str) -> None:
    """A series holds at most MAX_PERIODS periods (first and last are period labels)."""
    count = _ordinal(last, by) - _ordinal(first, by) + 1
    if count > MAX_PERIODS:
        coarser = {"month": "; or use --by quarter or year", "quarter": "; or use --by year"}.get(by, "")
        raise InvalidInput(
            "from", f"the series from {first} to {last} would hold {count:,} {by}s; at most "
            f"{MAX_PERIODS:,}: narrow --from and --to{coarser}"
        )  # fmt: skip


def _ordinal(period: str, by: str) -> int:
    """A period label ("2024", "2024-Q3", "2024-07") as a count of periods since year 0."""
    year = int(period[:4])
    if by == "year":
        return year
    if by == "quarter":
        return year * 4 + int(period[-1]) - 1
    return year * 12 + int(period[5:7]) - 1


def _span(first: str, last: str, by: str) -> list[str]:
    out = [first]
    while out[-1] < last:
        out.append(_next(out[-1], by))
    return out


def _day(action: dict[str, Any]) -> str:
    from dtl.domain.dates import FuzzyDate

    return FuzzyDate.parse(action["on"]).earliest.isoformat()  # an imprecise date counts at its start


def _quad(action: dict[str, Any]) -> int:
    from dtl.domain.cameo import quad_class

    return quad_class(action["cameo"])


def _observation_groups(
    view: TimelineViewMixin,
    x: str,
    y: str | None,
    start: date | None,
    end: date | None,
    lens: Lens,
) -> list[dict[str, Any]]:
    """Observations summed per day, direction and QuadClass in the database (there may be
    millions); the pair's index serves a pair, an actor reads both index sides."""
    where, params = pair_window(x, y, start, end, lens)
    return view.query(
        "SELECT on_day, actor1, actor2, quad_class, COUNT(*) AS n, SUM(goldstein) AS g "
        f"FROM dtl_observations WHERE {where} GROUP BY on_day, actor1, actor2, quad_class",
        params,
    )
