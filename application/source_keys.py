"""Each source's own data key: what makes a source's identity destroyable after the fact.

On an encrypted store, the mapper seals a source's name, URL and quote (what identifies it)
under a fresh AES-256-GCM key of its own before the event is stored; the event keeps the key's
id, the sealed box, and what does not identify the source (publication date, attribution,
grade). The key itself lives outside the events, in dtl_source_keys, sealed under the store's
key (DTL_CIPHER_KEY). `dtl shred-source` destroys it: the row keeps its id, its action and the
moment it was destroyed, and from then on every reader of the event gets the source as
"a source shredded on D". The events are never edited; they only become partly unreadable.

Keys are written in their own transaction just before the events that use them (a key whose
events were then refused is harmless: random bytes, sealed, naming nothing).
"""

from __future__ import annotations

import base64
import os
import re
import secrets
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import orjson

from dtl.domain.provenance import IDENTIFYING_FIELDS, shredded_name

ID_PREFIX = "src-"
ID_PATTERN = re.compile(r"src-[0-9a-f]{20}")
_CACHE = 10_000  # keys kept in memory per process (each 32 bytes)
_SHREDDED = object()  # a cached "this key was destroyed"
UNKNOWN_DAY = "unknown"  # when a key this store never had was destroyed
_DESTROYED = "source_key_destroyed"  # dtl_store's row: the latest destruction, for other processes


def sources_in(state: dict[str, Any]) -> list[tuple[Any, Any]]:
    """Where an event's sources sit in its stored JSON: (container, index or field) pairs. An
    action's own sources are in action.sources; a correction's, retraction's or
    corroboration's single source in `source`."""
    places: list[tuple[Any, Any]] = []
    action = state.get("action")
    if isinstance(action, dict):
        places.extend((action["sources"], i) for i in range(len(action.get("sources") or ())))
    if isinstance(state.get("source"), dict):
        places.append((state, "source"))
    return places


