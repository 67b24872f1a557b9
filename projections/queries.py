"""Point-in-time answers built from the view's bitemporal tables.

'at D' filters on valid time (the measure's window); 'as known at K' filters on recording
time (known_from/known_to). A question that falls inside an imprecise window is answered
with a caveat, never with a guess.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from domain.actions import ActionData
from domain.dates import FuzzyDate
from projections.graded import graded_measures, in_force, qualifies
from projections.revisions import as_known
from projections.view import TimelineViewMixin, utc_text

ROSTER_ASPECTS = {
    "membership": "members",
    "partnership": "partners",
    "suspension": "suspended",
    "application": "applicants",
}


def _stamp(moment: datetime | None) -> str | None:
    return utc_text(moment) if moment else None


def _known(as_known_at: datetime | None) -> tuple[str, list[Any]]:
    if as_known_at is None:
        return "known_to IS NULL", []
    k = _stamp(as_known_at)
    return "known_from <= ? AND (known_to IS NULL OR known_to > ?)", [k, k]


def _in_force(at: date) -> tuple[str, list[Any]]:
    d = at.isoformat()
    return "since_lo <= ? AND (until_lo IS NULL OR ? < until_hi)", [d, d]


def _caveats(row: dict[str, Any], at: date | None) -> list[str]:
    notes = []
    if at is None:
        return notes
    d = at.isoformat()
    since = FuzzyDate.parse(row["since_text"])
    if not since.is_exact and d < row["since_hi"]:
        notes.append(
            f"began sometime in {since.text} ({since.precision.value}); {d} falls inside that "
            "window, so it may not yet have been in force"
        )
    if row["until_text"]:
        until = FuzzyDate.parse(row["until_text"])
        if not until.is_exact and row["until_lo"] <= d:
            notes.append(
                f"ended sometime in {until.text} ({until.precision.value}); {d} falls inside "
                "that window, so it may already have ended"
            )
    return notes


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
            params.append(_stamp(as_known_at))
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
    caveats = _caveats(row, at)
    events = [row["opened_by"]] + ([row["closed_by"]] if row["closed_by"] else [])
    return {
        "pair": [row["a"], row["b"]],
        "aspect": row["aspect"],
        "status": row["status"],
        "certainty": "possibly in force" if caveats else "in force",
        "by": row["initiators"].split(","),
        "holder": row["holder"],
        "forum": row["forum"],
        "since": since.text,
        "since_precision": since.precision.value,
        "until": until.text if until else None,
        "until_precision": until.precision.value if until else None,
        "scope": row["scope"],
        "condition": row["condition"],
        "events": events,
        "caveats": caveats,
        "sources": sources.get(row["opened_by"], []),
        "known_from": row["known_from"],
    }


def _ordered(rows: list[dict[str, Any]], *columns: str) -> list[dict[str, Any]]:
    """The Python twin of an ORDER BY over view columns (NULLs first)."""
    return sorted(rows, key=lambda r: tuple((r[c] is not None, r[c] or "") for c in columns))


def state(
    view: TimelineViewMixin, a: str, b: str, at: date, as_known_at: datetime | None,
    min_grade: str | None = None,
) -> dict[str, Any]:
    x, y = sorted((a, b))
    left_out = 0
    if min_grade:
        graded, left_out = graded_measures(view, min_grade, as_known_at, pair=(x, y))
        day = at.isoformat()
        rows = _ordered([r for r in graded if in_force(r, day)], "since_lo", "aspect", "holder")
    else:
        known_sql, known_params = _known(as_known_at)
        force_sql, force_params = _in_force(at)
        rows = view.query(
            f"SELECT * FROM dtl_measures WHERE a = ? AND b = ? AND {known_sql} AND {force_sql} "
            "ORDER BY since_lo, aspect, holder",
            [x, y, *known_params, *force_params],
        )
    sources = action_sources(view, [r["opened_by"] for r in rows], as_known_at)
    return {
        "pair": [a, b],
        "at": at.isoformat(),
        "as_known_at": _stamp(as_known_at),
        "min_grade": min_grade,
        "left_out": left_out,
        "measures": [measure_dict(r, at, sources) for r in rows],
        "latest_observations": observations(view, x, y, None, at, as_known_at, LATEST_IN_STATE)[
            "observations"
        ],
    }


LATEST_IN_STATE = 3


def observations(
    view: TimelineViewMixin, a: str, b: str, start: date | None, end: date | None,
    as_known_at: datetime | None, limit: int | None,
) -> dict[str, Any]:
    """Machine-coded observations between a pair, newest first (one index range scan)."""
    where, params = _pair_window(a, b, start, end, as_known_at)
    tail = f" LIMIT {int(limit)}" if limit else ""
    rows = view.query(
        f"SELECT * FROM dtl_observations WHERE {where} ORDER BY on_day DESC, position DESC{tail}", params
    )
    return {"pair": [a, b], "observations": [observation_dict(r) for r in rows]}


def _pair_window(
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
        params.append(_stamp(as_known_at))
    return where, params


def observation_summary(
    view: TimelineViewMixin, a: str, b: str, start: date | None, end: date | None,
    as_known_at: datetime | None = None,
) -> dict[str, Any]:
    where, params = _pair_window(a, b, start, end, as_known_at)
    rows = view.query(
        f"SELECT quad_class, COUNT(*) AS n, AVG(goldstein) AS mean FROM dtl_observations WHERE {where} "
        "GROUP BY quad_class ORDER BY quad_class",
        params,
    )
    total = sum(r["n"] for r in rows)
    mean = sum(float(r["mean"]) * r["n"] for r in rows) / total if total else None
    return {
        "count": total,
        "mean_goldstein": round(mean, 3) if mean is not None else None,
        "by_quad_class": {QUAD_NAMES[r["quad_class"]]: r["n"] for r in rows},
    }


QUAD_NAMES = {
    1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict",
}  # fmt: skip


def observation_dict(row: dict[str, Any]) -> dict[str, Any]:
    from domain.cameo import lookup

    try:
        label = lookup(row["cameo"]).label
    except (KeyError, ValueError):
        label = None
    return {
        "id": row["id"], "source": f"{row['system']}:{row['source_id']}", "on": row["on_day"],
        "actor1": row["actor1"], "actor2": row["actor2"], "actor1_code": row["actor1_code"],
        "actor2_code": row["actor2_code"], "cameo": row["cameo"], "label": label,
        "goldstein": row["goldstein"], "quad_class": row["quad_class"], "plover": row["plover"],
        "published": row["published"], "url": row["url"], "mentions": row["mentions"],
        "tone": row["tone"], "recorded_at": row["recorded_at"],
    }  # fmt: skip


ROSTER_ORDER = ("since_lo", "aspect", "a", "b", "holder", "forum", "opened_by")


def roster(
    view: TimelineViewMixin, org: str, at: date, as_known_at: datetime | None,
    min_grade: str | None = None,
) -> dict[str, Any]:
    left_out = 0
    if min_grade:
        graded, left_out = graded_measures(view, min_grade, as_known_at, actor=org)
        day = at.isoformat()
        rows = _ordered([r for r in graded if in_force(r, day)], *ROSTER_ORDER)
    else:
        known_sql, known_params = _known(as_known_at)
        force_sql, force_params = _in_force(at)
        rows = view.query(
            f"SELECT * FROM dtl_measures WHERE (a = ? OR b = ?) AND {known_sql} AND {force_sql} "
            # Ties broken on every column that tells rows apart: both backends, one order.
            f"ORDER BY {', '.join(ROSTER_ORDER)}",
            [org, org, *known_params, *force_params],
        )
    answer: dict[str, Any] = {
        "organisation": org,
        "at": at.isoformat(),
        "as_known_at": _stamp(as_known_at),
        "min_grade": min_grade,
        "left_out": left_out,
        "members": [],
        "partners": [],
        "suspended": [],
        "applicants": [],
        "blocks": [],
        "vetoes": [],
        "demands": [],
        "other_measures": [],
        "caveats": [],
    }
    for r in rows:
        other = r["b"] if r["a"] == org else r["a"]
        caveats = _caveats(r, at)
        for note in caveats:
            answer["caveats"].append(f"{r['aspect']} of {other}: {note}")
        if r["aspect"] in ROSTER_ASPECTS and r["forum"] in (org, None):
            answer[ROSTER_ASPECTS[r["aspect"]]].append(other)
        elif r["aspect"] in ("accession-block", "engagement-veto", "expulsion-demand"):
            bucket = {"accession-block": "blocks", "engagement-veto": "vetoes"}.get(
                r["aspect"], "demands"
            )
            answer[bucket].append(
                {"by": r["holder"], "target": other, "since": r["since_text"], "event": r["opened_by"]}
            )
        else:
            answer["other_measures"].append(measure_dict(r, at, {}))
    for key in ROSTER_ASPECTS.values():
        answer[key] = sorted(set(answer[key]))
    # On whose word each spell in force rests, by the id of the action that opened it.
    answer["sources"] = action_sources(view, sorted({r["opened_by"] for r in rows}), as_known_at)
    return answer


def history(
    view: TimelineViewMixin, a: str, b: str, as_known_at: datetime | None,
    min_grade: str | None = None,
) -> dict[str, Any]:
    x, y = sorted((a, b))
    left_out = 0
    if min_grade:
        graded, left_out = graded_measures(view, min_grade, as_known_at, pair=(x, y))
        rows = _ordered(graded, "since_lo", "aspect", "holder")
    else:
        known_sql, known_params = _known(as_known_at)
        rows = view.query(
            f"SELECT * FROM dtl_measures WHERE a = ? AND b = ? AND {known_sql} "
            "ORDER BY since_lo, aspect, holder",
            [x, y, *known_params],
        )
    sources = action_sources(view, [r["opened_by"] for r in rows], as_known_at)
    intervals = [measure_dict(r, None, sources) for r in rows]
    changes = []
    for m in intervals:
        changes.append({"on": m["since"], "change": "began", "measure": m})
        if m["until"]:
            changes.append({"on": m["until"], "change": "ended", "measure": m})
    changes.sort(key=lambda c: (FuzzyDate.parse(c["on"]).earliest, c["change"] == "began"))
    return {
        "pair": [a, b],
        "as_known_at": _stamp(as_known_at),
        "min_grade": min_grade,
        "left_out": left_out,
        "intervals": intervals,
        "changes": changes,
    }


def roster_history(
    view: TimelineViewMixin, org: str, as_known_at: datetime | None, min_grade: str | None = None
) -> dict[str, Any]:
    """Every interval between an organisation and anyone, each with the other side named."""
    left_out = 0
    if min_grade:
        rows, left_out = graded_measures(view, min_grade, as_known_at, actor=org)
        rows = _ordered(rows, *ROSTER_ORDER)
    else:
        known_sql, known_params = _known(as_known_at)
        rows = view.query(
            f"SELECT * FROM dtl_measures WHERE (a = ? OR b = ?) AND {known_sql} "
            f"ORDER BY {', '.join(ROSTER_ORDER)}",
            [org, org, *known_params],
        )
    sources = action_sources(view, [r["opened_by"] for r in rows], as_known_at)
    spells = []
    for r in rows:
        spell = measure_dict(r, None, sources)
        spell["other"] = r["b"] if r["a"] == org else r["a"]
        spells.append(spell)
    return {
        "organisation": org, "as_known_at": _stamp(as_known_at), "min_grade": min_grade,
        "left_out": left_out, "spells": spells,
    }  # fmt: skip


def action_dict(row: dict[str, Any]) -> dict[str, Any]:
    action = ActionData.model_validate_json(row["payload"])
    pairs = [list(p) for p in action.pairs()]
    if not pairs:
        pairs = [sorted((action.by[0], action.target))]
    return {
        "id": row["id"],
        "type": action.type,
        "on": action.on,
        "precision": action.date.precision.value,
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


def timeline(
    view: TimelineViewMixin,
    actor: str | None = None,
    pair: tuple[str, str] | None = None,
    start: FuzzyDate | None = None,
    end: FuzzyDate | None = None,
    types: list[str] | None = None,
    as_known_at: datetime | None = None,
    limit: int | None = None,
    text: str | None = None,
    min_grade: str | None = None,
) -> dict[str, Any]:
    """The actions in valid-time order, and how many well-matching ones a min grade left out."""
    joins, where, params = "", [], []
    if actor:
        joins += " JOIN dtl_action_actors aa ON aa.action_id = x.id AND aa.actor = ?"
        params.append(actor)
    if pair:
        x_, y_ = sorted(pair)
        joins += " JOIN dtl_action_pairs pp ON pp.action_id = x.id AND pp.a = ? AND pp.b = ?"
        params += [x_, y_]
    if as_known_at is not None:
        where.append("x.recorded_at <= ?")
        params.append(_stamp(as_known_at))
    if types:
        where.append("x.type IN (" + ",".join("?" for _ in types) + ")")
        params += types
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    rows = view.query(
        f"SELECT DISTINCT x.* FROM dtl_actions x{joins}{clause} ORDER BY x.position", params
    )
    if as_known_at is not None:
        rows = as_known(view, rows, _stamp(as_known_at))
    out = []
    for r in rows:
        if r["retracted"]:
            continue
        window = FuzzyDate.parse(ActionData.model_validate_json(r["payload"]).on)
        if start and window.latest_exclusive <= start.earliest:
            continue
        if end and window.earliest >= end.latest_exclusive:
            continue
        out.append(action_dict(r))
    sources = action_sources(view, [a["id"] for a in out], as_known_at)
    for answer in out:
        answer["sources"] = sources.get(answer["id"], [])
    if text:
        words = text.casefold().split()
        out = [a for a in out if all(w in _searchable(a) for w in words)]
    left_out = 0
    if min_grade:
        kept = [a for a in out if qualifies(a["sources"], min_grade)]
        left_out = len(out) - len(kept)
        out = kept
    out.sort(key=lambda a: (FuzzyDate.parse(a["on"]).earliest, a["recorded_at"], a["id"]))
    return {
        "as_known_at": _stamp(as_known_at),
        "text": text,
        "min_grade": min_grade,
        "left_out": left_out,
        "actions": out[:limit] if limit else out,
    }


def actions_by_id(
    view: TimelineViewMixin, ids: list[str], as_known_at: datetime | None = None
) -> dict[str, dict[str, Any]]:
    """Actions (as they stood at as_known_at) with their sources, by id."""
    rows: list[dict[str, Any]] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows += view.query(
            f"SELECT * FROM dtl_actions WHERE id IN ({','.join('?' for _ in chunk)})", chunk
        )
    if as_known_at is not None:
        rows = as_known(view, rows, _stamp(as_known_at))
    out = {r["id"]: action_dict(r) for r in rows}
    sources = action_sources(view, list(out), as_known_at)
    for action_id, answer in out.items():
        answer["sources"] = sources.get(action_id, [])
    return out


def _searchable(action: dict[str, Any]) -> str:
    """What `--text` searches: the note and every source's name and quote."""
    parts = [action.get("note") or ""]
    for source in action["sources"]:
        parts += [source.get("name") or "", source.get("quote") or ""]
    return "\n".join(parts).casefold()


def revisions(view: TimelineViewMixin, action_id: str) -> list[dict[str, Any]]:
    rows = view.query(
        "SELECT * FROM dtl_revisions WHERE action_id = ? ORDER BY revision", [action_id]
    )
    return [
        {
            "revision": r["revision"],
            "recorded_at": r["recorded_at"],
            "retracted": bool(r["retracted"]),
            "reason": r["reason"],
            "action": json.loads(r["payload"]),
        }
        for r in rows
    ]
