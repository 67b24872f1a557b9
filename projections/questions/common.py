"""What every question shares: the clauses for the two clocks, the caveats of imprecise dates,
and how a measure, an action and their sources are shown.

'at D' filters on valid time (the measure's window); 'as known at K' filters on recording time
(known_from/known_to). A question that falls inside an imprecise window is answered with a
caveat, never with a guess.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from dtl.domain.actions import ActionData
from dtl.domain.dates import FuzzyDate
from dtl.domain.errors import InvalidInput
from dtl.projections.view import TimelineViewMixin, utc_text

# The largest answers dtl gives; beyond them a question is refused (exit 2, HTTP 422) with a
# hint to narrow it, rather than hold a server's memory and time (docs/reliability.md).
MAX_PERIODS = 1_200  # a series' periods: a century of months, 400 years of quarters
MAX_ROWS = 10_000  # the changes of a diff, the edges of a network


def bounded(rows: list[dict[str, Any]], field: str, what: str, hint: str) -> list[dict[str, Any]]:
    """`rows` read with LIMIT MAX_ROWS + 1: refused if the limit was passed."""
    if len(rows) > MAX_ROWS:
        raise InvalidInput(field, f"the answer would hold more than {MAX_ROWS:,} {what}; {hint}")
    return rows


def stamp(moment: datetime | None) -> str | None:
    return utc_text(moment) if moment else None

def known_clause(as_known_at: datetime | None) -> tuple[str, list[Any]]:
    if as_known_at is None:
        return "known_to IS NULL", []
    k = stamp(as_known_at)
    return "known_from <= ? AND (known_to IS NULL OR known_to > ?)", [k, k]

def in_force_clause(at: date) -> tuple[str, list[Any]]:
    d = at.isoformat()
    return "since_lo <= ? AND (until_lo IS NULL OR ? < until_hi)", [d, d]

def caveats_at(row: dict[str, Any], at: date | None) -> list[str]:
    """What an answer about day `at` must say of this measure: that the day falls inside the
    window of its start or its end (the window the fold's order leaves it, which may be narrower
    than the date as given)."""
    notes: list[str] = []
    if at is None:
        return notes
    d = at.isoformat()
    since = FuzzyDate.parse(row["since_text"])
    if not since.is_exact and d < row["since_hi"]:
        notes.append(
            f"began sometime {_window(since, row['since_lo'], row['since_hi'])}; {d} falls inside "
            "that window, so it may not yet have been in force"
        )
    if row["until_text"]:
        until = FuzzyDate.parse(row["until_text"])
        if not until.is_exact and row["until_lo"] <= d:
            notes.append(
                f"ended sometime {_window(until, row['until_lo'], row['until_hi'])}; {d} falls inside "
                "that window, so it may already have ended"
            )
    return notes


def _window(given: FuzzyDate, lo: str, hi: str) -> str:
    """'in 2023-10 (month)', or, narrowed by the order of overlapping dates, 'between 2022-05-18
    and 2022-05-31 (dated 2022-05, month)'."""
    if lo == given.earliest.isoformat() and hi == given.latest_exclusive.isoformat():
        return f"in {given.text} ({given.label})"
    last = date.fromisoformat(hi).toordinal() - 1
    return f"between {lo} and {date.fromordinal(last).isoformat()} (dated {given.text}, {given.label})"


def notes_of(row: dict[str, Any]) -> list[str]:
    """What the fold said of this measure's place among overlapping dates (stored as JSON)."""
    return json.loads(row["notes"]) if row.get("notes") else []


def ordered(rows: list[dict[str, Any]], *columns: str) -> list[dict[str, Any]]:
    """The Python twin of an ORDER BY over view columns (NULLs first)."""
    return sorted(rows, key=lambda r: tuple((r[c] is not None, r[c] or "") for c in columns))

