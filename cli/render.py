"""Human output: rich tables on stdout. Programs use --json instead."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

# rich is imported when a table is drawn, not at start-up: --json answers never need it.


def Table(*args: Any, **kwargs: Any) -> Any:  # noqa: N802 - stands in for rich's class
    from rich.table import Table as RichTable

    return RichTable(*args, **kwargs)


def console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def describe_measure(m: dict[str, Any]) -> str:
    since = m["since"] + (f" ({m['since_precision']})" if m["since_precision"] != "day" else "")
    text = f"{m['status']} since {since}"
    if m.get("until"):
        until = m["until"] + (f" ({m['until_precision']})" if m["until_precision"] != "day" else "")
        text += f" until {until}"
    return text


def sources_line(sources: list[dict[str, Any]]) -> str:
    parts = []
    for s in sources:
        grade = f" [{s['grade']}]" if s.get("grade") else ""
        parts.append(f"{s['name']}, {s.get('attribution', '')}{grade}")
    return "; ".join(parts) or "-"


def state_table(answer: dict[str, Any]) -> None:
    out = console()
    a, b = answer["pair"]
    known = f" as known at {answer['as_known_at']}" if answer["as_known_at"] else ""
    if not answer["measures"]:
        out.print(f"No measure in force between {a} and {b} on {answer['at']}{known}.")
        _latest_observations(out, answer)
        return
    table = Table(title=f"{a} - {b} on {answer['at']}{known}", title_justify="left")
    for col in ("aspect", "by", "state", "condition", "on whose word", "event"):
        table.add_column(col)
    for m in answer["measures"]:
        state = describe_measure(m)
        if m["certainty"] != "in force":
            state += " [yellow](possibly)[/yellow]"
        table.add_row(
            m["aspect"] + (f" ({m['forum']})" if m["forum"] and m["forum"] not in m["pair"] else ""),
            ",".join(m["by"]),
            state,
            m["condition"] or m["scope"] or "",
            sources_line(m["sources"]),
            m["events"][0][:8],
        )
    out.print(table)
    for m in answer["measures"]:
        for note in m["caveats"]:
            out.print(f"[yellow]caveat[/yellow] {m['aspect']} by {','.join(m['by'])}: {note}")
    _latest_observations(out, answer)


def _latest_observations(out: Any, answer: dict[str, Any]) -> None:
    """Observations never change a measure; they are shown beside them, newest first."""
    for o in answer.get("latest_observations", []):
        label = o["label"] or o["cameo"]
        text = (
            f"observed {o['on']}: {o['actor1']} -> {o['actor2']} {label} "
            f"(CAMEO {o['cameo']}, Goldstein {o['goldstein']:+.1f}; {o['source']})"
        )
        out.print(text, markup=False)


def roster_table(answer: dict[str, Any]) -> None:
    out = console()
    known = f" as known at {answer['as_known_at']}" if answer["as_known_at"] else ""
    out.print(f"[bold]{answer['organisation']} on {answer['at']}{known}[/bold]")
    for key in ("members", "partners", "suspended", "applicants"):
        values = answer[key]
        out.print(f"{key} ({len(values)}): {', '.join(values) or '-'}")
    labels = {
        "blocks": ("block", "blocks the accession of"),
        "vetoes": ("veto", "vetoes engagement with"),
        "demands": ("demand", "calls for the expulsion of"),
    }
    for key, (label, verb) in labels.items():
        for item in answer[key]:
            out.print(f"{label}: {item['by']} {verb} {item['target']} since {item['since']}")
    for m in answer["other_measures"]:
        out.print(f"measure: {m['aspect']} by {','.join(m['by'])} {describe_measure(m)}")
    for note in answer["caveats"]:
        out.print(f"[yellow]caveat[/yellow] {note}")


def timeline_table(rows: list[dict[str, Any]], title: str = "Timeline") -> None:
    out = console()
    if not rows:
        out.print("No actions match.")
        return
    table = Table(title=title, title_justify="left")
    for col in ("on", "type", "by", "target", "forum", "details", "id"):
        table.add_column(col)
    for r in rows:
        details = r["condition"] or r["scope"] or r["charge"] or r["kind"] or r["note"] or ""
        table.add_row(
            r["on"], r["type"], ",".join(r["by"]), r["target"], r["forum"] or "", details[:60],
            r["id"][:8],
        )  # fmt: skip
    out.print(table)


def history_table(answer: dict[str, Any]) -> None:
    out = console()
    a, b = answer["pair"]
    if not answer["changes"]:
        out.print(f"No measure has ever held between {a} and {b}.")
        return
    table = Table(title=f"How {a} - {b} changed", title_justify="left")
    for col in ("on", "change", "aspect", "by", "interval", "event"):
        table.add_column(col)
    for c in answer["changes"]:
        m = c["measure"]
        event = m["events"][0] if c["change"] == "began" else m["events"][-1]
        table.add_row(
            c["on"], c["change"], m["aspect"], ",".join(m["by"]), describe_measure(m), event[:8]
        )
    out.print(table)


def observations_table(answer: dict[str, Any]) -> None:
    out = console()
    summary = answer["summary"]
    a, b = answer["pair"]
    if not summary["count"]:
        out.print(f"no observations between {a} and {b} in that period")
        return
    quads = ", ".join(f"{n:,} {name}" for name, n in summary["by_quad_class"].items())
    out.print(f"{summary['count']:,} observations between {a} and {b}; mean Goldstein "
              f"{summary['mean_goldstein']:+.2f} ({quads})")  # fmt: skip
    table = Table("on", "by", "on whom", "CAMEO", "event", "Goldstein", "source")
    for o in answer["observations"]:
        table.add_row(o["on"], o["actor1"], o["actor2"], o["cameo"], o["label"] or "-",
                      f"{o['goldstein']:+.1f}", o["url"] or o["source"])  # fmt: skip
    out.print(table)
