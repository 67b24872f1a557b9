"""Backups and migration: the whole event log to a JSON Lines file and back.

The file (format "dtl-log", version 1):

    {"format":"dtl-log","version":1,"exported_at":"…","application":"dtl","encrypted":false,"events":N}
    {"position":1,"originator_id":"…","originator_version":1,"topic":"domain.events:ActionRecorded","state":{…}}
    …
    {"end":true,"events":N,"sha256":"…"}

One line per stored event, in notification order. `state` is the stored state itself when it
is plain JSON that orjson re-encodes to the very same bytes (an unencrypted store); otherwise
`state_b64` holds the stored bytes as they are (an encrypted or compressed store: nothing is
ever decrypted). Recording times live in the state (`timestamp`), so they travel with it.
`sha256` is the digest of every event line's bytes, each with its newline.

Version 2 (written only by a store whose sources have keys of their own: an encrypted one)
adds, after the events, one line per source key, `{"source_key": {"id", "action_id", "sealed",
"created_at", "shredded_at"}}`: the key sealed under the store's key, or the tombstone of one
destroyed (dtl shred-source) before the backup was made. The header and trailer count them
(`source_keys`) and `sha256` covers their lines too. Version 1 files are read as before.

An export reads the log in batches up to the position it started at and writes through a
temporary file renamed into place, so a crash never leaves half a backup under the name.

An import first verifies the whole file (header, every line, positions, versions, topics
against dtl's own event classes, each state as the target store will read it, the trailer's
count and checksum) and compares the store's existing events with the backup's start; only
then does it insert, in batches, each batch re-checked against the digest of the verified
bytes. A store that already holds an identical prefix (an import that crashed) is completed;
any other non-empty store is a conflict.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, TypeVar
from uuid import UUID

import orjson
from eventsourcing.persistence import IntegrityError, Notification, StoredEvent
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from dtl.application.references import References
from dtl.domain.errors import Conflict, InvalidInput
from dtl.domain.provenance import control_character
from dtl.domain.stored_names import STORED_NAMES

if TYPE_CHECKING:
    from dtl.application.store import Store

FORMAT = "dtl-log"
VERSION = 1
KEYED_VERSION = 2  # with the sources' own keys
READ_BATCH = 1000  # notifications read from the store at a time
WRITE_BATCH = 2000  # events inserted per transaction
MAX_LINE = 64 * 1024 * 1024  # one event line; a longer one is not a dtl backup

Progress = Callable[[str, int, int], None]
"""progress(phase, done, total): phase is "export", "verify" or "import"."""


# -- the lines -------------------------------------------------------------------------------
class Header(BaseModel):
    model_config = ConfigDict(extra="ignore")

    format: Literal["dtl-log"]
    version: Literal[1, 2]
    exported_at: datetime
    application: str
    encrypted: bool
    events: int = Field(ge=0)
    source_keys: int = Field(default=0, ge=0)


class EventLine(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    position: int = Field(ge=1)
    originator_id: UUID
    originator_version: int = Field(ge=1)
    topic: str = Field(min_length=3, max_length=300)
    state: dict[str, Any] | None = None
    state_b64: str | None = None

    @field_validator("state_b64")
    @classmethod
    def _base64(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                base64.b64decode(value, validate=True)
            except binascii.Error:
                raise ValueError("not valid base64") from None
        return value

    @model_validator(mode="after")
    def _one_state(self) -> EventLine:
        if (self.state is None) == (self.state_b64 is None):
            raise ValueError("give exactly one of state and state_b64")
        return self


class Trailer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    end: Literal[True]
    events: int = Field(ge=0)
    source_keys: int = Field(default=0, ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class SourceKeyRow(BaseModel):
    """A source's own key as a backup carries it: sealed under the store's key, or the
    tombstone left when it was destroyed (sealed empty, shredded_at set)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^src-[0-9a-f]{20}$")
    action_id: UUID
    sealed: str | None = Field(default=None, max_length=200)
    created_at: str = Field(max_length=40)
    shredded_at: str | None = Field(default=None, max_length=40)

    @model_validator(mode="after")
    def _key_or_tombstone(self) -> SourceKeyRow:
        if (self.sealed is None) == (self.shredded_at is None):
            raise ValueError("a source key is either sealed or shredded")
        return self


