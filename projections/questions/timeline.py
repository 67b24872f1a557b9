"""The recorded actions in valid-time order, filtered by actor, pair, dates, type and words."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dtl.domain.actions import ActionData
from dtl.domain.dates import FuzzyDate
from dtl.projections.questions.common import action_dict, action_join, action_sources, stamp
from dtl.projections.questions.graded import qualifies
from dtl.projections.questions.revisions import as_known
from dtl.projections.view import TimelineViewMixin


def timeline(
    view: TimelineViewMixin,
    actor: str | None = None,
    pair: tuple[str, str] | None = None,
    start: FuzzyDate | None = None,
    end: FuzzyDate | None = None,
    types: list[str] | None = None,
    as_known_at: datetime | None = None,
    limit: int | None = None,
    text: str | None = None,
    min_grade: str | None = None,
) -> dict[str, Any]:
    """The actions in valid-time order, and how many well-matching ones a min grade left out."""
    joins, params = action_join(actor or None, pair or None)  # the actions about them (common.py)
    where: list[str] = []
    if as_known_at is not None:
        where.append("x.recorded_at <= ?")
        params.append(stamp(as_known_at))
    if types:
        where.append("x.type IN (" + ",".join("?" for _ in types) + ")")
        params += types
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    rows = view.query(
        f"SELECT DISTINCT x.* FROM dtl_actions x{joins}{clause} ORDER BY x.position", params
    )
    if as_known_at is not None:
        rows = as_known(view, rows, stamp(as_known_at))
    out = []
    for r in rows:
        if r["retracted"]:
            continue
        window = FuzzyDate.parse(ActionData.model_validate_json(r["payload"]).on)
        if start and window.latest_exclusive <= start.earliest:
            continue
        if end and window.earliest >= end.latest_exclusive:
            continue
        out.append(action_dict(r))
    sources = action_sources(view, [a["id"] for a in out], as_known_at)
    for answer in out:
        answer["sources"] = sources.get(answer["id"], [])
    if text:
        words = text.casefold().split()
        out = [a for a in out if all(w in _searchable(a) for w in words)]
    left_out = 0
    if min_grade:
        kept = [a for a in out if qualifies(a["sources"], min_grade)]
        left_out = len(out) - len(kept)
        out = kept
    out.sort(key=lambda a: (FuzzyDate.parse(a["on"]).earliest, a["recorded_at"], a["id"]))
    return {
        "as_known_at": stamp(as_known_at),
        "text": text,
        "min_grade": min_grade,
        "left_out": left_out,
        "actions": out[:limit] if limit else out,
    }

def actions_by_id(
    view: TimelineViewMixin, ids: list[str], as_known_at: datetime | None = None
) -> dict[str, dict[str, Any]]:
    """Actions (as they stood at as_known_at) with their sources, by id."""
    rows: list[dict[str, Any]] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows += view.query(
            f"SELECT * FROM dtl_actions WHERE id IN ({','.join('?' for _ in chunk)})", chunk
        )
    if as_known_at is not None:
        rows = as_known(view, rows, stamp(as_known_at))
    out = {r["id"]: action_dict(r) for r in rows}
    sources = action_sources(view, list(out), as_known_at)
    for action_id, answer in out.items():
        answer["sources"] = sources.get(action_id, [])
    return out

def _searchable(action: dict[str, Any]) -> str:
    """What `--text` searches: the note and every source's name and quote."""
    parts = [action.get("note") or ""]
    for source in action["sources"]:
        parts += [source.get("name") or "", source.get("quote") or ""]
    return "\n".join(parts).casefold()
