"""One action: as recorded now, with its sources and every revision; and finding it by id."""

from __future__ import annotations

import json
from typing import Any

from dtl.domain.errors import InvalidInput, NotFound
from dtl.projections.questions.common import action_dict, action_sources
from dtl.projections.view import TimelineViewMixin


def revisions(view: TimelineViewMixin, action_id: str) -> list[dict[str, Any]]:
    rows = view.query("SELECT * FROM dtl_revisions WHERE action_id = ? ORDER BY revision", [action_id])
    return [
        {
            "revision": r["revision"],
            "recorded_at": r["recorded_at"],
            "recorded_by": r.get("recorded_by"),
            "retracted": bool(r["retracted"]),
            "reason": r["reason"],
            "action": json.loads(r["payload"]),
        }
        for r in rows
    ]


def show(view: TimelineViewMixin, action_id: str) -> dict[str, Any]:
    rows = view.query("SELECT * FROM dtl_actions WHERE id = ?", [action_id])
    answer = action_dict(rows[0])
    answer["sources"] = action_sources(view, [action_id]).get(action_id, [])
    answer["revisions"] = revisions(view, action_id)
    return answer


def resolve(view: TimelineViewMixin, ref: str) -> str:
    """The id of the one action whose id starts with `ref` (checked hexadecimal text)."""
    rows = view.query("SELECT id FROM dtl_actions WHERE id LIKE ? ORDER BY id LIMIT 3", [ref + "%"])
    if not rows:
        raise NotFound("id", f"no action with id {ref!r}")
    if len(rows) > 1 and rows[0]["id"] != ref:
        raise InvalidInput("id", f"{ref!r} is ambiguous; give more characters")
    return rows[0]["id"]
