"""The facade the CLI (and later HTTP) calls: plain data in, plain data out.

Every query first catches the view up with the event log, so a question asked right
after a record sees it, on either backend.
"""

from __future__ import annotations

import os
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

import orjson
from eventsourcing.persistence import InfrastructureFactory, IntegrityError, OperationalError

from application.app import Clock, Outcome, Pending, TimelineApp
from application.faults import checkpoint
from application.log_reader import LogReader, Note
from application.persistence import StoreConfig
from domain import catalogue as cat
from domain.actions import build_action, parse_changes, parse_input
from domain.actors import ActorKind, registry
from domain.dates import FuzzyDate, parse_known_at, parse_query_day
from domain.errors import InvalidInput, NotFound, StoreUnusable
from domain.provenance import Source
from projections import queries
from projections.view import SQLiteTimelineView, TimelineViewMixin, utc_text

# The topics the views project, spelled out so a query need not import the event classes;
# tests/test_projection.py holds them equal to get_topic() of those classes.
if TYPE_CHECKING:
    from application.bulk import ObservationWriter
    from domain.observations import Observation

ACTION_TOPICS = [
    "domain.events:ActionRecorded", "domain.events:ActionCorrected", "domain.events:ActionRetracted",
    "domain.events:ActionCorroborated",
]  # fmt: skip
OBSERVATION_TOPIC = "domain.observations:ObservationRecorded"
PROJECTED_TOPICS = [*ACTION_TOPICS, OBSERVATION_TOPIC]
_PROJECTED = frozenset(PROJECTED_TOPICS)
CATCH_UP_BATCH = 10_000
SQLITE_CACHE_KIB = 32 * 1024
IMPORT_BATCH = 10_000
Progress = Callable[[str, int, int], None]  # (stage, done, total)
CATCH_UP_CONTENTION_LIMIT = 50
_ID_PREFIX = re.compile(r"^[0-9a-fA-F-]{4,36}$")


def _field(field: str, parse, text: str):
    try:
        return parse(text)
    except ValueError as exc:
        raise InvalidInput(field, str(exc)) from None


