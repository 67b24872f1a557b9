"""The recorded actions in valid-time order, filtered by actor, pair, dates, type and words.
Each says which actions it answered (`responds_to`: its links, given with it or by `dtl link`),
as known at the lens's recording time, as `dtl why` reads them."""

from __future__ import annotations

from typing import Any

from dtl.domain.dates import FuzzyDate
from dtl.projections.questions.common import action_dict, action_join, action_sources
from dtl.projections.questions.lens import Lens
from dtl.projections.questions.refold import LeftOut, qualifying
from dtl.projections.questions.revisions import as_read
from dtl.projections.questions.why import links_from
from dtl.projections.view import TimelineViewMixin


def timeline(
    view: TimelineViewMixin,
    actor: str | None = None,
    pair: tuple[str, str] | None = None,
    start: FuzzyDate | None = None,
    end: FuzzyDate | None = None,
    types: list[str] | None = None,
    lens: Lens = Lens(),
    limit: int | None = None,
    text: str | None = None,
    recorded_by: str | None = None,
) -> dict[str, Any]:
    """The actions in valid-time order, and those well-matching ones the lens did not count.
    `recorded_by`: only the actions that principal recorded (their first revision's)."""
    out = read_actions(view, actor, pair, types, lens)
    if recorded_by is not None:
        out = [a for a in out if a["recorded_by"] == recorded_by]
    if start or end:
        out = [a for a in out if _overlaps(a["on"], start, end)]
    if text:
        words = text.casefold().split()
        out = [a for a in out if all(w in _searchable(a) for w in words)]
    out, left = counted(view, out, lens)
    out.sort(key=lambda a: (FuzzyDate.parse(a["on"]).earliest, a["recorded_at"], a["id"]))
    out = out[:limit] if limit else out
    answered = links_from(view, [a["id"] for a in out], lens)
    for action in out:
        action["responds_to"] = answered.get(action["id"], [])
    return {
        **lens.header(),
        "text": text,
        "recorded_by": recorded_by,
        **left.fields(),
        "actions": out,
    }


def read_actions(
    view: TimelineViewMixin,
    actor: str | None,
    pair: tuple[str, str] | None,
    types: list[str] | None,
    lens: Lens,
) -> list[dict[str, Any]]:
    """The actions about an actor or pair (common.py's rule), each as the lens reads it, with
    its sources; retracted ones dropped. Whether the lens counts them is `counted`'s work."""
    joins, params = action_join(actor or None, pair or None)
    where: list[str] = []
    if lens.known is not None:
        where.append("x.recorded_at <= ?")
        params.append(lens.known_text)
    if types:
        where.append("x.type IN (" + ",".join("?" for _ in types) + ")")
        params += types
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    rows = view.query(f"SELECT DISTINCT x.* FROM dtl_actions x{joins}{clause} ORDER BY x.position", params)
    out = [action_dict(r) for r in as_read(view, rows, lens) if not r["retracted"]]
    sources = action_sources(view, [a["id"] for a in out], lens)
    for answer in out:
        answer["sources"] = sources.get(answer["id"], [])
    return out


def counted(
    view: TimelineViewMixin, actions: list[dict[str, Any]], lens: Lens
) -> tuple[list[dict[str, Any]], LeftOut]:
    """The actions the lens counts, and those it left out."""
    if not lens.refolds:
        return actions, LeftOut()
    ids = [a["id"] for a in actions]
    kept, undated = qualifying(view, ids, lens)
    return [a for a in actions if a["id"] in kept], LeftOut(set(ids) - kept, undated)


def _overlaps(on: str, start: FuzzyDate | None, end: FuzzyDate | None) -> bool:
    window = FuzzyDate.parse(on)
    if start and window.latest_exclusive <= start.earliest:
        return False
    return not (end and window.earliest >= end.latest_exclusive)


def actions_by_id(view: TimelineViewMixin, ids: list[str], lens: Lens = Lens()) -> dict[str, dict[str, Any]]:
    """Actions (as the lens reads them) with their sources, by id."""
    rows: list[dict[str, Any]] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows += view.query(f"SELECT * FROM dtl_actions WHERE id IN ({','.join('?' for _ in chunk)})", chunk)
    out = {r["id"]: action_dict(r) for r in as_read(view, rows, lens)}
    sources = action_sources(view, list(out), lens)
    for action_id, answer in out.items():
        answer["sources"] = sources.get(action_id, [])
    return out


def _searchable(action: dict[str, Any]) -> str:
    """What `--text` searches: the note and every source's name and quote."""
    parts = [action.get("note") or ""]
    for source in action["sources"]:
        parts += [source.get("name") or "", source.get("quote") or ""]
    return "\n".join(parts).casefold()
