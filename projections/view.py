"""The timeline view: applies action events to tables, tracking the log position in the
same transaction (exactly once), and answers queries from those tables.

One mixin holds every statement; the two subclasses only add the library's recorder for
their database (SQLite or PostgreSQL), so the backends cannot drift apart.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from eventsourcing.persistence import IntegrityError
from eventsourcing.sqlite import SQLiteTrackingRecorder

from dtl.domain.actions import ActionData
from dtl.domain.dates import FuzzyDate
from dtl.domain.events import (
    ActionCorrected,
    ActionCorroborated,
    ActionLinked,
    ActionRecorded,
    ActionRetracted,
    SourceShredded,
)
from dtl.domain.provenance import Source
from dtl.domain.timeline import Entry, Interval, fold
from dtl.projections.schema import DDL, VIEW_TABLES, VIEW_VERSION


def utc_text(moment: datetime) -> str:
    """Fixed-width UTC timestamps (ISO 8601) sort correctly as strings; every stored and
    compared recording time goes through here. The year is always four digits: strftime's %Y
    writes the year 999 as "999", which sorts after "2024" and is not ISO 8601."""
    m = moment.astimezone(UTC)
    return (
        f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}."
        f"{m.microsecond:06d}Z"
    )


MEASURE_COLUMNS = (
    "a", "b", "aspect", "holder", "forum", "status", "since_text", "since_lo", "since_hi",
    "until_text", "until_lo", "until_hi", "opened_by", "closed_by", "initiators", "scope",
    "condition", "signature", "known_from", "known_to", "notes", "announced",
)  # fmt: skip


def interval_row(i: Interval) -> dict[str, Any]:
    """An interval as a dtl_measures row (without its recording times): the windows are those
    the fold's order leaves it, the notes what the answer must say about that order."""
    since, until = i.since_date, i.until_date
    row = {
        "a": i.pair[0], "b": i.pair[1], "aspect": i.aspect, "holder": i.holder, "forum": i.forum,
        "status": i.status, "since_text": i.since,
        "since_lo": (i.since_lo or since.earliest).isoformat(),
        "since_hi": (i.since_hi or since.latest_exclusive).isoformat(), "until_text": i.until,
        "until_lo": (i.until_lo or until.earliest).isoformat() if until else None,
        "until_hi": (i.until_hi or until.latest_exclusive).isoformat() if until else None,
        "opened_by": i.opened_by, "closed_by": i.closed_by, "initiators": ",".join(i.initiators),
        "scope": i.scope, "condition": i.condition, "known_from": None, "known_to": None,
        "notes": json.dumps(i.notes) if i.notes else None, "announced": 1 if i.announced else 0,
    }  # fmt: skip
    row["signature"] = json.dumps([row[c] for c in MEASURE_COLUMNS if c not in _NOT_SIGNED])
    return row


_NOT_SIGNED = frozenset({"a", "b", "signature", "known_from", "known_to"})


_SEALED = "sealed:"
_PROTECTED = frozenset({"payload", "url", "changes"})  # the columns that carry sources (names, URLs, quotes)


class EncryptedStoreError(Exception):
    pass


class PositionMoved(IntegrityError):
    """A batch was read from a position the view has since left (another process applied it):
    nothing was applied; read the position again and go on from there."""


_INSERT_OBSERVATION = "INSERT INTO dtl_observations VALUES (" + ",".join("?" * 20) + ")"

_TABLE_REF = re.compile(r"(TABLE IF NOT EXISTS|TABLE IF EXISTS|FROM|JOIN|INTO|UPDATE| ON) dtl_")


