"""Pure decide functions: given what the store holds, return the events to append, or raise."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from dtl.domain.actions import ActionData, Changes, apply_changes
from dtl.domain.actors import registry
from dtl.domain.aggregates import ActionRecord, Docket, docket_id
from dtl.domain.errors import Conflict, InvalidInput
from dtl.domain.events import (
    ActionCorrected,
    ActionCorroborated,
    ActionRecorded,
    ActionRetracted,
    DocketEntryAdded,
    DocketEntryRevised,
    DocketEntryWithdrawn,
    DomainEvent,
    SourceShredded,
)
from dtl.domain.provenance import Source
from dtl.domain.timeline import Entry, Violation, fold


def docket_names(action: ActionData) -> list[str]:
    """Which dockets an action belongs to: a docket holds the measure-bearing entries whose rules
    are checked together. Rules that span pairs (a vetoer must be a member of the forum) live in
    one organisation's docket ("org:NATO"); a pair of states is its own ("pair:ISR|TUR")."""
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


def check(before: list[Entry], after: list[Entry], changing: set[str]) -> None:
    """Only violations the change introduces count: the timeline before it was accepted.

    `changing`: the ids of the actions being recorded, corrected or retracted. A conflict names
    only actions already recorded (that 'dtl show' finds), never one of these."""
    _, old = fold(before)
    known = {(v.action_id, v.message) for v in old}
    _, new = fold(after, last=changing)
    fresh: list[Violation] = [v for v in new if (v.action_id, v.message) not in known]
    if fresh:
        first = fresh[0]
        named = [i for i in (*first.conflicting, first.action_id) if i not in changing]
        message = first.message
        if first.action_id not in changing:  # the change breaks a rule for a stored action
            stored = next((e for e in after if e.action_id == first.action_id), None)
            shown = stored.describe() if stored else first.action_id[:8]
            message = f"{shown} would then break a rule: {message}"
        for action_id in changing:  # its own id would name nothing 'dtl show' knows yet
            message = message.replace(f"{action_id[:8]} (", "this action (")
        raise Conflict(message, conflicting=tuple(dict.fromkeys(named)), about=first.action_id)


def _docket_events(
    dockets: dict[str, Docket | None],
    names: list[str],
    now: datetime,
    build,
    changing: str,
    checked: bool = True,
) -> list[DomainEvent]:
    events = []
    for name in names:
        docket = dockets.get(name)
        before = list(docket.entries.values()) if docket else []
        event_factory, after = build(name, docket, before)
        if checked:
            check(before, after, {changing})
        events.append(event_factory)
    return events


def _holding(docket: Docket | None, name: str, action_id: str) -> Docket:
    """A correction or retraction revises an entry its docket must already hold."""
    if docket is None or action_id not in docket.entries:
        raise Conflict(f"docket {name} does not hold {action_id}; the store is inconsistent")
    return docket


def check_not_future(action: ActionData, now: datetime, field: str = "on") -> None:
    """What has not happened yet is not a fact: an action dated wholly after the day it is
    recorded is refused, unless it is recorded as announced (to take effect on its date)."""
    today = now.date()
    if action.date.earliest > today and not action.announced:
        raise InvalidInput(
            field,
            f"{action.on} is after today ({today.isoformat()}): record what is announced to take "
            "effect then with --announced",
        )


def decide_record(
    action_id: UUID,
    key: str,
    action: ActionData,
    dockets: dict[str, Docket | None],
    now: datetime,
    checked: bool = True,
    recorded_by: str | None = None,
) -> list[DomainEvent]:
    """ActionRecorded and an entry in each of its dockets. With `checked` False the rules are
    left to the caller (a batch checked whole: see check)."""
    check_not_future(action, now)
    recorded = ActionRecorded(
        originator_id=action_id, originator_version=1, timestamp=now, key=key, action=action,
        recorded_by=recorded_by,
    )  # fmt: skip
    entry = entry_for(action_id, action)

    def build(name, docket, before):
        event = DocketEntryAdded(
            originator_id=docket_id(name),
            originator_version=(docket.version + 1) if docket else 1,
            timestamp=now,
            docket=name,
            entry=entry,
        )
        return event, [*before, entry]

    return [recorded, *_docket_events(dockets, docket_names(action), now, build, str(action_id), checked)]


