"""Dates with the precision the sources give (EDTF level 0: 2023, 2023-10, 2023-10-07).

A fuzzy date is a window [earliest, latest_exclusive). Keeping the window, rather than
rounding to its first day, lets answers say "possibly" when a question falls inside it.
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
_EDTF0 = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)


class Precision(str, Enum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True, order=False)
class FuzzyDate:
    text: str
    precision: Precision
    earliest: date
    latest_exclusive: date

    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        if not isinstance(text, str):
            raise ValueError("expected a date such as 2023, 2023-10 or 2023-10-07")
        return _parse_cached(text)

    @classmethod
    def _parse(cls, text: str) -> FuzzyDate:
        text = text.strip()
        match = _EDTF0.fullmatch(text)
        if not match:
            raise ValueError(
                f"{_shorten(text)!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"
            )
        year, month, day = match.groups()
        y = int(year)
        if y < 1:
            raise ValueError(f"{text!r}: year 0000 does not exist")
        try:
            if day is not None:
                start = date(y, int(month), int(day))
                end = _safe_add(start, timedelta(days=1))
                return cls(text, Precision.DAY, start, end)
            if month is not None:
                start = date(y, int(month), 1)
                end = _next_year(y) if int(month) == 12 else date(y, int(month) + 1, 1)
                return cls(text, Precision.MONTH, start, end)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a real date ({exc})") from None
        return cls(text, Precision.YEAR, date(y, 1, 1), _next_year(y))

    @classmethod
    def of_day(cls, day: date) -> FuzzyDate:
        return cls.parse(day.isoformat())

    @property
    def is_exact(self) -> bool:
        return self.precision is Precision.DAY

    def contains(self, day: date) -> bool:
        return self.earliest <= day < self.latest_exclusive

    def describe(self) -> str:
        return self.text if self.is_exact else f"{self.text} ({self.precision.value})"

    def __str__(self) -> str:
        return self.text


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
"""A date string in EDTF level 0, stored as given so its precision survives."""


def parse_query_day(text: str) -> date:
    """A question's date must be a day: an answer is about one day, not a window."""
    fuzzy = FuzzyDate.parse(text)
    if not fuzzy.is_exact:
        raise ValueError(f"{text!r}: ask about a day (YYYY-MM-DD), not a {fuzzy.precision.value}")
    return fuzzy.earliest


def parse_known_at(text: str) -> datetime:
    """Recording-time bound: a day means 'by the end of that day (UTC)'; or an ISO timestamp."""
    from datetime import UTC

    text = text.strip()
    if _EDTF0.fullmatch(text):
        day = parse_query_day(text)
        if day == date.max:
            return datetime.max.replace(tzinfo=UTC)
        return datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=UTC) - timedelta(
            microseconds=1
        )
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
