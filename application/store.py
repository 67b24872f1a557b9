"""Opening a store: the write side, the view and the projector between them, wired once.

The location is one setting (`--store` / DTL_STORE): a SQLite file (the default) or a
postgresql:// URL; DTL_CIPHER_KEY encrypts it. Everything else reaches the store through the
object built here, never by building its own.
"""

from __future__ import annotations

import os
from typing import Any

import orjson
from eventsourcing.persistence import InfrastructureFactory

from dtl.application.persistence import StoreConfig
from dtl.application.projector import CATCH_UP_BATCH, Projector
from dtl.application.writer import Clock, TimelineWriter
from dtl.domain.errors import StoreUnusable
from dtl.projections.view import SQLiteTimelineView, TimelineViewMixin

SQLITE_CACHE_KIB = 32 * 1024


class Store:
    def __init__(self, location: str | None = None, clock: Clock | None = None):
        self.config = StoreConfig.parse(location)
        with self.config.setting_up():
            self.writer = TimelineWriter(env=self.config.env, clock=clock)
            self._check_key()
            view_class = SQLiteTimelineView if self.config.kind == "sqlite" else _postgres_view()
            self._factory = InfrastructureFactory.construct(env=self._view_env())
            self.view: TimelineViewMixin = self._factory.tracking_recorder(view_class)  # type: ignore[assignment]
        self.view.cipher = self.writer.mapper.cipher
        if self.config.kind == "sqlite":
            self._enlarge_sqlite_cache()
        batch = int(os.environ.get("DTL_CATCH_UP_BATCH") or CATCH_UP_BATCH)
        self.projector = Projector(self.writer, self.view, self.config.kind, batch)

    @property
    def kind(self) -> str:
        return self.config.kind

    @property
    def encrypted(self) -> bool:
        return self.writer.mapper.cipher is not None

    def close(self) -> None:
        self.writer.close()
        if hasattr(self, "_factory"):
            self._factory.close()

    def analyze(self, tables: list[str]) -> None:
        """PostgreSQL, after a bulk import: refresh the planner's statistics at once rather
        than whenever autovacuum gets to it; until then it may scan where an index would do."""
        from psycopg.sql import SQL, Identifier

        datastore = self.writer.recorder.datastore
        schema = Identifier(datastore.schema)
        with datastore.transaction(commit=True) as c:
            for table in [self.writer.recorder.events_table_name, *tables]:
                c.execute(SQL("ANALYZE {}.{}").format(schema, Identifier(table)))

    # -- wiring --------------------------------------------------------------------------------
    def _check_key(self) -> None:
        """Say plainly whether this store and DTL_CIPHER_KEY belong together, before anything
        fails deep inside a decoder. The first stored event tells how the store was made."""
        first = self.writer.recorder.select_notifications(start=None, limit=1)
        if not first:
            return
        state = first[0].state
        plain = _is_json_object(state)
        if self.config.encrypted and plain:
            self.close()
            raise StoreUnusable(
                "DTL_CIPHER_KEY is set but this store was created without encryption; unset it "
                "(or 'dtl log export' here and 'dtl log import' into a new store with the key)"
            )
        if not self.config.encrypted and not plain:
            self.close()
            raise StoreUnusable("this store is encrypted: set DTL_CIPHER_KEY to the key it was created with")
        if self.config.encrypted:
            try:
                self.writer.mapper.cipher.decrypt(state)
            except Exception:  # the cipher raises its own library's error for a wrong key
                self.close()
                raise StoreUnusable("DTL_CIPHER_KEY does not open this store (wrong key)") from None

    def _view_env(self) -> Any:
        from eventsourcing.utils import Environment

        return Environment("dtl_view", self.config.env)

    def _enlarge_sqlite_cache(self) -> None:
        """SQLite's default page cache is 2 MB; bulk imports and catch-ups of millions of rows
        walk indexes far larger than that. 32 MB per connection (memory is only used as pages
        are read) keeps the hot index pages in memory."""
        for datastore in (self.writer.recorder.datastore, self.view.datastore):  # type: ignore[attr-defined]
            with datastore.transaction(commit=False) as c:
                c.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")


def _is_json_object(data: bytes) -> bool:
    try:
        return isinstance(orjson.loads(data), dict)
    except orjson.JSONDecodeError:
        return False


def _postgres_view() -> type:
    from dtl.projections.postgres_view import PostgresTimelineView

    return PostgresTimelineView
