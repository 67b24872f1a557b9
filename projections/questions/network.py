"""The relationships in force on a day as a graph: actors as nodes, measures as directed edges;
and, if asked, who answered whom: the causal links (`dtl link`) between actions dated by the day,
each from the answering action's initiators to those of the action it answered."""

from __future__ import annotations

from datetime import date
from typing import Any

from dtl.domain.actors import registry
from dtl.domain.dates import FuzzyDate
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
from dtl.projections.questions.timeline import actions_by_id, counted
from dtl.projections.questions.why import known_links
from dtl.projections.view import TimelineViewMixin

ORDER = ("a", "b", "aspect", "holder", "forum", "since_lo", "opened_by")


def network(
    view: TimelineViewMixin, at: date, aspect: str | None = None, lens: Lens = Lens(), links: bool = False
) -> dict[str, Any]:
    """With `links`, the answer's `links` are the causal links (else null: not asked)."""
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
    answers = response_links(view, at, lens) if links else None
    codes = {e["source"] for e in edges} | {e["target"] for e in edges}
    for link in answers or []:
        codes.update(link["by"], link["responds_to_by"])
    actors = registry()
    nodes = []
    for code in sorted(codes):
        actor = actors.resolve(code)
        nodes.append({"id": code, "name": actor.name, "kind": actor.kind.value})
    return {
        "at": at.isoformat(), "aspect": aspect, **lens.header(), **left.fields(),
        "nodes": nodes, "edges": edges, "links": answers,
    }  # fmt: skip


def response_links(view: TimelineViewMixin, at: date, lens: Lens) -> list[dict[str, Any]]:
    """Every link known at the lens's time whose answering action may have happened by `at` (its
    date's window begins on or before it; the answered one is never dated after it), both
    actions as the lens reads them: a retracted action, or one the lens does not count (too
    weakly sourced, not yet reported), takes its links out with it."""
    rows = bounded(known_links(view, lens, MAX_ROWS), "at", "causal links", "ask without --links")
    ids = list(dict.fromkeys(i for r in rows for i in (r["action_id"], r["responds_to"])))
    found = [a for a in actions_by_id(view, ids, lens).values() if not a["retracted"]]
    actions = {a["id"]: a for a in counted(view, found, lens)[0]}
    out = []
    for r in rows:
        action, answered = actions.get(r["action_id"]), actions.get(r["responds_to"])
        if action is None or answered is None or FuzzyDate.parse(action["on"]).earliest > at:
            continue
        out.append(
            {
                "action": action["id"], "action_type": action["type"], "action_on": action["on"],
                "by": action["by"], "responds_to": answered["id"], "responds_to_type": answered["type"],
                "responds_to_on": answered["on"], "responds_to_by": answered["by"],
            }
        )  # fmt: skip
    out.sort(key=lambda x: (FuzzyDate.parse(x["action_on"]).earliest, x["action"], x["responds_to"]))
    return out
