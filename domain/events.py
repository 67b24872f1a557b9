"""Domain events: frozen pydantic models, stored as JSON by the application's mapper.

Two kinds of stream:
- an action's own stream (id derived from its idempotency key): recorded, corrected, retracted,
  corroborated;
- a docket's stream (an organisation's, or a pair of states'): the measure-bearing entries whose
  rules must be checked together. Saving both in one transaction makes a recording atomic, and a
  docket's version makes concurrent writers retry, not collide.

The names these events are stored under live in dtl.domain.stored_names, not here: a class can be
renamed or moved without a store noticing. So can a field, with an alias for its stored name (a
docket's entries were written as `scope` by release 0.1, when dockets were called scopes).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from dtl.domain.actions import ActionData
from dtl.domain.provenance import Source
from dtl.domain.timeline import Entry


class DomainEvent(BaseModel):
    # A renamed field keeps its stored name as its alias: read by either, always written by alias.
    model_config = ConfigDict(
        frozen=True, defer_build=True, validate_by_name=True, validate_by_alias=True, serialize_by_alias=True
    )

    originator_id: UUID
    originator_version: int
    timestamp: datetime


class ActionRecorded(DomainEvent):
    key: str
    action: ActionData
    recorded_by: str | None = None  # the principal: an API token's name, a CLI user (0.4 on)


class ActionCorrected(DomainEvent):
    changes: dict[str, str]
    reason: str
    source: Source | None = None
    recorded_by: str | None = None


class ActionRetracted(DomainEvent):
    reason: str
    source: Source | None = None
    recorded_by: str | None = None


class ActionCorroborated(DomainEvent):
    """One more source for an action: the action is unchanged, the record of who says so grows."""

    source: Source
    recorded_by: str | None = None


class ActionLinked(DomainEvent):
    """This action answered another (a causal link, added after the action was recorded): a new
    event, never an edit of the action."""

    responds_to: str
    recorded_by: str | None = None


class SourceShredded(DomainEvent):
    """One of the action's sources can no longer be read: its own data key was destroyed on this
    event's day (dtl shred-source). The event names the source by its key's id, never by what it
    said; the action, its dates and the source's grade stay as they were."""

    source_id: str
    recorded_by: str | None = None


class DocketEntryAdded(DomainEvent):
    docket: str = Field(alias="scope")  # its stored name (see above)
    entry: Entry


class DocketEntryRevised(DomainEvent):
    docket: str = Field(alias="scope")  # its stored name (see above)
    entry: Entry


class DocketEntryWithdrawn(DomainEvent):
    docket: str = Field(alias="scope")  # its stored name (see above)
    action_id: str


ACTION_EVENTS = (
    ActionRecorded, ActionCorrected, ActionRetracted, ActionCorroborated, ActionLinked, SourceShredded,
)  # fmt: skip