def action_sources(
    view: TimelineViewMixin, ids: list[str], as_known_at: datetime | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Each action's sources, first given and later added, as known at a time."""
    if not ids:
        return {}
    out: dict[str, list[dict[str, Any]]] = {}
    for start in range(0, len(ids), 500):  # bounded IN lists: SQLite caps bound parameters
        chunk = ids[start : start + 500]
        marks = ",".join("?" for _ in chunk)
        known = ""
        params: list[Any] = list(chunk)
        if as_known_at is not None:
            known = " AND recorded_at <= ?"
            params.append(stamp(as_known_at))
        rows = view.query(
            f"SELECT action_id, seq, recorded_at, payload FROM dtl_sources WHERE action_id IN ({marks})"
            f"{known} ORDER BY action_id, seq",
            params,
        )
        first: dict[str, str] = {}
        for r in rows:
            # JSON straight from the row: answering never has to build pydantic schemas.
            source = json.loads(r["payload"])
            first.setdefault(r["action_id"], r["recorded_at"])
            if r["recorded_at"] != first[r["action_id"]]:
                source["added_at"] = r["recorded_at"]  # a corroboration, given after the action
            out.setdefault(r["action_id"], []).append(source)
    return out

def measure_dict(row: dict[str, Any], at: date | None, sources: dict[str, list]) -> dict[str, Any]:
    since = FuzzyDate.parse(row["since_text"])
    until = FuzzyDate.parse(row["until_text"]) if row["until_text"] else None
    caveats = caveats_at(row, at)
    announced = bool(row.get("announced"))
    if announced:
        caveats.append(f"announced to take effect on {since.text}; no action has confirmed it yet")
    events = [row["opened_by"]] + ([row["closed_by"]] if row["closed_by"] else [])
    return {
        "pair": [row["a"], row["b"]],
        "aspect": row["aspect"],
        "status": row["status"],
        "certainty": "announced" if announced else "possibly in force" if caveats else "in force",
        "announced": announced,
        "by": row["initiators"].split(","),
        "holder": row["holder"],
        "forum": row["forum"],
        "since": since.text,
        "since_precision": since.label,
        "until": until.text if until else None,
        "until_precision": until.label if until else None,
        "scope": row["scope"],
        "condition": row["condition"],
        "events": events,
        "caveats": caveats,
        "notes": notes_of(row),
        "sources": sources.get(row["opened_by"], []),
        "known_from": row["known_from"],
    }

def action_dict(row: dict[str, Any]) -> dict[str, Any]:
    action = ActionData.model_validate_json(row["payload"])
    pairs = [list(p) for p in action.pairs()]
    if not pairs:
        pairs = [sorted((action.by[0], action.target))]
    return {
        "id": row["id"],
        "type": action.type,
        "on": action.on,
        "precision": action.date.label,
        "by": list(action.by),
        "target": action.target,
        "forum": action.forum,
        "pair": pairs[0],
        "pairs": pairs,
        "scope": action.scope,
        "condition": action.condition,
        "kind": action.kind,
        "charge": action.charge,
        "note": action.note,
        "cameo": action.cameo,
        "goldstein": row.get("goldstein"),
        "recorded_at": row["recorded_at"],
        "revision": row.get("revision", 1),
        "retracted": bool(row.get("retracted", 0)),
        "sources": [s.model_dump(mode="json", exclude_none=True) for s in action.sources],
    }

def pair_window(
    a: str, b: str | None, start: date | None, end: date | None, as_known_at: datetime | None
) -> tuple[str, list[Any]]:
    """The WHERE clause for a pair's observations (or, with b None, all of a's) between two
    days, as known at a time. A pair is one range of the (a, b, on_day) index."""
    where: str
    params: list[Any]
    if b is None:
        where, params = "(a = ? OR b = ?)", [a, a]
    else:
        where, params = "a = ? AND b = ?", sorted((a, b))
    if start:
        where += " AND on_day >= ?"
        params.append(start.isoformat())
    if end:
        where += " AND on_day <= ?"
        params.append(end.isoformat())
    if as_known_at:
        where += " AND recorded_at <= ?"
        params.append(stamp(as_known_at))
    return where, params
