"""What a chart draws, gathered through the facade's public methods as plain, JSON-able dicts.

The renderers only draw what these functions return, so the window, the counts and the
element ids are decided here, once:

- `pair_chart_data`: the measures the pair's history holds (those on X–Y, and those one side
  holds on a pair with the other: TUR's veto of NATO's engagement with ISR is on TUR–ISR), the
  instants of the pair's timeline, and the pair's Goldstein series (recorded actions and
  imported observations). What concerns a pair is the one rule of the questions
  (dtl.projections.questions.common), never a rule of the chart's own. `links`: which drawn
  action answered which (the timeline's `responds_to`, as known at the chart's time), where
  both are on the chart: an instant at its marker, an action that opened (or closed) a bar at
  the bar's start (or end), if that date lies in the window.
- `roster_chart_data`: every spell of an organisation (membership, partnership, application,
  suspension, accession blocks, engagement vetoes, expulsion demands), one lane per actor.

With `min_grade` or `as_reported_at`, every answer is asked with them, and `left_out` counts
the actions the chart would have drawn (dated before its end) that had no source graded that
well, or none published by that day.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from dtl.application.charts.window import hi_of, lo_of, overlaps, period_for, resolve, window_bounds
from dtl.domain.errors import InvalidInput

if TYPE_CHECKING:
    from dtl.application.facade import Dtl

OVERLAYS = ("suspension", "accession-block", "engagement-veto", "expulsion-demand")


def pair_chart_data(
    dtl: Dtl,
    x: str,
    y: str,
    start: str | None = None,
    end: str | None = None,
    as_known_at: str | None = None,
    min_grade: str | None = None,
    today: date | None = None,
    as_reported_at: str | None = None,
) -> dict[str, Any]:
    first, last = window_bounds(start, end)
    history = dtl.history(x, y, as_known_at, min_grade=min_grade, as_reported_at=as_reported_at)
    a, b = history["pair"]
    if a == b:
        raise InvalidInput("y", "name two different actors")
    chart_pair = tuple(sorted((a, b)))
    catalogue = {t["type"]: t for t in dtl.catalogue()}
    related = _related(dtl, a, b, as_known_at, min_grade, as_reported_at)
    instants = [act for act in related.values() if catalogue[act["type"]]["effect"] == "instant"]

    bars = [_bar(m, tuple(sorted(m["pair"])), chart_pair) for m in history["intervals"]]
    markers = [_marker(act) for act in instants]
    first, last = resolve(first, last, [*bars, *markers], today)
    bars = _number([bar for bar in bars if overlaps(bar, first, last)], "bar", ("aspect", "holder"))
    markers = _number([m for m in markers if overlaps(m, first, last)], "marker", ("type",))
    links = _links(related, _anchors(bars, markers, first, last))
    left_out = 0
    if min_grade or as_reported_at:
        everything = _related(dtl, a, b, as_known_at, None, None)
        left_out = sum(
            1 for i in set(everything) - set(related) if lo_of(everything[i]["on"]) <= last.isoformat()
        )
    scores = dtl.scores(
        a,
        b,
        by=period_for(first, last),
        start=first.isoformat(),
        end=last.isoformat(),
        as_known_at=as_known_at,
        min_grade=min_grade,
        as_reported_at=as_reported_at,
    )
    return {
        "kind": "pair",
        "pair": [a, b],
        "title": f"{a} – {b}",
        "start": first.isoformat(),
        "end": last.isoformat(),
        "as_known_at": history["as_known_at"],
        "as_reported_at": history["as_reported_at"],
        "min_grade": history["min_grade"],  # as the facade read it: "b2" is B2
        "left_out": left_out,
        "left_out_observations": scores.get("left_out_observations", 0),
        "bars": bars,
        "markers": markers,
        "goldstein": {"by": scores["by"], "series": [_score(p) for p in scores["series"]["undirected"]]},
        "links": links,
        "rows": _action_rows(related, bars, markers, links),
    }


def roster_chart_data(
    dtl: Dtl,
    org: str,
    start: str | None = None,
    end: str | None = None,
    as_known_at: str | None = None,
    min_grade: str | None = None,
    today: date | None = None,
    as_reported_at: str | None = None,
) -> dict[str, Any]:
    first, last = window_bounds(start, end)
    answer = dtl.roster_history(org, as_known_at, min_grade=min_grade, as_reported_at=as_reported_at)
    code = answer["organisation"]
    bars = []
    for spell in answer["spells"]:
        bar = _bar(spell, tuple(sorted(spell["pair"])), tuple(sorted(spell["pair"])))
        bar["other"] = spell["other"]
        bar["overlay"] = spell["aspect"] in OVERLAYS
        bars.append(bar)
    first, last = resolve(first, last, bars, today)
    bars = _number([bar for bar in bars if overlaps(bar, first, last)], "bar", ("aspect", "other"))
    return {
        "kind": "roster",
        "organisation": code,
        "title": f"{code} over time: members, partners, and what stood in their way",
        "start": first.isoformat(),
        "end": last.isoformat(),
        "as_known_at": answer["as_known_at"],
        "as_reported_at": answer["as_reported_at"],
        "min_grade": answer["min_grade"],
        "left_out": answer["left_out"],
        "left_out_observations": 0,
        "bars": bars,
        "markers": [],
        "links": [],
        "goldstein": None,
        "rows": [_spell_row(bar) for bar in bars],
    }


# -- gathering ----------------------------------------------------------------------------------
def _related(
    dtl: Dtl, a: str, b: str, as_known_at: str | None, min_grade: str | None, as_reported_at: str | None
) -> dict[str, dict[str, Any]]:
    """The pair's timeline: every action that concerns it, by id, in date order."""
    report = dtl.timeline_report(
        pair=(a, b), as_known_at=as_known_at, min_grade=min_grade, as_reported_at=as_reported_at
    )
    found = {act["id"]: act for act in report["actions"]}
    return dict(sorted(found.items(), key=lambda kv: (lo_of(kv[1]["on"]), kv[1]["recorded_at"], kv[0])))


