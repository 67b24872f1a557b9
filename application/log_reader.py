"""Reading the notification log for catch-up, without the per-event UUID objects.

The library's `select_notifications` builds a Notification with a parsed UUID for each event;
catch-up never needs the stream id (it is inside the JSON), and at a million observations
that object cost ~15% of the catch-up. This reads the same rows the library wrote, from the
same table, in the same order (position) - read-only, one statement on the position's index.

Every topic is read: a topic filter in SQL made PostgreSQL's planner leave that index for a
scan of the table when it had no statistics yet (7-40 ms per command after a big import).
Events no view needs (a scope's) are few; catch-up tracks past them.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Note(NamedTuple):
    """The part of a stored event catch-up uses; the mapper reads only topic and state."""

    id: int
    topic: str
    state: bytes


class LogReader:
    def __init__(self, recorder: Any, kind: str):
        self.recorder = recorder
        if kind == "sqlite":
            table = recorder.events_table_name
            self.statement: Any = (
                f"SELECT rowid AS id, topic, state FROM {table} WHERE rowid > ? ORDER BY rowid LIMIT ?"
            )
        else:
            from psycopg.sql import SQL, Identifier

            self.statement = SQL(
                "SELECT notification_id AS id, topic, state FROM {}.{} "
                "WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
            ).format(Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name))
        self.kind = kind

    def after(self, position: int, limit: int) -> list[tuple[int, str, bytes]]:
        """(position, topic, state) of the next `limit` events after `position`."""
        params = (position, limit)
        with self.recorder.datastore.transaction(commit=False) as c:
            if self.kind == "sqlite":
                c.execute(self.statement, params)
                return [(r[0], r[1], r[2]) for r in c.fetchall()]
            from psycopg.rows import tuple_row

            c.row_factory = tuple_row
            c.execute(self.statement, params)
            return c.fetchall()
