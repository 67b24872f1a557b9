"""The log as a feed of what happened to actions, for the HTTP API's event stream.

`events_after(store, position)` reads the notification log after a position with the
projector's own reader and decoder (the same ones catch-up uses), and turns each action event
into a plain dict. Observations and scope events are read past, not reported: the returned
`scanned_to` says how far the log was read, so a follower resumes from there.

Plain data out, like the facade: the caller needs no event class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dtl.domain.stored_names import ACTION_NAMES
from dtl.projections.view import utc_text

if TYPE_CHECKING:
    from dtl.application.store import Store

# stored name -> the kind of event a reader sees
KINDS = dict(
    zip(
        ACTION_NAMES,
        ("recorded", "corrected", "retracted", "corroborated", "linked", "shredded"),
        strict=True,
    )
)
FEED_BATCH = 1000


def events_after(store: Store, position: int, limit: int = FEED_BATCH) -> dict[str, Any]:
    """The action events among the next `limit` log entries after `position`.

    Returns {"events": [...], "scanned_to": P}: each event has its kind, log position, the
    action's id, type, initiators, target, forum and date as they stood at that event (a
    correction's own date, not a later one), its revision and recording time; a correction
    adds its changes and reason, a retraction its reason. `scanned_to` is the last position
    read (or `position` when the log holds nothing after it)."""
    entries = store.projector.entries_after(position, limit)
    events = []
    for at, name, event in entries:
        kind = KINDS.get(name)
        if kind is not None:
            events.append(_event(store, kind, at, event))
    return {"events": events, "scanned_to": entries[-1][0] if entries else position}


def _event(store: Store, kind: str, position: int, event: Any) -> dict[str, Any]:
    if kind == "recorded":
        action = event.action
    else:
        record = store.writer.load_action(event.originator_id, event.originator_version)
        assert record is not None  # the stream holds this very event
        action = record.action
    answer: dict[str, Any] = {
        "kind": kind,
        "position": position,
        "id": str(event.originator_id),
        "type": action.type,
        "by": list(action.by),
        "target": action.target,
        "forum": action.forum,
        "on": action.on,
        "revision": event.originator_version,
        "recorded_at": utc_text(event.timestamp),
    }
    if kind == "corrected":
        answer["changes"] = dict(event.changes)
    if kind in ("corrected", "retracted"):
        answer["reason"] = event.reason
    if kind == "linked":
        answer["responds_to"] = event.responds_to
    if kind == "shredded":
        answer["source_id"] = event.source_id
    if getattr(event, "recorded_by", None):
        answer["recorded_by"] = event.recorded_by
    return answer