class KeyLine(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source_key: SourceKeyRow


def _dump_line(data: dict[str, Any]) -> bytes:
    return orjson.dumps(data) + b"\n"


def event_line(note: Notification) -> bytes:
    """One stored event as a line: its state as JSON when that is byte-exact, else base64."""
    state = bytes(note.state)
    line: dict[str, Any] = {
        "position": note.id,
        "originator_id": str(note.originator_id),
        "originator_version": note.originator_version,
        "topic": note.topic,
    }
    decoded = _plain_json(state)
    if decoded is not None:
        line["state"] = decoded
    else:
        line["state_b64"] = base64.b64encode(state).decode("ascii")
    return _dump_line(line)


def _plain_json(state: bytes) -> dict[str, Any] | None:
    try:
        decoded = orjson.loads(state)
    except orjson.JSONDecodeError:
        return None
    if isinstance(decoded, dict) and orjson.dumps(decoded) == state:
        return decoded
    return None


# -- export ----------------------------------------------------------------------------------
def export_log(
    store: Store, path: Path | str, progress: Progress | None = None, leave_out: Iterable[int] = ()
) -> dict[str, Any]:
    """Write the whole log, up to its position when the export began, to `path`.

    `leave_out` names log positions not to write: the way to rebuild a store whose views
    stopped at an event they cannot take (docs/reliability.md, "A view that stopped"). The
    store itself is never changed; the backup's header lists what it left out."""
    path = _output_path(Path(path))
    projector = store.projector
    stop = projector.log_end() or None  # later writers are left for the next backup
    omit = set(leave_out)
    if omit and (stop is None or max(omit) > stop or min(omit) < 1):
        raise InvalidInput("leave-out", f"the log holds positions 1 to {stop or 0}")
    left_out: list[dict[str, Any]] = []
    digest = hashlib.sha256()
    count = 0
    last: int | None = None
    temps: list[Path] = []
    try:
        with _temp_file(path, "body", temps) as body:
            while stop is not None:
                notes = projector.stored_after(last, READ_BATCH, stop)
                if not notes:
                    break
                for note in notes:
                    if note.id in omit:
                        left_out.append({"position": note.id, "topic": note.topic,
                                         "originator_id": str(note.originator_id),
                                         "originator_version": note.originator_version})  # fmt: skip
                        continue
                    line = event_line(note)
                    digest.update(line)
                    body.write(line)
                    count += 1
                last = notes[-1].id
                if progress:
                    progress("export", last, stop)
            # Read after the events: a key destroyed meanwhile goes as its tombstone.
            keys = store.writer.mapper.source_keys
            key_rows = keys.rows() if keys is not None else []
            for row in key_rows:
                line = _dump_line({"source_key": {k: v for k, v in row.items() if v is not None}})
                digest.update(line)
                body.write(line)
        header = {
            "format": FORMAT,
            "version": KEYED_VERSION if key_rows else VERSION,
            "exported_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "application": projector.tracking_name,
            "encrypted": store.encrypted,
            "events": count,
        }
        if key_rows:
            header["source_keys"] = len(key_rows)
        if left_out:
            header["left_out"] = left_out
        with _temp_file(path, "part", temps) as final, temps[0].open("rb") as events:
            final.write(_dump_line(header))
            while chunk := events.read(1024 * 1024):
                final.write(chunk)
            trailer: dict[str, Any] = {"end": True, "events": count}
            if key_rows:
                trailer["source_keys"] = len(key_rows)
            final.write(_dump_line({**trailer, "sha256": digest.hexdigest()}))
            final.flush()
            os.fsync(final.fileno())
        os.replace(temps[1], path)
        _sync_directory(path.parent)
    except OSError as exc:
        raise InvalidInput("file", f"cannot write {str(path)!r}: {exc.strerror or exc}") from None
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)
    return {"exported": count, "file": str(path), "position": last, "sha256": digest.hexdigest(),
            "left_out": left_out, "source_keys": len(key_rows)}  # fmt: skip


def _output_path(path: Path) -> Path:
    path = path.expanduser()
    if path.is_dir():
        raise InvalidInput("file", f"{str(path)!r} is a directory; name a file")
    if not path.parent.is_dir():
        raise InvalidInput("file", f"directory {str(path.parent)!r} does not exist")
    return path


