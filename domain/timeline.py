"""The timeline fold: actions in valid-time order -> measures as intervals, plus violations.

One pure function serves both sides: the write side checks a new action by folding the
timeline with the action inserted (history arrives out of order), and the projection folds
the same entries to materialise intervals. Order is by valid time only, so answers never
depend on the order in which history was recorded.

Dates are windows ("2022-05": sometime in May). The fold looks for an order of the entries
that some choice of days inside their windows allows (earlier windows first; on one day, the
catalogue's dependency order, or the order the user stated with `after`) and under which no
rule is broken. It tries the plainest order first (each window's first day); only where that
breaks a rule does it try others. If one is found, nothing must conflict and every interval's
start and end are narrowed to what that order implies: a block dated "2022-05" that must follow
an application of 2022-05-18 began between the 18th and the 31st, and the interval says the
order was assumed. If none is, the plain order's violations are the answer. So a recording is
refused only when it MUST conflict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

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
    # The windows the chosen order leaves for the start and the end (narrower than the dates'
    # own when the order requires it), and what the answer must say about the order.
    announced: bool = False  # opened by an action announced to take effect, not yet confirmed
    since_lo: date | None = None
    since_hi: date | None = None
    until_lo: date | None = None
    until_hi: date | None = None
    notes: list[str] = field(default_factory=list)

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


def tie_key(entry: Entry, last: frozenset[str] = frozenset()) -> tuple[int, bool, str]:
    """On one day: the catalogue's dependency order, then the id (a fixed, arbitrary order);
    entries in `last` (an action being decided on) after the others of their rank."""
    return (same_day_rank(entry), entry.action_id in last, entry.action_id)


Tie = Callable[[Entry], tuple[int, bool, str]]


@dataclass
class _State:
    open: dict[MeasureKey, Interval] = field(default_factory=dict)
    closed: list[Interval] = field(default_factory=list)
    by_id: dict[str, Entry] = field(default_factory=dict)
    pairs: frozenset[tuple[str, str]] | None = None  # fold only these pairs' facts (None: all)
    days: dict[str, date] = field(default_factory=dict)  # the earliest day each entry can have
    assumed: dict[str, str] = field(default_factory=dict)  # why an entry's place was chosen
    # While searching for an order: how to undo each change, latest last (see rollback).
    journal: list[Callable[[], object]] = field(default_factory=list)

    def find(self, pair: tuple[str, str], aspect: str, holder: str | None, forum: str | None):
        return self.open.get((pair, aspect, holder, forum))

    def is_member(self, org: str, actor: str) -> Interval | None:
        return self.find(_pair(org, actor), "membership", actor, org)

    def place(self, entry: Entry, day: date, assumed: str | None = None) -> None:
        for mapping, value in ((self.by_id, entry), (self.days, day), (self.assumed, assumed)):
            if value is not None:
                self._put(mapping, entry.action_id, value)

    def _put(self, mapping: dict, key: Any, value: Any) -> None:
        if key in mapping:
            old = mapping[key]
            self.journal.append(lambda: mapping.__setitem__(key, old))
        else:
            self.journal.append(lambda: mapping.pop(key))
        mapping[key] = value

    def start(self, interval: Interval) -> None:
        self._put(self.open, interval.key, interval)

    def note(self, interval: Interval, text: str) -> None:
        interval.notes.append(text)
        self.journal.append(interval.notes.pop)

    def close(self, interval: Interval, entry: Entry) -> None:
        fields = (interval.until, interval.closed_by, interval.until_lo, interval.until_hi)
        self.journal.append(lambda: self._reopen(interval, fields))
        del self.open[interval.key]
        interval.until = entry.action.on
        interval.closed_by = entry.action_id
        window = entry.date
        interval.until_lo = self.days.get(entry.action_id, window.earliest)
        interval.until_hi = window.latest_exclusive
        self.closed.append(interval)
        if self.assumed.get(entry.action_id):
            self.note(interval, f"ended: {self.assumed[entry.action_id]}")

    def _reopen(self, interval: Interval, fields: tuple) -> None:
        self.closed.pop()
        interval.until, interval.closed_by, interval.until_lo, interval.until_hi = fields
        self.open[interval.key] = interval

    def rollback(self, mark: int) -> None:
        """Undo every change made since the journal had `mark` entries."""
        while len(self.journal) > mark:
            self.journal.pop()()


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _describe(state: _State, action_id: str) -> str:
    entry = state.by_id.get(action_id)
    return entry.describe() if entry else action_id[:8]


def fold(
    entries: Iterable[Entry], pairs: Iterable[tuple[str, str]] | None = None, last: Iterable[str] = ()
) -> tuple[list[Interval], list[Violation]]:
    """Replay entries in an order their windows allow and under which no rule is broken, if
    there is one (the plainest first); else in the plain order. Return every interval (with
    the windows the order leaves it) and every rule broken.

    `pairs`: the entries are only those of these pairs (a view re-folding one pair), so a rule
    that reads another pair's facts (is the vetoer a member?) is not checked: the action's
    docket checked it when it was recorded.

    `last`: ids of entries being decided on, placed after the others where the order is
    otherwise arbitrary (one day, one rank), so a conflict names what is already recorded."""
    late = frozenset(last)

    def tie(entry: Entry) -> tuple[int, bool, str]:
        return tie_key(entry, late)

    # The plain order: order_key's, with `last` entries after the others they tie with.
    entries = sorted(
        entries, key=lambda e: (e.date.earliest, same_day_rank(e), e.date.latest_exclusive, tie(e))
    )
    only = frozenset(pairs) if pairs is not None else None
    found = _search(entries, only, tie)
    if found is None:
        state, violations = _replay(entries, _plain_days(entries), only)
    else:
        state, violations = found, []
    intervals = state.closed + list(state.open.values())
    intervals.sort(key=lambda i: (i.since_date.earliest, i.pair, i.aspect, i.holder or "", i.opened_by))
    return intervals, violations


SEARCH_BUDGET = 20_000  # orders tried before giving up and taking the plain order


def _segments(entries: list[Entry]) -> list[list[Entry]]:
    """Runs of entries whose windows overlap (transitively): between runs the order is fixed."""
    runs: list[list[Entry]] = []
    end = date.min
    for entry in entries:
        window = entry.date
        if runs and window.earliest < end:
            runs[-1].append(entry)
            end = max(end, window.latest_exclusive)
        else:
            runs.append([entry])
            end = window.latest_exclusive
    return runs


def _place(
    entry: Entry, day: date | None, key: tuple[int, bool, str] | None, tie: Tie = tie_key
) -> date | None:
    """The earliest day `entry` can have after an entry placed on `day` (with tie key `key`),
    or None if its window does not allow it."""
    window = entry.date
    candidate = window.earliest if day is None else max(window.earliest, day)
    if day is not None and candidate == day and key is not None and tie(entry) <= key:
        candidate = candidate + timedelta(days=1) if candidate < date.max else candidate
        if candidate == day:
            return None
    return candidate if candidate < window.latest_exclusive else None


def _plain_days(entries: list[Entry]) -> dict[str, date]:
    """The plain order's days: each window's first day."""
    return {e.action_id: e.date.earliest for e in entries}


def _orders(segment: list[Entry], tie: Tie = tie_key) -> Iterator[list[tuple[Entry, date]]]:
    """Every order of a segment that days inside its windows allow, the plainest first, each
    entry with the earliest day it can have in that order; `after` is obeyed."""
    ids = {e.action_id for e in segment}
    placed: list[tuple[Entry, date]] = []

    def extend(remaining: list[Entry]) -> Iterator[list[tuple[Entry, date]]]:
        if not remaining:
            yield list(placed)
            return
        day, key = (placed[-1][1], tie(placed[-1][0])) if placed else (None, None)
        done = {e.action_id for e, _ in placed}
        for i, entry in enumerate(remaining):
            if any(a in ids and a not in done for a in entry.action.after):
                continue  # stated to come after an entry not yet placed
            at = _place(entry, day, key, tie)
            if at is None:
                continue
            rest = remaining[:i] + remaining[i + 1 :]
            if any(_place(other, at, tie(entry), tie) is None for other in rest):
                continue  # some other entry could no longer follow: this cannot come first
            placed.append((entry, at))
            yield from extend(rest)
            placed.pop()

    yield from extend(list(segment))


def _search(
    entries: list[Entry], pairs: frozenset[tuple[str, str]] | None = None, tie: Tie = tie_key
) -> _State | None:
    """The state after the first order (segment by segment, the plainest first) under which no
    rule is broken; None if there is none, or if finding one would take too long.

    Every change goes into the state's journal, so trying another order is a rollback, not a
    copy. When an entry breaks a rule, only segments that touch the pairs that entry reads can
    change that (conflict-directed backjumping): the search goes back to the latest such
    segment that has another order left, skipping the others."""
    segments = _segments(entries)
    budget = SEARCH_BUDGET
    frames: list[tuple[int, Iterator[list[tuple[Entry, date]]], int]] = []  # multi-entry segments
    state = _State(pairs=pairs)
    k = 0
    while k < len(segments):
        segment = segments[k]
        if len(segment) > 1:
            frames.append((k, _orders(segment, tie), len(state.journal)))
            touched: set[tuple[str, str]] | None = None
        else:  # one entry, one order
            entry = segment[0]
            failed = _apply_order(state, [(entry, entry.date.earliest)], segment)
            if failed is None:
                k += 1
                continue
            touched = _reads(failed)
        while True:  # the next order of the latest segment that could make a difference
            if not frames:
                return None
            index, orders, mark = frames[-1]
            if touched is not None and not any(_reads(e) & touched for e in segments[index]):
                frames.pop()  # reordering it cannot change what failed
                continue
            order = next(orders, None)
            if order is None:
                frames.pop()
                if touched is not None:
                    touched |= set().union(*(_reads(e) for e in segments[index]))
                continue
            budget -= 1
            if budget < 0:
                return None
            state.rollback(mark)
            failed = _apply_order(state, order, segments[index])
            if failed is None:
                k = index + 1
                break
            touched = (touched or set()) | _reads(failed)
    state.journal.clear()
    return state


def _reads(entry: Entry) -> set[tuple[str, str]]:
    """The pairs whose measures an entry changes or its rules read."""
    action = entry.action
    kind = action.action_type
    pairs = set(action.pairs())
    for initiator in action.by:
        holder = action.role(kind.holder, initiator) if kind.holder else None
        pairs |= {_consulted(rule, action, initiator, holder) for rule in kind.rules}
    return pairs


def _apply_order(state: _State, order: list[tuple[Entry, date]], segment: list[Entry]) -> Entry | None:
    """Apply a segment's entries in this order; the first entry that breaks a rule, or None."""
    plain = [e.action_id for e in segment]
    for position, (entry, day) in enumerate(order):
        moved = len(segment) > 1 and (day > entry.date.earliest or entry.action_id != plain[position])
        state.place(entry, day, _why(order[:position], entry) if moved else None)
        if _apply(state, entry):
            return entry
    return None


