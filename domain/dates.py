"""Dates as sources state them: EDTF level 0 (2023, 2023-10, 2023-10-07, and intervals such as
2024-07-29/2024-07-30 or 2023-10/2024-01) and level 1's qualifiers (2023-10? uncertain, 2023-10~
approximate, 2023-10% both).

A fuzzy date is a window [earliest, latest_exclusive): "sometime inside". Keeping the window,
rather than rounding to its first day, lets the rules refuse only what must conflict and lets
answers say "possibly" when a question falls inside it. The text is kept exactly as given.

- An interval A/B is the window from A's first day to B's last: "on 29 or 30 July" is
  2024-07-29/2024-07-30. Open ends ("../2024", "2024/..") are not dates of an action.
- Approximate (~, %) widens the window by one unit of its precision on each side: 2023-10~ is
  September to November 2023, 1990~ is 1989 to 1991, 2023-10-07~ is 6 to 8 October. EDTF gives
  no width; this one is dtl's, and docs/reference-data.md says so.
- Uncertain (?, %) keeps the window and is said in every answer: the source itself doubts it.

Our own parser, not the `edtf` package: it reads exactly this subset with our error messages,
and starts in microseconds where `edtf` costs ~90 ms of every command's start-up; the tests hold
its windows equal to `edtf`'s strict bounds (tests/timeline/test_dates.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from functools import lru_cache
from typing import Annotated

from pydantic import AfterValidator

# ASCII digits only: str.isdigit() would also take '٢٠٢٣' or '２０２３' for a year.
_SINGLE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([?~%])?", re.ASCII)
QUALIFIERS = {"?": "uncertain", "~": "approximate", "%": "uncertain and approximate"}


class Precision(str, Enum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    RANGE = "range"  # an interval of two dates: sometime between them


@dataclass(frozen=True, order=False)
class FuzzyDate:
    text: str
    precision: Precision
    earliest: date
    latest_exclusive: date
    qualifier: str | None = None  # "uncertain", "approximate", "uncertain and approximate"

    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        if not isinstance(text, str):
            raise ValueError("expected a date such as 2023, 2023-10 or 2023-10-07")
        return _parse_cached(text)

    @classmethod
    def _parse(cls, text: str) -> FuzzyDate:
        text = text.strip()
        if "/" in text:
            first, _, last = text.partition("/")
            if ".." in (first, last) or not first or not last:
                raise ValueError(
                    f"{_shorten(text)!r}: an interval needs both ends, e.g. 2024-07-29/2024-07-30"
                )
            lo, hi = cls._single(first, text), cls._single(last, text)
            if hi.latest_exclusive <= lo.earliest:
                raise ValueError(f"{_shorten(text)!r}: the interval ends before it begins")
            qualifier = " and ".join(q for q in dict.fromkeys((lo.qualifier, hi.qualifier)) if q) or None
            return cls(text, Precision.RANGE, lo.earliest, hi.latest_exclusive, qualifier)
        return cls._single(text, text)

    @classmethod
    def _single(cls, text: str, whole: str) -> FuzzyDate:
        match = _SINGLE.fullmatch(text)
        if not match:
            raise ValueError(
                f"{_shorten(whole)!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD, an interval "
                "such as 2024-07-29/2024-07-30, or add ? (uncertain) or ~ (approximate)"
            )
        year, month, day, mark = match.groups()
        y = int(year)
        if y < 1:
            raise ValueError(f"{whole!r}: year 0000 does not exist")
        try:
            if day is not None:
                start = date(y, int(month), int(day))
                window = cls(text, Precision.DAY, start, _safe_add(start, timedelta(days=1)))
            elif month is not None:
                start = date(y, int(month), 1)
                end = _next_year(y) if int(month) == 12 else date(y, int(month) + 1, 1)
                window = cls(text, Precision.MONTH, start, end)
            else:
                window = cls(text, Precision.YEAR, date(y, 1, 1), _next_year(y))
        except ValueError as exc:
            raise ValueError(f"{whole!r} is not a real date ({exc})") from None
        if mark is None:
            return window
        if mark in "~%":
            window = window._widened()
        return cls(text, window.precision, window.earliest, window.latest_exclusive, QUALIFIERS[mark])

    def _widened(self) -> FuzzyDate:
        """One unit of the precision more on each side (approximate)."""
        if self.precision is Precision.DAY:
            lo = shifted(self.earliest, timedelta(days=-1))
            hi = _safe_add(self.latest_exclusive, timedelta(days=1))
        elif self.precision is Precision.MONTH:
            lo, hi = _add_months(self.earliest, -1), _add_months(self.latest_exclusive, 1)
        else:
            lo = date(max(1, self.earliest.year - 1), 1, 1)
            hi = _next_year(self.latest_exclusive.year) if self.latest_exclusive < date.max else date.max
        return FuzzyDate(self.text, self.precision, lo, hi)

    @classmethod
    def of_day(cls, day: date) -> FuzzyDate:
        return cls.parse(day.isoformat())

    @property
    def is_exact(self) -> bool:
        """One known day: no window to fall inside, nothing doubted."""
        return self.precision is Precision.DAY and self.qualifier is None

    @property
    def last_day(self) -> date:
        return shifted(self.latest_exclusive, timedelta(days=-1))

    def contains(self, day: date) -> bool:
        return self.earliest <= day < self.latest_exclusive

    @property
    def label(self) -> str:
        """What kind of date it is, in words: "month", "range", "month, uncertain"."""
        return self.precision.value + (f", {self.qualifier}" if self.qualifier else "")

    def describe(self) -> str:
        return self.text if self.is_exact else f"{self.text} ({self.label})"

    def __str__(self) -> str:
        return self.text


def _add_months(day: date, months: int) -> date:
    """The first of the month `months` after day's month (day is a first of a month)."""
    if day == date.max:
        return date.max
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if year < 1:
        return date.min
    if year > 9999:
        return date.max
    return date(year, month + 1, 1)


