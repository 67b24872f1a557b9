"""The timeline fold: actions in valid-time order -> measures as intervals, plus violations.

One pure function serves both sides: the write side checks a new action by folding the
timeline with the action inserted (history arrives out of order), and the projection folds
the same entries to materialise intervals. Order is by valid time only, so answers never
depend on the order in which history was recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel, ConfigDict

from dtl.domain.actions import ActionData
from dtl.domain.catalogue import Effect, Rule
from dtl.domain.dates import FuzzyDate


class Entry(BaseModel):
    """A measure-affecting action as it stands now (after corrections)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    action_id: str
    action: ActionData

    @property
    def date(self) -> FuzzyDate:
        return self.action.date

    def describe(self) -> str:
        return f"{self.action_id[:8]} ({self.action.type}, {self.action.on})"


MeasureKey = tuple[tuple[str, str], str, str | None, str | None]  # pair, aspect, holder, forum


@dataclass
class Interval:
    pair: tuple[str, str]
    aspect: str
    holder: str | None
    forum: str | None
    status: str
    since: str
    opened_by: str
    scope: str | None = None
    condition: str | None = None
    until: str | None = None
    closed_by: str | None = None
    initiators: tuple[str, ...] = field(default=())

    @property
    def key(self) -> MeasureKey:
        return (self.pair, self.aspect, self.holder, self.forum)

    @property
    def since_date(self) -> FuzzyDate:
        return FuzzyDate.parse(self.since)

    @property
    def until_date(self) -> FuzzyDate | None:
        return FuzzyDate.parse(self.until) if self.until else None


@dataclass(frozen=True)
class Violation:
    action_id: str
    message: str
    conflicting: tuple[str, ...] = ()


_REQUIRES = {Rule.BY_MEMBER_OF_FORUM, Rule.TARGET_MEMBER_OF_FORUM, Rule.TARGET_APPLICANT}


def same_day_rank(entry: Entry) -> int:
    """On one day, what others depend on comes first: plain openings (an application), then
    openings that need something in force (a block needs the application), then closings,
    then admissions (which need every block lifted)."""
    kind = entry.action.action_type
    if Rule.NO_ACCESSION_BLOCK in kind.rules:
        return 3
    if kind.effect is Effect.CLOSE:
        return 2
    return 1 if _REQUIRES.intersection(kind.rules) else 0


def order_key(entry: Entry) -> tuple[date, int, date, str]:
    """Earliest possible day first, then dependencies; never the order of recording."""
    window = entry.date
    return (window.earliest, same_day_rank(entry), window.latest_exclusive, entry.action_id)


@dataclass
class _State:
    open: dict[MeasureKey, Interval] = field(default_factory=dict)
    closed: list[Interval] = field(default_factory=list)
    by_id: dict[str, Entry] = field(default_factory=dict)

    def find(self, pair: tuple[str, str], aspect: str, holder: str | None, forum: str | None):
        return self.open.get((pair, aspect, holder, forum))

    def is_member(self, org: str, actor: str) -> Interval | None:
        return self.find(_pair(org, actor), "membership", actor, org)

    def close(self, interval: Interval, entry: Entry) -> None:
        del self.open[interval.key]
        interval.until = entry.action.on
        interval.closed_by = entry.action_id
        self.closed.append(interval)


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _describe(state: _State, action_id: str) -> str:
    entry = state.by_id.get(action_id)
    return entry.describe() if entry else action_id[:8]


def fold(entries: Iterable[Entry]) -> tuple[list[Interval], list[Violation]]:
    """Replay entries in valid-time order; return every interval and every rule broken."""
    state = _State()
    violations: list[Violation] = []
    for entry in sorted(entries, key=order_key):
        state.by_id[entry.action_id] = entry
        violations.extend(_apply(state, entry))
    intervals = state.closed + list(state.open.values())
    intervals.sort(key=lambda i: (i.since_date.earliest, i.pair, i.aspect, i.holder or "", i.opened_by))
    return intervals, violations


