"""Destroying a source's identity after the fact (crypto-shredding), without editing history.

A source on an encrypted store is sealed under a data key of its own (source_keys.py). To shred
it: destroy that key (its row keeps the id, the action and the moment), record a SourceShredded
event at that same moment (the ledger says what was shredded and when, never what it said),
let the views rewrite what they held of it, then scrub the store's files of the old pages:
SQLite is vacuumed and its WAL truncated; PostgreSQL's tables that held the source are
rewritten (VACUUM FULL), so no dead row version keeps it. A crash between the steps is made
good by running the command again: each step is a no-op once done.

What shredding cannot reach is said in docs/reliability.md: backups made before it, answers
already sent, PostgreSQL's own write-ahead log and replicas, copies outside the store.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from dtl.domain.errors import InvalidInput

if TYPE_CHECKING:
    from dtl.application.facade import Dtl
    from dtl.application.source_keys import SourceKeys
    from dtl.application.store import Store

NOT_ENCRYPTED = (
    "shredding needs an encrypted store: only there does each source get a key of its own "
    "(create the store with DTL_CIPHER_KEY set; see docs/reliability.md)"
)
# The tables whose rows held a shredded source's text (and the keys table itself).
SCRUBBED_TABLES = ("dtl_actions", "dtl_revisions", "dtl_sources", "dtl_source_keys")


def _keys(dtl: Dtl) -> SourceKeys:
    keys = dtl.store.writer.mapper.source_keys
    if keys is None:
        raise InvalidInput("store", NOT_ENCRYPTED)
    return keys


def plan(dtl: Dtl, ids: list[str], name: str | None) -> list[dict[str, Any]]:
    """The sources these ids, or this exact name (any case), pick out: each with its action
    and, while it can still be read, its name; refused if one id is unknown or none is found.
    The arguments are checked before the store is opened."""
    from dtl.application.source_keys import ID_PATTERN
    from dtl.domain.provenance import Source, control_character

    ids = [text.strip() for text in ids]
    for text in ids:
        if not ID_PATTERN.fullmatch(text):
            raise InvalidInput(
                "source", f"{text[:40]!r} is not a source id (src- and 20 hex digits, from dtl show)"
            )
    if name is not None:
        problem = control_character(name, allowed="")
        if problem or not name.strip():
            raise InvalidInput("name", problem or "give the source's name")
    if not ids and name is None:
        raise InvalidInput("source", "name the sources to shred: their ids, or --name")
    keys = _keys(dtl)
    dtl.catch_up()
    chosen: dict[str, dict[str, Any]] = {}
    for source_id in ids:
        row = keys.owner(source_id)
        if row is None:
            raise InvalidInput(
                "source", f"no source {source_id!r} in this store ('dtl show ACTION' lists its ids)"
            )
        chosen[row["id"]] = row
    if name is not None:
        wanted = name.strip().casefold()
        found = unkeyed = 0
        for row in dtl.store.view.query("SELECT payload FROM dtl_sources ORDER BY action_id, seq"):
            source = Source.model_validate_json(row["payload"])
            if source.shredded or source.name.casefold() != wanted:
                continue
            key_row = keys.owner(source.id) if source.id else None
            if key_row is None:
                unkeyed += 1
            else:
                chosen[key_row["id"]] = key_row
                found += 1
        if unkeyed:
            # All or nothing: shredding some of a name's sources would leave the name readable.
            raise InvalidInput(
                "name",
                f"{unkeyed} of the sources named {name.strip()[:60]!r} were recorded before sources had "
                "keys of their own (release 0.5): they cannot be shredded here; see docs/reliability.md",
            )
        if not found:
            raise InvalidInput("name", f"no source named {name.strip()[:60]!r} that can still be shredded")
    return [_describe(dtl, row) for row in chosen.values()]


def _describe(dtl: Dtl, row: dict[str, Any]) -> dict[str, Any]:
    """The key's row as a person deciding would want it: which action, and whose word."""
    name = None
    for event in dtl.store.writer.events.get(UUID(row["action_id"])):
        for source in _sources_of(event):
            if source.id == row["id"]:
                name = None if source.shredded else source.name
    return {
        "id": row["id"],
        "action": row["action_id"],
        "name": name,
        "shredded_at": row["shredded_at"],
    }


def _sources_of(event: Any) -> list[Any]:
    action = getattr(event, "action", None)
    found = list(action.sources) if action is not None else []
    source = getattr(event, "source", None)
    return [*found, source] if source is not None else found


def shred(dtl: Dtl, chosen: list[dict[str, Any]], recorded_by: str | None = None) -> dict[str, Any]:
    """Destroy each chosen source's key, record it, bring the views along and scrub the files."""
    keys = _keys(dtl)
    dtl._by(recorded_by)  # noqa: SLF001 - the facade's one way of naming the writer
    done = []
    for item in chosen:
        moment = keys.destroy(item["id"])
        new = dtl.store.writer.shred(UUID(item["action"]), item["id"], datetime.fromisoformat(moment))
        done.append({"id": item["id"], "action": item["action"], "shredded_at": moment, "new": new})
    dtl.catch_up()
    return {"shredded": done, "scrubbed": scrub(dtl.store), "position": dtl.position()}


def scrub(store: Store) -> dict[str, Any]:
    """Leave no old page holding what was rewritten: {"ok": bool, "detail": str}."""
    try:
        if store.kind == "sqlite":
            return _scrub_sqlite(store.config.env["SQLITE_DBNAME"])
        return _scrub_postgres(store)
    except Exception as exc:  # a busy store: the shredding holds; the scrub can be run again
        return {"ok": False, "detail": f"{type(exc).__name__}: {str(exc)[:200]}"}


def _scrub_sqlite(path: str) -> dict[str, Any]:
    import sqlite3

    # VACUUM writes the whole database anew (no free page keeps an old row), through the WAL;
    # the checkpoint then copies it home and truncates the WAL to nothing.
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        conn.execute("VACUUM")
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        conn.close()
    if busy:
        return {"ok": False, "detail": "another process is reading: the WAL could not be truncated yet"}
    return {"ok": True, "detail": "vacuumed; WAL truncated"}


def _scrub_postgres(store: Store) -> dict[str, Any]:
    import psycopg
    from psycopg.sql import SQL, Identifier

    schema = store.config.env.get("POSTGRES_SCHEMA") or "public"
    with psycopg.connect(**store.config.connect_kwargs(), autocommit=True) as conn:
        conn.execute("SET lock_timeout = '30s'")
        tables = SQL(", ").join(
            SQL("{}.{}").format(Identifier(schema), Identifier(t)) for t in SCRUBBED_TABLES
        )
        conn.execute(SQL("VACUUM FULL {}").format(tables))
    return {"ok": True, "detail": f"rewrote {', '.join(SCRUBBED_TABLES)} (VACUUM FULL)"}