def _why(before: list[tuple[Entry, date]], entry: Entry) -> str:
    if not before:
        return ""
    shown = " and ".join(e.describe() for e, _ in before[-2:])
    return (
        f"order assumed: after {shown}, whose dates overlap its own (taking each date at its "
        "earliest would break a rule)"
    )


def _replay(
    entries: list[Entry], days: dict[str, date], pairs: frozenset[tuple[str, str]] | None = None
) -> tuple[_State, list[Violation]]:
    state = _State(pairs=pairs)
    violations: list[Violation] = []
    for entry in entries:
        state.place(entry, days[entry.action_id])
        violations.extend(_apply(state, entry))
    state.journal.clear()
    return state, violations


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
            status = action.status
            current = state.find(pair, kind.aspect, holder, measure_forum)
            if current is not None and current.status == status:
                found.append(
                    Violation(
                        entry.action_id,
                        f"{kind.aspect} on {'-'.join(pair)}"
                        f"{' by ' + holder if holder else ''} is already {status} since "
                        f"{current.since} by {_describe(state, current.opened_by)}: a duplicate",
                        (current.opened_by,),
                    )
                )
                continue
            if current is not None:  # a change of degree, e.g. a restriction becomes a halt
                state.close(current, entry)
                if current.until_lo == current.since_lo:
                    state.note(current, _replaced(state, current, entry))
            _close_too(state, entry, pair, holder, measure_forum)
            if action.instead_of:
                _switch(state, entry, initiator, holder, measure_forum)
            opened = Interval(
                pair=pair,
                aspect=kind.aspect,
                holder=holder,
                forum=measure_forum,
                status=status or "",
                since=when,
                opened_by=entry.action_id,
                scope=action.scope,
                condition=action.condition,
                initiators=action.by,
                announced=action.announced,
                since_lo=state.days.get(entry.action_id, entry.date.earliest),
                since_hi=entry.date.latest_exclusive,
            )
            if state.assumed.get(entry.action_id):
                opened.notes.append(f"began: {state.assumed[entry.action_id]}")  # a new interval
            state.start(opened)
        else:
            targets = [
                interval
                for interval in state.open.values()
                if interval.pair == pair
                and interval.aspect in (kind.aspect, *kind.ends_any)
                and interval.forum == measure_forum
                and (kind.closes_any_holder or interval.holder == holder)
            ]
            if not targets:
                who = f" by {holder}" if holder else ""
                found.append(
                    Violation(
                        entry.action_id,
                        f"nothing to end: no {kind.aspect}{who} on {'-'.join(pair)} is in force "
                        f"at {when} ({kind.name} by {initiator})",
                    )
                )
                continue
            for interval in targets:
                state.close(interval, entry)
            _close_too(state, entry, pair, holder, measure_forum)
            for aspect, status in kind.opens_too:  # restored relations are established again
                if state.find(pair, aspect, None, measure_forum) is None:
                    state.start(_opening(state, entry, pair, aspect, None, measure_forum, status))
    return found


