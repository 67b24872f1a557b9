"""The window a chart shows: from --from/--to, or around what it draws (deterministically)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from dtl.application.arguments import optional_period
from dtl.domain.dates import FuzzyDate, shifted
from dtl.domain.errors import InvalidInput

PAD_FRACTION = 0.04
MIN_PAD, MAX_PAD = timedelta(days=31), timedelta(days=366)
YEAR = timedelta(days=365)
# matplotlib draws dates in the years 1 to 9999 only, and pads its axes: keep a year's margin.
EARLIEST, LATEST = date(2, 1, 1), date(9998, 12, 31)


def window_bounds(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    """--from and --to as days (a window's first day, and its last), as every question reads
    them; a chart also keeps to the years matplotlib draws."""
    first, last = optional_period(start, end)
    if first and first > LATEST:
        raise InvalidInput("from", f"a chart can show {EARLIEST} to {LATEST}")
    if last and last < EARLIEST:
        raise InvalidInput("to", f"a chart can show {EARLIEST} to {LATEST}")
    return first, last


def resolve(
    first: date | None, last: date | None, items: list[dict[str, Any]], today: date | None
) -> tuple[date, date]:
    lo, hi = _resolve(first, last, items, today)
    return min(max(lo, EARLIEST), LATEST), max(min(hi, LATEST), EARLIEST)


def _resolve(
    first: date | None, last: date | None, items: list[dict[str, Any]], today: date | None
) -> tuple[date, date]:
    """The bounds given, else a little before the first thing drawn and a little after the
    last; with nothing to draw, the year up to --to (or today)."""
    if not items:
        last = last or today or date.today()
        return first or shifted(last, -YEAR), max(last, first or last)
    lo = first or min(date.fromisoformat(i["lo"]) for i in items)
    hi = last or shifted(max(date.fromisoformat(i["hi"] or i["since_hi"]) for i in items), -timedelta(days=1))
    if lo > hi:  # everything lies beyond the one bound given
        lo, hi = (lo, shifted(lo, YEAR)) if first else (shifted(hi, -YEAR), hi)
    pad = min(MAX_PAD, max(MIN_PAD, timedelta(days=int((hi - lo).days * PAD_FRACTION))))
    return first or shifted(lo, -pad), last or shifted(hi, pad)


def overlaps(item: dict[str, Any], first: date, last: date) -> bool:
    return item["lo"] <= last.isoformat() and (item["hi"] is None or item["hi"] > first.isoformat())


def period_for(first: date, last: date) -> str:
    """Goldstein sums per month up to six years, per quarter up to 25, else per year."""
    years = (last - first).days / 365.25
    return "month" if years <= 6 else "quarter" if years <= 25 else "year"


def lo_of(text: str) -> str:
    return FuzzyDate.parse(text).earliest.isoformat()


def hi_of(text: str) -> str:
    return FuzzyDate.parse(text).latest_exclusive.isoformat()
