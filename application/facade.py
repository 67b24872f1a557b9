"""The facade the CLI and the HTTP API call: plain data in, plain data out.

It is the thin public face of dtl's commands and questions. Each method reads its arguments
(dtl.application.arguments), then either decides and records through the write side, or
catches the view up with the log, asks one question of it (dtl.projections.questions) and
stamps the answer with the log position it reflects: a question asked right after a record
sees it, on either backend.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from dtl.application import arguments as arg
from dtl.application import reference, settings
from dtl.application.imports import Importer, Progress
from dtl.application.store import Store
from dtl.application.writer import Clock, Pending, summary, utc_now
from dtl.domain.actions import build_action, parse_changes, parse_input
from dtl.domain.dates import FuzzyDate
from dtl.domain.errors import InvalidInput, ViewStopped
from dtl.projections.view import TimelineViewMixin

if TYPE_CHECKING:
    from dtl.application.projector import Projector
    from dtl.domain.observations import Observation

EXPORTS = ("measures", "actions", "observations")  # what `dtl export` writes (docs/export.md)


class Dtl:
    """Opens its store on first use, so a command checks its own arguments before it touches
    any store: bad input is bad input, whatever the store. `with Dtl(...)` opens it at once."""

    def __init__(
        self, store: str | None = None, clock: Clock | None = None, create: bool = True,
        principal: str | None = None,
    ):  # fmt: skip
        self._location, self._clock, self._create = store, clock, create
        # Who writes through this facade unless a write names someone (an API token's name).
        self.principal = arg.principal(principal) if principal is not None else None
        self._import_batch = settings.import_batch()  # a bad setting is refused before anything
        # Set when catch-up met an event it cannot apply (see Projector.catch_up): answers then
        # come from what was projected, and say so; front ends warn.
        self.stopped: ViewStopped | None = None

    @property
    def clock(self) -> Clock | None:
        """The clock this facade records by (None: the wall clock)."""
        return self._clock

    def what_if(
        self, question: str, arguments: dict[str, Any], suppose: list[dict[str, Any]], without: list[str]
    ) -> dict[str, Any]:
        """Ask `question` (a facade method, with these arguments) as if the `suppose`d actions had
        been recorded and the actions `without` retracted; nothing is stored (application/what_if.py)."""
        from dtl.application.what_if import QUESTIONS, supposing

        if question not in QUESTIONS:
            raise InvalidInput("question", f"ask one of {', '.join(QUESTIONS)}, not {question[:40]!r}")
        with supposing(self, suppose, without) as (copy, supposed):
            try:
                answer = getattr(copy, question)(**arguments)
            except TypeError as exc:  # an argument the question does not take
                raise InvalidInput("arguments", str(exc).split(") ", 1)[-1]) from None
        return {"hypothetical": supposed, **answer}

    @cached_property
    def store(self) -> Store:
        return Store(self._location, self._clock, self._create)

    @cached_property
    def projector(self) -> Projector:
        return self.store.projector

    @cached_property
    def imports(self) -> Importer:
        return Importer(self.store, self.catch_up, self._import_batch)

    def open(self) -> Dtl:
        """Open the store now (creating it if this facade may), rather than on first use."""
        self.store  # noqa: B018 - opened by being read
        return self

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.close()

    def __enter__(self) -> Dtl:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def catch_up(self, progress: Progress | None = None) -> int:
        """Bring the views up to the log; an event they cannot take stops them before it
        (recorded in `stopped`, never raised: the store keeps answering from what it has)."""
        keys = self.store.writer.mapper.source_keys
        if keys is not None:
            keys.refresh()  # a key another process destroyed is not used here either
        try:
            applied = self.projector.catch_up(progress)
        except ViewStopped as stop:
            self.stopped = stop
            return 0
        self.stopped = None
        return applied

    def position(self) -> int:
        return self.projector.position()

    def _answer(self, ask: Callable[[TimelineViewMixin], dict[str, Any]]) -> dict[str, Any]:
        """Catch up, ask the view, stamp the position the answer reflects (and, if the views
        stopped at an event they cannot take, where and why). The position is read before the
        question is asked: another process may move the view meanwhile, and an answer must
        never claim more than it reflects."""
        self.catch_up()
        position = self.projector.position()
        return self._stamped(ask(self.store.view), position)

    def _stamped(self, answer: dict[str, Any], position: int | None = None) -> dict[str, Any]:
        answer["position"] = self.projector.position() if position is None else position
        if self.stopped is not None:
            answer["stopped"] = {"position": self.stopped.position, "reason": self.stopped.reason}
        return answer

    # -- commands ------------------------------------------------------------------------------
    def _by(self, recorded_by: str | None) -> None:
        """Every write says who made it: the caller's name, or this facade's principal."""
        self.store.writer.principal = arg.principal(recorded_by) if recorded_by else self.principal

    def record(self, raw: dict[str, Any], recorded_by: str | None = None) -> dict[str, Any]:
        given = parse_input(raw)
        resolved = {
            "after": self._earlier(given.after),
            "in_response_to": self._earlier(given.in_response_to),
        }
        action, key = build_action(given.model_copy(update=resolved))
        self._check_after(action)
        self._check_answers(action)
        self._by(recorded_by)
        outcomes = self.store.writer.record([Pending(action, key)])
        self.catch_up()
        return self._stamped(summary(outcomes))

    def _earlier(self, refs: list[str]) -> list[str]:
        """The full ids of the actions an action is said to come after (`--after`)."""
        return [str(self.resolve_id(ref)) for ref in refs]

    def _check_answers(self, action: Any) -> None:
        """What an action answers (`--in-response-to`) cannot be dated wholly after it."""
        from dtl.domain.decisions import check_answers

        for answered in action.in_response_to:
            record = self.store.writer.load_action(UUID(answered))
            if record is not None:
                check_answers(action, record.action, answered)

    def _check_after(self, action: Any) -> None:
        """`--after X` orders actions whose dates leave their order open; X dated wholly later
        cannot come first."""
        if not action.after:
            return
        from dtl.projections.questions.actions import show

        for earlier in action.after:
            other = show(self.store.view, earlier)
            window = FuzzyDate.parse(other["on"])
            if window.earliest >= action.date.latest_exclusive:
                raise InvalidInput(
                    "after", f"{earlier[:8]} is dated {other['on']}, after {action.on}: it cannot come first"
                )

    def correct(
        self, ref: str, changes: dict[str, Any], reason: str, source: dict[str, Any] | None = None,
        recorded_by: str | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        action_id = self.resolve_id(ref)
        parsed = parse_changes({k: v for k, v in changes.items() if v is not None})
        self._by(recorded_by)
        record = self.store.writer.correct(action_id, parsed, arg.reason(reason), arg.source(source))
        self.catch_up()
        return {"corrected": str(action_id), "revision": record.version, "action": self.show(str(action_id))}

    def retract(
        self, ref: str, reason: str, source: dict[str, Any] | None = None, recorded_by: str | None = None
    ) -> dict[str, Any]:
        action_id = self.resolve_id(ref)
        self._by(recorded_by)
        self.store.writer.retract(action_id, arg.reason(reason), arg.source(source))
        self.catch_up()
        return {"retracted": str(action_id)}

    def corroborate(self, ref: str, source: dict[str, Any], recorded_by: str | None = None) -> dict[str, Any]:
        """One more source for an action, as a new event; the same source twice adds nothing."""
        from dtl.projections.questions.common import action_sources

        parsed = arg.source(source)
        if parsed is None:
            raise InvalidInput("source.name", "give the source to add")
        action_id = self.resolve_id(ref)
        self._by(recorded_by)
        _, new = self.store.writer.corroborate(action_id, parsed)
        return self._answer(lambda view: {
            "corroborated": str(action_id),
            "new": new,
            "sources": action_sources(view, [str(action_id)]).get(str(action_id), []),
        })  # fmt: skip

    def shred_plan(self, ids: list[str], name: str | None = None) -> list[dict[str, Any]]:
        """The sources `dtl shred-source` would destroy, for a person to confirm."""
        from dtl.application.shredding import plan

        return plan(self, ids, name)

    def shred(self, chosen: list[dict[str, Any]], recorded_by: str | None = None) -> dict[str, Any]:
        """Destroy the chosen sources' keys (application/shredding.py); the actions stay."""
        from dtl.application.shredding import shred

        return shred(self, chosen, recorded_by)

    def link(self, ref: str, responds_to: str, recorded_by: str | None = None) -> dict[str, Any]:
        """Say, as a new event, that an action answered another: why it happened. A link that
        would close a cycle is refused, naming the cycle; the same link twice adds nothing."""
        from dtl.projections.questions.lens import EVERYTHING
        from dtl.projections.questions.why import path

        action_id, answered = self.resolve_id(ref), self.resolve_id(responds_to)

        def cycle() -> list[str] | None:
            # The link closes a cycle if this action is among those `answered` answered.
            self.catch_up()
            return path(self.store.view, str(answered), str(action_id), EVERYTHING)

        self._by(recorded_by)
        new = self.store.writer.link(action_id, answered, cycle)
        self.catch_up()
        return {"linked": str(action_id), "responds_to": str(answered), "new": new}

    def why(
        self, x: str, y: str, at: str, as_known_at: str | None = None, min_grade: str | None = None,
        as_reported_at: str | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        """The chain behind each measure in force between X and Y on a day."""
        from dtl.projections.questions.why import why

        a, b = arg.pair(x, y)
        day, lens = arg.day("at", at), arg.lens(as_known_at, as_reported_at, min_grade)
        return self._answer(lambda view: why(view, a, b, day, lens))

    # -- imports -------------------------------------------------------------------------------
    def import_file(
        self, path: Path | str, fmt: str | None = None, progress: Progress | None = None,
        recorded_by: str | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        """Import a file (see dtl.application.imports); its format is told from its content
        unless given."""
        self._by(recorded_by)
        return self.imports.file(path, fmt, progress)

    def import_lines(
        self, lines: Iterable[tuple[int, str]], recorded_by: str | None = None
    ) -> dict[str, Any]:
        """JSONL lines: every line is checked, then all are recorded in one transaction, or none."""
        from dtl.application.importers import parse_jsonl

        self._by(recorded_by)
        return self.imports.actions(parse_jsonl(lines))

    def record_observations(self, observations: Iterable[Observation]) -> dict[str, int]:
        """One batch, one transaction; already-stored source ids are counted, not written."""
        return self.imports.observations(observations)

    # -- questions -----------------------------------------------------------------------------
    # Every question takes the same three readings of the record (projections/questions/lens.py):
    # as_known_at (the store's recording clock), as_reported_at (the sources' publication
    # clock) and min_grade (the sources' grade).
    def state(
        self, x: str, y: str, at: str, as_known_at: str | None = None, min_grade: str | None = None,
        as_reported_at: str | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        from dtl.projections.questions.state import state

        a, b = arg.pair(x, y)
        day, lens = arg.day("at", at), arg.lens(as_known_at, as_reported_at, min_grade)
        return self._answer(lambda view: state(view, a, b, day, lens))

    def roster(
        self, org: str, at: str, as_known_at: str | None = None, min_grade: str | None = None,
        as_reported_at: str | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        from dtl.projections.questions.roster import roster

        code = arg.organisation(org)
        day, lens = arg.day("at", at), arg.lens(as_known_at, as_reported_at, min_grade)
        return self._answer(lambda view: roster(view, code, day, lens))

    def recognition(
        self, recognized: str, at: str, as_known_at: str | None = None, min_grade: str | None = None,
        as_reported_at: str | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        """Who recognizes an actor on a day, a list and a count, and who had withdrawn by then."""
        from dtl.projections.questions.recognition import recognition

        code = arg.actor("recognized", recognized)
        day, lens = arg.day("at", at), arg.lens(as_known_at, as_reported_at, min_grade)
        return self._answer(lambda view: recognition(view, code, day, lens))

    def treaties(
        self, x: str, y: str, at: str, as_known_at: str | None = None, min_grade: str | None = None,
        as_reported_at: str | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        """The treaties between two parties on a day, whether in force for both, and their obligations."""
        from dtl.projections.questions.treaties import treaties_between

        a, b = arg.pair(x, y)
        day, lens = arg.day("at", at), arg.lens(as_known_at, as_reported_at, min_grade)
        return self._answer(lambda view: treaties_between(view, a, b, day, lens))

    def parties(
        self, treaty: str, at: str, as_known_at: str | None = None, min_grade: str | None = None,
        as_reported_at: str | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        """A treaty's parties on a day, by standing, and who had left by then."""
        from dtl.projections.questions.treaties import parties

        code = arg.treaty(treaty)
        day, lens = arg.day("at", at), arg.lens(as_known_at, as_reported_at, min_grade)
        return self._answer(lambda view: parties(view, code, day, lens))

    def roster_history(
        self, org: str, as_known_at: str | None = None, min_grade: str | None = None,
        as_reported_at: str | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        """Every spell (membership, partnership, suspension, block, ...) of an organisation."""
        from dtl.projections.questions.roster import roster_history

        code = arg.organisation(org)
        lens = arg.lens(as_known_at, as_reported_at, min_grade)
        return self._answer(lambda view: roster_history(view, code, lens))

    def observations(
        self,
        x: str,
        y: str,
        start: str | None = None,
        end: str | None = None,
        as_known_at: str | None = None,
        limit: int | None = 20,
        as_reported_at: str | None = None,
    ) -> dict[str, Any]:
        """Machine-coded observations between two actors, newest first, with a summary."""
        from dtl.projections.questions.observations import observation_summary, observations

        a, b = arg.actor("x", x), arg.actor("y", y)
        if a == b:
            raise InvalidInput("y", "name two different actors")
        s, e = arg.optional_period(start, end)
        lens, most = arg.lens(as_known_at, as_reported_at, None), arg.limit(limit)

        def ask(view: TimelineViewMixin) -> dict[str, Any]:
            answer = observations(view, a, b, s, e, lens, most)
            answer["summary"] = observation_summary(view, a, b, s, e, lens)
            return {**answer, "as_known_at": lens.known_text, "as_reported_at": lens.reported_text}

        return self._answer(ask)

    def history(
        self, x: str, y: str, as_known_at: str | None = None, min_grade: str | None = None,
        as_reported_at: str | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        from dtl.projections.questions.history import history

        a, b = arg.actor("x", x), arg.actor("y", y)
        lens = arg.lens(as_known_at, as_reported_at, min_grade)
        return self._answer(lambda view: history(view, a, b, lens))

    def timeline(self, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        """The actions only; timeline_report takes the same arguments and says what was left out."""
        return self.timeline_report(*args, **kwargs)["actions"]

    def timeline_report(
        self,
        actor: str | None = None,
        pair: tuple[str, str] | None = None,
        start: str | None = None,
        end: str | None = None,
        types: list[str] | None = None,
        as_known_at: str | None = None,
        limit: int | None = None,
        text: str | None = None,
        min_grade: str | None = None,
        as_reported_at: str | None = None,
        recorded_by: str | None = None,
    ) -> dict[str, Any]:
        from dtl.projections.questions.timeline import timeline

        code, codes = arg.actor_or_pair(actor, pair)
        reference.check_types(types)
        s, e = arg.fuzzy_date("from", start), arg.fuzzy_date("to", end)
        lens, most = arg.lens(as_known_at, as_reported_at, min_grade), arg.limit(limit)
        words = arg.search_text(text) if text is not None else None
        who = arg.principal(recorded_by) if recorded_by is not None else None
        return self._answer(lambda view: timeline(view, code, codes, s, e, types, lens, most, words, who))

    def diff(
        self,
        start: str | None,
        end: str | None,
        actor: str | None = None,
        pair: tuple[str, str] | None = None,
        as_known_at: str | None = None,
        min_grade: str | None = None,
        as_reported_at: str | None = None,
        reported_since: str | None = None,
    ) -> dict[str, Any]:
        """Every measure opened or closed between two days, grouped by pair, with its event; or,
        with reported_since, what the sources published after that day changed in them."""
        from dataclasses import replace

        from dtl.projections.questions.diff import diff

        code, codes = arg.actor_or_pair(actor, pair)
        lens = arg.lens(as_known_at, as_reported_at, min_grade)
        since = None
        if reported_since is not None:
            since = arg.fuzzy_date("reported-since", reported_since).last_day  # type: ignore[union-attr]
            if lens.reported is None:  # "reported since R1": up to today's reports
                lens = replace(lens, reported=(self._clock or utc_now)().date())
            if since >= lens.reported:  # type: ignore[operator]
                raise InvalidInput("reported-since", f"is not before --as-reported-at ({lens.reported})")
            s, e = arg.optional_period(start, end)
        else:
            if start is None or end is None:
                missing = "from" if start is None else "to"
                raise InvalidInput(missing, "give the period: --from and --to (or --reported-since)")
            s, e = arg.period(start, end)
        return self._answer(lambda view: diff(view, s, e, code, codes, lens, since))

    def scores(
        self,
        x: str,
        y: str | None = None,
        by: str = "month",
        start: str | None = None,
        end: str | None = None,
        as_known_at: str | None = None,
        min_grade: str | None = None,
        as_reported_at: str | None = None,
    ) -> dict[str, Any]:
        """Event counts per QuadClass and Goldstein sum and mean per period (see
        dtl.projections.questions.scores)."""
        from dtl.projections.questions.scores import PERIODS, scores

        a = arg.actor("x", x)
        b = arg.pair(x, y)[1] if y is not None else None
        if by not in PERIODS:
            raise InvalidInput("by", f"use one of {', '.join(PERIODS)}")
        s, e = arg.optional_period(start, end)
        lens = arg.lens(as_known_at, as_reported_at, min_grade)
        return self._answer(lambda view: scores(view, a, b, by, s, e, lens))

    def network(
        self, at: str, aspect: str | None = None, as_known_at: str | None = None,
        min_grade: str | None = None, as_reported_at: str | None = None, links: bool = False,
    ) -> dict[str, Any]:  # fmt: skip
        """Actors as nodes and the measures in force on a day as directed edges; with `links`,
        also who answered whom (the causal links between actions dated by the day)."""
        from dtl.projections.questions.network import network

        day = arg.day("at", at)
        reference.check_aspect(aspect)
        lens = arg.lens(as_known_at, as_reported_at, min_grade)
        return self._answer(lambda view: network(view, day, aspect, lens, links))

    def export(self, kind: str, as_known_at: str | None = None) -> tuple[int, Iterator[list[dict[str, Any]]]]:
        """Every measure, action or observation (as known at a time), in batches, for `dtl export`;
        with the log position they reflect."""
        from dtl.projections.questions import export

        if kind not in EXPORTS:
            raise InvalidInput("what", f"export one of {', '.join(EXPORTS)}, not {kind[:40]!r}")
        lens = arg.lens(as_known_at, None, None)
        self.catch_up()
        return self.projector.position(), getattr(export, kind)(self.store.view, lens)

    def show(self, ref: str) -> dict[str, Any]:
        from dtl.projections.questions.actions import show

        action_id = str(self.resolve_id(ref))  # caught up
        return show(self.store.view, action_id)

    def resolve_id(self, ref: str) -> UUID:
        from dtl.projections.questions.actions import resolve

        text = arg.action_ref(ref)
        self.catch_up()
        return UUID(resolve(self.store.view, text))

    # -- reference data (no store needed) ------------------------------------------------------
    actors = staticmethod(reference.actors)
    catalogue = staticmethod(reference.catalogue)
