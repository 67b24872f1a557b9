"""What an attacker holding a store's files and its key (DTL_CIPHER_KEY) could read, gathered
without dtl: the raw bytes of the files (SQLite's database, WAL and journal; PostgreSQL's
relation files, tables, TOAST and indexes, read by the server after a CHECKPOINT), every
`sealed:` view value found in those bytes opened with the key, and every event of the log
opened with the key and with every source key still in the store.

The point is to look where dtl does not: a shredded source must be gone from all of it, and
the same search must find an unshredded one (tests/reliability/test_reliability_features.py).
"""

from __future__ import annotations

import base64
import contextlib
import re
from pathlib import Path

import orjson
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.cryptography import AESCipher
from eventsourcing.utils import Environment

from tests.support import POSTGRES_URL

_SEALED = re.compile(rb"sealed:([A-Za-z0-9+/]+=*)")
_SQLITE_FILES = ("", "-wal", "-journal", "-shm")


def readable(store: str, key: str) -> str:
    """Everything readable with the store's key, as one text to search."""
    cipher = AESCipher(Environment(env={"CIPHER_KEY": key}))
    raw = _raw_files(store)
    texts = [raw.decode("latin-1")]
    for match in _SEALED.finditer(raw):
        with contextlib.suppress(Exception):  # a fragment cut by a page boundary, or not ours
            texts.append(cipher.decrypt(base64.b64decode(match.group(1))).decode("utf-8"))
    texts.extend(_events_opened(store, cipher))
    return "\n".join(texts)


def _raw_files(store: str) -> bytes:
    if not store.startswith("postgresql://"):
        return b"".join(
            Path(store + suffix).read_bytes() for suffix in _SQLITE_FILES if Path(store + suffix).exists()
        )
    import psycopg

    schema = store.rsplit("schema=", 1)[1]
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute("CHECKPOINT")  # what the server holds in memory, on disk
        paths = [r[0] for r in conn.execute(
            "SELECT pg_relation_filepath(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'i', 't') "
            "UNION SELECT pg_relation_filepath(c.reltoastrelid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.reltoastrelid <> 0",
            [schema, schema],
        ) if r[0]]  # fmt: skip
        return b"".join(
            bytes(conn.execute("SELECT pg_read_binary_file(%s)", [p]).fetchone()[0] or b"") for p in paths
        )


def _rows(store: str, sql: str) -> list[tuple]:
    if not store.startswith("postgresql://"):
        import sqlite3

        with contextlib.closing(sqlite3.connect(store)) as conn:
            return conn.execute(sql).fetchall()
    import psycopg

    schema = store.rsplit("schema=", 1)[1]
    with psycopg.connect(POSTGRES_URL) as conn:
        conn.execute(f'SET search_path TO "{schema}"')
        return conn.execute(sql).fetchall()


def _events_opened(store: str, cipher: AESCipher) -> list[str]:
    """Each event decrypted, and each source in it opened with any key the store still has."""
    events_table = "stored_events" if not store.startswith("postgresql://") else "dtl_events"
    keys = [
        cipher.decrypt(base64.b64decode(sealed))
        for (sealed,) in _rows(store, "SELECT sealed FROM dtl_source_keys WHERE sealed IS NOT NULL")
    ]
    out = []
    for (state,) in _rows(store, f"SELECT state FROM {events_table}"):
        text = cipher.decrypt(bytes(state)).decode("utf-8")
        out.append(text)
        for box in re.findall(r'"sealed":"([A-Za-z0-9+/]+=*)"', text):
            data = base64.b64decode(box)
            for key in keys:
                with contextlib.suppress(ValueError):  # not this source's key
                    out.append(_open(key, data, text))
    return out


def _open(key: bytes, data: bytes, event_text: str) -> str:
    """A source's box is bound to its key's id (the associated data): try each id in the event."""
    for key_id in re.findall(r'"id":"(src-[0-9a-f]{20})"', event_text):
        with contextlib.suppress(Exception):
            return orjson.dumps(
                orjson.loads(AESGCM(key).decrypt(data[:12], data[12:], key_id.encode()))
            ).decode()
    raise ValueError("no key id opens it")
