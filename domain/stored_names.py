"""The names events are stored under: one table, owned here and nowhere else.

Every stored event carries a name (the library calls it a topic) that every later release must
read back. Release 0.1 stored the event class's module path; since then the names are fixed
strings in this table, so code can be renamed or moved without a store noticing. The names
release 0.1 wrote are kept exactly as they were: every existing store and backup holds them,
and a second spelling would give each event two names for ever.

Rules: a new event class gets a new row; a row is never changed or removed. A name that is not
here is refused with one line (UnknownEventName), never guessed and never imported.
"""

from __future__ import annotations

from dtl.domain.errors import UnknownEventName
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
from dtl.domain.observations import ObservationRecorded

ACTION_RECORDED = "domain.events:ActionRecorded"
ACTION_CORRECTED = "domain.events:ActionCorrected"
ACTION_RETRACTED = "domain.events:ActionRetracted"
ACTION_CORROBORATED = "domain.events:ActionCorroborated"
OBSERVATION_RECORDED = "domain.observations:ObservationRecorded"
ACTION_LINKED = "dtl:ActionLinked"  # 0.4: names since 0.2 are dtl's own, not module paths
SOURCE_SHREDDED = "dtl:SourceShredded"  # 0.5

STORED_NAMES: dict[str, type[DomainEvent]] = {
    ACTION_RECORDED: ActionRecorded,
    ACTION_CORRECTED: ActionCorrected,
    ACTION_RETRACTED: ActionRetracted,
    ACTION_CORROBORATED: ActionCorroborated,
    # A docket's stream (called a scope in release 0.1, hence the names).
    "domain.events:ScopeEntryAdded": DocketEntryAdded,
    "domain.events:ScopeEntryRevised": DocketEntryRevised,
    "domain.events:ScopeEntryWithdrawn": DocketEntryWithdrawn,
    OBSERVATION_RECORDED: ObservationRecorded,
    ACTION_LINKED: ActionLinked,
    SOURCE_SHREDDED: SourceShredded,
}
_NAME_OF: dict[type[DomainEvent], str] = {cls: name for name, cls in STORED_NAMES.items()}

# What happens to an action, in the order its stream can hold them.
ACTION_NAMES = (
    ACTION_RECORDED, ACTION_CORRECTED, ACTION_RETRACTED, ACTION_CORROBORATED, ACTION_LINKED, SOURCE_SHREDDED,
)  # fmt: skip


def name_of(cls: type) -> str:
    """The stored name of an event class (a class without one is a programming error)."""
    return _NAME_OF[cls]


def event_class(name: str, position: int | None = None) -> type[DomainEvent]:
    """The event class stored under `name`; UnknownEventName if this release has none."""
    try:
        return STORED_NAMES[name]
    except KeyError:
        raise UnknownEventName(name, position) from None
