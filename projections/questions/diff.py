"""What changed between two days: every measure that opened or closed in the period.

With a second reporting day (`--reported-since R1` beside `--as-reported-at R2`), what the
news changed instead: the changes in the period as reported at R2 that were not there as
reported at R1 ("reported"), and those there at R1 that R2's sources corrected or retracted
("withdrawn")."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from dtl.domain.dates import FuzzyDate, shifted
from dtl.projections.questions.common import MAX_ROWS, bounded, known_clause, measure_clause, ordered
from dtl.projections.questions.lens import Lens
from dtl.projections.questions.refold import LeftOut, refolded_measures
from dtl.projections.questions.timeline import actions_by_id
from dtl.projections.view import TimelineViewMixin

# The period a news diff covers when none is asked: all of recorded time.
ALL_TIME = (date(1, 1, 1), date(9999, 12, 30))


def diff(
    view: TimelineViewMixin, start: date | None, end: date | None, actor: str | None = None,
    pair: tuple[str, str] | None = None, lens: Lens = Lens(), reported_since: date | None = None,
) -> dict[str, Any]:  # fmt: skip
    lo_day, hi_day = start or ALL_TIME[0], end or ALL_TIME[1]
    groups, left = _changes(view, lo_day, hi_day, actor, pair, lens)
    if reported_since is not None:
        earlier, _ = _changes(view, lo_day, hi_day, actor, pair, replace(lens, reported=reported_since))
        groups = _news(earlier, groups)
    return {
        "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None,
        "actor": actor,
        "pair": list(pair) if pair else None,
        **lens.header(),
        "reported_since": reported_since.isoformat() if reported_since else None,
        **left.fields(),
        "changes": sum(len(v) for v in groups.values()),
        "pairs": [{"pair": [a, b], "changes": v} for (a, b), v in sorted(groups.items())],
    }


def _changes(
    view: TimelineViewMixin, start: date, end: date, actor: str | None, pair: tuple[str, str] | None,
    lens: Lens,
) -> tuple[dict[tuple[str, str], list[dict[str, Any]]], LeftOut]:  # fmt: skip
    lo, hi = start.isoformat(), shifted(end, timedelta(days=1)).isoformat()  # the period [lo, hi)
    left = LeftOut()
    if lens.refolds:
        rows, left = refolded_measures(view, lens, pair=pair, actor=actor)
    else:
        known_sql, params = known_clause(lens.known)
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
    events = actions_by_id(view, sorted({c[3] for c in changes}), lens)
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r, change, on, event_id in changes:
        window = FuzzyDate.parse(on)
        inside = lo <= window.earliest.isoformat() and window.latest_exclusive.isoformat() <= hi
        groups.setdefault((r["a"], r["b"]), []).append(
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
    for entries in groups.values():
        entries.sort(key=_order)
    return groups, left


def _order(change: dict[str, Any]) -> tuple:
    return (FuzzyDate.parse(change["on"]).earliest, change["change"] == "opened", change["aspect"])


def _news(
    earlier: dict[tuple[str, str], list[dict[str, Any]]], later: dict[tuple[str, str], list[dict[str, Any]]]
) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """The changes later has and earlier has not ("reported"), and the reverse ("withdrawn")."""
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for pair in sorted(set(earlier) | set(later)):
        before = {_key(c): c for c in earlier.get(pair, [])}
        after = {_key(c): c for c in later.get(pair, [])}
        news = [{**c, "news": "reported"} for k, c in after.items() if k not in before]
        news += [{**c, "news": "withdrawn"} for k, c in before.items() if k not in after]
        if news:
            out[pair] = sorted(news, key=_order)
    return out


def _key(change: dict[str, Any]) -> tuple:
    """A change as the news tells it: what changed, when, and on which action."""
    event = change["event"]["id"] if change["event"] else None
    return (change["change"], change["on"], change["aspect"], change["status"], change["holder"], event)
