"""The write side: an eventsourcing Application that loads aggregates, calls the pure decide
functions and saves their events in one transaction, retrying on concurrent writes."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, Mapper, Transcoder

from application.persistence import OrjsonTranscoder, PydanticMapper
from domain.errors import Conflict, DtlError

if TYPE_CHECKING:
    from domain.actions import ActionData, Changes
    from domain.aggregates import ActionRecord, Scope
    from domain.provenance import Source

# The write side's modules (decisions, aggregates, events) are imported on the first write:
# a query, the commonest command, never needs them and starts faster without them.

MAX_RETRIES = 60  # at most ~12 s of backoff: 8 writers on one scope under load starved 30
BACKOFF_SECONDS = 0.002  # doubled per failed attempt, with jitter, capped below
BACKOFF_CAP_SECONDS = 0.25

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


class TimelineApp(Application[UUID]):
    name = "dtl"

    def __init__(self, env: dict[str, str] | None = None, clock: Clock | None = None):
        super().__init__(env)
        self.clock = clock or utc_now

    def construct_mapper(self) -> Mapper[UUID]:
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=PydanticMapper)

    def construct_transcoder(self) -> Transcoder:
        return OrjsonTranscoder()

    # -- loading -----------------------------------------------------------------------------
    def load_action(self, action_id: UUID) -> ActionRecord | None:
        from domain.aggregates import project

        try:
            return self.repository.get(action_id, projector_func=project)
        except AggregateNotFoundError:
            return None

    def load_scope(self, name: str) -> Scope | None:
        from domain.aggregates import project, scope_id

        try:
            return self.repository.get(scope_id(name), projector_func=project)
        except AggregateNotFoundError:
            return None

    # -- commands ----------------------------------------------------------------------------
    def record(self, batch: Sequence[Pending]) -> list[Outcome]:
        """All of the batch or none of it; a concurrent writer makes us re-decide, not fail."""
        return self._retrying(lambda: self._record_once(batch))

    def correct(
        self, action_id: UUID, changes: Changes, reason: str, source: Source | None
    ) -> ActionRecord:
        from domain.decisions import decide_correct, scope_names

        def once():
            record = self._existing(action_id)
            scopes = self._scopes(scope_names(record.action))
            self.save(*decide_correct(record, changes, reason, source, scopes, self.clock()))
            return self.load_action(action_id)

        return self._retrying(once)

    def retract(self, action_id: UUID, reason: str, source: Source | None) -> ActionRecord:
        from domain.decisions import decide_retract, scope_names

        def once():
            record = self._existing(action_id)
            scopes = self._scopes(scope_names(record.action))
            self.save(*decide_retract(record, reason, source, scopes, self.clock()))
            return self.load_action(action_id)

        return self._retrying(once)

    def corroborate(self, action_id: UUID, source: Source) -> tuple[ActionRecord, bool]:
        """Add a source; (record, whether it was new). Only the action's stream is written:
        sources never change a measure, so no scope is involved."""
        from domain.decisions import decide_corroborate

        def once():
            events = decide_corroborate(self._existing(action_id), source, self.clock())
            if events:
                self.save(*events)
            return self.load_action(action_id), bool(events)

        return self._retrying(once)

    # -- internals ---------------------------------------------------------------------------
    def _retrying(self, attempt):
        for tries in range(MAX_RETRIES):
            try:
                return attempt()
            except IntegrityError:
                # Someone appended to a stream we decided on: reload and decide again. The
                # jittered backoff keeps contending writers from colliding in lockstep.
                self.repository.cache and self.repository.cache.clear()
                time.sleep(random.uniform(0, min(BACKOFF_CAP_SECONDS, BACKOFF_SECONDS * 2**tries)))
        raise Conflict(f"gave up after {MAX_RETRIES} attempts: the timeline kept changing under us")

    def _existing(self, action_id: UUID) -> ActionRecord:
        record = self.load_action(action_id)
        if record is None:
            raise Conflict(f"no action {action_id}")
        return record

    def _scopes(self, names: list[str]) -> dict[str, Scope | None]:
        return {name: self.load_scope(name) for name in names}

    def _record_once(self, batch: Sequence[Pending]) -> list[Outcome]:
        from domain.actions import action_id_for
        from domain.aggregates import mutate
        from domain.decisions import decide_record, scope_names
        from domain.events import ScopeEntryAdded, ScopeEntryRevised, ScopeEntryWithdrawn

        now = self.clock()
        scopes: dict[str, Scope | None] = {}
        seen: set[UUID] = set()
        events = []
        outcomes = []
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
            names = scope_names(item.action)
            for name in names:
                if name not in scopes:
                    scopes[name] = self.load_scope(name)
            try:
                decided = decide_record(
                    action_id, item.key, item.action, {n: scopes[n] for n in names}, now
                )
            except DtlError as exc:
                raise (exc.at_line(item.line) if item.line is not None else exc) from None
            for event in decided:
                if isinstance(event, ScopeEntryAdded | ScopeEntryRevised | ScopeEntryWithdrawn):
                    scopes[event.scope] = mutate(event, scopes[event.scope])
            events.extend(decided)
            seen.add(action_id)
            outcomes.append(Outcome(action_id, new=True, line=item.line))
        if events:
            self.save(*events)
        return outcomes
