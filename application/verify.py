"""dtl verify: rebuild every view from the event log, in memory, and compare with the views
the store holds; check that every correction, retraction and docket entry points at an
action that exists. Read-only: it never repairs, it reports.

The rebuild runs the same projection code into a private in-memory SQLite view, up to the
position the materialised view has tracked, so a view that is merely behind the log is told
apart from one that is wrong.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.utils import Environment

from dtl.application.projector import PROJECTED_NAMES
from dtl.domain.events import (
    ActionCorrected,
    ActionCorroborated,
    ActionRecorded,
    ActionRetracted,
    DocketEntryAdded,
    DocketEntryRevised,
    DocketEntryWithdrawn,
)
from dtl.projections.view import SQLiteTimelineView

if TYPE_CHECKING:
    from dtl.application.projector import Projector
    from dtl.application.store import Store

BATCH = 5000
PROJECTED = frozenset(PROJECTED_NAMES)
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


def verify(store: Store, progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    projector = store.projector
    target = projector.position()
    log_end = projector.log_end()
    rebuilt = _empty_view(store)
    problems: list[str] = []
    checked = _replay(projector, rebuilt, target, log_end, problems, progress)
    differences: dict[str, list[str]] = {}
    for table, order in TABLES.items():
        found = _compare(store.view, rebuilt, table, order)
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


def _empty_view(store: Store) -> SQLiteTimelineView:
    settings = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"}
    env = Environment("dtl_verify", settings)
    view = InfrastructureFactory.construct(env=env).tracking_recorder(SQLiteTimelineView)
    view.cipher = store.view.cipher  # both views reveal sealed columns on read: plain values compare
    return view  # type: ignore[return-value]


def _replay(
    projector: Projector, rebuilt: Any, target: int, log_end: int, problems: list[str], progress
) -> int:
    """Check references over the whole log; rebuild the views up to the tracked position."""
    recorded: set[str] = set()
    docket_holds: dict[str, set[str]] = {}
    position = 0
    applied_to = 0  # the rebuilt view's position
    checked = 0
    while position < log_end:
        notes = projector.stored_after(position, BATCH, stop=log_end)
        if not notes:
            break
        batch = []
        for note in notes:
            if note.topic in PROJECTED:
                event = projector.decode((note.id, note.topic, note.state))  # as catch-up decodes
            else:
                event = projector.read(note)  # docket events: for the reference checks
            _check_references(event, recorded, docket_holds, problems, note.id)
            if note.topic in PROJECTED and note.id <= target:
                batch.append((event, note.id))
        if batch:
            rebuilt.apply_batch(projector.tracking_name, batch, applied_to)
            applied_to = batch[-1][1]
        position = notes[-1].id
        checked += len(notes)
        if progress:
            progress(position, log_end)
    return checked


def _check_references(event, recorded, docket_holds, problems, position) -> None:
    if isinstance(event, ActionRecorded):
        recorded.add(str(event.originator_id))
    elif isinstance(event, ActionCorrected | ActionRetracted | ActionCorroborated):
        if str(event.originator_id) not in recorded:
            kind = {ActionCorrected: "correction", ActionRetracted: "retraction"}.get(
                type(event), "corroboration"
            )
            problems.append(f"position {position}: {kind} of {event.originator_id}, which was never recorded")
    elif isinstance(event, DocketEntryAdded):
        docket_holds.setdefault(event.docket, set()).add(event.entry.action_id)
    elif isinstance(event, DocketEntryRevised | DocketEntryWithdrawn):
        action_id = event.entry.action_id if isinstance(event, DocketEntryRevised) else event.action_id
        if action_id not in docket_holds.get(event.docket, set()):
            problems.append(
                f"position {position}: docket {event.docket} revises {action_id}, which it never held"
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
