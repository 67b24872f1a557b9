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
from dtl.projections.questions.lens import EVERYTHING, Lens
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


# -- who an answer is about (docs/architecture.md, "Who a measure or an action is about") -------
# The one rule every question follows (state, history, timeline, diff, scores, network, charts,
# the API), written once here: SQL for the view's tables, and its Python twin for the rows the
# --min-grade re-fold builds (refold.py) and for the action index the view fills (view.py).
#
# A measure lies on a pair (a, b) and may have a holder (the vetoer, the member; none when it
# is mutual). An actor is involved in it when it is a side of the pair or the holder; a pair
# {X, Y} is concerned by it when it is the pair, or when one of X, Y holds it and the other is a
# side (Turkey's veto of NATO's engagement with Israel, on NATO-ISR held by TUR, concerns
# NATO-ISR, TUR-ISR and NATO-TUR).
#
# An action affects pairs (one per initiator), and has initiators, a target and maybe a forum.
# An actor is involved in it when it is an initiator, the target, the forum or a side of a pair
# it affects (dtl_action_actors); a pair {X, Y} is concerned by it when it is a pair it affects,
# or one of X, Y is an initiator and the other a side of the pair that initiator's part affects,
# the target or the forum, or one is the forum and the other the target (dtl_action_pairs).
# For an action that opens a measure this gives the same pairs as its measure; the forum only
# adds something for instants said in a forum (Turkey's statement in NATO about Israel concerns
# NATO-ISR and NATO-TUR). Co-initiators are not thereby a pair: each one's part is its own.


# How state and history order the measures about a pair (ties broken on the columns that tell
# rows apart, so both backends give one order; common.ordered is the Python twin).
PAIR_ORDER = ("since_lo", "aspect", "holder", "a", "b", "opened_by")


def measure_clause(actor: str | None = None, pair: tuple[str, str] | None = None) -> tuple[str, list[Any]]:
    """The dtl_measures rows involving `actor`, or concerning `pair` (each OR term is one range
    of an index: (a, b), (b), (holder)); every row when neither is given."""
    if pair is not None:
        x, y = sorted(pair)
        if x == y:
            return "1 = 0", []
        return (
            "((a = ? AND b = ?) OR (holder = ? AND (a = ? OR b = ?)) OR (holder = ? AND (a = ? OR b = ?)))",
            [x, y, x, y, y, y, x, x],
        )
    if actor is not None:
        return "(a = ? OR b = ? OR holder = ?)", [actor, actor, actor]
    return "1 = 1", []


def measure_about(row: dict[str, Any], actor: str | None = None, pair: tuple[str, str] | None = None) -> bool:
    """The Python twin of measure_clause, for a dtl_measures row."""
    sides = (row["a"], row["b"])
    if pair is not None:
        x, y = sorted(pair)
        if x == y:
            return False
        return sides == (x, y) or (row["holder"] == x and y in sides) or (row["holder"] == y and x in sides)
    if actor is not None:
        return actor in sides or row["holder"] == actor
    return True


def action_join(actor: str | None = None, pair: tuple[str, str] | None = None) -> tuple[str, list[Any]]:
    """JOINs on `dtl_actions x` keeping the actions involving `actor` and those concerning
    `pair`: one primary-key range each, as the view indexed them (action_actors, action_pairs)."""
    joins, params = "", []
    if actor is not None:
        joins += " JOIN dtl_action_actors aa ON aa.action_id = x.id AND aa.actor = ?"
        params.append(actor)
    if pair is not None:
        joins += " JOIN dtl_action_pairs pp ON pp.action_id = x.id AND pp.a = ? AND pp.b = ?"
        params += sorted(pair)
    return joins, params


def action_actors(action: ActionData) -> list[str]:
    """The actors an action involves (what the view puts in dtl_action_actors)."""
    found = {*action.by, action.target, *(side for pair in action.pairs() for side in pair)}
    if action.forum:
        found.add(action.forum)
    return sorted(found)


