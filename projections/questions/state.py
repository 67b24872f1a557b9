"""What held between two actors on a day, and on whose word."""

from __future__ import annotations

from datetime import date
from typing import Any

from dtl.projections.questions.common import (
    PAIR_ORDER,
    action_sources,
    in_force_clause,
    known_clause,
    measure_clause,
    measure_dict,
    ordered,
)
from dtl.projections.questions.lens import Lens
from dtl.projections.questions.observations import observations
from dtl.projections.questions.refold import LeftOut, in_force, refolded_measures
from dtl.projections.view import TimelineViewMixin

LATEST_IN_STATE = 3


def state(view: TimelineViewMixin, a: str, b: str, at: date, lens: Lens) -> dict[str, Any]:
    x, y = sorted((a, b))
    left = LeftOut()
    if lens.refolds:
        refolded, left = refolded_measures(view, lens, pair=(x, y))
        day = at.isoformat()
        rows = ordered([r for r in refolded if in_force(r, day)], *PAIR_ORDER)
    else:
        known_sql, known_params = known_clause(lens.known)
        force_sql, force_params = in_force_clause(at)
        about_sql, about_params = measure_clause(pair=(x, y))  # the pair's, and those it holds
        rows = view.query(
            f"SELECT * FROM dtl_measures WHERE {about_sql} AND {known_sql} AND {force_sql} "
            f"ORDER BY {', '.join(PAIR_ORDER)}",
            [*about_params, *known_params, *force_params],
        )
    sources = action_sources(view, [r["opened_by"] for r in rows], lens)
    return {
        "pair": [a, b],
        "at": at.isoformat(),
        **lens.header(),
        **left.fields(),
        "measures": [measure_dict(r, at, sources) for r in rows],
        "latest_observations": observations(view, x, y, None, at, lens, LATEST_IN_STATE)["observations"],
    }
