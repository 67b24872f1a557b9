"""Answers built only from well-sourced actions (`--min-grade B2`).

The materialised measures are folded from every action. An answer that must rest only on
actions with at least one source graded B2 or better cannot filter those rows (a weakly
sourced lift would still have ended a well-sourced veto), so it re-folds the pairs it needs
from the qualifying actions, with the same pure fold the view uses, as known at the time
asked. The cost is one fold per pair asked about; measures are few next to observations.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dtl.domain.actions import ActionData
from dtl.domain.provenance import grade_at_least
from dtl.domain.timeline import Entry, fold
from dtl.projections.questions.common import action_join, measure_about
from dtl.projections.questions.revisions import as_known
from dtl.projections.view import TimelineViewMixin, interval_row, utc_text


def graded_measures(
    view: TimelineViewMixin,
    min_grade: str,
    as_known_at: datetime | None = None,
    pair: tuple[str, str] | None = None,
    actor: str | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """Measure rows (the view's columns) folded from qualifying actions only: those concerning
    one pair, those involving one actor, or every one (the rule of common.py, as the answers
    without a grade select them); and how many measure-bearing actions about them were left out.

    The pairs folded are those the qualifying actions about the pair or actor affect, each from
    every qualifying action that affects it, as the view folds it."""
    known = utc_text(as_known_at) if as_known_at else None
    asked = pair is not None or actor is not None
    if pair is not None:
        actor = None
    about: dict[str, ActionData] = {}
    kept: set[str] = set()
    if asked:
        joins, params = action_join(actor, pair)
        about = _as_known(view, _measure_actions(view, joins, "", params, known), known)
        kept = _qualifying(view, list(about), min_grade, known)
        left_out = len(set(about) - kept)
        wanted = sorted({p for i in kept for p in about[i].pairs()})
        rows = []
        for start in range(0, len(wanted), 200):  # bounded OR lists: SQLite caps bound parameters
            chunk = wanted[start : start + 200]
            where = " AND (" + " OR ".join("(p.a = ? AND p.b = ?)" for _ in chunk) + ")"
            rows += _measure_actions(view, _AFFECTS, where, [v for p in chunk for v in p], known)
    else:
        rows = _measure_actions(view, _AFFECTS, "", [], known)
    others = _as_known(view, [r for r in rows if r["id"] not in about], known)
    actions = {**about, **others}
    qualifying = kept | _qualifying(view, list(others), min_grade, known)
    if not asked:
        left_out = len(set(actions) - qualifying)
    by_pair: dict[tuple[str, str], list[Entry]] = {}
    for r in rows:
        if r["id"] in qualifying:
            by_pair.setdefault((r["a"], r["b"]), []).append(Entry(action_id=r["id"], action=actions[r["id"]]))
    measures = []
    for (a, b), entries in sorted(by_pair.items()):
        intervals, _ = fold(entries, pairs=[(a, b)])
        measures += [interval_row(i) for i in intervals if i.pair == (a, b)]
    return [m for m in measures if measure_about(m, actor, pair)], left_out


# The pairs an action's measure lives on: the view re-folds a pair from those actions only.
_AFFECTS = " JOIN dtl_action_pairs p ON p.action_id = x.id AND p.affects = 1"


def _measure_actions(
    view: TimelineViewMixin, joins: str, where: str, params: list[Any], known: str | None
) -> list[dict[str, Any]]:
    """The measure-bearing actions (recorded by `known`) that the joins and conditions keep."""
    columns = "x.id, x.payload, x.retracted" + (", p.a, p.b" if joins == _AFFECTS else "")
    clause = "x.effect != 'instant'" + where
    if known:
        clause += " AND x.recorded_at <= ?"
        params = [*params, known]
    return view.query(f"SELECT {columns} FROM dtl_actions x{joins} WHERE {clause}", params)


def _as_known(view: TimelineViewMixin, rows: list[dict], known: str | None) -> dict[str, ActionData]:
    """Each action as it stood at `known` (its last revision by then), retracted ones dropped."""
    if known is not None:
        rows = as_known(view, rows, known)
    return {r["id"]: ActionData.model_validate_json(r["payload"]) for r in rows if not r["retracted"]}


def _qualifying(view: TimelineViewMixin, ids: list[str], min_grade: str, known: str | None) -> set[str]:
    """Actions with at least one source graded min_grade or better (known by `known`)."""
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        params: list[Any] = [*chunk, min_grade[0], min_grade[1]]
        clause = ""
        if known:
            clause = " AND recorded_at <= ?"
            params.append(known)
        rows = view.query(
            f"SELECT DISTINCT action_id FROM dtl_sources WHERE action_id IN ({','.join('?' for _ in chunk)}) "
            f"AND reliability <= ? AND credibility <= ?{clause}",
            params,
        )
        found.update(r["action_id"] for r in rows)
    return found


def qualifies(sources: list[dict[str, Any]], min_grade: str) -> bool:
    return any(grade_at_least(s.get("grade"), min_grade) for s in sources)


def in_force(row: dict[str, Any], day: str) -> bool:
    """The Python twin of common.in_force_clause's SQL."""
    return row["since_lo"] <= day and (row["until_lo"] is None or day < row["until_hi"])
