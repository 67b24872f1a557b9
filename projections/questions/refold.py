"""Answers from the actions a lens counts (`--as-reported-at R`, `--min-grade B2`).

The materialised measures are folded from every action. An answer that must rest only on
actions reported by a day, or with a source graded B2 or better, cannot filter those rows (a
weakly sourced lift would still have ended a well-sourced veto; a lift reported later would
still end the veto as reported before it), so it re-folds the pairs it needs from the actions
that count, with the same pure fold the view uses, each action as the lens reads it
(revisions.py). The cost is one fold per pair asked about; measures are few next to
observations.

An action counts when one of its sources (recorded by the lens's recording time) is graded at
least the minimum and, as reported at R, was published by R: a source's publication date is a
window, and it counts once the whole window has passed ("2024-08" by 2024-08-31). An action
with no dated source is never reported by any day: it is left out, and counted apart
(`left_out_undated`) so the answer can say why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dtl.domain.actions import ActionData
from dtl.domain.timeline import Entry, fold
from dtl.projections.questions.common import action_join, known_clause, measure_about
from dtl.projections.questions.lens import Lens
from dtl.projections.questions.revisions import as_read
from dtl.projections.view import TimelineViewMixin, interval_row


@dataclass
class LeftOut:
    """The actions about what was asked that the lens did not count."""

    ids: set[str] = field(default_factory=set)
    undated: set[str] = field(default_factory=set)  # of which: no dated source at all

    def fields(self) -> dict[str, int]:
        return {"left_out": len(self.ids), "left_out_undated": len(self.undated)}


def spells_of(
    view: TimelineViewMixin, lens: Lens, aspect: str, actors: list[str]
) -> tuple[list[dict[str, Any]], LeftOut]:
    """Every spell of one aspect, at any valid time, on a pair one of `actors` is a side of, as
    the lens reads them; and what the lens left out about those actors."""
    if not lens.refolds:
        known_sql, known_params = known_clause(lens.known)
        marks = ", ".join("?" for _ in actors)
        rows = view.query(
            f"SELECT * FROM dtl_measures WHERE aspect = ? AND (a IN ({marks}) OR b IN ({marks})) "
            f"AND {known_sql}",
            [aspect, *actors, *actors, *known_params],
        )
        return rows, LeftOut()
    found: dict[tuple, dict[str, Any]] = {}
    left = LeftOut()
    for actor in actors:
        rows, more = refolded_measures(view, lens, actor=actor)
        left = LeftOut(left.ids | more.ids, left.undated | more.undated)
        for r in rows:
            if r["aspect"] == aspect and actor in (r["a"], r["b"]):
                found[(r["a"], r["b"], r["holder"], r["opened_by"])] = r
    return list(found.values()), left


def refolded_measures(
    view: TimelineViewMixin,
    lens: Lens,
    pair: tuple[str, str] | None = None,
    actor: str | None = None,
) -> tuple[list[dict[str, Any]], LeftOut]:
    """Measure rows (the view's columns) folded from the actions the lens counts: those
    concerning one pair, those involving one actor, or every one (the rule of common.py, as the
    answers without a lens select them); and the measure-bearing actions about them left out.

    The pairs folded are those the counted actions about the pair or actor affect, each from
    every counted action that affects it, as the view folds it."""
    asked = pair is not None or actor is not None
    if pair is not None:
        actor = None
    about: dict[str, ActionData] = {}
    kept: set[str] = set()
    left = LeftOut()
    if asked:
        joins, params = action_join(actor, pair)
        about = _read(view, _measure_actions(view, joins, "", params, lens), lens)
        kept, undated = qualifying(view, list(about), lens)
        left = LeftOut(set(about) - kept, undated)
        wanted = sorted({p for i in kept for p in about[i].pairs()})
        rows = []
        for start in range(0, len(wanted), 200):  # bounded OR lists: SQLite caps bound parameters
            chunk = wanted[start : start + 200]
            where = " AND (" + " OR ".join("(p.a = ? AND p.b = ?)" for _ in chunk) + ")"
            rows += _measure_actions(view, _AFFECTS, where, [v for p in chunk for v in p], lens)
    else:
        rows = _measure_actions(view, _AFFECTS, "", [], lens)
    others = _read(view, [r for r in rows if r["id"] not in about], lens)
    actions = {**about, **others}
    more, more_undated = qualifying(view, list(others), lens)
    counted = kept | more
    if not asked:
        left = LeftOut(set(actions) - counted, more_undated)
    by_pair: dict[tuple[str, str], list[Entry]] = {}
    for r in rows:
        if r["id"] in counted and r["id"] in actions:
            by_pair.setdefault((r["a"], r["b"]), []).append(Entry(action_id=r["id"], action=actions[r["id"]]))
    measures = []
    for (a, b), entries in sorted(by_pair.items()):
        intervals, _ = fold(entries, pairs=[(a, b)])
        measures += [interval_row(i) for i in intervals if i.pair == (a, b)]
    return [m for m in measures if measure_about(m, actor, pair)], left


# The pairs an action's measure lives on: the view re-folds a pair from those actions only.
_AFFECTS = " JOIN dtl_action_pairs p ON p.action_id = x.id AND p.affects = 1"


def _measure_actions(
    view: TimelineViewMixin, joins: str, where: str, params: list[Any], lens: Lens
) -> list[dict[str, Any]]:
    """The measure-bearing actions (recorded by the lens's time) that the joins and conditions keep."""
    columns = "x.id, x.payload, x.retracted" + (", p.a, p.b" if joins == _AFFECTS else "")
    clause = "x.effect != 'instant'" + where
    if lens.known:
        clause += " AND x.recorded_at <= ?"
        params = [*params, lens.known_text]
    return view.query(f"SELECT {columns} FROM dtl_actions x{joins} WHERE {clause}", params)


def _read(view: TimelineViewMixin, rows: list[dict], lens: Lens) -> dict[str, ActionData]:
    """Each action as the lens reads it, retracted ones dropped."""
    rows = as_read(view, rows, lens)
    return {r["id"]: ActionData.model_validate_json(r["payload"]) for r in rows if not r["retracted"]}


def qualifying(view: TimelineViewMixin, ids: list[str], lens: Lens) -> tuple[set[str], set[str]]:
    """Of these actions, those the lens counts (module docstring), and, of the others, those
    whose sources of the grade asked carry no publication date (no reporting day counts them)."""
    if not lens.refolds:
        return set(ids), set()
    counted: set[str] = set()
    seen: set[str] = set()  # with a source of the grade asked
    dated: set[str] = set()  # ... and a publication date
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        params: list[Any] = list(chunk)
        clause = ""
        if lens.min_grade:
            clause += " AND reliability <= ? AND credibility <= ?"
            params += [lens.min_grade[0], lens.min_grade[1]]
        if lens.known:
            clause += " AND recorded_at <= ?"
            params.append(lens.known_text)
        rows = view.query(
            f"SELECT action_id, published_by FROM dtl_sources WHERE action_id IN "
            f"({','.join('?' for _ in chunk)}){clause}",
            params,
        )
        for r in rows:
            seen.add(r["action_id"])
            if lens.reported is None:
                counted.add(r["action_id"])
                continue
            if r["published_by"] is not None:
                dated.add(r["action_id"])
                if r["published_by"] <= (lens.reported_text or ""):
                    counted.add(r["action_id"])
    undated = set() if lens.reported is None else seen - dated
    return counted, undated


def in_force(row: dict[str, Any], day: str) -> bool:
    """The Python twin of common.in_force_clause's SQL."""
    return row["since_lo"] <= day and (row["until_lo"] is None or day < row["until_hi"])
