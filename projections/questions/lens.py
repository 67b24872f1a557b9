"""How a question reads the record: the clocks it stands at and the sources it trusts.

An answer is about valid time (what held on a day, the question's own `at` or period), read
through up to three filters:

- as known at K (recording time): only what this store had recorded by K, each action as last
  corrected by then;
- as reported at R (publication time): only actions some source had published by day R, each
  as corrected or retracted by sources published by R;
- at least grade G: only actions with a source graded G or better.

The last two change which actions count, so answers under them re-fold the measures from the
actions that count (refold.py); the first is a column of every view row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from dtl.projections.view import utc_text


@dataclass(frozen=True)
class Lens:
    known: datetime | None = None
    reported: date | None = None
    min_grade: str | None = None

    @property
    def refolds(self) -> bool:
        """Whether some recorded actions may not count (and the measures must be re-folded)."""
        return self.reported is not None or self.min_grade is not None

    @property
    def known_text(self) -> str | None:
        return utc_text(self.known) if self.known else None

    @property
    def reported_text(self) -> str | None:
        return self.reported.isoformat() if self.reported else None

    def header(self) -> dict[str, Any]:
        """What every answer says about how it was read."""
        return {
            "as_known_at": self.known_text,
            "as_reported_at": self.reported_text,
            "min_grade": self.min_grade,
        }


EVERYTHING = Lens()
