"""The timeline view on PostgreSQL: kept apart so SQLite users never import psycopg."""

from __future__ import annotations

from typing import Any

from eventsourcing.postgres import PostgresTrackingRecorder

from dtl.projections.view import TimelineViewMixin


class PostgresTimelineView(TimelineViewMixin, PostgresTrackingRecorder):
    placeholder = "%s"

    def __init__(self, datastore, **kwargs):
        super().__init__(datastore, **kwargs)
        # The library's tables live in the configured schema; ours must too.
        self.schema_prefix = f'"{datastore.schema}".'

    def _insert_observations(self, c: Any, rows: list[tuple]) -> None:
        # COPY: half the time of a multi-row INSERT for a catch-up of many observations.
        with c.copy(f"COPY {self.schema_prefix}dtl_observations FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
