"""An organisation on a day (members, partners, applicants, blocks, vetoes, demands), and every
spell it has had."""

from __future__ import annotations

from datetime import date
from typing import Any

from dtl.projections.questions.common import (
    action_sources,
    caveats_at,
    in_force_clause,
    known_clause,
    measure_dict,
    ordered,
)
from dtl.projections.questions.lens import Lens
from dtl.projections.questions.refold import LeftOut, in_force, refolded_measures
from dtl.projections.view import TimelineViewMixin

ROSTER_ASPECTS = {
    "membership": "members",
    "partnership": "partners",
    "suspension": "suspended",
    "application": "applicants",
    "associate-membership": "associates",
    "observer": "observers",
}

ROSTER_ORDER = ("since_lo", "aspect", "a", "b", "holder", "forum", "opened_by")


def _a_side(row: dict[str, Any], org: str) -> bool:
    """A roster is the organisation's own pairs (as the SQL above selects them). These are the
    measures that involve it (common.measure_clause) as long as it holds none on a pair it is no
    side of: only a veto, a block or a call for expulsion by it in another organisation would."""
    return org in (row["a"], row["b"])


def roster(view: TimelineViewMixin, org: str, at: date, lens: Lens) -> dict[str, Any]:
    left = LeftOut()
    if lens.refolds:
        refolded, left = refolded_measures(view, lens, actor=org)
        day = at.isoformat()
        rows = ordered([r for r in refolded if _a_side(r, org) and in_force(r, day)], *ROSTER_ORDER)
    else:
        known_sql, known_params = known_clause(lens.known)
        force_sql, force_params = in_force_clause(at)
        rows = view.query(
            f"SELECT * FROM dtl_measures WHERE (a = ? OR b = ?) AND {known_sql} AND {force_sql} "
            # Ties broken on every column that tells rows apart: both backends, one order.
            f"ORDER BY {', '.join(ROSTER_ORDER)}",
            [org, org, *known_params, *force_params],
        )
    answer: dict[str, Any] = {
        "organisation": org,
        "at": at.isoformat(),
        **lens.header(),
        **left.fields(),
        "members": [],
        "partners": [],
        "suspended": [],
        "applicants": [],
        "associates": [],
        "observers": [],
        "leaving": [],
        "blocks": [],
        "vetoes": [],
        "demands": [],
        "other_measures": [],
        "caveats": [],
    }
    for r in rows:
        other = r["b"] if r["a"] == org else r["a"]
        caveats = caveats_at(r, at)
        for note in caveats:
            answer["caveats"].append(f"{r['aspect']} of {other}: {note}")
        if r["aspect"] in ROSTER_ASPECTS and r["forum"] in (org, None):
            answer[ROSTER_ASPECTS[r["aspect"]]].append(other)
        elif r["aspect"] == "withdrawal-notice":  # a member still, until the notice takes effect
            answer["leaving"].append(
                {"member": other, "status": r["status"], "since": r["since_text"], "event": r["opened_by"]}
            )
        elif r["aspect"] in ("accession-block", "engagement-veto", "expulsion-demand"):
            bucket = {"accession-block": "blocks", "engagement-veto": "vetoes"}.get(r["aspect"], "demands")
            answer[bucket].append(
                {"by": r["holder"], "target": other, "since": r["since_text"], "event": r["opened_by"]}
            )
        else:
            answer["other_measures"].append(measure_dict(r, at, {}))
    for key in ROSTER_ASPECTS.values():
        answer[key] = sorted(set(answer[key]))
    # On whose word each spell in force rests, by the id of the action that opened it.
    answer["sources"] = action_sources(view, sorted({r["opened_by"] for r in rows}), lens)
    return answer


def roster_history(view: TimelineViewMixin, org: str, lens: Lens) -> dict[str, Any]:
    """Every interval between an organisation and anyone, each with the other side named."""
    left = LeftOut()
    if lens.refolds:
        rows, left = refolded_measures(view, lens, actor=org)
        rows = ordered([r for r in rows if _a_side(r, org)], *ROSTER_ORDER)
    else:
        known_sql, known_params = known_clause(lens.known)
        rows = view.query(
            f"SELECT * FROM dtl_measures WHERE (a = ? OR b = ?) AND {known_sql} "
            f"ORDER BY {', '.join(ROSTER_ORDER)}",
            [org, org, *known_params],
        )
    sources = action_sources(view, [r["opened_by"] for r in rows], lens)
    spells = []
    for r in rows:
        spell = measure_dict(r, None, sources)
        spell["other"] = r["b"] if r["a"] == org else r["a"]
        spells.append(spell)
    return {
        "organisation": org, **lens.header(), **left.fields(), "spells": spells,
    }  # fmt: skip