def _temp_file(path: Path, kind: str, temps: list[Path]) -> IO[bytes]:
    """Next to the target, so the rename is atomic; readable by its owner only (0600)."""
    file = tempfile.NamedTemporaryFile(  # noqa: SIM115  # the caller closes it
        mode="wb", dir=path.parent, prefix=f".{path.name}.", suffix=f".{kind}", delete=False
    )
    temps.append(Path(file.name))
    return file


def _sync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover  # not every platform opens directories
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


# -- reading a backup ------------------------------------------------------------------------
@dataclass(frozen=True)
class _Event:
    number: int  # its line in the file
    raw: bytes  # the line as the file holds it
    data: dict[str, Any]  # the line, parsed
    line: EventLine | None  # the line, validated (None when reading without checks)

    def stored(self) -> StoredEvent:
        return _stored_from(self.data)


@dataclass(frozen=True)
class _Summary:
    """Sent once the trailer has checked out."""

    events: int
    batch_digests: list[str]  # sha256 of each WRITE_BATCH of event lines, for the second pass
    source_keys: list[SourceKeyRow]


def _stored_from(data: dict[str, Any]) -> StoredEvent:
    state = data.get("state")
    return StoredEvent(
        originator_id=UUID(data["originator_id"]),
        originator_version=data["originator_version"],
        topic=data["topic"],
        state=orjson.dumps(state) if state is not None else base64.b64decode(data["state_b64"]),
    )


def _lines(file: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    number = 0
    while raw := file.readline(MAX_LINE + 1):
        number += 1
        if len(raw) > MAX_LINE:
            raise InvalidInput(
                "file", f"a line is longer than {MAX_LINE} bytes: not a dtl log backup", number
            )
        yield number, raw


def _json(raw: bytes, number: int) -> dict[str, Any]:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        if not raw.endswith(b"\n"):
            raise InvalidInput(
                "file", "the last line is cut short: the backup is truncated", number
            ) from None
        raise InvalidInput("json", "not valid JSON", number) from None
    if not isinstance(data, dict):
        raise InvalidInput("json", "each line must be a JSON object", number)
    return data


M = TypeVar("M", bound=BaseModel)


def _model(model: type[M], data: dict[str, Any], number: int) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(p) for p in error["loc"]) or model.__name__.lower()
        raise InvalidInput(field, error["msg"].removeprefix("Value error, "), number) from None


