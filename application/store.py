"""Opening a store: the write side, the view and the projector between them, wired once.

The location is one setting (`--store` / DTL_STORE): a SQLite file (the default) or a
postgresql:// URL; DTL_CIPHER_KEY encrypts it. Everything else reaches the store through the
object built here, never by building its own.
"""

from __future__ import annotations

import base64
from typing import Any

import orjson
from eventsourcing.persistence import InfrastructureFactory, OperationalError

from dtl.application import settings
from dtl.application.persistence import StoreConfig
from dtl.application.projector import Projector
from dtl.application.retry import retrying
from dtl.application.writer import Clock, TimelineWriter
from dtl.domain.errors import StoreUnusable
from dtl.projections.view import SQLiteTimelineView, TimelineViewMixin

SQLITE_CACHE_KIB = 32 * 1024
_AES = "aes-gcm "
KEY_CHECK = b"dtl: the key this store was created with"
PLAIN_STORE = (
    "DTL_CIPHER_KEY is set but this store was created without encryption; unset it "
    "(or 'dtl log export' here and 'dtl log import' into a new store with the key)"
)
ENCRYPTED_STORE = "this store is encrypted: set DTL_CIPHER_KEY to the key it was created with"
WRONG_KEY = "DTL_CIPHER_KEY does not open this store (wrong key)"


class Store:
    def __init__(self, location: str | None = None, clock: Clock | None = None, create: bool = True):
        """Open the store at `location` (the configured one when None); `create=False` refuses a
        store that does not exist yet instead of creating it (questions create nothing)."""
        self.config = StoreConfig.parse(location)
        catch_up_batch = settings.catch_up_batch()  # checked before anything is opened
        with self.config.setting_up(create):
            self.writer = TimelineWriter(env=self.config.env, clock=clock)
            view_class = SQLiteTimelineView if self.config.kind == "sqlite" else _postgres_view()
            self._factory = InfrastructureFactory.construct(env=self._view_env())
            self.view: TimelineViewMixin = self._factory.tracking_recorder(view_class)  # type: ignore[assignment]
            try:
                self._check_encryption(create)
                # Views an earlier release made are rebuilt from the log, once.
                self.rebuilt_views = retrying(
                    lambda: self.view.ensure_version(self.writer.name),
                    lost=(OperationalError,),
                    give_up=lambda: StoreUnusable("the views could not be rebuilt: the store kept changing"),
                )
            except StoreUnusable:
                self.close()
                raise
        self.view.cipher = self.writer.mapper.cipher
        if self.view.cipher is not None:
            from dtl.application.source_keys import SourceKeys

            self.writer.mapper.source_keys = SourceKeys(self.view, self.view.cipher, self.writer.clock)
        if self.config.kind == "sqlite":
            self._enlarge_sqlite_cache()
        self.projector = Projector(self.writer, self.view, self.config.kind, catch_up_batch)

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
    def _check_encryption(self, create: bool) -> None:
        """Whether a store's events are encrypted is decided once, when it is created, and
        recorded in the store (with a token only the right key opens): a process without the
        key, or with another key, can then neither read nor write it, even while it holds no
        event yet. A store made before this record existed is told by its first event."""
        recorded = self._recorded_encryption()
        if recorded is None:
            first = self.writer.recorder.select_notifications(start=None, limit=1)
            if first:
                self._check_event(first[0].state)
                return
            if not create:
                return  # an empty store, and this process writes nothing
            self._record_encryption()
            recorded = self._recorded_encryption()
            assert recorded is not None
        encrypted = recorded != "none"
        if self.config.encrypted and not encrypted:
            raise StoreUnusable(PLAIN_STORE)
        if not self.config.encrypted and encrypted:
            raise StoreUnusable(ENCRYPTED_STORE)
        if encrypted:
            try:
                self.writer.mapper.cipher.decrypt(base64.b64decode(recorded.removeprefix(_AES)))
            except Exception:  # the cipher raises its own library's error for a wrong key
                raise StoreUnusable(WRONG_KEY) from None

    def _recorded_encryption(self) -> str | None:
        rows = self.view.query("SELECT value FROM dtl_store WHERE name = ?", ["encryption"])
        return rows[0]["value"] if rows else None

    def _record_encryption(self) -> None:
        """The first process to write the record decides; one racing it reads the record back
        and is refused if it disagrees."""
        cipher = self.writer.mapper.cipher
        value = _AES + base64.b64encode(cipher.encrypt(KEY_CHECK)).decode("ascii") if cipher else "none"
        with self.view.datastore.transaction(commit=True) as c:  # type: ignore[attr-defined]
            c.execute(
                self.view._sql(  # noqa: SLF001 - the view's own dialect
                    "INSERT INTO dtl_store (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING"
                ),
                ("encryption", value),
            )

    def _check_event(self, state: bytes) -> None:
        plain = _is_json_object(state)
        if self.config.encrypted and plain:
            raise StoreUnusable(PLAIN_STORE)
        if not self.config.encrypted and not plain:
            raise StoreUnusable(ENCRYPTED_STORE)
        if self.config.encrypted:
            try:
                self.writer.mapper.cipher.decrypt(state)
            except Exception:  # the cipher raises its own library's error for a wrong key
                raise StoreUnusable(WRONG_KEY) from None

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