# -- shaping ------------------------------------------------------------------------------------
def _bar(m: dict[str, Any], pair: tuple[str, ...], chart_pair: tuple[str, ...]) -> dict[str, Any]:
    return {
        "aspect": m["aspect"],
        "status": m["status"],
        "holder": m["holder"],
        "by": m["by"],
        "forum": m["forum"],
        "pair": list(pair),
        "elsewhere": pair != chart_pair,
        "since": m["since"],
        "since_precision": m["since_precision"],
        "until": m["until"],
        "until_precision": m["until_precision"],
        "lo": lo_of(m["since"]),
        "since_hi": hi_of(m["since"]),
        "until_lo": lo_of(m["until"]) if m["until"] else None,
        "hi": hi_of(m["until"]) if m["until"] else None,  # None: still in force
        "scope": m["scope"],
        "condition": m["condition"],
        "events": m["events"],
        "sources": m["sources"],
    }


def _marker(act: dict[str, Any]) -> dict[str, Any]:
    return {
        "action": act["id"],
        "type": act["type"],
        "on": act["on"],
        "precision": act["precision"],
        "lo": lo_of(act["on"]),
        "hi": hi_of(act["on"]),
        "by": act["by"],
        "target": act["target"],
        "forum": act["forum"],
        "kind": act.get("kind"),
        "charge": act.get("charge"),
        "note": act.get("note"),
        "goldstein": act.get("goldstein"),
        "sources": act["sources"],
    }


