"""Aggregates as frozen values, rebuilt from their events by pure mutator functions."""

from __future__ import annotations

from datetime import datetime
from functools import singledispatch
from uuid import UUID, uuid5

from pydantic import BaseModel, ConfigDict

from domain.actions import ActionData
from domain.events import (
    ActionCorrected,
    ActionCorroborated,
    ActionRecorded,
    ActionRetracted,
    DomainEvent,
    ScopeEntryAdded,
    ScopeEntryRevised,
    ScopeEntryWithdrawn,
)
from domain.provenance import Source
from domain.timeline import Entry

SCOPE_NAMESPACE = UUID("0f6c2a8e-3b7d-4e51-8c09-6a2d1e4f7b30")


class ActionRecord(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    id: UUID
    version: int
    key: str
    action: ActionData
    retracted: bool = False
    corroborations: tuple[Source, ...] = ()
    recorded_at: datetime
    modified_on: datetime


class Scope(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    id: UUID
    version: int
    name: str
    entries: dict[str, Entry]


def scope_id(name: str) -> UUID:
    return uuid5(SCOPE_NAMESPACE, name)


@singledispatch
def mutate(event: DomainEvent, aggregate):  # pragma: no cover - every event has a mutator
    raise TypeError(f"no mutator for {type(event).__name__}")


@mutate.register
def _(event: ActionRecorded, _: None) -> ActionRecord:
    return ActionRecord(
        id=event.originator_id,
        version=event.originator_version,
        key=event.key,
        action=event.action,
        recorded_at=event.timestamp,
        modified_on=event.timestamp,
    )


@mutate.register
def _(event: ActionCorrected, record: ActionRecord) -> ActionRecord:
    return record.model_copy(
        update={
            "version": event.originator_version,
            "action": record.action.with_changes(event.changes),
            "modified_on": event.timestamp,
        }
    )


@mutate.register
def _(event: ActionRetracted, record: ActionRecord) -> ActionRecord:
    return record.model_copy(
        update={"version": event.originator_version, "retracted": True, "modified_on": event.timestamp}
    )


@mutate.register
def _(event: ActionCorroborated, record: ActionRecord) -> ActionRecord:
    return record.model_copy(
        update={
            "version": event.originator_version,
            "corroborations": (*record.corroborations, event.source),
            "modified_on": event.timestamp,
        }
    )


@mutate.register
def _(event: ScopeEntryAdded, scope: Scope | None) -> Scope:
    entries = dict(scope.entries) if scope else {}
    entries[event.entry.action_id] = event.entry
    return Scope(id=event.originator_id, version=event.originator_version, name=event.scope, entries=entries)


@mutate.register
def _(event: ScopeEntryRevised, scope: Scope) -> Scope:
    entries = dict(scope.entries)
    entries[event.entry.action_id] = event.entry
    return scope.model_copy(update={"version": event.originator_version, "entries": entries})


@mutate.register
def _(event: ScopeEntryWithdrawn, scope: Scope) -> Scope:
    entries = {k: v for k, v in scope.entries.items() if k != event.action_id}
    return scope.model_copy(update={"version": event.originator_version, "entries": entries})


def project(aggregate, events):
    for event in events:
        aggregate = mutate(event, aggregate)
    return aggregate