def action_pairs(action: ActionData) -> dict[tuple[str, str], bool]:
    """The pairs an action concerns (what the view puts in dtl_action_pairs), each with whether
    the action affects it: the view re-folds a pair from the actions that affect it only."""
    found = {pair: True for pair in action.pairs()}
    first, second = action.action_type.pair

    def add(one: str, other: str | None) -> None:
        if other is not None and other != one:
            found.setdefault((one, other) if one < other else (other, one), False)

    for initiator in action.by:
        own = (action.role(first, initiator), action.role(second, initiator))  # its part's pair
        for other in (*own, action.target, action.forum):
            add(initiator, other)
    if action.forum:
        add(action.forum, action.target)
    return found


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
    view: TimelineViewMixin, ids: list[str], lens: Lens = EVERYTHING
) -> dict[str, list[dict[str, Any]]]:
    """Each action's sources, first given and later added, as the lens reads them: recorded by
    its recording time and, as reported at R, published by R."""
    if not ids:
        return {}
    out: dict[str, list[dict[str, Any]]] = {}
    for start in range(0, len(ids), 500):  # bounded IN lists: SQLite caps bound parameters
        chunk = ids[start : start + 500]
        marks = ",".join("?" for _ in chunk)
        known = ""
        params: list[Any] = list(chunk)
        if lens.known is not None:
            known = " AND recorded_at <= ?"
            params.append(lens.known_text)
        if lens.reported is not None:
            known += " AND published_by <= ?"
            params.append(lens.reported_text)
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


def named_first(pair: tuple[str, str] | list[str], named: tuple[str, ...] = ()) -> list[str]:
    """A pair as an answer writes it: the actors the question named first, in the order named
    (`state NATO ISR`: ["NATO", "ISR"], and ["NATO", "TUR"] for a measure on NATO-TUR), then in
    code order. The view stores every pair in code order; only the answer's shape follows this."""
    return sorted(pair, key=lambda code: (named.index(code) if code in named else len(named), code))


def measure_dict(
    row: dict[str, Any], at: date | None, sources: dict[str, list], named: tuple[str, ...] = ()
) -> dict[str, Any]:
    since = FuzzyDate.parse(row["since_text"])
    until = FuzzyDate.parse(row["until_text"]) if row["until_text"] else None
    caveats = caveats_at(row, at)
    announced = bool(row.get("announced"))
    if announced:
        caveats.append(f"announced to take effect on {since.text}; no action has confirmed it yet")
    events = [row["opened_by"]] + ([row["closed_by"]] if row["closed_by"] else [])
    return {
        "pair": named_first((row["a"], row["b"]), named),
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
        # the vocabulary of 0.4: a level, an effective date, a switch's other claimant, obligations
        "level": action.level,
        "effective": action.effective,
        "instead_of": action.instead_of,
        "obligations": list(action.obligations),
        "in_response_to": list(action.in_response_to),
        "goldstein": row.get("goldstein"),
        "recorded_at": row["recorded_at"],
        "recorded_by": row.get("recorded_by"),
        "revision": row.get("revision", 1),
        "retracted": bool(row.get("retracted", 0)),
        "sources": [s.model_dump(mode="json", exclude_none=True) for s in action.sources],
    }


def pair_window(
    a: str, b: str | None, start: date | None, end: date | None, lens: Lens = EVERYTHING
) -> tuple[str, list[Any]]:
    """The WHERE clause for a pair's observations (or, with b None, all of a's) between two
    days, as the lens reads them (recorded by its time; as reported at R, published by R, so
    those without a publication day are left out). A pair is one range of the (a, b, on_day)
    index."""
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
    if lens.known:
        where += " AND recorded_at <= ?"
        params.append(lens.known_text)
    if lens.reported:
        where += " AND published IS NOT NULL AND substr(published, 1, 10) <= ?"
        params.append(lens.reported_text)
    return where, params
