"""Store selection, and the pydantic/orjson mapper the library's examples recommend.

The mapper names each stored event by dtl.domain.stored_names, never by its class's module
path: stores outlive the code's layout."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qs, unquote, urlsplit

import orjson
from eventsourcing.persistence import Mapper, ProgrammingError, StoredEvent, Transcoder
from pydantic import BaseModel

from dtl.domain.errors import InvalidInput, StoreUnusable
from dtl.domain.stored_names import SOURCE_SHREDDED, event_class, name_of

DEFAULT_STORE = "dtl.sqlite3"
POSTGRES_EVENTS_TABLE = "dtl_events"  # the library names it after the application ("dtl")
# A URL scheme and its colon ("postgresql:", "sqlite:", "http:"); a Windows drive ("C:") is not one.
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")
# The library's AES-GCM cipher (on the 'cryptography' package): encrypts each stored event.
CIPHER_TOPIC = "eventsourcing.cryptography:AESCipher"
NEW_KEY_HINT = "make one with 'dtl new-key'"


def check_cipher_key(key: str) -> None:
    import base64
    import binascii

    try:
        raw = base64.b64decode(key.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise InvalidInput("DTL_CIPHER_KEY", f"is not base64; {NEW_KEY_HINT}") from None
    if len(raw) not in (16, 24, 32):
        raise InvalidInput(
            "DTL_CIPHER_KEY", f"must be 16, 24 or 32 bytes once decoded, not {len(raw)}; {NEW_KEY_HINT}"
        )


def new_cipher_key() -> str:
    import base64
    import secrets

    return base64.b64encode(secrets.token_bytes(32)).decode("ascii")


class PydanticMapper(Mapper):
    # On an encrypted store, each source's own data key (application/source_keys.py): sources
    # are sealed under it on the way in and opened (or found shredded) on the way out.
    source_keys: Any = None

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        topic = name_of(type(domain_event))
        data = cast(BaseModel, domain_event).model_dump(mode="json")
        if self.source_keys is not None:
            from dtl.application.source_keys import sources_in

            for container, at in sources_in(data):
                container[at] = self.source_keys.seal(str(domain_event.originator_id), container[at])
        stored_state = self.transcoder.encode(data)
        if self.compressor:
            stored_state = self.compressor.compress(stored_state)
        if self.cipher:
            stored_state = self.cipher.encrypt(stored_state)
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=topic,
            state=stored_state,
        )

    def to_domain_event(self, stored: StoredEvent) -> Any:
        state = stored.state
        if self.cipher:
            state = self.cipher.decrypt(state)
        if self.compressor:
            state = self.compressor.decompress(state)
        data = self.transcoder.decode(state)
        if self.source_keys is not None:
            from dtl.application.source_keys import sources_in

            if stored.topic == SOURCE_SHREDDED:
                self.source_keys.forget(data.get("source_id"))
            for container, at in sources_in(data):
                container[at] = self.source_keys.open(container[at])
        return event_class(stored.topic).model_validate(data)


class OrjsonTranscoder(Transcoder):
    def encode(self, obj: Any) -> bytes:
        return orjson.dumps(obj)

    def decode(self, data: bytes) -> Any:
        return orjson.loads(data)

    def register(self, _: Any) -> None:  # pragma: no cover
        raise ProgrammingError("use pydantic models")


@dataclass(frozen=True)
class StoreConfig:
    """Where events live: a SQLite file (the default) or a postgresql:// URL."""

    kind: str  # "sqlite" | "postgres"
    env: dict[str, str]
    display: str  # safe to print: never holds a password

    @property
    def encrypted(self) -> bool:
        return "CIPHER_KEY" in self.env

    @classmethod
    def parse(cls, text: str | None) -> StoreConfig:
        config = cls._parse(text)
        key = os.environ.get("DTL_CIPHER_KEY", "").strip()
        if key:
            check_cipher_key(key)
            config.env.update({"CIPHER_TOPIC": CIPHER_TOPIC, "CIPHER_KEY": key})
        return config

    @classmethod
    def _parse(cls, text: str | None) -> StoreConfig:
        text = (text or os.environ.get("DTL_STORE") or DEFAULT_STORE).strip()
        if text.startswith(("postgresql://", "postgres://")):
            return cls._postgres(text)
        if _URL_SCHEME.match(text):
            # Anything that starts like a URL is one, mistyped: never a file named after it
            # (a file would hold the password in its name, and the data in the wrong place).
            raise InvalidInput(
                "store",
                f"{redact(text)[:80]!r} looks like a URL but is not postgresql://USER@HOST/DATABASE; "
                "for a SQLite file whose name holds a colon, write ./NAME",
            )
        path = Path(text).expanduser()
        if not path.parent.exists():
            raise InvalidInput("store", f"directory {str(path.parent)!r} does not exist")
        if path.is_dir():
            raise InvalidInput("store", f"{text!r} is a directory; name a file")
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(path),
            "SQLITE_LOCK_TIMEOUT": "30",
        }
        return cls("sqlite", env, str(path))

    @classmethod
    def _postgres(cls, text: str) -> StoreConfig:
        try:
            url = urlsplit(text)
            port = url.port or 5432
        except ValueError:
            raise InvalidInput("store", "the PostgreSQL URL is malformed") from None
        dbname = unquote(url.path.lstrip("/"))
        if not dbname or not url.hostname:
            raise InvalidInput("store", "a PostgreSQL URL needs a host and a database name")
        query = parse_qs(url.query, keep_blank_values=True)
        unknown = sorted(set(query) - {"schema"})
        if unknown:
            # Silently dropping e.g. sslmode=require would connect without the TLS asked for.
            raise InvalidInput(
                "store", f"unsupported URL option {unknown[0][:40]!r}; the only option is ?schema=NAME"
            )
        schema = query.get("schema", [""])[0]
        if schema and not schema.replace("_", "").isalnum():
            raise InvalidInput("store", "schema names are letters, digits and underscores")
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": dbname,
            "POSTGRES_HOST": url.hostname,
            "POSTGRES_PORT": str(port),
            "POSTGRES_USER": unquote(url.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(url.password or ""),
            "POSTGRES_SCHEMA": schema,
            "POSTGRES_CONNECT_TIMEOUT": "5",
            # A command needs one connection at a time; the library's default pool opens five
            # per pool at start, which costs time and exhausts the server under many processes.
            "POSTGRES_POOL_SIZE": "1",
            "POSTGRES_MAX_OVERFLOW": "3",
        }
        user = unquote(url.username or "postgres")
        display = f"postgresql://{user}{':***' if url.password else ''}@{url.hostname}:{port}/{dbname}"
        if schema:
            display += f"?schema={schema}"
        return cls("postgres", env, display)

    @contextmanager
    def setting_up(self, create: bool = True) -> Iterator[None]:
        """Hold while the store's tables are created (or found). Without `create`, a store that
        does not exist yet is refused (a read must not leave an empty store behind).

        PostgreSQL: connect once up front, so a wrong host, role or database is reported at
        once with the server's reason (the library's pool would only time out); create the
        configured schema; and take an advisory lock, because processes starting together
        would otherwise run the library's CREATE OR REPLACE FUNCTION at once ("tuple
        concurrently updated")."""
        if self.kind != "postgres":
            if not create and not Path(self.env["SQLITE_DBNAME"]).exists():
                raise StoreUnusable(self._missing())
            yield
            return
        import psycopg

        schema = self.env.get("POSTGRES_SCHEMA")
        try:
            conn = psycopg.connect(**self.connect_kwargs(), autocommit=True)
        except psycopg.Error as exc:
            lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
            reason = redact("; ".join(lines) or type(exc).__name__)
            raise StoreUnusable(f"cannot use {self.display}: {reason}") from None
        with conn:
            if not create:
                found = conn.execute(
                    "SELECT 1 FROM information_schema.tables WHERE table_schema = %s AND table_name = %s",
                    [schema or "public", POSTGRES_EVENTS_TABLE],
                ).fetchone()
                if found is None:
                    raise StoreUnusable(self._missing())
            conn.execute("SELECT pg_advisory_lock(hashtext(%s))", [f"dtl set-up {schema or 'public'}"])
            if schema:
                conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            yield  # the lock goes with the connection

    def _missing(self) -> str:
        return (
            f"there is no store at {self.display}, and a question does not create one: record "
            "an action, run 'dtl demo' or 'dtl import FILE' to create it, or point --store (or "
            "DTL_STORE) at an existing store"
        )

    def connect_kwargs(self) -> dict[str, Any]:
        e = self.env
        return {
            "dbname": e["POSTGRES_DBNAME"],
            "host": e["POSTGRES_HOST"],
            "port": int(e["POSTGRES_PORT"]),
            "user": e["POSTGRES_USER"],
            "password": e["POSTGRES_PASSWORD"] or None,
            "connect_timeout": 5,
        }


def redact(text: str) -> str:
    """Driver messages and mistyped URLs can carry a password; never echo it: what stands
    between a name's colon and the next '@' (in "user:password@", however malformed the URL
    around it), or after 'password='. Masking a little too much is the safe side."""
    text = re.sub(r"(password=)\S*", r"\1***", text)
    return re.sub(r"([^\s:@/]+):[^\s@/]*@", r"\1:***@", text)