def _apply(state: _State, entry: Entry) -> list[Violation]:
    action = entry.action
    kind = action.action_type
    if kind.effect is Effect.INSTANT:
        return []
    found: list[Violation] = []
    forum = action.resolved_forum
    when = action.on
    for initiator in action.by:
        first, second = kind.pair
        pair = _pair(action.role(first, initiator), action.role(second, initiator))
        holder = action.role(kind.holder, initiator) if kind.holder else None
        measure_forum = forum
        found.extend(_check_rules(state, entry, initiator, holder, pair))
        if kind.effect is Effect.OPEN:
            current = state.find(pair, kind.aspect, holder, measure_forum)
            if current is not None and current.status == kind.status:
                found.append(
                    Violation(
                        entry.action_id,
                        f"{kind.aspect} on {'-'.join(pair)}"
                        f"{' by ' + holder if holder else ''} is already {kind.status} since "
                        f"{current.since} by {_describe(state, current.opened_by)}: a duplicate",
                        (current.opened_by,),
                    )
                )
                continue
            if current is not None:  # a change of degree, e.g. a restriction becomes a halt
                state.close(current, entry)
            for aspect in kind.closes_too:
                extra = state.find(pair, aspect, holder, measure_forum)
                if extra is not None:
                    state.close(extra, entry)
            opened = Interval(
                pair=pair,
                aspect=kind.aspect,
                holder=holder,
                forum=measure_forum,
                status=kind.status,
                since=when,
                opened_by=entry.action_id,
                scope=action.scope,
                condition=action.condition,
                initiators=action.by,
            )
            state.open[opened.key] = opened
        else:
            targets = [
                interval
                for interval in state.open.values()
                if interval.pair == pair
                and interval.aspect == kind.aspect
                and interval.forum == measure_forum
                and (kind.closes_any_holder or interval.holder == holder)
            ]
            if not targets:
                who = f" by {holder}" if holder else ""
                found.append(
                    Violation(
                        entry.action_id,
                        f"nothing to end: no {kind.aspect}{who} on {'-'.join(pair)} is in force "
                        f"at {when} ({kind.name} by {initiator}, {entry.action_id[:8]})",
                    )
                )
                continue
            for interval in targets:
                state.close(interval, entry)
            for aspect in kind.closes_too:
                extra = state.find(pair, aspect, holder, measure_forum)
                if extra is not None:
                    state.close(extra, entry)
    return found


def _check_rules(
    state: _State, entry: Entry, initiator: str, holder: str | None, pair: tuple[str, str]
) -> list[Violation]:
    action = entry.action
    kind = action.action_type
    forum = action.resolved_forum
    found = []
    for rule in kind.rules:
        if rule is Rule.BY_MEMBER_OF_FORUM and not state.is_member(forum, initiator):
            found.append(
                Violation(entry.action_id, f"{initiator} is not a member of {forum} at {action.on}")
            )
        elif rule is Rule.TARGET_MEMBER_OF_FORUM and not state.is_member(forum, action.target):
            found.append(
                Violation(
                    entry.action_id, f"{action.target} is not a member of {forum} at {action.on}"
                )
            )
        elif rule is Rule.HOLDER_NOT_MEMBER and holder and (m := state.is_member(forum, holder)):
            found.append(
                Violation(
                    entry.action_id,
                    f"{holder} is already a member of {forum} at {action.on} "
                    f"(since {m.since}, {_describe(state, m.opened_by)})",
                    (m.opened_by,),
                )
            )
        elif rule is Rule.TARGET_APPLICANT and not state.find(
            _pair(forum, action.target), "application", action.target, forum
        ):
            found.append(
                Violation(
                    entry.action_id,
                    f"{action.target} has no application to {forum} in force at {action.on}",
                )
            )
        elif rule is Rule.NO_ACCESSION_BLOCK and holder:
            blocks = [
                i
                for i in state.open.values()
                if i.pair == _pair(forum, holder) and i.aspect == "accession-block"
            ]
            for block in blocks:
                found.append(
                    Violation(
                        entry.action_id,
                        f"{block.holder} is blocking {holder}'s accession to {forum} at "
                        f"{action.on} ({_describe(state, block.opened_by)})",
                        (block.opened_by,),
                    )
                )
    return found

