"""Machine-coded observations (GDELT, ICEWS) between two actors, and their summary."""

from __future__ import annotations

from datetime import date
from typing import Any

from dtl.projections.questions.common import pair_window
from dtl.projections.questions.lens import EVERYTHING, Lens
from dtl.projections.view import TimelineViewMixin


def observations(
    view: TimelineViewMixin,
    a: str,
    b: str,
    start: date | None,
    end: date | None,
    lens: Lens,
    limit: int | None,
) -> dict[str, Any]:
    """Machine-coded observations between a pair, newest first (one index range scan)."""
    where, params = pair_window(a, b, start, end, lens)
    tail = f" LIMIT {int(limit)}" if limit else ""
    rows = view.query(
        f"SELECT * FROM dtl_observations WHERE {where} ORDER BY on_day DESC, position DESC{tail}", params
    )
    return {"pair": [a, b], "observations": [observation_dict(r) for r in rows]}


def observation_summary(
    view: TimelineViewMixin,
    a: str,
    b: str,
    start: date | None,
    end: date | None,
    lens: Lens = EVERYTHING,
) -> dict[str, Any]:
    where, params = pair_window(a, b, start, end, lens)
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
    from dtl.domain.cameo import lookup

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
