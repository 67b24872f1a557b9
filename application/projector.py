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
from eventsourcing.persistence import (
    InterfaceError,
    InternalError,
    Notification,
    NotSupportedError,
    OperationalError,
)

from dtl.application import settings
from dtl.application.faults import checkpoint
from dtl.application.log_reader import LogReader, Note
from dtl.application.retry import retrying
from dtl.domain.errors import UnknownEventName, ViewStopped
from dtl.domain.stored_names import ACTION_NAMES, OBSERVATION_RECORDED, STORED_NAMES
from dtl.projections.view import PositionMoved, TimelineViewMixin, utc_text

if TYPE_CHECKING:
    from dtl.application.writer import TimelineWriter

PROJECTED_NAMES = (*ACTION_NAMES, OBSERVATION_RECORDED)
# The database's trouble, not the event's: try again (a busy store), or report the store.
TRANSIENT = (OperationalError, InterfaceError, InternalError, NotSupportedError)
_PROJECTED = frozenset(PROJECTED_NAMES)
CATCH_UP_BATCH = settings.CATCH_UP_BATCH
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
        position and go on from it.

        An event that cannot be read or applied (bytes that are not JSON, a name this release
        does not know, a correction of an action that was never recorded) stops catch-up just
        before it, with ViewStopped naming its position and why; everything before it is
        applied. The store stays usable: answers come from what was projected."""
        applied = 0
        target = self.log_end() if progress else 0
        while True:
            done, last = retrying(
                self._apply_next_batch,
                lost=(PositionMoved, *TRANSIENT),
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
        batch: list[tuple[Any, int]] = []
        for note in notes:
            try:
                batch.append((self.decode(note), note[0]))
            except Exception as exc:  # noqa: BLE001 - any fault of the event's own bytes or name
                if batch:
                    self._apply(batch, position)
                raise ViewStopped(note[0], unreadable(note[1], exc)) from None
        return self._apply(batch, position), notes[-1][0]

    def _apply(self, batch: list[tuple[Any, int]], position: int) -> int:
        """Apply the batch; if one of its events cannot be applied, apply the ones before it,
        one transaction each, and stop at it."""
        try:
            return self.view.apply_batch(self.tracking_name, batch, position, checkpoint)
        except (PositionMoved, *TRANSIENT):
            raise
        except Exception as exc:  # noqa: BLE001 - the event's fault: find which one
            if len(batch) == 1:
                raise ViewStopped(batch[0][1], unappliable(batch[0][0], exc)) from None
        done = 0
        for item in batch:
            done += self._apply([item], position)
            position = item[1]
        return done  # not reached: the event that failed in the batch fails alone too

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


def unreadable(name: str, exc: BaseException) -> str:
    """Why an event's stored bytes cannot be read, in one phrase."""
    if isinstance(exc, UnknownEventName):
        return f"it is named {name[:80]!r}, which this dtl does not know (written by a newer release?)"
    if isinstance(exc, ValueError) and type(exc).__name__ == "JSONDecodeError":
        return f"its stored bytes are not valid JSON ({name[:80]})"
    if type(exc).__name__ == "ValidationError":
        return f"it is not a valid {name.rpartition(':')[2][:60]} ({_first_line(exc)})"
    return f"it cannot be read ({type(exc).__name__}: {_first_line(exc)})"


def unappliable(event: Any, exc: BaseException) -> str:
    """Why a readable event cannot be applied to the view, in one phrase."""
    kind = type(event).__name__ if event is not None and type(event) is not tuple else "observation"
    action = getattr(event, "originator_id", None)
    if isinstance(exc, IndexError | KeyError) and action is not None:
        return f"its {kind} refers to action {action}, which the log never recorded"
    return f"its {kind} cannot be applied ({type(exc).__name__}: {_first_line(exc)})"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]
