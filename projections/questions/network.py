"""The relationships in force on a day as a graph: actors as nodes, measures as directed edges."""

from __future__ import annotations

from datetime import date
from typing import Any

from dtl.domain.actors import registry
from dtl.projections.questions.common import (
    MAX_ROWS,
    action_sources,
    bounded,
    in_force_clause,
    known_clause,
    ordered,
)
from dtl.projections.questions.lens import Lens
from dtl.projections.questions.refold import LeftOut, in_force, refolded_measures
from dtl.projections.view import TimelineViewMixin

ORDER = ("a", "b", "aspect", "holder", "forum", "since_lo", "opened_by")


def network(
    view: TimelineViewMixin, at: date, aspect: str | None = None, lens: Lens = Lens()
) -> dict[str, Any]:
    left = LeftOut()
    if lens.refolds:
        rows, left = refolded_measures(view, lens)
        rows = [r for r in rows if in_force(r, at.isoformat()) and (aspect is None or r["aspect"] == aspect)]
    else:
        known_sql, params = known_clause(lens.known)
        force_sql, force_params = in_force_clause(at)
        where = f"{known_sql} AND {force_sql}"
        params += force_params
        if aspect:
            where += " AND aspect = ?"
            params.append(aspect)
        rows = view.query(f"SELECT * FROM dtl_measures WHERE {where} LIMIT {MAX_ROWS + 1}", params)
    rows = bounded(rows, "at", "measures", "ask about one --aspect")
    edges = []
    for r in ordered(rows, *ORDER):
        # Directed from whoever holds the measure (the vetoer, the member) to the other side;
        # a mutual measure (relations, a partnership) runs a -> b and says it is mutual.
        source = r["holder"] or r["a"]
        if source in (r["a"], r["b"]):
            target = r["b"] if source == r["a"] else r["a"]
        else:  # a third party's measure (a veto, a demand in a forum) points at its target
            target = r["a"] if r["b"] == r["forum"] else r["b"]
        edges.append(
            {
                "source": source, "target": target, "aspect": r["aspect"], "status": r["status"],
                "mutual": r["holder"] is None, "initiators": r["initiators"].split(","),
                "forum": r["forum"], "since": r["since_text"], "opened_by": r["opened_by"],
            }
        )  # fmt: skip
    sources = action_sources(view, sorted({e["opened_by"] for e in edges}), lens)
    for edge in edges:
        edge["sources"] = sources.get(edge["opened_by"], [])
    codes = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    actors = registry()
    nodes = []
    for code in codes:
        actor = actors.resolve(code)
        nodes.append({"id": code, "name": actor.name, "kind": actor.kind.value})
    return {
        "at": at.isoformat(), "aspect": aspect, **lens.header(), **left.fields(),
        "nodes": nodes, "edges": edges,
    }  # fmt: skip
