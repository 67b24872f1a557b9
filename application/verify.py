"""dtl verify: rebuild every view from the event log, in memory, and compare with the views
the store holds; check every event's references (dtl.application.references) and that every
event can be read. Read-only: it never repairs, it reports.

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

from dtl.application.projector import PROJECTED_NAMES, unreadable
from dtl.application.references import References
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
    """Check every event's references over the whole log; rebuild the views up to the tracked
    position. An event that cannot be read is a problem to report, not a reason to stop."""
    references = References()
    position = 0
    applied_to = 0  # the rebuilt view's position
    checked = 0
    while position < log_end:
        notes = projector.stored_after(position, BATCH, stop=log_end)
        if not notes:
            break
        batch = []
        for note in notes:
            try:
                # As catch-up decodes; docket events (not projected) for the reference checks.
                if note.topic in PROJECTED:
                    event = projector.decode((note.id, note.topic, note.state))
                else:
                    event = projector.read(note)
            except Exception as exc:  # noqa: BLE001 - any fault of the event's bytes or name
                problems.append(f"position {note.id}: {unreadable(note.topic, exc)}")
                continue
            problem = references.check(event)
            if problem:
                problems.append(f"position {note.id}: {problem}")
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
