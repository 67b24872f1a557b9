"""How the relationship between two actors changed, interval by interval."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dtl.domain.dates import FuzzyDate
from dtl.projections.questions.common import (
    PAIR_ORDER,
    action_sources,
    known_clause,
    measure_clause,
    measure_dict,
    ordered,
    stamp,
)
from dtl.projections.questions.graded import graded_measures
from dtl.projections.view import TimelineViewMixin


def history(
    view: TimelineViewMixin, a: str, b: str, as_known_at: datetime | None,
    min_grade: str | None = None,
) -> dict[str, Any]:
    x, y = sorted((a, b))
    left_out = 0
    if min_grade:
        graded, left_out = graded_measures(view, min_grade, as_known_at, pair=(x, y))
        rows = ordered(graded, *PAIR_ORDER)
    else:
        known_sql, known_params = known_clause(as_known_at)
        about_sql, about_params = measure_clause(pair=(x, y))  # the pair's, and those it holds
        rows = view.query(
            f"SELECT * FROM dtl_measures WHERE {about_sql} AND {known_sql} ORDER BY {', '.join(PAIR_ORDER)}",
            [*about_params, *known_params],
        )
    sources = action_sources(view, [r["opened_by"] for r in rows], as_known_at)
    intervals = [measure_dict(r, None, sources) for r in rows]
    changes = []
    for m in intervals:
        changes.append({"on": m["since"], "change": "began", "measure": m})
        if m["until"]:
            changes.append({"on": m["until"], "change": "ended", "measure": m})
    changes.sort(key=lambda c: (FuzzyDate.parse(c["on"]).earliest, c["change"] == "began"))
    return {
        "pair": [a, b],
        "as_known_at": stamp(as_known_at),
        "min_grade": min_grade,
        "left_out": left_out,
        "intervals": intervals,
        "changes": changes,
    }
