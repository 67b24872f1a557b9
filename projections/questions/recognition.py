"""Who recognizes an actor on a day: a list and a count, like a roster, each recognition with
its kind (de jure, de facto), since when and on whose word; and those withdrawn by then."""

from __future__ import annotations

from datetime import date
from typing import Any

from dtl.projections.questions.common import action_sources, caveats_at
from dtl.projections.questions.lens import Lens
from dtl.projections.questions.refold import in_force, spells_of
from dtl.projections.view import TimelineViewMixin


def recognition(view: TimelineViewMixin, recognized: str, at: date, lens: Lens) -> dict[str, Any]:
    day = at.isoformat()
    rows, left = spells_of(view, lens, "recognition", [recognized])
    rows = [r for r in rows if r["holder"] != recognized]  # its own recognitions of others
    held = sorted((r for r in rows if in_force(r, day)), key=lambda r: (r["holder"], r["since_lo"]))
    ended = sorted(
        (r for r in rows if r["until_lo"] is not None and r["until_hi"] <= day and r["holder"] not in
         {h["holder"] for h in held}),
        key=lambda r: (r["holder"], r["until_lo"]),
    )  # fmt: skip
    sources = action_sources(view, sorted({r["opened_by"] for r in held}), lens)
    return {
        "recognized": recognized,
        "at": day,
        **lens.header(),
        **left.fields(),
        "count": len(held),
        "recognizers": [
            {"by": r["holder"], "status": r["status"], "since": r["since_text"],
             "certainty": "possibly in force" if caveats_at(r, at) else "in force",
             "event": r["opened_by"], "sources": sources.get(r["opened_by"], [])}
            for r in held
        ],
        "withdrawn": [
            {"by": r["holder"], "since": r["since_text"], "until": r["until_text"], "event": r["closed_by"]}
            for r in ended
        ],
    }  # fmt: skip