class TimelineViewMixin:
    placeholder = "?"
    schema_prefix = ""
    cipher: Any = None  # set when the store is encrypted: sources are then protected here too

    def protect(self, text: str | None) -> str | None:
        """Source names, URLs and quotes are as secret in the view as in the event log."""
        if text is None or self.cipher is None:
            return text
        return _SEALED + base64.b64encode(self.cipher.encrypt(text.encode("utf-8"))).decode("ascii")

    def reveal(self, text: str | None) -> str | None:
        if text is None or not text.startswith(_SEALED):
            return text
        if self.cipher is None:
            raise EncryptedStoreError()
        return self.cipher.decrypt(base64.b64decode(text[len(_SEALED) :])).decode("utf-8")

    def _sql(self, statement: str) -> str:
        if self.schema_prefix:
            statement = _TABLE_REF.sub(rf"\1 {self.schema_prefix}dtl_", statement)
        return statement if self.placeholder == "?" else statement.replace("?", self.placeholder)

    def _exec(self, c: Any, statement: str, params: Sequence[Any] = ()) -> None:
        c.execute(self._sql(statement), tuple(params))

    def _rows(self, c: Any, statement: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        c.execute(self._sql(statement), tuple(params))
        rows = [dict(row) for row in c.fetchall()]
        if self.cipher is not None:
            for row in rows:
                for column in _PROTECTED.intersection(row):
                    row[column] = self.reveal(row[column])
        return rows

    def create_table(self) -> None:
        super().create_table()  # type: ignore[misc]
        with self.datastore.transaction(commit=True) as c:  # type: ignore[attr-defined]
            for statement in DDL:
                c.execute(self._sql(statement))

    def ensure_version(self, app_name: str) -> bool:
        """Make sure the views are the ones this release writes (VIEW_VERSION): if an earlier
        release made them, drop them and forget the tracked position, in one transaction, so
        that catch-up rebuilds them from the log. True if views were there to rebuild."""
        with self.datastore.transaction(commit=True) as c:  # type: ignore[attr-defined]
            rows = self._rows(c, "SELECT value FROM dtl_store WHERE name = ?", ("view_version",))
            if rows and rows[0]["value"] == str(VIEW_VERSION):
                return False
            had_views = bool(rows) or bool(self._max_tracking_id(app_name, c))  # type: ignore[attr-defined]
            for table in VIEW_TABLES:
                self._exec(c, f"DROP TABLE IF EXISTS {table}")
            c.execute(self.forget_position_statement, (app_name,))
            for statement in DDL:
                self._exec(c, statement)
            self._exec(c, "DELETE FROM dtl_store WHERE name = ?", ("view_version",))
            self._exec(
                c, "INSERT INTO dtl_store (name, value) VALUES (?, ?)", ("view_version", str(VIEW_VERSION))
            )
        return had_views

    # -- writing -----------------------------------------------------------------------------
    def apply_batch(
        self, app_name: str, batch: Iterable[tuple[Any, int]], after: int, checkpoint: Any = None
    ) -> int:
        """Apply a batch of events read from the log after position `after`, and move the
        tracked position to its last event, in one transaction; exactly once.

        The first statement claims the move: it sets the tracked position only if it still is
        `after` (a compare-and-set, which also takes the write lock), so when two processes
        read the same position, the second finds it moved and applies nothing (PositionMoved;
        it re-reads and goes on from where the first left off). Observation rows (plain tuples
        of dtl_observations' columns, decoded by the projector) go in with one statement."""
        items = list(batch)
        if not items:
            return 0
        count = 0
        observations: list[tuple] = []
        with self.datastore.transaction(commit=True) as c:  # type: ignore[attr-defined]
            self._claim(c, app_name, after, items[-1][1])
            for event, position in items:
                if event is None:  # an event no view needs (a docket's): tracked, not applied
                    continue
                if type(event) is tuple:  # an observation row's columns; events are models
                    observations.append(event)
                else:
                    self._apply(c, event, position)
                count += 1
            if observations:
                self._insert_observations(c, observations)
            if checkpoint:
                checkpoint("catch-up-before-commit")
        if checkpoint:
            checkpoint("catch-up-after-commit")
        return count

    def _claim(self, c: Any, app_name: str, after: int, last: int) -> None:
        if after:
            statement = self.claim_next_statement
            params: tuple = (last, app_name, after)
        else:
            statement = self.claim_first_statement
            params = (app_name, last)
        c.execute(statement, params)
        if c.fetchone() is None:
            raise PositionMoved(f"the view is no longer at position {after}: another process applied it")

    def _insert_observations(self, c: Any, rows: list[tuple]) -> None:
        c.executemany(self._sql(_INSERT_OBSERVATION), rows)

    def _apply(self, c: Any, event: Any, position: int) -> None:
        if isinstance(event, ActionRecorded):
            self._on_recorded(c, event, position)
        elif isinstance(event, ActionCorrected):
            self._on_revised(c, event, position, changes=event.changes, reason=event.reason)
        elif isinstance(event, ActionRetracted):
            self._on_revised(c, event, position, retracted=True, reason=event.reason)
        elif isinstance(event, ActionLinked):
            self._insert_link(c, str(event.originator_id), event.responds_to, position, event.timestamp)
        elif isinstance(event, SourceShredded):
            self._on_shredded(c, str(event.originator_id), event.source_id, utc_text(event.timestamp)[:10])
        elif isinstance(event, ActionCorroborated):
            rows = self._rows(
                c, "SELECT COUNT(*) AS n FROM dtl_sources WHERE action_id = ?", (str(event.originator_id),)
            )
            self._insert_source(c, event, position, rows[0]["n"] + 1, event.source)

    def _on_shredded(self, c: Any, action_id: str, source_id: str, day: str) -> None:
        """Rewrite every row that holds the source (its own, the action's, each revision's) as
        what remains of it. A view built after the key was destroyed already holds that: the
        rewrite then changes nothing."""

        def held(source: Source) -> bool:
            return source.id == source_id and not source.shredded

        def without_it(payload: str) -> str | None:
            """The action's payload with the source's remains, or None if it does not hold it."""
            action = ActionData.model_validate_json(payload)
            if not any(map(held, action.sources)):
                return None
            sources = tuple(s.shredded_on(day) if held(s) else s for s in action.sources)
            return self.protect(action.model_copy(update={"sources": sources}).model_dump_json())

        for row in self._rows(c, "SELECT seq, payload FROM dtl_sources WHERE action_id = ?", (action_id,)):
            source = Source.model_validate_json(row["payload"])
            if held(source):
                remains = self.protect(source.shredded_on(day).model_dump_json(exclude_none=True))
                self._exec(
                    c, "UPDATE dtl_sources SET payload = ? WHERE action_id = ? AND seq = ?",
                    (remains, action_id, row["seq"]),
                )  # fmt: skip
        for row in self._rows(c, "SELECT payload FROM dtl_actions WHERE id = ?", (action_id,)):
            payload = without_it(row["payload"])
            if payload is not None:
                self._exec(c, "UPDATE dtl_actions SET payload = ? WHERE id = ?", (payload, action_id))
        for row in self._rows(
            c, "SELECT revision, payload FROM dtl_revisions WHERE action_id = ?", (action_id,)
        ):
            payload = without_it(row["payload"])
            if payload is not None:
                self._exec(
                    c, "UPDATE dtl_revisions SET payload = ? WHERE action_id = ? AND revision = ?",
                    (payload, action_id, row["revision"]),
                )  # fmt: skip

    def _insert_link(self, c: Any, action_id: str, responds_to: str, position: int, at: Any) -> None:
        self._exec(
            c, "INSERT INTO dtl_links VALUES (?,?,?,?)", (action_id, responds_to, position, utc_text(at))
        )

    def _insert_source(self, c: Any, event: Any, position: int, seq: int, source: Any) -> None:
        grade = source.grade or "  "
        self._exec(
            c,
            "INSERT INTO dtl_sources VALUES (?,?,?,?,?,?,?,?)",
            (
                str(event.originator_id), seq, position, utc_text(event.timestamp),
                grade[0].strip() or None, grade[1].strip() or None,
                self.protect(source.model_dump_json(exclude_none=True)), _published_by(source),
            ),
        )  # fmt: skip

    def _on_recorded(self, c: Any, event: ActionRecorded, position: int) -> None:
        action = event.action
        kind = action.action_type
        window = action.date
        action_id = str(event.originator_id)
        payload = self.protect(action.model_dump_json())
        at = utc_text(event.timestamp)
        self._exec(
            c,
            "INSERT INTO dtl_actions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                action_id, position, event.key, kind.name, kind.family, kind.effect.value,
                ",".join(action.by), action.target, action.forum, action.on,
                window.earliest.isoformat(), window.latest_exclusive.isoformat(), action.cameo,
                _goldstein(action), _quad(action), kind.plover, payload, at, at, 1, 0, event.recorded_by,
            ),
        )  # fmt: skip
        self._exec(
            c,
            "INSERT INTO dtl_revisions VALUES (?,?,?,?,?,?,?,?,?,?)",
            (action_id, 1, position, at, 0, None, payload, None, None, event.recorded_by),
        )
        # Who the action is about: the one rule of questions/common.py (imported here, not at
        # the top, because the questions import this module).
        from dtl.projections.questions.common import action_actors, action_pairs

        for actor in action_actors(action):
            self._exec(c, "INSERT INTO dtl_action_actors VALUES (?,?)", (action_id, actor))
        for (a, b), affects in action_pairs(action).items():
            self._exec(
                c, "INSERT INTO dtl_action_pairs VALUES (?,?,?,?)", (action_id, a, b, 1 if affects else 0)
            )
        for seq, source in enumerate(action.sources, start=1):
            self._insert_source(c, event, position, seq, source)
        for answered in action.in_response_to:
            self._insert_link(c, action_id, answered, position, event.timestamp)
        if kind.is_measure:
            self._refresh_measures(c, action.pairs(), at)

    def _on_revised(
        self,
        c: Any,
        event: Any,
        position: int,
        changes: dict[str, str] | None = None,
        retracted: bool = False,
        reason: str | None = None,
    ) -> None:
        action_id = str(event.originator_id)
        row = self._rows(c, "SELECT * FROM dtl_actions WHERE id = ?", (action_id,))[0]
        action = ActionData.model_validate_json(row["payload"])
        if changes:
            action = action.with_changes(changes)
        window = action.date
        at = utc_text(event.timestamp)
        revision = row["revision"] + 1
        payload = self.protect(action.model_dump_json())
        self._exec(
            c,
            "UPDATE dtl_actions SET payload = ?, on_text = ?, on_lo = ?, on_hi = ?, cameo = ?, "
            "goldstein = ?, quad_class = ?, revised_at = ?, revision = ?, retracted = ? "
            "WHERE id = ?",
            (
                payload, action.on, window.earliest.isoformat(), window.latest_exclusive.isoformat(),
                action.cameo, _goldstein(action), _quad(action), at, revision,
                1 if retracted else row["retracted"], action_id,
            ),
        )  # fmt: skip
        self._exec(
            c,
            "INSERT INTO dtl_revisions VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                action_id,
                revision,
                position,
                at,
                1 if retracted else 0,
                reason,
                payload,
                self.protect(json.dumps(changes)) if changes else None,
                _published_by(event.source),
                event.recorded_by,
            ),
        )
        if action.action_type.is_measure:
            self._refresh_measures(c, action.pairs(), at)

    def _refresh_measures(self, c: Any, pairs: list[tuple[str, str]], at: str) -> None:
        """Re-fold each pair's timeline; close rows no longer true, open rows newly true.
        Rows are never rewritten otherwise: known_from/known_to make the table bitemporal."""
        for a, b in pairs:
            rows = self._rows(
                c,
                "SELECT x.id, x.payload FROM dtl_actions x JOIN dtl_action_pairs p "
                "ON p.action_id = x.id WHERE p.a = ? AND p.b = ? AND p.affects = 1 "
                "AND x.effect != 'instant' AND x.retracted = 0",
                (a, b),
            )
            entries = [
                Entry(action_id=r["id"], action=ActionData.model_validate_json(r["payload"])) for r in rows
            ]
            intervals, _ = fold(entries, pairs=[(a, b)])
            rows = (interval_row(i) for i in intervals if i.pair == (a, b))
            wanted = {row["signature"]: row for row in rows}
            current = self._rows(
                c,
                "SELECT signature FROM dtl_measures WHERE a = ? AND b = ? AND known_to IS NULL",
                (a, b),
            )
            have = {r["signature"] for r in current}
            for signature in have - set(wanted):
                self._exec(
                    c,
                    "UPDATE dtl_measures SET known_to = ? WHERE a = ? AND b = ? AND signature = ? "
                    "AND known_to IS NULL",
                    (at, a, b, signature),
                )
            for signature, row in wanted.items():
                if signature in have:
                    continue
                row["known_from"] = at
                self._exec(
                    c,
                    f"INSERT INTO dtl_measures ({', '.join(MEASURE_COLUMNS)}) "
                    f"VALUES ({', '.join('?' for _ in MEASURE_COLUMNS)})",
                    [row[column] for column in MEASURE_COLUMNS],
                )

    # -- reading -----------------------------------------------------------------------------
    def query(self, statement: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
            return self._rows(c, statement, params)

    def position(self, app_name: str) -> int:
        return self.max_tracking_id(app_name) or 0  # type: ignore[attr-defined]


def _published_by(source: Any) -> str | None:
    """The last day a source's publication date allows: it had surely been published by then."""
    if source is None or source.published is None:
        return None
    return FuzzyDate.parse(source.published).last_day.isoformat()


def _goldstein(action: ActionData) -> float:
    from dtl.domain.cameo import lookup

    return lookup(action.cameo).goldstein


def _quad(action: ActionData) -> int:
    from dtl.domain.cameo import quad_class

    return quad_class(action.cameo)


class SQLiteTimelineView(TimelineViewMixin, SQLiteTrackingRecorder):
    placeholder = "?"
    # The library's single-row tracking table; see TimelineViewMixin._claim.
    claim_next_statement = (
        "UPDATE tracking SET notification_id = ? WHERE application_name = ? AND notification_id = ? "
        "RETURNING notification_id"
    )
    claim_first_statement = (
        "INSERT INTO tracking (application_name, notification_id) VALUES (?, ?) "
        "ON CONFLICT (application_name) DO NOTHING RETURNING notification_id"
    )
    forget_position_statement = "DELETE FROM tracking WHERE application_name = ?"

    def _sql(self, statement: str) -> str:
        # In SQLite only INTEGER PRIMARY KEY is the rowid itself (no second index to keep).
        return super()._sql(statement).replace("BIGINT PRIMARY KEY", "INTEGER PRIMARY KEY")
