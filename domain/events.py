"""Domain events: frozen pydantic models, stored as JSON by the application's mapper.

Two kinds of stream:
- an action's own stream (id derived from its idempotency key): recorded, corrected, retracted;
- a consistency scope's stream (an organisation, or a pair of states): the measure-bearing
  entries whose rules must be checked together. Saving both in one transaction makes a
  recording atomic, and a scope's version makes concurrent writers retry, not collide.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from domain.actions import ActionData
from domain.provenance import Source
from domain.timeline import Entry


class DomainEvent(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    originator_id: UUID
    originator_version: int
    timestamp: datetime


class ActionRecorded(DomainEvent):
    key: str
    action: ActionData


class ActionCorrected(DomainEvent):
    changes: dict[str, str]
    reason: str
    source: Source | None = None


class ActionRetracted(DomainEvent):
    reason: str
    source: Source | None = None


class ActionCorroborated(DomainEvent):
    """One more source for an action: the action is unchanged, the record of who says so grows."""

    source: Source


class ScopeEntryAdded(DomainEvent):
    scope: str
    entry: Entry


class ScopeEntryRevised(DomainEvent):
    scope: str
    entry: Entry


class ScopeEntryWithdrawn(DomainEvent):
    scope: str
    action_id: str


ACTION_EVENTS = (ActionRecorded, ActionCorrected, ActionRetracted, ActionCorroborated)
