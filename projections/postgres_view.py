"""The timeline view on PostgreSQL: kept apart so SQLite users never import psycopg."""

from __future__ import annotations

from eventsourcing.postgres import PostgresTrackingRecorder

from projections.view import TimelineViewMixin


class PostgresTimelineView(TimelineViewMixin, PostgresTrackingRecorder):
    placeholder = "%s"

    def __init__(self, datastore, **kwargs):
        super().__init__(datastore, **kwargs)
        # The library's tables live in the configured schema; ours must too.
        self.schema_prefix = f'"{datastore.schema}".'