def _read(path: Path, *, check: bool = True) -> Iterator[Header | _Event | _Summary]:
    """The header, then every event line, then a _Summary once the trailer checks out.

    With `check`, every event line is validated (fields, topic on the allow-list, positions
    increasing, versions contiguous from 1 per originator). The first problem raises
    InvalidInput naming the line. A consumer must not act on the events before the summary
    arrives, or must re-check the bytes against the digests of a verified pass.
    """
    try:
        file = path.expanduser().open("rb")
    except OSError as exc:
        raise InvalidInput("file", f"cannot read {str(path)!r}: {exc.strerror}") from None
    with file:
        lines = _lines(file)
        first = next(lines, None)
        if first is None:
            raise InvalidInput("file", "is empty: not a dtl log backup", 1)
        try:
            data = _json(first[1], 1)
        except InvalidInput:
            data = {}
        if data.get("format") != FORMAT:
            raise InvalidInput("format", f"not a dtl log backup (line 1 must say format {FORMAT!r})", 1)
        if data.get("version") not in (VERSION, KEYED_VERSION):
            raise InvalidInput(
                "version", f"this dtl reads version {VERSION} and {KEYED_VERSION} backups only", 1
            )
        header = _model(Header, data, 1)
        yield header
        allowed = STORED_NAMES if check else {}
        digest, batch_digest = hashlib.sha256(), hashlib.sha256()
        batch_digests: list[str] = []
        count = last_position = 0
        versions: dict[bytes, int] = {}
        key_rows: list[SourceKeyRow] = []
        number = 1
        for number, raw in lines:
            data = _json(raw, number)
            if "source_key" in data:
                if header.version < KEYED_VERSION:
                    raise InvalidInput(
                        "source_key", f"a version {header.version} backup holds no keys", number
                    )
                digest.update(raw)
                key_rows.append(_model(KeyLine, data, number).source_key)
                continue
            if key_rows and "end" not in data:
                raise InvalidInput(
                    "file", "an event after the source keys: not how dtl writes a backup", number
                )
            if "end" in data:
                trailer = _model(Trailer, data, number)
                extra = next(lines, None)
                if extra is not None:
                    raise InvalidInput("file", "holds lines after the trailer", extra[0])
                if trailer.events != count or header.events != count:
                    raise InvalidInput(
                        "events",
                        f"the file holds {count} events but its header says {header.events} and its "
                        f"trailer {trailer.events}",
                        number,
                    )
                if trailer.source_keys != len(key_rows) or header.source_keys != len(key_rows):
                    raise InvalidInput(
                        "source_keys",
                        f"the file holds {len(key_rows)} source keys but its header says "
                        f"{header.source_keys} and its trailer {trailer.source_keys}",
                        number,
                    )
                if trailer.sha256 != digest.hexdigest():
                    raise InvalidInput(
                        "sha256", "the events do not match the checksum: the backup was altered", number
                    )
                if count % WRITE_BATCH:
                    batch_digests.append(batch_digest.hexdigest())
                yield _Summary(count, batch_digests, key_rows)
                return
            digest.update(raw)
            batch_digest.update(raw)
            count += 1
            line = None
            if check:
                line = _model(EventLine, data, number)
                if line.topic not in allowed:
                    raise InvalidInput(
                        "topic", f"{line.topic[:80]!r} is not one of dtl's event classes", number
                    )
                if line.position <= last_position:
                    raise InvalidInput(
                        "position", f"{line.position} does not follow {last_position}: out of order", number
                    )
                last_position = line.position
                expected = versions.get(line.originator_id.bytes, 0) + 1
                if line.originator_version != expected:
                    raise InvalidInput(
                        "originator_version",
                        f"{line.originator_version} for {line.originator_id}, expected {expected}",
                        number,
                    )
                versions[line.originator_id.bytes] = expected
            yield _Event(number, raw, data, line)
            if count % WRITE_BATCH == 0:
                batch_digests.append(batch_digest.hexdigest())
                batch_digest = hashlib.sha256()
        raise InvalidInput(
            "file", f"ends after {count} events without its trailer: the backup is truncated", number + 1
        )


# -- import ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Verified:
    events: int
    skipped: int  # the store already holds these, identical: an import that stopped part way
    store_position: int | None  # the store's last event when verified (None: it was empty)
    batch_digests: list[str]
    source_keys: list[SourceKeyRow]


