"""Why: the chain behind each measure in force between two actors on a day. A measure's
opening action answered others (--in-response-to, or `dtl link`), which answered others in
turn; each link is followed back, breadth first, each action shown once with its date and its
sources. Links are read as known at the lens's recording time."""

from __future__ import annotations

from datetime import date
from typing import Any

from dtl.projections.questions.common import action_dict, action_sources
from dtl.projections.questions.lens import Lens
from dtl.projections.questions.refold import qualifying
from dtl.projections.questions.revisions import as_read
from dtl.projections.questions.state import state
from dtl.projections.view import TimelineViewMixin

MAX_CHAIN = 200  # actions shown behind one measure: a chain is a story, not the whole log
ASKED = 500  # ids asked by name; beyond that (a whole timeline) every link is read in one pass


def links_from(view: TimelineViewMixin, ids: list[str], lens: Lens) -> dict[str, list[str]]:
    """What each of these actions answered, as known at the lens's recording time (a link
    recorded after it is not known then), in the order the links were recorded."""
    if not ids:
        return {}
    known, known_params = (" AND recorded_at <= ?", [lens.known_text]) if lens.known is not None else ("", [])
    order = " ORDER BY action_id, position, responds_to"
    if len(ids) > ASKED:
        wanted = set(ids)
        sql = f"SELECT action_id, responds_to FROM dtl_links WHERE 1 = 1{known}{order}"
        rows = view.query(sql, known_params)
        rows = [r for r in rows if r["action_id"] in wanted]
    else:
        marks = ", ".join("?" for _ in ids)
        rows = view.query(
            f"SELECT action_id, responds_to FROM dtl_links WHERE action_id IN ({marks}){known}{order}",
            [*ids, *known_params],
        )
    found: dict[str, list[str]] = {}
    for r in rows:
        found.setdefault(r["action_id"], []).append(r["responds_to"])
    return found


def known_links(view: TimelineViewMixin, lens: Lens, most: int) -> list[dict[str, Any]]:
    """Every link known at the lens's recording time (action_id, responds_to), in the order
    they were recorded; at most `most` + 1 of them, for the caller to bound."""
    known, params = (" WHERE recorded_at <= ?", [lens.known_text]) if lens.known is not None else ("", [])
    return view.query(
        f"SELECT action_id, responds_to FROM dtl_links{known} ORDER BY position, action_id, responds_to "
        f"LIMIT {most + 1}",
        params,
    )


def path(view: TimelineViewMixin, start: str, goal: str, lens: Lens) -> list[str] | None:
    """The links from `start` to `goal` (both included), breadth first; None if none leads there."""
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        step, frontier = links_from(view, frontier, lens), []
        for source, targets in step.items():
            for target in targets:
                if target in came_from or target == start:
                    continue
                came_from[target] = source
                if target == goal:
                    found = [goal]
                    while found[-1] != start:
                        found.append(came_from[found[-1]])
                    return found[::-1]
                frontier.append(target)
    return None


def chain(view: TimelineViewMixin, start: str, lens: Lens) -> list[dict[str, Any]]:
    """The action `start` and, breadth first, every action it answered, each once."""
    order, seen, frontier = [], {start}, [start]
    answered: dict[str, list[str]] = {}
    while frontier and len(order) < MAX_CHAIN:
        order += frontier
        step = links_from(view, frontier, lens)
        answered.update(step)
        frontier = [a for ids in step.values() for a in ids if a not in seen]
        seen.update(frontier)
    order = order[:MAX_CHAIN]
    marks = ", ".join("?" for _ in order)
    rows = {
        r["id"]: r
        for r in as_read(view, view.query(f"SELECT * FROM dtl_actions WHERE id IN ({marks})", order), lens)
    }
    sources = action_sources(view, order, lens)
    # As the lens reads the record: an action it does not count (too weakly sourced, not yet
    # reported) is left out of the chain, as it is of every answer; the links to it still say so.
    kept = qualifying(view, order, lens)[0] | {start} if lens.refolds else set(order)
    out = []
    for action_id in order:
        if action_id not in rows or action_id not in kept:
            continue  # not yet recorded at the lens's time, or not counted by it
        shown = action_dict(rows[action_id])
        shown["sources"] = sources.get(action_id, [])
        shown["responds_to"] = answered.get(action_id, [])
        out.append(shown)
    return out


def why(view: TimelineViewMixin, a: str, b: str, at: date, lens: Lens) -> dict[str, Any]:
    answer = state(view, a, b, at, lens)
    measures = []
    for m in answer["measures"]:
        measures.append({**m, "because": chain(view, m["events"][0], lens)})
    return {**{k: v for k, v in answer.items() if k not in ("measures", "latest_observations")},
            "measures": measures}  # fmt: skip