def _close_too(
    state: _State, entry: Entry, pair: tuple[str, str], holder: str | None, forum: str | None
) -> None:
    """End the further aspects the type ends, if in force: the holder's, or a mutual one (a
    severance ends the relations both sides had established)."""
    for aspect in entry.action.action_type.closes_too:
        extra = state.find(pair, aspect, holder, forum) or state.find(pair, aspect, None, forum)
        if extra is not None:
            state.close(extra, entry)


def _switch(state: _State, entry: Entry, initiator: str, holder: str | None, forum: str | None) -> None:
    """A recognition moved from one claimant to another: the one towards the other claimant
    ends, if the record holds it; if not, the record is incomplete, not inconsistent (when
    Honduras first recognized Taipei need not be known to record that it switched)."""
    action = entry.action
    other = _pair(initiator, action.instead_of or "")
    if state.pairs is not None and other not in state.pairs:
        return  # a fact of another pair: that pair's fold ends it
    previous = state.find(other, action.action_type.aspect, holder, forum)
    if previous is not None:
        state.close(previous, entry)


def _opening(
    state: _State, entry: Entry, pair: tuple[str, str], aspect: str, holder: str | None,
    forum: str | None, status: str,
) -> Interval:  # fmt: skip
    action = entry.action
    return Interval(
        pair=pair,
        aspect=aspect,
        holder=holder,
        forum=forum,
        status=status,
        since=action.on,
        opened_by=entry.action_id,
        initiators=action.by,
        announced=action.announced,
        since_lo=state.days.get(entry.action_id, entry.date.earliest),
        since_hi=entry.date.latest_exclusive,
    )