class Dtl:
    def __init__(self, store: str | None = None, clock: Clock | None = None):
        self.config = StoreConfig.parse(store)
        with self.config.setting_up():
            self.app = TimelineApp(env=self.config.env, clock=clock)
            self._check_key()
            view_class = SQLiteTimelineView if self.config.kind == "sqlite" else _postgres_view()
            factory = InfrastructureFactory.construct(env=self._view_env())
            self.view: TimelineViewMixin = factory.tracking_recorder(view_class)  # type: ignore[assignment]
            self._factory = factory
        self.view.cipher = self.app.mapper.cipher
        self._writer: ObservationWriter | None = None
        self._log = LogReader(self.app.recorder, self.config.kind)
        if self.config.kind == "sqlite":
            self._enlarge_sqlite_cache()
        self.import_batch = int(os.environ.get("DTL_IMPORT_BATCH") or IMPORT_BATCH)
        self.catch_up_batch = int(os.environ.get("DTL_CATCH_UP_BATCH") or CATCH_UP_BATCH)

    def _check_key(self) -> None:
        """Say plainly whether this store and DTL_CIPHER_KEY belong together, before anything
        fails deep inside a decoder. The first stored event tells how the store was made."""
        first = self.app.recorder.select_notifications(start=None, limit=1)
        if not first:
            return
        state = first[0].state
        plain = _is_json_object(state)
        if self.config.encrypted and plain:
            self.close()
            raise StoreUnusable(
                "DTL_CIPHER_KEY is set but this store was created without encryption; unset it "
                "(or 'dtl log export' here and 'dtl log import' into a new store with the key)"
            )
        if not self.config.encrypted and not plain:
            self.close()
            raise StoreUnusable(
                "this store is encrypted: set DTL_CIPHER_KEY to the key it was created with"
            )
        if self.config.encrypted:
            try:
                self.app.mapper.cipher.decrypt(state)
            except Exception:  # the cipher raises its own library's error for a wrong key
                self.close()
                raise StoreUnusable("DTL_CIPHER_KEY does not open this store (wrong key)") from None

    def _view_env(self):
        from eventsourcing.utils import Environment

        return Environment("dtl_view", self.config.env)

    def close(self) -> None:
        self.app.close()
        if hasattr(self, "_factory"):
            self._factory.close()

    def __enter__(self) -> Dtl:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- projection ----------------------------------------------------------------------------
    def catch_up(self, progress: Progress | None = None) -> int:
        """Pull the log from the view's tracked position; apply in batches, each atomic.

        Several processes may catch up at once (every command does): whoever commits a batch
        first wins, the others find its rows or tracking record already there, re-read the
        position and go on from it."""
        applied = 0
        contended = 0
        target = self.app.recorder.max_notification_id() or 0 if progress else 0
        while True:
            position = self.view.position(self.app.name)
            notes = self._log.after(position, self.catch_up_batch)
            if not notes:
                return applied
            batch = [(self._decode(n), n[0]) for n in notes]
            try:
                applied += self.view.apply_batch(self.app.name, batch, checkpoint)
                contended = 0
                if progress:
                    progress("projecting", notes[-1].id, max(target, notes[-1].id))
            except (IntegrityError, OperationalError):
                contended += 1
                if contended > CATCH_UP_CONTENTION_LIMIT:
                    raise
                if self.view.position(self.app.name) == position:
                    time.sleep(random.uniform(0, 0.01 * contended))  # the other writer is mid-batch

    def position(self) -> int:
        return self.view.position(self.app.name)

    def _analyze(self) -> None:
        """After a bulk import, refresh PostgreSQL's statistics at once rather than whenever
        autovacuum gets to it: until then the planner may scan where an index would do."""
        from psycopg.sql import SQL, Identifier

        schema = Identifier(self.app.recorder.datastore.schema)
        tables = [self.app.recorder.events_table_name, "dtl_observations"]
        with self.app.recorder.datastore.transaction(commit=True) as c:
            for table in tables:
                c.execute(SQL("ANALYZE {}.{}").format(schema, Identifier(table)))

    def _enlarge_sqlite_cache(self) -> None:
        """SQLite's default page cache is 2 MB; bulk imports and catch-ups of millions of rows
        walk indexes far larger than that. 64 MB per connection (memory is only used as
        pages are read) keeps the hot index pages in memory."""
        for datastore in (self.app.recorder.datastore, self.view.datastore):
            with datastore.transaction(commit=False) as c:
                c.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")

    def log_after(self, position: int, limit: int) -> list[tuple[int, str, Any]]:
        """The next `limit` log entries after `position` as (position, topic, event), decoded
        as catch-up decodes them (None for an event no view needs): for followers such as the
        HTTP API's event stream."""
        return [(note[0], note[1], self._decode(note)) for note in self._log.after(position, limit)]

    def _decode(self, note: tuple[int, str, bytes]) -> Any:
        """(position, topic, state) -> a domain event, an observation row (a plain tuple), or
        None for an event no view needs."""
        if note[1] == OBSERVATION_TOPIC:
            return self._observation_row(note)
        if note[1] not in _PROJECTED:
            return None
        return self.app.mapper.to_domain_event(Note(*note))

    def _observation_row(self, note: tuple[int, str, bytes]) -> tuple:
        """The columns of ObservationRow, as a plain tuple (a named tuple costs 30% more here)."""
        state = note[2]
        mapper = self.app.mapper
        if mapper.cipher:
            state = mapper.cipher.decrypt(state)
        if mapper.compressor:
            state = mapper.compressor.decompress(state)
        event = orjson.loads(state)
        o = event["observation"]
        a, b = sorted((o["actor1"], o["actor2"]))
        return (
            note[0], event["originator_id"], o["system"], o["source_id"], o["on"], a, b,
            o["actor1"], o["actor2"], o["actor1_code"], o["actor2_code"], o["cameo"],
            o["goldstein"], o["quad_class"], o["plover"], o["published"], self.view.protect(o["url"]),
            o["mentions"], o["tone"], _stamp(event["timestamp"]),
        )  # fmt: skip

    # -- commands ------------------------------------------------------------------------------
    def record(self, raw: dict[str, Any]) -> dict[str, Any]:
        action, key = build_action(parse_input(raw))
        outcomes = self.app.record([Pending(action, key)])
        self.catch_up()
        return self._outcomes(outcomes)

    def import_lines(self, lines: Iterable[tuple[int, str]]) -> dict[str, Any]:
        """JSONL: every line is checked, then all are recorded in one transaction, or none."""
        from application.importers import parse_jsonl

        return self._import_actions(parse_jsonl(lines))

    def _import_actions(self, rows: Iterable[tuple[int, dict[str, Any]]]) -> dict[str, Any]:
        batch = []
        for number, raw in rows:
            try:
                action, key = build_action(parse_input(raw))
            except InvalidInput as exc:
                raise exc.at_line(number) from None
            batch.append(Pending(action, key, number))
        if not batch:
            raise InvalidInput("file", "holds no actions")
        outcomes = self.app.record(batch)
        self.catch_up()
        return self._outcomes(outcomes)

    def record_observations(self, observations: Iterable[Observation]) -> dict[str, int]:
        """One batch, one transaction; already-stored source ids are counted, not written."""
        new, duplicates = self._observation_writer().write(observations)
        return {"imported": new, "duplicates": duplicates}

    def _observation_writer(self) -> ObservationWriter:
        from application.bulk import ObservationWriter

        if self._writer is None:
            self._writer = ObservationWriter(self.app, self.config.kind)
        return self._writer

    def import_file(
        self, path: Path | str, fmt: str | None = None, progress: Progress | None = None
    ) -> dict[str, Any]:
        """Import a file; the format is guessed from its content unless given.

        The whole file's structure is checked first (widths, encoding), so a truncated or
        mangled file never touches the store. dtl's own JSONL/CSV are then recorded all or
        none, with the domain rules; GDELT and ICEWS rows stream through in batches of
        IMPORT_BATCH, one transaction each: a crash leaves whole batches, and re-running the
        import completes it, since each source id is stored once."""
        from application.importers import (
            FORMATS,
            check_structure,
            detect_format,
            numbered_lines,
            parse_csv,
            parse_gdelt,
            parse_icews,
            parse_jsonl,
        )

        path = Path(path)
        if path.is_dir():
            raise InvalidInput("file", f"{str(path)!r} is a directory")
        fmt = fmt or detect_format(path)
        if fmt not in FORMATS:
            raise InvalidInput("format", f"unknown format {fmt[:20]!r}; use one of {', '.join(FORMATS)}")
        total = check_structure(path, fmt)
        if fmt in ("jsonl", "csv"):
            rows = (parse_jsonl if fmt == "jsonl" else parse_csv)(numbered_lines(path))
            result = self._import_actions(rows)
            return {
                "format": fmt, "rows": total, "imported": len(result["recorded"]),
                "duplicates": len(result["already_recorded"]), "skipped": {}, **result,
            }  # fmt: skip
        if fmt == "icews":
            parsed = parse_icews(numbered_lines(path))
        else:
            parsed = parse_gdelt(numbered_lines(path), version=1 if fmt == "gdelt1" else 2)
        return self._import_observations(fmt, total, parsed, progress)

    def _import_observations(self, fmt: str, total: int, parsed: Iterable[Any], progress) -> dict[str, Any]:
        from application.importers import Skip

        imported = duplicates = rows = 0
        skipped: Counter[str] = Counter()
        batch: list[Observation] = []

        def flush() -> None:
            nonlocal imported, duplicates
            new, dup = self._observation_writer().write(batch)
            imported += new
            duplicates += dup
            batch.clear()
            if progress:
                progress("importing", rows, total)

        for item in parsed:
            rows += 1
            if isinstance(item, Skip):
                skipped[item.reason] += 1
                continue
            batch.append(item)
            if len(batch) >= self.import_batch:
                flush()
        if batch or progress:
            flush()
        projected = self.catch_up(progress)
        if self.config.kind == "postgres" and imported:
            self._analyze()
        return {
            "format": fmt, "rows": rows, "imported": imported, "duplicates": duplicates,
            "skipped": dict(sorted(skipped.items())), "projected": projected, "position": self.position(),
        }  # fmt: skip

    def correct(
        self, ref: str, changes: dict[str, Any], reason: str, source: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        action_id = self.resolve_id(ref)
        parsed = parse_changes({k: v for k, v in changes.items() if v is not None})
        record = self.app.correct(action_id, parsed, _reason(reason), _source(source))
        self.catch_up()
        return {"corrected": str(action_id), "revision": record.version, "action": self.show(str(action_id))}

    def retract(self, ref: str, reason: str, source: dict[str, Any] | None = None) -> dict[str, Any]:
        action_id = self.resolve_id(ref)
        self.app.retract(action_id, _reason(reason), _source(source))
        self.catch_up()
        return {"retracted": str(action_id)}

    def corroborate(self, ref: str, source: dict[str, Any]) -> dict[str, Any]:
        """One more source for an action, as a new event; the same source twice adds nothing."""
        parsed = _source(source)
        if parsed is None:
            raise InvalidInput("source.name", "give the source to add")
        action_id = self.resolve_id(ref)
        record, new = self.app.corroborate(action_id, parsed)
        self.catch_up()
        return {
            "corroborated": str(action_id),
            "new": new,
            "sources": queries.action_sources(self.view, [str(action_id)]).get(str(action_id), []),
            "position": self.position(),
        }

    def _outcomes(self, outcomes: list[Outcome]) -> dict[str, Any]:
        return {
            "recorded": [str(o.action_id) for o in outcomes if o.new],
            "already_recorded": [str(o.action_id) for o in outcomes if not o.new],
            "position": self.position(),
        }

    # -- queries -------------------------------------------------------------------------------
    def state(
        self, x: str, y: str, at: str, as_known_at: str | None = None, min_grade: str | None = None
    ) -> dict[str, Any]:
        a, b = self._pair(x, y)
        day = _field("at", parse_query_day, at)
        known, grade = _known(as_known_at), _min_grade(min_grade)
        self.catch_up()
        answer = queries.state(self.view, a, b, day, known, grade)
        answer["position"] = self.position()
        return answer

    def roster(
        self, org: str, at: str, as_known_at: str | None = None, min_grade: str | None = None
    ) -> dict[str, Any]:
        code = self._organisation(org)
        day = _field("at", parse_query_day, at)
        known, grade = _known(as_known_at), _min_grade(min_grade)
        self.catch_up()
        answer = queries.roster(self.view, code, day, known, grade)
        answer["position"] = self.position()
        return answer

    def observations(
        self,
        x: str,
        y: str,
        start: str | None = None,
        end: str | None = None,
        as_known_at: str | None = None,
        limit: int | None = 20,
    ) -> dict[str, Any]:
        """Machine-coded observations between two actors, newest first, with a summary."""
        a, b = self._actor("x", x), self._actor("y", y)
        if a == b:
            raise InvalidInput("y", "name two different actors")
        s = _field("from", parse_query_day, start) if start is not None else None
        e = _field("to", parse_query_day, end) if end is not None else None
        if s and e and s > e:
            raise InvalidInput("from", "is after --to")
        known = _field("as-known-at", parse_known_at, as_known_at) if as_known_at is not None else None
        if limit is not None and limit < 1:
            raise InvalidInput("limit", "must be at least 1")
        self.catch_up()
        answer = queries.observations(self.view, a, b, s, e, known, limit)
        answer["summary"] = queries.observation_summary(self.view, a, b, s, e, known)
        answer["position"] = self.position()
        return answer

    def history(
        self, x: str, y: str, as_known_at: str | None = None, min_grade: str | None = None
    ) -> dict[str, Any]:
        a, b = self._actor("x", x), self._actor("y", y)
        known, grade = _known(as_known_at), _min_grade(min_grade)
        self.catch_up()
        return queries.history(self.view, a, b, known, grade)

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
    ) -> dict[str, Any]:
        if actor is not None and pair is not None:
            raise InvalidInput("pair", "give an actor or a pair, not both")
        code = self._actor("actor", actor) if actor is not None else None
        codes = (self._actor("pair", pair[0]), self._actor("pair", pair[1])) if pair else None
        for t in types or []:
            if t not in cat.CATALOGUE:
                raise InvalidInput("type", f"unknown action type {t[:40]!r}; see 'dtl catalogue'")
        s = _field("from", FuzzyDate.parse, start) if start is not None else None
        e = _field("to", FuzzyDate.parse, end) if end is not None else None
        known, grade = _known(as_known_at), _min_grade(min_grade)
        if limit is not None and limit < 1:
            raise InvalidInput("limit", "must be at least 1")
        if text is not None:
            text = _search_text(text)
        self.catch_up()
        answer = queries.timeline(self.view, code, codes, s, e, types, known, limit, text, grade)
        answer["position"] = self.position()
        return answer

    def diff(
        self,
        start: str,
        end: str,
        actor: str | None = None,
        pair: tuple[str, str] | None = None,
        as_known_at: str | None = None,
        min_grade: str | None = None,
    ) -> dict[str, Any]:
        """Every measure opened or closed between two days, grouped by pair, with its event."""
        from projections.diff import diff

        s, e = self._period(start, end)
        if actor is not None and pair is not None:
            raise InvalidInput("pair", "give an actor or a pair, not both")
        code = self._actor("actor", actor) if actor is not None else None
        codes = self._pair(*pair, field="pair") if pair else None
        known, grade = _known(as_known_at), _min_grade(min_grade)
        self.catch_up()
        answer = diff(self.view, s, e, code, codes, known, grade)
        answer["position"] = self.position()
        return answer

    def scores(
        self,
        x: str,
        y: str | None = None,
        by: str = "month",
        start: str | None = None,
        end: str | None = None,
        as_known_at: str | None = None,
        min_grade: str | None = None,
    ) -> dict[str, Any]:
        """Event counts per QuadClass and Goldstein sum and mean per period (see projections.scores)."""
        from projections.scores import PERIODS, scores

        a = self._actor("x", x)
        b = self._pair(x, y)[1] if y is not None else None
        if by not in PERIODS:
            raise InvalidInput("by", f"use one of {', '.join(PERIODS)}")
        s = _field("from", parse_query_day, start) if start is not None else None
        e = _field("to", parse_query_day, end) if end is not None else None
        if s and e and s > e:
            raise InvalidInput("from", "is after --to")
        known, grade = _known(as_known_at), _min_grade(min_grade)
        self.catch_up()
        answer = scores(self.view, a, b, by, s, e, known, grade)
        answer["position"] = self.position()
        return answer

    def roster_history(
        self, org: str, as_known_at: str | None = None, min_grade: str | None = None
    ) -> dict[str, Any]:
        """Every spell (membership, partnership, suspension, block, ...) of an organisation."""
        code = self._organisation(org)
        known, grade = _known(as_known_at), _min_grade(min_grade)
        self.catch_up()
        answer = queries.roster_history(self.view, code, known, grade)
        answer["position"] = self.position()
        return answer

    def network(
        self, at: str, aspect: str | None = None, as_known_at: str | None = None,
        min_grade: str | None = None,
    ) -> dict[str, Any]:
        """Actors as nodes and the measures in force on a day as directed edges."""
        from projections.network import network

        day = _field("at", parse_query_day, at)
        if aspect is not None and aspect not in {t.aspect for t in cat.CATALOGUE.values()}:
            aspects = sorted({t.aspect for t in cat.CATALOGUE.values() if t.aspect})
            raise InvalidInput("aspect", f"unknown aspect {aspect[:40]!r}; one of {', '.join(aspects)}")
        known, grade = _known(as_known_at), _min_grade(min_grade)
        self.catch_up()
        answer = network(self.view, day, aspect, known, grade)
        answer["position"] = self.position()
        return answer

    def _pair(self, x: str, y: str, field: str = "y") -> tuple[str, str]:
        a, b = self._actor("x" if field == "y" else field, x), self._actor(field, y)
        if a == b:
            raise InvalidInput(field, "name two different actors")
        return a, b

    def _organisation(self, org: str) -> str:
        code = self._actor("org", org)
        if not registry().resolve(code).is_organisation:
            raise InvalidInput("org", f"{code} is not an organisation; roster lists an organisation")
        return code

    @staticmethod
    def _period(start: str, end: str):
        s = _field("from", parse_query_day, start)
        e = _field("to", parse_query_day, end)
        if s > e:
            raise InvalidInput("from", "is after --to")
        return s, e

    def show(self, ref: str) -> dict[str, Any]:
        action_id = str(self.resolve_id(ref))
        rows = self.view.query("SELECT * FROM dtl_actions WHERE id = ?", [action_id])
        answer = queries.action_dict(rows[0])
        answer["sources"] = queries.action_sources(self.view, [action_id]).get(action_id, [])
        answer["revisions"] = queries.revisions(self.view, action_id)
        return answer

    def resolve_id(self, ref: str) -> UUID:
        ref = (ref or "").strip().lower()
        if not _ID_PREFIX.match(ref):
            raise InvalidInput("id", "an action id is hexadecimal (the first 4+ characters will do)")
        self.catch_up()
        rows = self.view.query(
            "SELECT id FROM dtl_actions WHERE id LIKE ? ORDER BY id LIMIT 3", [ref + "%"]
        )
        if not rows:
            raise NotFound("id", f"no action with id {ref!r}")
        if len(rows) > 1 and rows[0]["id"] != ref:
            raise InvalidInput("id", f"{ref!r} is ambiguous; give more characters")
        return UUID(rows[0]["id"])

    @staticmethod
    def _actor(field: str, text: str) -> str:
        return registry().resolve(text, field).code

    @staticmethod
    def actors(search: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
        try:
            kind_enum = ActorKind(kind) if kind else None
        except ValueError:
            raise InvalidInput("kind", "use state, organisation or group") from None
        return [
            {"code": a.code, "name": a.name, "kind": a.kind.value, "aliases": list(a.aliases),
             "cameo": list(a.cameo)}
            for a in registry().search(search, kind_enum)
        ]  # fmt: skip

    @staticmethod
    def catalogue() -> list[dict[str, Any]]:
        return [
            {
                "type": t.name, "family": t.family, "effect": t.effect.value, "aspect": t.aspect,
                "status": t.status, "pair": [r.value for r in t.pair],
                "holder": t.holder.value if t.holder else "mutual", "cameo": t.cameo_code,
                "goldstein": t.goldstein, "quad_class": t.quad_class, "plover": t.plover,
                "plover_mode": t.plover_mode, "rules": [r.value for r in t.rules],
                "details": list(t.details), "summary": t.summary,
            }
            for t in cat.CATALOGUE.values()
        ]  # fmt: skip


def _known(as_known_at: str | None) -> datetime | None:
    return _field("as-known-at", parse_known_at, as_known_at) if as_known_at is not None else None


def _min_grade(text: str | None) -> str | None:
    from domain.provenance import parse_grade

    return _field("min-grade", parse_grade, text) if text is not None else None


def _search_text(text: str) -> str:
    from domain.actions import validate_text

    text = " ".join(text.split())
    if not text:
        raise InvalidInput("text", "give at least one word to search for")
    if len(text) > 200:
        raise InvalidInput("text", "is longer than 200 characters")
    validate_text("text", text)
    return text


def _reason(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput("reason", "say why (a correction or retraction is part of the record)")
    if len(text) > 2000:
        raise InvalidInput("reason", "is longer than 2000 characters")
    from domain.actions import validate_text

    validate_text("reason", text)
    return text


def _source(raw: dict[str, Any] | None) -> Source | None:
    if raw is None:
        return None
    from pydantic import ValidationError

    try:
        return Source.model_validate({k: v for k, v in raw.items() if v is not None})
    except ValidationError as exc:
        error = exc.errors()[0]
        field = "source." + ".".join(str(p) for p in error["loc"])
        raise InvalidInput(field, error["msg"].removeprefix("Value error, ")) from None


@lru_cache(maxsize=256)
def _stamp(timestamp: str) -> str:
    """The stored timestamp in the view's fixed-width UTC form (they are compared as text)."""
    return utc_text(datetime.fromisoformat(timestamp.replace("Z", "+00:00")))


def _is_json_object(data: bytes) -> bool:
    try:
        return isinstance(orjson.loads(data), dict)
    except orjson.JSONDecodeError:
        return False


def _postgres_view() -> type:
    from projections.postgres_view import PostgresTimelineView

    return PostgresTimelineView
