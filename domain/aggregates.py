"""Aggregates as frozen values, rebuilt from their events by pure mutator functions."""

from __future__ import annotations

from datetime import datetime
from functools import singledispatch
from uuid import UUID, uuid5

from pydantic import BaseModel, ConfigDict

from dtl.domain.actions import ActionData
from dtl.domain.events import (
    ActionCorrected,
    ActionCorroborated,
    ActionLinked,
    ActionRecorded,
    ActionRetracted,
    DocketEntryAdded,
    DocketEntryRevised,
    DocketEntryWithdrawn,
    DomainEvent,
    SourceShredded,
)
from dtl.domain.provenance import Source
from dtl.domain.timeline import Entry

DOCKET_NAMESPACE = UUID("0f6c2a8e-3b7d-4e51-8c09-6a2d1e4f7b30")


class ActionRecord(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    id: UUID
    version: int
    key: str
    action: ActionData
    retracted: bool = False
    corroborations: tuple[Source, ...] = ()
    links: tuple[str, ...] = ()  # the actions it was later said to answer (ActionLinked)
    shredded: tuple[str, ...] = ()  # the ids of its sources whose keys were destroyed
    recorded_at: datetime
    modified_on: datetime


class Docket(BaseModel):
    """The measure-bearing entries whose rules are checked together: an organisation's
    ("org:NATO") or a pair of states' ("pair:ISR|TUR"). See decisions.docket_names."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    id: UUID
    version: int
    name: str
    entries: dict[str, Entry]


def docket_id(name: str) -> UUID:
    return uuid5(DOCKET_NAMESPACE, name)


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
def _(event: ActionLinked, record: ActionRecord) -> ActionRecord:
    return record.model_copy(
        update={
            "version": event.originator_version,
            "links": (*record.links, event.responds_to),
            "modified_on": event.timestamp,
        }
    )


@mutate.register
def _(event: SourceShredded, record: ActionRecord) -> ActionRecord:
    return record.model_copy(
        update={
            "version": event.originator_version,
            "shredded": (*record.shredded, event.source_id),
            "modified_on": event.timestamp,
        }
    )


@mutate.register
def _(event: DocketEntryAdded, docket: Docket | None) -> Docket:
    entries = dict(docket.entries) if docket else {}
    entries[event.entry.action_id] = event.entry
    return Docket(
        id=event.originator_id, version=event.originator_version, name=event.docket, entries=entries
    )


@mutate.register
def _(event: DocketEntryRevised, docket: Docket) -> Docket:
    entries = dict(docket.entries)
    entries[event.entry.action_id] = event.entry
    return docket.model_copy(update={"version": event.originator_version, "entries": entries})


@mutate.register
def _(event: DocketEntryWithdrawn, docket: Docket) -> Docket:
    entries = {k: v for k, v in docket.entries.items() if k != event.action_id}
    return docket.model_copy(update={"version": event.originator_version, "entries": entries})


def project(aggregate, events):
    for event in events:
        aggregate = mutate(event, aggregate)
    return aggregate
