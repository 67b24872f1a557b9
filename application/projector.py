"""The projector: reads the event log and applies it to the view, exactly once.

It owns everything between the log and the view's tables: which events the view needs (by their
stored names), decoding them, catching the view up in tracked batches, the view's position, and
reading the log for those that follow it (`dtl verify`, `dtl log export`, `dtl project --follow`,
the HTTP API's event stream), so none of them reaches into the write side's recorder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import orjson
from eventsourcing.persistence import IntegrityError, Notification, OperationalError

from dtl.application.faults import checkpoint
from dtl.application.log_reader import LogReader, Note
from dtl.application.retry import retrying
from dtl.domain.errors import UnknownEventName
from dtl.domain.stored_names import ACTION_NAMES, OBSERVATION_RECORDED, STORED_NAMES
from dtl.projections.view import TimelineViewMixin, utc_text

if TYPE_CHECKING:
    from dtl.application.writer import TimelineWriter

PROJECTED_NAMES = (*ACTION_NAMES, OBSERVATION_RECORDED)
_PROJECTED = frozenset(PROJECTED_NAMES)
CATCH_UP_BATCH = 10_000
Progress = Callable[[str, int, int], None]  # (stage, done, total)


class Projector:
    def __init__(
        self, writer: TimelineWriter, view: TimelineViewMixin, kind: str, batch: int = CATCH_UP_BATCH
    ):
        self.writer = writer
        self.view = view
        self.batch = batch
        self._log = LogReader(writer.recorder, kind)

    @property
    def tracking_name(self) -> str:
        """The name the view tracks its position under (the write side's: "dtl")."""
        return self.writer.name

    # -- the view's position ---------------------------------------------------------------------
    def position(self) -> int:
        """The last log position the view has applied."""
        return self.view.position(self.tracking_name)

    def log_end(self) -> int:
        """The last position in the log (0 when it is empty)."""
        return self.writer.recorder.max_notification_id() or 0

    def catch_up(self, progress: Progress | None = None) -> int:
        """Pull the log from the view's tracked position; apply it in batches, each atomic with
        its tracking record. Returns how many events were applied.

        Several processes may catch up at once (every command does): a batch is applied only if
        the view is still at the position it was read from (checked in the transaction that
        applies it), so whoever commits first wins; the others lose the race, re-read the
        position and go on from it."""
        applied = 0
        target = self.log_end() if progress else 0
        while True:
            done, last = retrying(
                self._apply_next_batch,
                lost=(IntegrityError, OperationalError),
                give_up=lambda: OperationalError("catch-up kept losing races to other processes"),
            )
            if last is None:
                return applied
            applied += done
            if progress:
                progress("projecting", last, max(target, last))

    def _apply_next_batch(self) -> tuple[int, int | None]:
        position = self.position()
        notes = self._log.after(position, self.batch)
        if not notes:
            return 0, None
        batch = [(self.decode(n), n[0]) for n in notes]
        return self.view.apply_batch(self.tracking_name, batch, position, checkpoint), notes[-1][0]

    # -- reading the log -------------------------------------------------------------------------
    def entries_after(self, position: int, limit: int) -> list[tuple[int, str, Any]]:
        """The next `limit` log entries after `position` as (position, stored name, event),
        decoded as catch-up decodes them (None for an event no view needs)."""
        return [(note[0], note[1], self.decode(note)) for note in self._log.after(position, limit)]

    def stored_after(self, position: int | None, limit: int, stop: int | None = None) -> list[Notification]:
        """The stored events after `position` (from the start when None), up to `stop`, as the
        library stores them (ids, versions, names, bytes): for backups and checks."""
        return self.writer.recorder.select_notifications(
            start=position, limit=limit, stop=stop, inclusive_of_start=position is None
        )

    def stored(self, log_end: int | None = None, batch: int = 1000) -> Iterator[Notification]:
        """Every stored event in log order, up to `log_end` when given, a batch at a time."""
        last: int | None = None
        while True:
            notes = self.stored_after(last, batch, log_end)
            if not notes:
                return
            yield from notes
            last = notes[-1].id

    def read(self, note: Notification) -> Any:
        """Any stored event (dockets' too) as its domain event, as the write side reads it."""
        try:
            return self.writer.mapper.to_domain_event(note)
        except UnknownEventName as exc:
            raise UnknownEventName(exc.name, getattr(note, "id", None)) from None

    def decode(self, note: tuple[int, str, bytes]) -> Any:
        """(position, stored name, state) -> a domain event, an observation row (a plain
        tuple), or None for an event no view needs. A name this release does not know stops
        everything: skipping it would leave the views silently wrong."""
        name = note[1]
        if name == OBSERVATION_RECORDED:
            return self._observation_row(note)
        if name not in _PROJECTED:
            if name not in STORED_NAMES:
                raise UnknownEventName(name, note[0])
            return None
        return self.writer.mapper.to_domain_event(Note(*note))

    def subscription(self, after: int) -> Any:
        """PostgreSQL only: the library's subscription to the events the views need."""
        return self.writer.recorder.subscribe(gt=after, topics=list(PROJECTED_NAMES))

    def _observation_row(self, note: tuple[int, str, bytes]) -> tuple:
        """The columns of a dtl_observations row, as a plain tuple: catch-up of millions of
        observations cannot afford a pydantic model (or a named tuple) per event."""
        state = note[2]
        mapper = self.writer.mapper
        if mapper.cipher:
            state = mapper.cipher.decrypt(state)
        if mapper.compressor:
            state = mapper.compressor.decompress(state)
        event = orjson.loads(state)
        o = event["observation"]
        a, b = sorted((o["actor1"], o["actor2"]))
        return (
            note[0], event["originator_id"], o["system"], o["source_id"], o["on"], a, b,
            o["actor1"], o["actor2"], o["actor1_code"], o["actor2_code"], o["cameo"],
            o["goldstein"], o["quad_class"], o["plover"], o["published"], self.view.protect(o["url"]),
            o["mentions"], o["tone"], _stamp(event["timestamp"]),
        )  # fmt: skip


@lru_cache(maxsize=256)
def _stamp(timestamp: str) -> str:
    """The stored timestamp in the view's fixed-width UTC form (they are compared as text)."""
    return utc_text(datetime.fromisoformat(timestamp.replace("Z", "+00:00")))
