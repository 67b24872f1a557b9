"""How the relationship between two actors changed, interval by interval."""

from __future__ import annotations

from typing import Any

from dtl.domain.dates import FuzzyDate
from dtl.projections.questions.common import (
    PAIR_ORDER,
    action_sources,
    known_clause,
    measure_clause,
    measure_dict,
    ordered,
)
from dtl.projections.questions.lens import Lens
from dtl.projections.questions.refold import LeftOut, refolded_measures
from dtl.projections.view import TimelineViewMixin


def history(view: TimelineViewMixin, a: str, b: str, lens: Lens) -> dict[str, Any]:
    x, y = sorted((a, b))
    left = LeftOut()
    if lens.refolds:
        refolded, left = refolded_measures(view, lens, pair=(x, y))
        rows = ordered(refolded, *PAIR_ORDER)
    else:
        known_sql, known_params = known_clause(lens.known)
        about_sql, about_params = measure_clause(pair=(x, y))  # the pair's, and those it holds
        rows = view.query(
            f"SELECT * FROM dtl_measures WHERE {about_sql} AND {known_sql} ORDER BY {', '.join(PAIR_ORDER)}",
            [*about_params, *known_params],
        )
    sources = action_sources(view, [r["opened_by"] for r in rows], lens)
    intervals = [measure_dict(r, None, sources, (a, b)) for r in rows]
    changes = []
    for m in intervals:
        changes.append({"on": m["since"], "change": "began", "measure": m})
        if m["until"]:
            changes.append({"on": m["until"], "change": "ended", "measure": m})
    changes.sort(key=lambda c: (FuzzyDate.parse(c["on"]).earliest, c["change"] == "began"))
    return {
        "pair": [a, b],
        **lens.header(),
        **left.fields(),
        "intervals": intervals,
        "changes": changes,
    }
