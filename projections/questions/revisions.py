"""Actions as a lens reads them: as last corrected by a recording time, and as corrected and
retracted by the sources published by a day.

A correction or retraction counts, as reported at R, when its own source was published by R;
one given without a dated source (an analyst fixing a typo in the record) counts from when the
action itself does. Corrections apply in the order recorded."""

from __future__ import annotations

import json
from typing import Any

from dtl.domain.actions import ActionData
from dtl.projections.questions.lens import Lens
from dtl.projections.view import TimelineViewMixin

IN_LIST = 500  # ids per statement: SQLite caps bound parameters


def as_read(view: TimelineViewMixin, rows: list[dict[str, Any]], lens: Lens) -> list[dict[str, Any]]:
    """Each dtl_actions row with its payload, retraction and revision as the lens reads them;
    rows for actions not yet recorded at the lens's recording time are dropped."""
    if lens.known is None and lens.reported is None:
        return rows
    revisions: dict[str, list[dict[str, Any]]] = {}
    ids = list(dict.fromkeys(r["id"] for r in rows))
    for start in range(0, len(ids), IN_LIST):
        chunk = ids[start : start + IN_LIST]
        clause, params = f"action_id IN ({','.join('?' for _ in chunk)})", list(chunk)
        if lens.known is not None:
            clause += " AND recorded_at <= ?"
            params.append(lens.known_text)
        for rev in view.query(
            f"SELECT * FROM dtl_revisions WHERE {clause} ORDER BY action_id, revision", params
        ):
            revisions.setdefault(rev["action_id"], []).append(rev)
    out = []
    for r in rows:
        found = revisions.get(r["id"])
        if not found:
            continue
        if lens.reported is None:
            last = found[-1]
            out.append(
                {
                    **r,
                    "payload": last["payload"],
                    "retracted": last["retracted"],
                    "revision": last["revision"],
                }
            )
        else:
            out.append({**r, **_reported(found, lens.reported_text or "")})
    return out


def _reported(revisions: list[dict[str, Any]], day: str) -> dict[str, Any]:
    """The action from its first revision, with the corrections and retractions reported by `day`."""
    first = revisions[0]
    action: ActionData | None = None
    retracted, revision = 0, first["revision"]
    for rev in revisions[1:]:
        if rev["published_by"] is not None and rev["published_by"] > day:
            continue  # not yet reported
        revision = rev["revision"]
        if rev["retracted"]:
            retracted = 1
        elif rev["changes"]:
            action = (action or ActionData.model_validate_json(first["payload"])).with_changes(
                json.loads(rev["changes"])
            )
    payload = action.model_dump_json() if action is not None else first["payload"]
    return {"payload": payload, "retracted": retracted, "revision": revision}