def _consulted(rule: Rule, action: ActionData, initiator: str, holder: str | None) -> tuple[str, str]:
    """The pair whose measures a rule reads (a vetoer's membership is a fact of another pair)."""
    forum = action.resolved_forum or ""
    if rule is Rule.BY_MEMBER_OF_FORUM:
        return _pair(forum, initiator)
    if rule in (Rule.TARGET_MEMBER_OF_FORUM, Rule.TARGET_APPLICANT):
        return _pair(forum, action.target)
    return _pair(forum, holder or initiator)


def _replaced(state: _State, current: Interval, entry: Entry) -> str:
    """Two openings of one measure on one day are two facts: the first is not swallowed."""
    if current.opened_by in entry.action.after:
        return f"replaced the day it began by {entry.describe()}, recorded as coming after it"
    opener = state.by_id.get(current.opened_by)
    first = opener.describe() if opener else current.opened_by[:8]
    return (
        f"replaced the day it began by {entry.describe()}: both are recorded; on one day the "
        f"catalogue's order puts {first} first (record one --after the other to state their order)"
    )


def _check_rules(
    state: _State, entry: Entry, initiator: str, holder: str | None, pair: tuple[str, str]
) -> list[Violation]:
    action = entry.action
    kind = action.action_type
    forum = action.resolved_forum
    found = []
    for rule in kind.rules:
        if state.pairs is not None and _consulted(rule, action, initiator, holder) not in state.pairs:
            continue  # a fact of another pair: checked when the action was recorded
        if rule is Rule.BY_MEMBER_OF_FORUM and not state.is_member(forum, initiator):
            found.append(Violation(entry.action_id, f"{initiator} is not a member of {forum} at {action.on}"))
        elif rule is Rule.TARGET_MEMBER_OF_FORUM and not state.is_member(forum, action.target):
            found.append(
                Violation(entry.action_id, f"{action.target} is not a member of {forum} at {action.on}")
            )
        elif rule is Rule.HOLDER_MEMBER and holder and not state.is_member(forum, holder):
            found.append(Violation(entry.action_id, f"{holder} is not a member of {forum} at {action.on}"))
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
