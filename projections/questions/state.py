"""What held between two actors on a day, and on whose word."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from dtl.projections.questions.common import (
    PAIR_ORDER,
    action_sources,
    in_force_clause,
    known_clause,
    measure_clause,
    measure_dict,
    ordered,
    stamp,
)
from dtl.projections.questions.graded import graded_measures, in_force
from dtl.projections.questions.observations import observations
from dtl.projections.view import TimelineViewMixin

LATEST_IN_STATE = 3

def state(
    view: TimelineViewMixin, a: str, b: str, at: date, as_known_at: datetime | None,
    min_grade: str | None = None,
) -> dict[str, Any]:
    x, y = sorted((a, b))
    left_out = 0
    if min_grade:
        graded, left_out = graded_measures(view, min_grade, as_known_at, pair=(x, y))
        day = at.isoformat()
        rows = ordered([r for r in graded if in_force(r, day)], *PAIR_ORDER)
    else:
        known_sql, known_params = known_clause(as_known_at)
        force_sql, force_params = in_force_clause(at)
        about_sql, about_params = measure_clause(pair=(x, y))  # the pair's, and those it holds
        rows = view.query(
            f"SELECT * FROM dtl_measures WHERE {about_sql} AND {known_sql} AND {force_sql} "
            f"ORDER BY {', '.join(PAIR_ORDER)}",
            [*about_params, *known_params, *force_params],
        )
    sources = action_sources(view, [r["opened_by"] for r in rows], as_known_at)
    return {
        "pair": [a, b],
        "at": at.isoformat(),
        "as_known_at": stamp(as_known_at),
        "min_grade": min_grade,
        "left_out": left_out,
        "measures": [measure_dict(r, at, sources) for r in rows],
        "latest_observations": observations(view, x, y, None, at, as_known_at, LATEST_IN_STATE)[
            "observations"
        ],
    }