def _number(items: list[dict[str, Any]], prefix: str, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """Stable element ids in drawing order: bar-<aspect>-<holder>-<n>, marker-<type>-<n>."""
    items.sort(
        key=lambda i: (i["lo"], *(str(i.get(k) or "") for k in keys), i.get("action") or i["events"][0])
    )
    for n, item in enumerate(items):
        parts = [_id_part(item.get(k) or "mutual") for k in keys]
        item["gid"] = "-".join([prefix, *parts, str(n)])
    return items


def _anchors(
    bars: list[dict[str, Any]], markers: list[dict[str, Any]], first: date, last: date
) -> dict[str, dict[str, str]]:
    """Where each action is on the chart, if it is: an instant at its marker; an action that
    opened or closed a bar at that end of the bar, when the end's date lies in the window (a
    bar begun before the chart is drawn, but the action that began it is not)."""
    start, end = first.isoformat(), last.isoformat()
    found: dict[str, dict[str, str]] = {m["action"]: {"gid": m["gid"], "end": "marker"} for m in markers}
    for bar in bars:
        ends = [("start", bar["events"][0], bar["lo"], bar["since_hi"])]
        if bar["until"] and len(bar["events"]) > 1:
            ends.append(("end", bar["events"][1], bar["until_lo"], bar["hi"]))
        for which, action, lo, hi in ends:
            if lo <= end and hi > start:
                found.setdefault(action, {"gid": bar["gid"], "end": which})
    return found


def _links(related: dict[str, dict[str, Any]], anchors: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """Each link between two actions on the chart, from the one that answered to the one it
    answered, in date order: link-<n>."""
    links = []
    for act in related.values():
        for answered in act.get("responds_to") or []:
            if act["id"] not in anchors or answered not in anchors or answered not in related:
                continue
            other = related[answered]
            links.append(
                {
                    "gid": f"link-{len(links)}",
                    "action": act["id"], "type": act["type"], "on": act["on"], "by": act["by"],
                    "responds_to": answered, "responds_to_type": other["type"],
                    "responds_to_on": other["on"], "responds_to_by": other["by"],
                    "from": anchors[act["id"]], "to": anchors[answered],
                }
            )  # fmt: skip
    return links


def _id_part(text: str) -> str:
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_" for ch in str(text))


def _score(p: dict[str, Any]) -> dict[str, Any]:
    return {
        "period": p["period"],
        "start": p["start"],
        "end": p["end"],
        "events": p["events"],
        "sum": p["goldstein_sum"],
        "mean": p["goldstein_mean"],
    }


def _action_rows(
    related: dict[str, dict[str, Any]],
    bars: list[dict[str, Any]],
    markers: list[dict[str, Any]],
    links: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """One table row per action drawn (opening or closing a bar, or a marker), in date order;
    a row also lights the arrows from and to its action, and says what the action answered."""
    drawn: dict[str, list[str]] = {}
    for bar in bars:
        for event in bar["events"]:
            drawn.setdefault(event, []).append(bar["gid"])
    for m in markers:
        drawn.setdefault(m["action"], []).append(m["gid"])
    for link in links:
        for end in (link["action"], link["responds_to"]):
            drawn[end].append(link["gid"])
    rows = []
    for act in related.values():
        if act["id"] not in drawn:
            continue
        what = act["type"] + "".join(f" ({d})" for d in (act.get("kind"), act.get("charge")) if d)
        who = f"{','.join(act['by'])} → {act['target']}" + (f" in {act['forum']}" if act["forum"] else "")
        notes = [t for t in (act.get("note"), act.get("scope"), act.get("condition")) if t]
        for answered in act.get("responds_to") or []:
            other = related.get(answered)
            about = f"{other['type']} of {other['on']}, " if other else ""
            notes.append(f"answered {about}{answered[:8]}")
        rows.append(
            {
                "id": act["id"],
                "when": act["on"],
                "what": what,
                "who": who,
                "notes": notes,
                "sources": act["sources"],
                "drawn": drawn[act["id"]],
            }
        )
    return rows


def _spell_row(bar: dict[str, Any]) -> dict[str, Any]:
    when = bar["since"] + (f" – {bar['until']}" if bar["until"] else " –")
    who = bar["other"] + (f" (by {bar['holder']})" if bar["holder"] and bar["holder"] != bar["other"] else "")
    notes = [t for t in (bar["scope"], bar["condition"]) if t]
    return {
        "id": bar["events"][0],
        "when": when,
        "what": f"{bar['aspect']}: {bar['status']}",
        "who": who,
        "notes": notes,
        "sources": bar["sources"],
        "drawn": [bar["gid"]],
    }
