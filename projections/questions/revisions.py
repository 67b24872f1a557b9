"""Actions as they stood at a recording time: the last revision recorded by then."""

from __future__ import annotations

from typing import Any

from dtl.projections.view import TimelineViewMixin

IN_LIST = 500  # ids per statement: SQLite caps bound parameters


def as_known(view: TimelineViewMixin, rows: list[dict[str, Any]], k: str) -> list[dict[str, Any]]:
    """Each dtl_actions row with its payload, retraction and revision as last recorded by k;
    rows for actions not yet recorded by k are dropped."""
    latest: dict[str, dict[str, Any]] = {}
    ids = list(dict.fromkeys(r["id"] for r in rows))
    for start in range(0, len(ids), IN_LIST):
        chunk = ids[start : start + IN_LIST]
        revisions = view.query(
            f"SELECT * FROM dtl_revisions WHERE action_id IN ({','.join('?' for _ in chunk)}) "
            "AND recorded_at <= ? ORDER BY action_id, revision",
            [*chunk, k],
        )
        for rev in revisions:
            latest[rev["action_id"]] = rev
    return [
        {**r, "payload": rev["payload"], "retracted": rev["retracted"], "revision": rev["revision"]}
        for r in rows
        if (rev := latest.get(r["id"])) is not None
    ]
