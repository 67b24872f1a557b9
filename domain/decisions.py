"""Pure decide functions: given what the store holds, return the events to append, or raise."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.actions import ActionData, Changes, apply_changes
from domain.actors import registry
from domain.aggregates import ActionRecord, Scope, scope_id
from domain.errors import Conflict, InvalidInput
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
from domain.timeline import Entry, Violation, fold


def scope_names(action: ActionData) -> list[str]:
    """Which consistency scopes an action belongs to. Rules that span pairs (a vetoer must be
    a member of the forum) live inside one organisation's scope; a pair of states is its own."""
    if not action.action_type.is_measure:
        return []
    actors = registry()
    names: list[str] = []
    forum = action.resolved_forum
    for pair in action.pairs():
        if forum:
            name = f"org:{forum}"
        else:
            orgs = [code for code in pair if (a := actors.get(code)) and a.is_organisation]
            name = f"org:{min(orgs)}" if orgs else f"pair:{pair[0]}|{pair[1]}"
        if name not in names:
            names.append(name)
    return names


def entry_for(action_id: UUID, action: ActionData) -> Entry:
    return Entry(action_id=str(action_id), action=action.model_copy(update={"sources": ()}))


def _check(before: list[Entry], after: list[Entry]) -> None:
    """Only violations the change introduces count: the timeline before it was accepted."""
    _, old = fold(before)
    known = {(v.action_id, v.message) for v in old}
    _, new = fold(after)
    fresh: list[Violation] = [v for v in new if (v.action_id, v.message) not in known]
    if fresh:
        first = fresh[0]
        raise Conflict(first.message, conflicting=first.conflicting or (first.action_id,))


def _scope_events(
    scopes: dict[str, Scope | None], names: list[str], now: datetime, build
) -> list[DomainEvent]:
    events = []
    for name in names:
        scope = scopes.get(name)
        before = list(scope.entries.values()) if scope else []
        event_factory, after = build(name, scope, before)
        _check(before, after)
        events.append(event_factory)
    return events


def _holding(scope: Scope | None, name: str, action_id: str) -> Scope:
    """A correction or retraction revises an entry its scope must already hold."""
    if scope is None or action_id not in scope.entries:
        raise Conflict(f"scope {name} does not hold {action_id}; the store is inconsistent")
    return scope


def decide_record(
    action_id: UUID,
    key: str,
    action: ActionData,
    scopes: dict[str, Scope | None],
    now: datetime,
) -> list[DomainEvent]:
    recorded = ActionRecorded(
        originator_id=action_id, originator_version=1, timestamp=now, key=key, action=action
    )
    entry = entry_for(action_id, action)

    def build(name, scope, before):
        event = ScopeEntryAdded(
            originator_id=scope_id(name),
            originator_version=(scope.version + 1) if scope else 1,
            timestamp=now,
            scope=name,
            entry=entry,
        )
        return event, [*before, entry]

    return [recorded, *_scope_events(scopes, scope_names(action), now, build)]


def decide_correct(
    record: ActionRecord,
    changes: Changes,
    reason: str,
    source: Source | None,
    scopes: dict[str, Scope | None],
    now: datetime,
) -> list[DomainEvent]:
    if record.retracted:
        raise Conflict(f"{record.id} was retracted; a retracted action cannot be corrected")
    updated = apply_changes(record.action, changes)
    if updated == record.action:
        raise InvalidInput("changes", "the correction changes nothing")
    changed = {
        k: str(v) for k, v in updated.model_dump().items() if v != record.action.model_dump()[k]
    }
    corrected = ActionCorrected(
        originator_id=record.id,
        originator_version=record.version + 1,
        timestamp=now,
        changes=changed,
        reason=reason,
        source=source,
    )
    entry = entry_for(record.id, updated)

    def build(name, scope, before):
        scope = _holding(scope, name, entry.action_id)
        event = ScopeEntryRevised(
            originator_id=scope.id,
            originator_version=scope.version + 1,
            timestamp=now,
            scope=name,
            entry=entry,
        )
        return event, [entry if e.action_id == entry.action_id else e for e in before]

    return [corrected, *_scope_events(scopes, scope_names(updated), now, build)]


def decide_retract(
    record: ActionRecord,
    reason: str,
    source: Source | None,
    scopes: dict[str, Scope | None],
    now: datetime,
) -> list[DomainEvent]:
    if record.retracted:
        raise Conflict(f"{record.id} is already retracted")
    retracted = ActionRetracted(
        originator_id=record.id,
        originator_version=record.version + 1,
        timestamp=now,
        reason=reason,
        source=source,
    )
    action_id = str(record.id)

    def build(name, scope, before):
        scope = _holding(scope, name, action_id)
        event = ScopeEntryWithdrawn(
            originator_id=scope.id,
            originator_version=scope.version + 1,
            timestamp=now,
            scope=name,
            action_id=action_id,
        )
        return event, [e for e in before if e.action_id != action_id]

    return [retracted, *_scope_events(scopes, scope_names(record.action), now, build)]


MAX_SOURCES = 100


def decide_corroborate(record: ActionRecord, source: Source, now: datetime) -> list[DomainEvent]:
    """A further source for an action. Giving a source the action already has is a no-op (so a
    repeated command or re-run import adds nothing); a retracted action takes no new sources."""
    if record.retracted:
        raise Conflict(f"{record.id} was retracted; a retracted action takes no new sources")
    if source in (*record.action.sources, *record.corroborations):
        return []
    if len(record.action.sources) + len(record.corroborations) >= MAX_SOURCES:
        raise InvalidInput("source", f"an action keeps at most {MAX_SOURCES} sources")
    return [
        ActionCorroborated(
            originator_id=record.id,
            originator_version=record.version + 1,
            timestamp=now,
            source=source,
        )
    ]
