"""What changed between two days: every measure that opened or closed in the period."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from dtl.domain.dates import FuzzyDate, shifted
from dtl.projections.questions.common import MAX_ROWS, bounded, known_clause, measure_clause, ordered, stamp
from dtl.projections.questions.graded import graded_measures
from dtl.projections.questions.timeline import actions_by_id
from dtl.projections.view import TimelineViewMixin


def diff(
    view: TimelineViewMixin, start: date, end: date, actor: str | None = None,
    pair: tuple[str, str] | None = None, as_known_at: datetime | None = None,
    min_grade: str | None = None,
) -> dict[str, Any]:
    lo, hi = start.isoformat(), shifted(end, timedelta(days=1)).isoformat()  # the period [lo, hi)
    left_out = 0
    if min_grade:
        rows, left_out = graded_measures(view, min_grade, as_known_at, pair=pair, actor=actor)
    else:
        known_sql, params = known_clause(as_known_at)
        about_sql, about_params = measure_clause(actor if not pair else None, pair)  # common.py's rule
        where = [known_sql, about_sql]
        params += about_params
        # A change is in the period when its (possibly imprecise) window overlaps it.
        where.append("((since_lo < ? AND since_hi > ?) OR (until_lo < ? AND until_hi > ?))")
        params += [hi, lo, hi, lo]
        clause = " AND ".join(where)
        rows = view.query(f"SELECT * FROM dtl_measures WHERE {clause} LIMIT {MAX_ROWS + 1}", params)
    rows = bounded(rows, "from", "changes", "narrow the period, or ask about one --actor or --pair")
    changes: list[tuple[dict[str, Any], str, str, str]] = []  # row, change, date text, event id
    for r in ordered(rows, "a", "b", "since_lo", "aspect", "holder", "opened_by"):
        if r["since_lo"] < hi and r["since_hi"] > lo:
            changes.append((r, "opened", r["since_text"], r["opened_by"]))
        if r["until_text"] and r["until_lo"] < hi and r["until_hi"] > lo:
            changes.append((r, "closed", r["until_text"], r["closed_by"]))
    events = actions_by_id(view, sorted({c[3] for c in changes}), as_known_at)
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r, change, on, event_id in changes:
        window = FuzzyDate.parse(on)
        inside = lo <= window.earliest.isoformat() and window.latest_exclusive.isoformat() <= hi
        pairs.setdefault((r["a"], r["b"]), []).append(
            {
                "change": change,
                "on": on,
                "precision": window.label,
                "certainty": f"{change} in the period" if inside else f"may have {change} in the period",
                "aspect": r["aspect"],
                "status": r["status"],
                # who made this change: the closing event's actors for a close
                "by": events[event_id]["by"] if event_id in events else r["initiators"].split(","),
                "holder": r["holder"],
                "forum": r["forum"],
                "since": r["since_text"],
                "until": r["until_text"],
                "event": events.get(event_id),
            }
        )
    for entries in pairs.values():
        entries.sort(key=lambda e: (FuzzyDate.parse(e["on"]).earliest, e["change"] == "opened", e["aspect"]))
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "actor": actor,
        "pair": list(pair) if pair else None,
        "as_known_at": stamp(as_known_at),
        "min_grade": min_grade,
        "left_out": left_out,
        "changes": sum(len(v) for v in pairs.values()),
        "pairs": [{"pair": [a, b], "changes": v} for (a, b), v in sorted(pairs.items())],
    }