def decide_correct(
    record: ActionRecord,
    changes: Changes,
    reason: str,
    source: Source | None,
    dockets: dict[str, Docket | None],
    now: datetime,
    recorded_by: str | None = None,
) -> list[DomainEvent]:
    if record.retracted:
        raise Conflict(f"{record.id} was retracted; a retracted action cannot be corrected")
    updated = apply_changes(record.action, changes)
    if updated == record.action:
        raise InvalidInput("changes", "the correction changes nothing")
    check_not_future(updated, now)
    changed = {k: str(v) for k, v in updated.model_dump().items() if v != record.action.model_dump()[k]}
    corrected = ActionCorrected(
        originator_id=record.id,
        originator_version=record.version + 1,
        timestamp=now,
        changes=changed,
        reason=reason,
        source=source,
        recorded_by=recorded_by,
    )
    entry = entry_for(record.id, updated)

    def build(name, docket, before):
        docket = _holding(docket, name, entry.action_id)
        event = DocketEntryRevised(
            originator_id=docket.id,
            originator_version=docket.version + 1,
            timestamp=now,
            docket=name,
            entry=entry,
        )
        return event, [entry if e.action_id == entry.action_id else e for e in before]

    return [corrected, *_docket_events(dockets, docket_names(updated), now, build, str(record.id))]


def decide_retract(
    record: ActionRecord,
    reason: str,
    source: Source | None,
    dockets: dict[str, Docket | None],
    now: datetime,
    recorded_by: str | None = None,
) -> list[DomainEvent]:
    if record.retracted:
        raise Conflict(f"{record.id} is already retracted")
    retracted = ActionRetracted(
        originator_id=record.id,
        originator_version=record.version + 1,
        timestamp=now,
        reason=reason,
        source=source,
        recorded_by=recorded_by,
    )
    action_id = str(record.id)

    def build(name, docket, before):
        docket = _holding(docket, name, action_id)
        event = DocketEntryWithdrawn(
            originator_id=docket.id,
            originator_version=docket.version + 1,
            timestamp=now,
            docket=name,
            action_id=action_id,
        )
        return event, [e for e in before if e.action_id != action_id]

    return [retracted, *_docket_events(dockets, docket_names(record.action), now, build, action_id)]


def check_answers(action: ActionData, answered: ActionData, answered_id: str) -> None:
    """An action cannot answer one dated wholly after it."""
    if answered.date.earliest >= action.date.latest_exclusive:
        raise InvalidInput(
            "responds_to",
            f"{answered_id[:8]} is dated {answered.on}, after {action.on}: it cannot have been answered",
        )


def decide_link(
    record: ActionRecord,
    responds_to: str,
    cycle: list[str] | None,
    now: datetime,
    recorded_by: str | None = None,
    answered: ActionData | None = None,
) -> list[DomainEvent]:
    """A causal link: this action answered `responds_to`. Giving a link twice is a no-op; a link
    that would close a cycle (`cycle`: the chain from `responds_to` back to this action, as the
    caller found it) is refused, naming it."""
    from dtl.domain.events import ActionLinked

    action_id = str(record.id)
    if record.retracted:
        raise Conflict(f"{action_id} was retracted; a retracted action takes no links")
    if responds_to == action_id:
        raise InvalidInput("responds_to", "an action cannot answer itself")
    if responds_to in (*record.action.in_response_to, *record.links):
        return []
    if answered is not None:
        check_answers(record.action, answered, responds_to)
    if cycle:
        shown = " -> ".join(a[:8] for a in [action_id, *cycle])
        raise Conflict(f"the link would close a cycle: {shown}", conflicting=tuple(cycle))
    return [
        ActionLinked(
            originator_id=record.id,
            originator_version=record.version + 1,
            timestamp=now,
            responds_to=responds_to,
            recorded_by=recorded_by,
        )
    ]


MAX_SOURCES = 100


def decide_corroborate(
    record: ActionRecord, source: Source, now: datetime, recorded_by: str | None = None
) -> list[DomainEvent]:
    """A further source for an action. Giving a source the action already has is a no-op (so a
    repeated command or re-run import adds nothing); a retracted action takes no new sources."""
    if record.retracted:
        raise Conflict(f"{record.id} was retracted; a retracted action takes no new sources")
    if source.claim in {s.claim for s in (*record.action.sources, *record.corroborations)}:
        return []
    if len(record.action.sources) + len(record.corroborations) >= MAX_SOURCES:
        raise InvalidInput("source", f"an action keeps at most {MAX_SOURCES} sources")
    return [
        ActionCorroborated(
            originator_id=record.id,
            originator_version=record.version + 1,
            timestamp=now,
            source=source,
            recorded_by=recorded_by,
        )
    ]


def decide_shred(
    record: ActionRecord, source_id: str, now: datetime, recorded_by: str | None = None
) -> list[DomainEvent]:
    """Say that one of the action's sources was shredded. Its key is destroyed by the store, not
    here: the event is the record that it happened, and when. Twice is once."""
    if source_id in record.shredded:
        return []
    return [
        SourceShredded(
            originator_id=record.id,
            originator_version=record.version + 1,
            timestamp=now,
            source_id=source_id,
            recorded_by=recorded_by,
        )
    ]
