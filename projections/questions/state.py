"""What held between two actors on a day, and on whose word."""

from __future__ import annotations

from datetime import date
from typing import Any

from dtl.projections.questions.common import (
    PAIR_ORDER,
    action_sources,
    in_force_clause,
    known_clause,
    measure_clause,
    measure_dict,
    ordered,
)
from dtl.projections.questions.lens import Lens
from dtl.projections.questions.observations import observations
from dtl.projections.questions.refold import LeftOut, in_force, refolded_measures
from dtl.projections.view import TimelineViewMixin

LATEST_IN_STATE = 3


RELATIONS = ("diplomatic-relations", "relations")


def state(view: TimelineViewMixin, a: str, b: str, at: date, lens: Lens) -> dict[str, Any]:
    x, y = sorted((a, b))
    left = LeftOut()
    day = at.isoformat()
    if lens.refolds:
        refolded, left = refolded_measures(view, lens, pair=(x, y))
        rows = ordered([r for r in refolded if in_force(r, day)], *PAIR_ORDER)
        spells = [r for r in refolded if (r["a"], r["b"]) == (x, y) and r["aspect"] in RELATIONS]
    else:
        known_sql, known_params = known_clause(lens.known)
        force_sql, force_params = in_force_clause(at)
        about_sql, about_params = measure_clause(pair=(x, y))  # the pair's, and those it holds
        # One statement for the measures in force and the pair's relations spells (in force or
        # not): each statement is a transaction, and `state` is the commonest question.
        found = view.query(
            f"SELECT * FROM dtl_measures WHERE {about_sql} AND {known_sql} AND ({force_sql} "
            f"OR (a = ? AND b = ? AND aspect IN (?, ?))) ORDER BY {', '.join(PAIR_ORDER)}",
            [*about_params, *known_params, *force_params, x, y, *RELATIONS],
        )
        rows = [r for r in found if in_force(r, day)]
        spells = [r for r in found if (r["a"], r["b"]) == (x, y) and r["aspect"] in RELATIONS]
    sources = action_sources(view, [r["opened_by"] for r in rows], lens)
    return {
        "pair": [a, b],
        "at": at.isoformat(),
        **lens.header(),
        **left.fields(),
        "relations": relations(spells, day),
        "measures": [measure_dict(r, at, sources, (a, b)) for r in rows],
        "latest_observations": observations(view, x, y, None, at, lens, LATEST_IN_STATE)["observations"],
    }


def relations(spells: list[dict[str, Any]], day: str) -> dict[str, Any]:
    """Diplomatic relations between the pair on the day, as an explicit state: established,
    severed, none yet (established on a later day), or not recorded, which is not "none"."""
    held = [r for r in spells if in_force(r, day)]
    for aspect, status in (("relations", "severed"), ("diplomatic-relations", "established")):
        found = sorted((r for r in held if r["aspect"] == aspect), key=lambda r: r["since_lo"])
        if found:
            spell = found[0]
            by = {"by": spell["holder"]} if spell["holder"] else {}
            return {"status": status, "since": spell["since_text"], **by, "event": spell["opened_by"]}
    later = sorted(
        (r for r in spells if r["aspect"] == "diplomatic-relations" and r["since_lo"] > day),
        key=lambda r: r["since_lo"],
    )
    if later:
        return {"status": "none", "established_on": later[0]["since_text"], "event": later[0]["opened_by"]}
    ended = [r for r in spells if r["until_lo"] is not None and r["until_hi"] <= day]
    if ended:
        return {"status": "none", "ended_on": max(r["until_text"] for r in ended)}
    return {"status": "not recorded"}
