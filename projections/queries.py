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


def _sources(view: TimelineViewMixin, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    if not ids:
        return {}
    marks = ",".join("?" for _ in ids)
    rows = view.query(f"SELECT id, payload FROM dtl_actions WHERE id IN ({marks})", ids)
    out = {}
    for r in rows:
        # The payload is ActionData's own JSON: read the sources straight from it, so answering
        # a question never has to build the pydantic schemas (a cold command's start-up).
        sources = json.loads(r["payload"]).get("sources") or []
        out[r["id"]] = [{k: v for k, v in src.items() if v is not None} for src in sources]
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


def state(
    view: TimelineViewMixin, a: str, b: str, at: date, as_known_at: datetime | None
) -> dict[str, Any]:
    x, y = sorted((a, b))
    known_sql, known_params = _known(as_known_at)
    force_sql, force_params = _in_force(at)
    rows = view.query(
        f"SELECT * FROM dtl_measures WHERE a = ? AND b = ? AND {known_sql} AND {force_sql} "
        "ORDER BY since_lo, aspect, holder",
        [x, y, *known_params, *force_params],
    )
    sources = _sources(view, [r["opened_by"] for r in rows])
    return {
        "pair": [a, b],
        "at": at.isoformat(),
        "as_known_at": _stamp(as_known_at),
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
    a: str, b: str, start: date | None, end: date | None, as_known_at: datetime | None
) -> tuple[str, list[Any]]:
    """The WHERE clause for a pair's observations between two days, as known at a time."""
    x, y = sorted((a, b))
    where = "a = ? AND b = ?"
    params: list[Any] = [x, y]
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


def roster(
    view: TimelineViewMixin, org: str, at: date, as_known_at: datetime | None
) -> dict[str, Any]:
    known_sql, known_params = _known(as_known_at)
    force_sql, force_params = _in_force(at)
    rows = view.query(
        f"SELECT * FROM dtl_measures WHERE (a = ? OR b = ?) AND {known_sql} AND {force_sql} "
        # Ties broken on every column that tells rows apart: both backends, one order.
        "ORDER BY since_lo, aspect, a, b, holder, forum, opened_by",
        [org, org, *known_params, *force_params],
    )
    answer: dict[str, Any] = {
        "organisation": org,
        "at": at.isoformat(),
        "as_known_at": _stamp(as_known_at),
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
    return answer


def history(
    view: TimelineViewMixin, a: str, b: str, as_known_at: datetime | None
) -> dict[str, Any]:
    x, y = sorted((a, b))
    known_sql, known_params = _known(as_known_at)
    rows = view.query(
        f"SELECT * FROM dtl_measures WHERE a = ? AND b = ? AND {known_sql} "
        "ORDER BY since_lo, aspect, holder",
        [x, y, *known_params],
    )
    sources = _sources(view, [r["opened_by"] for r in rows])
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
        "intervals": intervals,
        "changes": changes,
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
) -> list[dict[str, Any]]:
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
        rows = _as_known(view, rows, _stamp(as_known_at))
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
    out.sort(key=lambda a: (FuzzyDate.parse(a["on"]).earliest, a["recorded_at"], a["id"]))
    return out[:limit] if limit else out


def _as_known(view: TimelineViewMixin, rows: list[dict[str, Any]], k: str) -> list[dict[str, Any]]:
    """Replace each action's current revision with the last one recorded by k."""
    if not rows:
        return rows
    ids = [r["id"] for r in rows]
    marks = ",".join("?" for _ in ids)
    revisions = view.query(
        f"SELECT * FROM dtl_revisions WHERE action_id IN ({marks}) AND recorded_at <= ? "
        "ORDER BY action_id, revision",
        [*ids, k],
    )
    latest = {}
    for rev in revisions:
        latest[rev["action_id"]] = rev
    out = []
    for r in rows:
        rev = latest.get(r["id"])
        if rev is None:
            continue
        out.append(
            {**r, "payload": rev["payload"], "retracted": rev["retracted"], "revision": rev["revision"]}
        )
    return out


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
