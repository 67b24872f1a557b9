"""The write side: an eventsourcing Application that loads aggregates, calls the pure decide
functions and saves their events in one transaction, retrying on concurrent writes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import EventStore, IntegrityError, Mapper, Transcoder

from dtl.application.persistence import OrjsonTranscoder, PydanticMapper
from dtl.application.retry import ATTEMPTS, retrying
from dtl.domain.errors import Conflict, DtlError

if TYPE_CHECKING:
    from eventsourcing.persistence import StoredEvent

    from dtl.domain.actions import ActionData, Changes
    from dtl.domain.aggregates import ActionRecord, Docket
    from dtl.domain.provenance import Source

# The write side's modules (decisions, aggregates, events) are imported on the first write:
# a query, the commonest command, never needs them and starts faster without them.

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Pending:
    action: ActionData
    key: str
    line: int | None = None


@dataclass(frozen=True)
class Outcome:
    action_id: UUID
    new: bool  # False: the same idempotency key was recorded before (a no-op)
    line: int | None = None


def summary(outcomes: list[Outcome]) -> dict[str, list[str]]:
    """Which actions were recorded now and which had been before (by idempotency key)."""
    return {
        "recorded": [str(o.action_id) for o in outcomes if o.new],
        "already_recorded": [str(o.action_id) for o in outcomes if not o.new],
    }


class TimelineWriter(Application[UUID]):
    """The write side. Its name is also the name the views track their position under."""

    name = "dtl"

    def __init__(self, env: dict[str, str] | None = None, clock: Clock | None = None):
        super().__init__(env)
        self.clock = clock or utc_now
        # Who the writes are made by (an API token's name, a CLI user), kept in each action
        # event: set by the facade before each write; one write at a time per writer.
        self.principal: str | None = None

    def construct_mapper(self) -> Mapper[UUID]:
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=PydanticMapper)

    def construct_transcoder(self) -> Transcoder:
        return OrjsonTranscoder()

    def construct_event_store(self) -> EventStore[UUID]:
        return _KeyedEventStore(mapper=self.mapper, recorder=self.recorder)

    # -- loading -----------------------------------------------------------------------------
    def load_action(self, action_id: UUID, version: int | None = None) -> ActionRecord | None:
        """The action as it stands now, or as it stood at a version of its stream."""
        from dtl.domain.aggregates import project

        try:
            return self.repository.get(action_id, version=version, projector_func=project)
        except AggregateNotFoundError:
            return None

    def load_docket(self, name: str) -> Docket | None:
        from dtl.domain.aggregates import docket_id, project

        try:
            return self.repository.get(docket_id(name), projector_func=project)
        except AggregateNotFoundError:
            return None

    # -- commands ----------------------------------------------------------------------------
    def record(self, batch: Sequence[Pending]) -> list[Outcome]:
        """All of the batch or none of it; a concurrent writer makes us re-decide, not fail."""
        return self._retrying(lambda: self._record_once(batch))

    def correct(self, action_id: UUID, changes: Changes, reason: str, source: Source | None) -> ActionRecord:
        from dtl.domain.decisions import decide_correct, docket_names

        def once():
            record = self._existing(action_id)
            dockets = self._dockets(docket_names(record.action))
            self.save(*decide_correct(record, changes, reason, source, dockets, self.clock(), self.principal))
            return self.load_action(action_id)

        return self._retrying(once)

    def retract(self, action_id: UUID, reason: str, source: Source | None) -> ActionRecord:
        from dtl.domain.decisions import decide_retract, docket_names

        def once():
            record = self._existing(action_id)
            dockets = self._dockets(docket_names(record.action))
            self.save(*decide_retract(record, reason, source, dockets, self.clock(), self.principal))
            return self.load_action(action_id)

        return self._retrying(once)

    def corroborate(self, action_id: UUID, source: Source) -> tuple[ActionRecord, bool]:
        """Add a source; (record, whether it was new). Only the action's stream is written:
        sources never change a measure, so no docket is involved."""
        from dtl.domain.decisions import decide_corroborate

        def once():
            events = decide_corroborate(self._existing(action_id), source, self.clock(), self.principal)
            if events:
                self.save(*events)
            return self.load_action(action_id), bool(events)

        return self._retrying(once)

    def link(self, action_id: UUID, responds_to: UUID, chain: Callable[[], list[str] | None]) -> bool:
        """Say that an action answered another; whether the link is new. `chain` finds the
        links from `responds_to` back to this action (a cycle the link would close), if any."""
        from dtl.domain.decisions import decide_link

        def once():
            record = self._existing(action_id)
            answered = self._existing(responds_to).action
            events = decide_link(record, str(responds_to), chain(), self.clock(), self.principal, answered)
            if events:
                self.save(*events)
            return bool(events)

        return self._retrying(once)

    def shred(self, action_id: UUID, source_id: str, at: datetime) -> bool:
        """Record that a source's key was destroyed at `at` (the store destroys it first);
        whether this was news."""
        from dtl.domain.decisions import decide_shred

        def once():
            events = decide_shred(self._existing(action_id), source_id, at, self.principal)
            if events:
                self.save(*events)
            return bool(events)

        return self._retrying(once)

    def append_stored(self, events: Sequence[StoredEvent]) -> None:
        """Insert events exactly as stored elsewhere (a verified log backup): no decision runs;
        the caller has checked them. IntegrityError if a stream position is taken."""
        self.recorder.insert_events(list(events))

    # -- internals ---------------------------------------------------------------------------
    def _retrying(self, attempt):
        # Someone appended to a stream we decided on: reload and decide again.
        return retrying(
            attempt,
            lost=(IntegrityError,),
            before_retry=lambda: self.repository.cache and self.repository.cache.clear(),
            give_up=lambda: Conflict(
                f"gave up after {ATTEMPTS} attempts: the timeline kept changing under us"
            ),
        )

    def _existing(self, action_id: UUID) -> ActionRecord:
        record = self.load_action(action_id)
        if record is None:
            raise Conflict(f"no action {action_id}")
        return record

    def _dockets(self, names: list[str]) -> dict[str, Docket | None]:
        return {name: self.load_docket(name) for name in names}

    def _record_once(self, batch: Sequence[Pending]) -> list[Outcome]:
        from dtl.domain.actions import action_id_for
        from dtl.domain.aggregates import mutate
        from dtl.domain.decisions import decide_record, docket_names
        from dtl.domain.events import DocketEntryAdded, DocketEntryRevised, DocketEntryWithdrawn

        now = self.clock()
        dockets: dict[str, Docket | None] = {}
        loaded: dict[str, Docket | None] = {}  # as stored, before the batch
        seen: set[UUID] = set()
        lines: dict[str, int | None] = {}
        events = []
        outcomes = []
        whole = len(batch) > 1  # a file is checked whole: its lines may need each other
        for item in batch:
            action_id = action_id_for(item.key)
            existing = None if action_id in seen else self.load_action(action_id)
            if existing is not None and existing.retracted:
                error = Conflict(
                    f"{action_id} was recorded and then retracted; to record it anew, "
                    "give it a new idempotency key (--key)",
                    conflicting=(str(action_id),),
                )
                raise error.at_line(item.line) if item.line is not None else error
            if action_id in seen or existing is not None:
                outcomes.append(Outcome(action_id, new=False, line=item.line))
                continue
            names = docket_names(item.action)
            for name in names:
                if name not in dockets:
                    dockets[name] = loaded[name] = self.load_docket(name)
            try:
                decided = decide_record(
                    action_id, item.key, item.action, {n: dockets[n] for n in names}, now,
                    checked=not whole, recorded_by=self.principal,
                )  # fmt: skip
            except DtlError as exc:
                raise (exc.at_line(item.line) if item.line is not None else exc) from None
            lines[str(action_id)] = item.line
            for event in decided:
                if isinstance(event, DocketEntryAdded | DocketEntryRevised | DocketEntryWithdrawn):
                    dockets[event.docket] = mutate(event, dockets[event.docket])
            events.extend(decided)
            seen.add(action_id)
            outcomes.append(Outcome(action_id, new=True, line=item.line))
        if whole:
            self._check_whole(loaded, dockets, lines)
        if events:
            self.save(*events)
        return outcomes

    @staticmethod
    def _check_whole(
        before: dict[str, Docket | None], after: dict[str, Docket | None], lines: dict[str, int | None]
    ) -> None:
        """A batch's actions checked together against the stored timeline: actions that are
        only consistent together (a lift and a new veto between two stored ones) are accepted
        together, and a conflict names the line of the action that breaks the rule."""
        from dtl.domain.decisions import check

        def entries(docket: Docket | None) -> list:
            return list(docket.entries.values()) if docket else []

        for name, docket in after.items():
            try:
                check(entries(before.get(name)), entries(docket), set(lines))
            except Conflict as exc:
                line = lines.get(exc.about or "")
                raise (exc.at_line(line) if line is not None else exc) from None


class _KeyedEventStore(EventStore[UUID]):
    """The library's event store, which also stores the data keys the mapper made for the
    events' sources (an encrypted store's), just before the events that use them."""

    def put(self, domain_events, **kwargs):  # type: ignore[no-untyped-def]
        keys = getattr(self.mapper, "source_keys", None)
        if keys is None:
            return super().put(domain_events, **kwargs)
        from eventsourcing.persistence import Notification, Recording

        keys.discard_pending()  # a previous attempt's, already stored or never needed
        stored_events = [self.mapper.to_stored_event(e) for e in domain_events]
        keys.flush()
        notification_ids = self.recorder.insert_events(stored_events, **kwargs)
        if not notification_ids:
            return []
        return [
            Recording(d, Notification(s.originator_id, s.originator_version, s.topic, s.state, n_id))
            for d, s, n_id in zip(domain_events, stored_events, notification_ids, strict=True)
        ]
