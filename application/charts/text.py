"""The words of a chart: lane names, bar labels, hover details, the caption. Plain strings;
whoever puts them into SVG or HTML escapes them there."""

from __future__ import annotations

from typing import Any


def dated(text: str, precision: str | None) -> str:
    return text if precision in (None, "day") else f"{text} ({precision})"


def measure_lane(bar: dict[str, Any]) -> str:
    who = f" by {bar['holder']}" if bar["holder"] else ""
    first, second = sorted(bar["pair"], key=lambda code: code != bar["forum"])  # the forum first
    where = f" ({first}–{second})" if bar["elsewhere"] else ""
    return f"{bar['aspect']}{who}{where}"


def instant_lane(marker: dict[str, Any]) -> str:
    return f"instants by {','.join(marker['by'])}"


def marker_label(marker: dict[str, Any]) -> str:
    detail = marker.get("kind") or marker.get("charge")
    return marker["type"] + (f" ({detail})" if detail else "")


def bar_label(bar: dict[str, Any], clipped: bool) -> str:
    text = f"{bar['status']} since {bar['since']}"
    if bar["until"]:
        text += f" until {bar['until']}"
    return ("◀ " if clipped else "") + text


def sources_text(sources: list[dict[str, Any]]) -> str:
    if not sources:
        return "sources: none given"
    lines = []
    for s in sources:
        line = f"- {s['name']}"
        if s.get("grade"):
            line += f" [{s['grade']}]"
        if s.get("attribution"):
            line += f", {s['attribution']}"
        if s.get("published"):
            line += f", published {s['published']}"
        if s.get("quote"):
            line += f': "{s["quote"]}"'
        if s.get("url"):
            line += f" <{s['url']}>"
        lines.append(line)
    return "sources:\n" + "\n".join(lines)


def bar_details(bar: dict[str, Any]) -> str:
    who = ",".join(bar["by"])
    head = f"{bar['aspect']} ({bar['status']}) {bar['pair'][0]}–{bar['pair'][1]}, by {who}"
    if bar["forum"]:
        head += f", in {bar['forum']}"
    lines = [head, f"since {dated(bar['since'], bar['since_precision'])}"]
    lines.append(f"until {dated(bar['until'], bar['until_precision'])}" if bar["until"] else "still in force")
    if bar["scope"]:
        lines.append(f"scope: {bar['scope']}")
    if bar["condition"]:
        lines.append(f"condition: {bar['condition']}")
    lines.append(sources_text(bar["sources"]))
    return "\n".join(lines)


def marker_details(marker: dict[str, Any]) -> str:
    head = f"{marker_label(marker)}: {','.join(marker['by'])} → {marker['target']}"
    if marker["forum"]:
        head += f" in {marker['forum']}"
    lines = [head, f"on {dated(marker['on'], marker['precision'])}"]
    if marker.get("goldstein") is not None:
        lines.append(f"Goldstein {marker['goldstein']:+.1f}")
    if marker.get("note"):
        lines.append(marker["note"])
    lines.append(sources_text(marker["sources"]))
    return "\n".join(lines)


def link_details(link: dict[str, Any]) -> str:
    """An arrow's title: who answered what, both actions named by type, date and id."""
    return (
        f"{link['type']} by {','.join(link['by'])} ({link['on']}) answered "
        f"{link['responds_to_type']} by {','.join(link['responds_to_by'])} ({link['responds_to_on']})\n"
        f"{link['action'][:8]} responds to {link['responds_to'][:8]} (dtl link)"
    )


def caption(data: dict[str, Any]) -> str:
    known = data["as_known_at"] or "now (everything recorded)"
    grade = data["min_grade"] or "none"
    left = data["left_out"]
    reported = f" · as reported at {data['as_reported_at']}" if data.get("as_reported_at") else ""
    text = (
        f"{data['start']} to {data['end']}{reported} · as known at {known} · min grade {grade} · "
        f"{left} action{'' if left == 1 else 's'} left out"
    )
    if data.get("left_out_observations"):
        text += f" (and {data['left_out_observations']} observations, which carry no grade)"
    if data.get("kind") == "pair" and not has_scores(data):
        text += " · no Goldstein score: no event between the two in this window"
    return text


def has_scores(data: dict[str, Any]) -> bool:
    """Whether the pair's Goldstein series has an event in the window (else no panel is drawn)."""
    goldstein = data.get("goldstein") or {}
    return any(p["events"] for p in goldstein.get("series", []))


def summary(data: dict[str, Any]) -> str:
    bars, markers, links = len(data["bars"]), len(data["markers"]), len(data.get("links") or [])
    answered = f"{links} arrow{'' if links == 1 else 's'} (who answered whom), " if links else ""
    return (
        f"{bars} bar{'' if bars == 1 else 's'}, {markers} marker{'' if markers == 1 else 's'}, {answered}"
        f"{data['left_out']} action{'' if data['left_out'] == 1 else 's'} left out"
    )
