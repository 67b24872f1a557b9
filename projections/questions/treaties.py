"""Treaties: which are in force between two states on a day, with the obligations they carry;
and the parties of one treaty on a day, by their standing (in force, suspended, under notice,
signed or ratified only), with who had left by then.

A party's standing is a measure on the pair (party, treaty) held by the party (the catalogue's
"treaties" family). A treaty binds X and Y on a day when it is in force for both: under notice
it still is, until the notice takes effect; suspended it is not."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from dtl.domain.actors import registry
from dtl.projections.questions.common import action_sources, caveats_at
from dtl.projections.questions.lens import Lens
from dtl.projections.questions.refold import in_force, spells_of
from dtl.projections.view import TimelineViewMixin


def binding(status: str) -> bool:
    """Whether a party's standing binds it: in force, or in force under a withdrawal notice."""
    return status == "in force" or status.startswith("notice given")


def _obligations(view: TimelineViewMixin, rows: list[dict[str, Any]], day: str) -> dict[tuple, list[str]]:
    """What each party undertook towards each treaty by the day, as its latest action that says
    so recorded it (--obligations, ATOP's kinds), by (party, treaty)."""
    ids = sorted({r["opened_by"] for r in rows if r["since_lo"] <= day})
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    payloads = {
        r["id"]: json.loads(r["payload"])
        for r in view.query(f"SELECT id, payload FROM dtl_actions WHERE id IN ({marks})", ids)
    }
    found: dict[tuple, tuple[str, list[str]]] = {}
    for r in rows:
        said = payloads.get(r["opened_by"], {}).get("obligations") or []
        key = (r["holder"], r["b"] if r["a"] == r["holder"] else r["a"])
        if said and r["since_lo"] <= day and r["since_lo"] >= found.get(key, ("", []))[0]:
            found[key] = (r["since_lo"], list(said))
    return {key: said for key, (_, said) in found.items()}


def _standing(
    r: dict[str, Any], at: date, sources: dict[str, list], obligations: dict[tuple, list[str]]
) -> dict[str, Any]:
    treaty = r["b"] if r["a"] == r["holder"] else r["a"]
    return {
        "party": r["holder"],
        "status": r["status"],
        "obligations": obligations.get((r["holder"], treaty), []),
        "since": r["since_text"],
        "certainty": "possibly in force" if caveats_at(r, at) else "in force",
        "event": r["opened_by"],
        "sources": sources.get(r["opened_by"], []),
    }


def _treaty(code: str) -> dict[str, Any]:
    actor = registry().get(code)
    return {"treaty": code, "name": actor.name if actor else code,
            "obligations": list(actor.obligations) if actor else []}  # fmt: skip


def treaties_between(view: TimelineViewMixin, x: str, y: str, at: date, lens: Lens) -> dict[str, Any]:
    day = at.isoformat()
    rows, left = spells_of(view, lens, "treaty", [x, y])
    held = [r for r in rows if r["holder"] in (x, y) and in_force(r, day)]
    sources = action_sources(view, sorted({r["opened_by"] for r in held}), lens)
    undertaken = _obligations(view, [r for r in rows if r["holder"] in (x, y)], day)
    by_treaty: dict[str, dict[str, dict[str, Any]]] = {}
    for r in held:
        treaty = r["b"] if r["a"] == r["holder"] else r["a"]
        by_treaty.setdefault(treaty, {})[r["holder"]] = _standing(r, at, sources, undertaken)
    answer = []
    for treaty, parties in sorted(by_treaty.items()):
        if set(parties) != {x, y}:
            continue  # a treaty only one of them is party to does not lie between them
        named = _treaty(treaty)
        # Between two parties a treaty carries what it carries for all (dtl's list), or else
        # what both undertook (ATOP codes obligations member by member).
        both = [o for o in parties[x]["obligations"] if o in parties[y]["obligations"]]
        answer.append({
            **named,
            "obligations": named["obligations"] or both,
            "in_force_between": all(binding(p["status"]) for p in parties.values()),
            "parties": [parties[x], parties[y]],
        })  # fmt: skip
    return {"pair": [x, y], "at": day, **lens.header(), **left.fields(), "treaties": answer}


def parties(view: TimelineViewMixin, treaty: str, at: date, lens: Lens) -> dict[str, Any]:
    day = at.isoformat()
    rows, left = spells_of(view, lens, "treaty", [treaty])
    rows = [r for r in rows if treaty in (r["a"], r["b"]) and r["holder"] != treaty]
    held = sorted((r for r in rows if in_force(r, day)), key=lambda r: r["holder"])
    sources = action_sources(view, sorted({r["opened_by"] for r in held}), lens)
    undertaken = _obligations(view, rows, day)
    standing = [_standing(r, at, sources, undertaken) for r in held]
    holding = {r["holder"] for r in held}
    left_by = sorted(
        {r["holder"]: r for r in rows if r["until_lo"] is not None and r["until_hi"] <= day
         and r["holder"] not in holding}.values(),
        key=lambda r: r["holder"],
    )  # fmt: skip
    return {
        **_treaty(treaty),
        "at": day,
        **lens.header(),
        **left.fields(),
        "bound": sorted(p["party"] for p in standing if binding(p["status"])),
        "parties": standing,
        "left": [{"party": r["holder"], "until": r["until_text"], "event": r["closed_by"]} for r in left_by],
    }