def _next_year(year: int) -> date:
    return date(year + 1, 1, 1) if year < date.max.year else date.max


def _safe_add(day: date, delta: timedelta) -> date:
    try:
        return day + delta
    except OverflowError:
        return date.max


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def validate_edtf(text: str) -> str:
    return FuzzyDate.parse(text).text


EdtfDate = Annotated[str, AfterValidator(validate_edtf)]
"""A date string as dtl reads them (see the module's docstring), stored exactly as given so its
precision, its interval and its qualifier survive."""


def parse_query_day(text: str) -> date:
    """A question's date must be a day: an answer is about one day, not a window."""
    fuzzy = FuzzyDate.parse(text)
    if not fuzzy.is_exact:
        raise ValueError(
            f"{_shorten(text)!r}: an answer is about one day: ask about a day (YYYY-MM-DD), not a "
            f"{fuzzy.label}"
        )
    return fuzzy.earliest


def parse_known_at(text: str) -> datetime:
    """A moment on the recording or publication clock: a date means 'by the end of it (UTC)'
    (2024-08-01: by the end of that day; 2024-08: by the end of August); or an ISO timestamp."""
    from datetime import UTC

    text = text.strip()
    if "T" not in text and " " not in text:
        end = FuzzyDate.parse(text).latest_exclusive
        if end == date.max:
            return datetime.max.replace(tzinfo=UTC)
        return datetime.combine(end, datetime.min.time(), tzinfo=UTC) - timedelta(microseconds=1)
    try:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except ValueError:
        raise ValueError(
            f"{_shorten(text)!r} is not a day or an ISO timestamp (2024-08-01T12:00:00+00:00)"
        ) from None
    except OverflowError:
        raise ValueError(f"{_shorten(text)!r} is out of range once converted to UTC") from None


@lru_cache(maxsize=100_000)
def _parse_cached(text: str) -> FuzzyDate:
    """Folds re-read the same few dates over and over; a FuzzyDate is immutable, so share it."""
    return FuzzyDate._parse(text)


def shifted(day: date, delta: timedelta) -> date:
    """day + delta, held at the calendar's ends (0001-01-01, 9999-12-31) instead of overflowing:
    a question about the year 9999 is a fair question."""
    try:
        return day + delta
    except OverflowError:
        return date.max if delta > timedelta(0) else date.min
