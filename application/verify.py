"""dtl verify: rebuild every view from the event log, in memory, and compare with the views
the store holds; check that every correction, retraction and scope entry points at an
action that exists. Read-only: it never repairs, it reports.

The rebuild runs the same projection code into a private in-memory SQLite view, up to the
position the materialised view has tracked, so a view that is merely behind the log is told
apart from one that is wrong.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.utils import Environment

from application.facade import PROJECTED_TOPICS
from domain.events import (
    ActionCorrected,
    ActionCorroborated,
    ActionRecorded,
    ActionRetracted,
    ScopeEntryAdded,
    ScopeEntryRevised,
    ScopeEntryWithdrawn,
)
from projections.view import SQLiteTimelineView

BATCH = 5000
PROJECTED = frozenset(PROJECTED_TOPICS)
SHOWN_DIFFERENCES = 20

# Columns that depend on where a row was written rather than on what happened.
TABLES: dict[str, str] = {
    "dtl_actions": "id",
    "dtl_action_actors": "action_id, actor",
    "dtl_action_pairs": "action_id, a, b",
    "dtl_revisions": "action_id, revision",
    "dtl_sources": "action_id, seq",
    "dtl_measures": "a, b, signature, known_from",
    "dtl_observations": "position",
}


def verify(dtl: Any, progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    target = dtl.position()
    log_end = dtl.app.recorder.max_notification_id() or 0
    rebuilt = _empty_view(dtl)
    problems: list[str] = []
    checked = _replay(dtl, rebuilt, target, log_end, problems, progress)
    differences: dict[str, list[str]] = {}
    for table, order in TABLES.items():
        found = _compare(dtl.view, rebuilt, table, order)
        if found:
            differences[table] = found
    return {
        "events_checked": checked,
        "view_position": target,
        "log_position": log_end,
        "behind_by": max(0, log_end - target),
        "tables_compared": list(TABLES),
        "differences": differences,
        "dangling": problems,
        "ok": not differences and not problems,
    }


def _empty_view(dtl: Any) -> SQLiteTimelineView:
    settings = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"}
    env = Environment("dtl_verify", settings)
    view = InfrastructureFactory.construct(env=env).tracking_recorder(SQLiteTimelineView)
    view.cipher = dtl.view.cipher  # both views reveal sealed columns on read: plain values compare
    return view  # type: ignore[return-value]


def _replay(dtl: Any, rebuilt: Any, target: int, log_end: int, problems: list[str], progress) -> int:
    """Check references over the whole log; rebuild the views up to the tracked position."""
    recorded: set[str] = set()
    scope_holds: dict[str, set[str]] = {}
    position = 0
    checked = 0
    while position < log_end:
        notes = dtl.app.recorder.select_notifications(
            start=position, limit=BATCH, stop=log_end, inclusive_of_start=False
        )
        if not notes:
            break
        batch = []
        for note in notes:
            if note.topic in PROJECTED:
                event = dtl._decode((note.id, note.topic, note.state))  # noqa: SLF001 - as catch-up
            else:
                event = dtl.app.mapper.to_domain_event(note)  # scope events: for the reference checks
            _check_references(event, recorded, scope_holds, problems, note.id)
            if note.topic in PROJECTED and note.id <= target:
                batch.append((event, note.id))
        if batch:
            rebuilt.apply_batch(dtl.app.name, batch)
        position = notes[-1].id
        checked += len(notes)
        if progress:
            progress(position, log_end)
    return checked


def _check_references(event, recorded, scope_holds, problems, position) -> None:
    if isinstance(event, ActionRecorded):
        recorded.add(str(event.originator_id))
    elif isinstance(event, ActionCorrected | ActionRetracted | ActionCorroborated):
        if str(event.originator_id) not in recorded:
            kind = {ActionCorrected: "correction", ActionRetracted: "retraction"}.get(
                type(event), "corroboration"
            )
            problems.append(f"position {position}: {kind} of {event.originator_id}, which was never recorded")
    elif isinstance(event, ScopeEntryAdded):
        scope_holds.setdefault(event.scope, set()).add(event.entry.action_id)
    elif isinstance(event, ScopeEntryRevised | ScopeEntryWithdrawn):
        action_id = event.entry.action_id if isinstance(event, ScopeEntryRevised) else event.action_id
        if action_id not in scope_holds.get(event.scope, set()):
            problems.append(
                f"position {position}: scope {event.scope} revises {action_id}, which it never held"
            )


def _compare(live: Any, rebuilt: Any, table: str, order: str) -> list[str]:
    have = Counter(_normal(r) for r in live.query(f"SELECT * FROM {table}"))
    want = Counter(_normal(r) for r in rebuilt.query(f"SELECT * FROM {table}"))
    if have == want:
        return []
    missing = list((want - have).elements())
    extra = list((have - want).elements())
    lines = [f"missing from the view: {_show(row)}" for row in missing[:SHOWN_DIFFERENCES]]
    lines += [f"in the view but not in the log: {_show(row)}" for row in extra[:SHOWN_DIFFERENCES]]
    hidden = len(missing) + len(extra) - len(lines)
    if hidden > 0:
        lines.append(f"... and {hidden} more")
    return lines


def _normal(row: dict[str, Any]) -> tuple:
    """The same value reads back as int, float or Decimal depending on the database."""
    out = []
    for key in sorted(row):
        value = row[key]
        if isinstance(value, float) or type(value).__name__ == "Decimal":
            value = round(float(value), 9)
        out.append((key, value))
    return tuple(out)


def _show(row: tuple) -> str:
    text = ", ".join(f"{k}={v!r}" for k, v in row if k != "payload")
    return text[:800]