class SourceKeys:
    """Seals and opens sources, and keeps their keys in the store's dtl_source_keys table."""

    def __init__(self, view: Any, cipher: Any, clock: Callable[[], datetime]):
        self.view = view
        self.cipher = cipher  # the store's own cipher: seals each data key
        self.clock = clock
        self._pending: list[tuple[str, str, str, str]] = []
        self._cache: OrderedDict[str, Any] = OrderedDict()  # id -> key bytes, or (_SHREDDED, day)
        self._destroyed: str | None = None  # the store's mark of its latest destruction, as last seen

    # -- sealing (to the store) ----------------------------------------------------------------
    def seal(self, action_id: str, source: dict[str, Any]) -> dict[str, Any]:
        """The source as stored: its identifying fields replaced by a box only its key opens."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if "sealed" in source or source.get("shredded"):
            return source  # already in its stored form
        key_id = ID_PREFIX + secrets.token_hex(10)
        key = AESGCM.generate_key(bit_length=256)
        secret = {field: source[field] for field in IDENTIFYING_FIELDS if source.get(field) is not None}
        nonce = os.urandom(12)
        box = nonce + AESGCM(key).encrypt(nonce, orjson.dumps(secret), key_id.encode("ascii"))
        sealed_key = base64.b64encode(self.cipher.encrypt(key)).decode("ascii")
        # The wall clock, not the writer's: a key's birth is housekeeping, and must not take a
        # tick of a clock the events are timed by.
        self._pending.append((key_id, action_id, sealed_key, datetime.now(UTC).isoformat()))
        self._remember(key_id, key)
        kept = {
            k: v for k, v in source.items() if k not in IDENTIFYING_FIELDS and k not in ("id", "shredded")
        }
        return {**kept, "id": key_id, "sealed": base64.b64encode(box).decode("ascii")}

    def flush(self) -> None:
        """Store the keys sealed since the last flush, in one transaction, before their events."""
        if not self._pending:
            return
        rows, self._pending = self._pending, []
        with self.view.datastore.transaction(commit=True) as c:
            c.executemany(
                self.view._sql(  # noqa: SLF001 - the view's own dialect
                    "INSERT INTO dtl_source_keys (id, action_id, sealed, created_at) VALUES (?, ?, ?, ?)"
                ),
                rows,
            )

    def discard_pending(self) -> None:
        self._pending = []

    # -- opening (from the store) ----------------------------------------------------------------
    def open(self, source: dict[str, Any]) -> dict[str, Any]:
        """The source as a reader sees it: whole while its key exists, else what remains."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if "sealed" not in source:
            return source  # stored before sources had keys, or in a store without them
        key_id = source["id"]
        kept = {k: v for k, v in source.items() if k != "sealed"}
        key = self._key(key_id)
        if isinstance(key, tuple):
            return {**kept, "name": shredded_name(key[1]), "shredded": key[1]}
        box = base64.b64decode(source["sealed"])
        secret = orjson.loads(AESGCM(key).decrypt(box[:12], box[12:], key_id.encode("ascii")))
        return {**kept, **secret}

    def forget(self, key_id: str) -> None:
        """Another process destroyed this key: stop using the copy held here."""
        self._cache.pop(key_id, None)

    def refresh(self) -> None:
        """Drop every key held here if any process destroyed a key since the last look (one
        read of one row): a long-running server must not open a source shredded elsewhere."""
        rows = self.view.query("SELECT value FROM dtl_store WHERE name = ?", [_DESTROYED])
        mark = rows[0]["value"] if rows else None
        if mark != self._destroyed:
            self._cache.clear()
            self._destroyed = mark

    def _key(self, key_id: str) -> Any:
        found = self._cache.get(key_id)
        if found is not None:
            self._cache.move_to_end(key_id)
            return found
        rows = self.view.query("SELECT sealed, shredded_at FROM dtl_source_keys WHERE id = ?", [key_id])
        if not rows:
            # Not in this store (yet: a backup's keys are restored after its events are checked):
            # unreadable now, and not remembered as such.
            return (_SHREDDED, UNKNOWN_DAY)
        if rows[0]["sealed"] is None:
            found = (_SHREDDED, (rows[0]["shredded_at"] or "")[:10])
        else:
            found = self.cipher.decrypt(base64.b64decode(rows[0]["sealed"]))
        self._remember(key_id, found)
        return found

    def _remember(self, key_id: str, key: Any) -> None:
        self._cache[key_id] = key
        if len(self._cache) > _CACHE:
            self._cache.popitem(last=False)

    # -- destroying ------------------------------------------------------------------------------
    def owner(self, key_id: str) -> dict[str, Any] | None:
        """The key's row without its secret: id, action_id, created_at, shredded_at."""
        rows = self.view.query(
            "SELECT id, action_id, created_at, shredded_at FROM dtl_source_keys WHERE id = ?", [key_id]
        )
        return rows[0] if rows else None

    def destroy(self, key_id: str) -> str:
        """Destroy the key (keeping its row as a tombstone); the moment it was destroyed. Twice
        is once: the first moment is kept."""
        now = self.clock().isoformat()
        with self.view.datastore.transaction(commit=True) as c:
            c.execute(
                self.view._sql(  # noqa: SLF001
                    "UPDATE dtl_source_keys SET sealed = NULL, shredded_at = ? "
                    "WHERE id = ? AND shredded_at IS NULL"
                ),
                (now, key_id),
            )
            c.execute(
                self.view._sql(  # noqa: SLF001
                    "INSERT INTO dtl_store (name, value) VALUES (?, ?) "
                    "ON CONFLICT (name) DO UPDATE SET value = excluded.value"
                ),
                (_DESTROYED, f"{now} {key_id}"),
            )
        self.forget(key_id)
        row = self.owner(key_id)
        return row["shredded_at"] if row else now

    # -- backups ---------------------------------------------------------------------------------
    def rows(self) -> list[dict[str, Any]]:
        """Every key row, as a backup carries it: the sealed key, or the tombstone."""
        return self.view.query(
            "SELECT id, action_id, sealed, created_at, shredded_at FROM dtl_source_keys ORDER BY id"
        )

    def restore(self, rows: list[dict[str, Any]]) -> None:
        """Key rows from a backup; a key this store already has (or has destroyed) stays."""
        if not rows:
            return
        with self.view.datastore.transaction(commit=True) as c:
            c.executemany(
                self.view._sql(  # noqa: SLF001
                    "INSERT INTO dtl_source_keys (id, action_id, sealed, created_at, shredded_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING"
                ),
                [
                    (r["id"], r["action_id"], r.get("sealed"), r["created_at"], r.get("shredded_at"))
                    for r in rows
                ],
            )
