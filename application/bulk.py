"""The bulk path for observations: many events per transaction, each in its own stream.

An observation's stream id is derived from the source's own event id, so the store's
primary key on (stream id, version 1) is what makes an import idempotent. Within one
transaction we first ask which ids of the batch are already stored, then insert only the
new ones with one multi-row statement (SQLite) or COPY (PostgreSQL): the events are the same
rows the library's recorder would write, minus its per-event round trips.

Encoding skips pydantic on the hot path: the parsers have already checked every field, and
a test holds the hand-built JSON equal to what ObservationRecorded.model_dump gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import IntegrityError, OperationalError

from dtl.application.faults import checkpoint
from dtl.application.retry import retrying
from dtl.domain.errors import Conflict
from dtl.domain.observations import Observation, observation_hex
from dtl.domain.stored_names import OBSERVATION_RECORDED

_LOOKUP_CHUNK = 900  # below SQLite's oldest limit on bound parameters


def _iso_utc(moment: datetime) -> str:
    text = moment.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _dashed(hex_id: str) -> str:
    return f"{hex_id[:8]}-{hex_id[8:12]}-{hex_id[12:16]}-{hex_id[16:20]}-{hex_id[20:]}"


def encode_observation(stream_id: UUID | str, obs: Observation, recorded_at: str) -> bytes:
    # orjson writes the model's own field dict (dates as ISO, UTC as "Z") in one C call: the
    # same JSON pydantic's model_dump gives, as the property test in
    # tests/test_observations_store.py holds it to.
    return orjson.dumps(
        {
            "originator_id": str(stream_id) if isinstance(stream_id, UUID) else _dashed(stream_id),
            "originator_version": 1,
            "timestamp": recorded_at,
            "observation": obs.__dict__,
        },
        option=orjson.OPT_UTC_Z,
    )


class ObservationWriter:
    """Writes batches of observations; each batch is one transaction (whole or none)."""

    def __init__(self, writer: Any, kind: str):
        self.clock = writer.clock
        self.kind = kind
        self.recorder = writer.recorder
        self.cipher = writer.mapper.cipher
        self.compressor = writer.mapper.compressor

    def write(self, observations: Iterable[Observation]) -> tuple[int, int]:
        """Return (new, duplicates). Duplicates are ids already stored or repeated in the batch."""
        rows: dict[str, Observation] = {}  # stream id (hex) -> observation
        duplicates = 0
        for obs in observations:
            stream_id = observation_hex(obs.key)
            if stream_id in rows:
                duplicates += 1  # GDELT re-emits an event within one file too
            else:
                rows[stream_id] = obs
        if not rows:
            return 0, duplicates
        # Another importer may store some of these ids between our look-up and insert: try again.
        new = retrying(
            lambda: self._insert(rows),
            lost=(IntegrityError, OperationalError),
            give_up=lambda: Conflict(
                "gave up writing a batch of observations: the store kept changing under us"
            ),
        )
        return new, duplicates + len(rows) - new

    def _states(self, rows: dict[str, Observation], fresh: Sequence[str]) -> list[bytes]:
        recorded_at = _iso_utc(self.clock())
        states = []
        for stream_id in fresh:
            state = encode_observation(stream_id, rows[stream_id], recorded_at)
            if self.compressor:
                state = self.compressor.compress(state)
            if self.cipher:
                state = self.cipher.encrypt(state)
            states.append(state)
        return states

    def _insert(self, rows: dict[str, Observation]) -> int:
        if self.kind == "sqlite":
            return self._insert_sqlite(rows)
        return self._insert_postgres(rows)

    def _insert_sqlite(self, rows: dict[str, Observation]) -> int:
        table = self.recorder.events_table_name
        ids = list(rows)
        with self.recorder.datastore.transaction(commit=True) as c:
            # If another writer commits after this look-up, SQLite refuses our insert
            # (a busy snapshot) rather than let it go stale; write() then tries again.
            stored: set[str] = set()
            for start in range(0, len(ids), _LOOKUP_CHUNK):
                chunk = ids[start : start + _LOOKUP_CHUNK]
                marks = ",".join("?" * len(chunk))
                c.execute(f"SELECT originator_id FROM {table} WHERE originator_id IN ({marks})", chunk)
                stored.update(r[0] for r in c.fetchall())
            fresh = [i for i in ids if i not in stored]
            states = self._states(rows, fresh)
            c.executemany(
                self.recorder.insert_events_statement,
                [(i, 1, OBSERVATION_RECORDED, s) for i, s in zip(fresh, states, strict=True)],
            )
            checkpoint("import-before-commit")
        checkpoint("import-after-commit")
        return len(fresh)

    def _insert_postgres(self, rows: dict[str, Observation]) -> int:
        from psycopg.sql import SQL, Identifier

        recorder = self.recorder
        table = SQL("{}.{}").format(
            Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name)
        )
        ids = list(rows)
        with recorder.datastore.transaction(commit=True) as curs:
            # The library's own lock: commit order equals notification order, so a follower
            # tailing the log never passes a gap that is filled in later.
            recorder._lock_table(curs)  # noqa: SLF001
            recorder._notify_channel(curs)  # noqa: SLF001
            curs.execute(
                SQL("SELECT originator_id FROM {} WHERE originator_id = ANY(%s::uuid[])").format(table),
                [ids],
            )
            stored = {r["originator_id"].hex for r in curs.fetchall()}
            fresh = [i for i in ids if i not in stored]
            states = self._states(rows, fresh)
            copy_sql = SQL("COPY {} (originator_id, originator_version, topic, state) FROM STDIN").format(
                table
            )
            with curs.copy(copy_sql) as copy:
                for stream_id, state in zip(fresh, states, strict=True):
                    copy.write_row((stream_id, 1, OBSERVATION_RECORDED, state))
            checkpoint("import-before-commit")
        checkpoint("import-after-commit")
        return len(fresh)