def import_log(store: Store, path: Path | str, progress: Progress | None = None) -> dict[str, Any]:
    """Verify the backup whole; then append what the store does not hold yet, and project it."""
    path = Path(path)
    verified = _verify(store, path, progress)
    if store.projector.log_end() != (verified.store_position or 0):
        raise Conflict("the store changed while the backup was being verified (another writer?)")
    if verified.source_keys:
        # Before the events that need them: the views are built from the events as read.
        store.writer.mapper.source_keys.restore([row.model_dump(mode="json") for row in verified.source_keys])
    imported = index = 0
    pending: list[StoredEvent] = []
    raws: list[bytes] = []
    for item in _read(path, check=False):
        if not isinstance(item, _Event):
            continue  # the header was verified; the summary comes after the last batch
        if index >= verified.events:
            raise InvalidInput("file", "changed while it was being imported; import it again to resume")
        raws.append(item.raw)
        if index >= verified.skipped:
            pending.append(item.stored())
        index += 1
        if index % WRITE_BATCH == 0 or index == verified.events:
            if (
                hashlib.sha256(b"".join(raws)).hexdigest()
                != verified.batch_digests[(index - 1) // WRITE_BATCH]
            ):
                raise InvalidInput("file", "changed while it was being imported; import it again to resume")
            imported += _insert(store, pending)
            pending, raws = [], []
            if progress:
                progress("import", index, verified.events)
    store.projector.catch_up()
    return {
        "imported": imported,
        "skipped": verified.skipped,
        "events": verified.events,
        "position": store.projector.position(),
    }


def _insert(store: Store, events: list[StoredEvent]) -> int:
    if not events:
        return 0
    try:
        store.writer.append_stored(events)
    except IntegrityError:
        raise Conflict(
            "the store changed during the import (another writer?); import again to resume"
        ) from None
    return len(events)


def _verify(store: Store, path: Path, progress: Progress | None) -> _Verified:
    """The whole file, and the store's events against the backup's start. Writes nothing."""
    projector = store.projector
    name = projector.tracking_name
    encrypting = store.encrypted
    # Only an empty store or one holding this very backup's start takes an import, so every
    # reference resolves inside the file: checked whole before anything is written.
    references = References()
    existing = projector.stored(batch=READ_BATCH)
    matching = True  # the store's events so far are the backup's, in order
    skipped = 0
    store_position: int | None = None
    conflict: Conflict | None = None
    total = 0
    for item in _read(path):
        if isinstance(item, Header):
            total = item.events
            if item.application != name:
                raise InvalidInput(
                    "application", f"the backup is of {item.application[:40]!r}, not {name!r}", 1
                )
            if item.encrypted and not encrypting:
                raise InvalidInput(
                    "encrypted", "the backup is encrypted: import it into a store with the same key", 1
                )
            if encrypting and not item.encrypted:
                raise InvalidInput(
                    "encrypted", "the backup is not encrypted and this store encrypts every event; "
                    "import it into an unencrypted store", 1,
                )  # fmt: skip
        elif isinstance(item, _Event):
            assert item.line is not None
            problem = references.check(_check_readable(projector, item))
            if problem:
                raise InvalidInput("state", problem, item.number)
            if matching:
                note = next(existing, None)
                if note is None:
                    matching = False
                elif _same(note, item):
                    skipped += 1
                    store_position = note.id
                else:
                    matching = False
                    conflict = Conflict(
                        f"the store is not empty and differs from the backup at its position "
                        f"{item.line.position} (line {item.number}; the store's position {note.id}): "
                        "import into an empty store, or into one that holds the start of this backup"
                    )
            if progress and item.number % WRITE_BATCH == 0:
                progress("verify", item.number - 1, total)
        else:
            if matching:
                extra = next(existing, None)
                if extra is not None:
                    conflict = Conflict(
                        f"the store holds events beyond the backup's end, from its position {extra.id}: "
                        "import into an empty store"
                    )
            if conflict is not None:
                raise conflict
            if progress:
                progress("verify", item.events, item.events)
            return _Verified(item.events, skipped, store_position, item.batch_digests, item.source_keys)
    raise AssertionError("_read ends with a summary or raises")  # pragma: no cover


def _check_readable(projector: Any, event: _Event) -> Any:
    """Read the event as the store will (decrypting with its key, if it has one)."""
    line = event.line
    assert line is not None
    try:
        domain_event = projector.read(event.stored())
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        raise InvalidInput(
            "state", f"not a valid {line.topic.rpartition(':')[2]}: {where}: {error['msg']}", event.number
        ) from None
    except Exception as exc:  # a wrong key, a corrupt ciphertext, bytes that are not JSON
        raise InvalidInput(
            "state",
            f"this store cannot read the event ({type(exc).__name__}); a different key?",
            event.number,
        ) from None
    if (domain_event.originator_id, domain_event.originator_version) != (
        line.originator_id, line.originator_version,
    ):  # fmt: skip
        raise InvalidInput("state", "names another originator or version than its line", event.number)
    found = _control_character(domain_event.model_dump(mode="json"), "state")
    if found:
        raise InvalidInput(found[0], found[1], event.number)
    return domain_event


def _control_character(value: Any, path: str) -> tuple[str, str] | None:
    """The first text inside an event that holds a control character (tab and newline are
    free text's own): such text would act on a terminal when shown."""
    if isinstance(value, str):
        problem = control_character(value)
        return (path, problem) if problem else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = _control_character(item, f"{path}.{key}")
        if found:
            return found
    return None


def _same(note: Notification, event: _Event) -> bool:
    line = event.line
    assert line is not None
    return (
        str(note.originator_id) == str(line.originator_id)
        and note.originator_version == line.originator_version
        and note.topic == line.topic
        and bytes(note.state) == event.stored().state
    )
