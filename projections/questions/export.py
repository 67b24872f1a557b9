"""Everything the view holds of one kind, for `dtl export`: every measure interval and every
action as known at a time, and every observation, read in batches (an export of millions of
observations never holds them all at once)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dtl.projections.questions.common import action_sources, known_clause, measure_dict
from dtl.projections.questions.lens import Lens
from dtl.projections.questions.observations import observation_dict
from dtl.projections.questions.timeline import timeline
from dtl.projections.view import TimelineViewMixin

BATCH = 10_000


def measures(view: TimelineViewMixin, lens: Lens) -> Iterator[list[dict[str, Any]]]:
    """Every measure interval as known at the lens's time, pair by pair, in valid-time order."""
    known_sql, params = known_clause(lens.known)
    rows = view.query(
        f"SELECT * FROM dtl_measures WHERE {known_sql} ORDER BY a, b, since_lo, aspect, holder, opened_by",
        params,
    )
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        sources = action_sources(view, [r["opened_by"] for r in chunk], lens)
        yield [measure_dict(r, None, sources) for r in chunk]


def actions(view: TimelineViewMixin, lens: Lens) -> Iterator[list[dict[str, Any]]]:
    """Every action as known at the lens's time (as last corrected by then; retracted ones left
    out), in valid-time order: the whole timeline."""
    found = timeline(view, lens=lens)["actions"]
    for start in range(0, len(found), BATCH):
        yield found[start : start + BATCH]


def observations(view: TimelineViewMixin, lens: Lens) -> Iterator[list[dict[str, Any]]]:
    """Every observation recorded by the lens's time, in the order they were recorded."""
    after = -1
    known = " AND recorded_at <= ?" if lens.known is not None else ""
    while True:
        params: list[Any] = [after, *([lens.known_text] if lens.known is not None else [])]
        rows = view.query(
            f"SELECT * FROM dtl_observations WHERE position > ?{known} ORDER BY position LIMIT {BATCH}",
            params,
        )
        if not rows:
            return
        after = rows[-1]["position"]
        yield [observation_dict(r) for r in rows]
