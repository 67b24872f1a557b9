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
        # The library's single-row tracking table; see TimelineViewMixin._claim.
        tracking = f'{self.schema_prefix}"{self.tracking_table_name}"'
        self.claim_next_statement = (
            f"UPDATE {tracking} SET notification_id = %s WHERE application_name = %s "
            "AND notification_id = %s RETURNING notification_id"
        )
        self.forget_position_statement = f"DELETE FROM {tracking} WHERE application_name = %s"
        self.claim_first_statement = (
            f"INSERT INTO {tracking} (application_name, notification_id) VALUES (%s, %s) "
            "ON CONFLICT (application_name) DO NOTHING RETURNING notification_id"
        )

    def _insert_observations(self, c: Any, rows: list[tuple]) -> None:
        # COPY: half the time of a multi-row INSERT for a catch-up of many observations.
        with c.copy(f"COPY {self.schema_prefix}dtl_observations FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
