"""Human output: rich tables on stdout. Programs use --json instead.

Every string printed here is plain text: the store holds what users, files and coders wrote,
and none of it may act on the terminal. One console does it for every command: rich's markup
and emoji codes are off (a condition "until [/bold] ends" is shown as written, a note
"[link=...]" is not a hyperlink), and the one place rich turns a string into text
(`Console.render_str`: table cells, titles, printed lines) shows control characters as escapes
(ESC as \\x1b). dtl's own emphasis ("(possibly)" in yellow) is built as rich Text with
`styled` and `line`, whose text is escaped the same way.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

# rich is imported when a table is drawn, not at start-up: --json answers never need it.

# What must never reach a terminal as it is: C0 controls but tab and newline, DEL, C1 controls,
# and lone surrogates (a strict UTF-8 terminal cannot even encode them).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    return ascii(match[0])[1:-1]  # '\x1b', '\x9b', '\ud800'


def shown(text: object) -> str:
    """Stored text as it may be printed: every control character as an escape (``\\x1b``)."""
    value = "" if text is None else str(text)
    return _UNPRINTABLE.sub(_escape, value) if _UNPRINTABLE.search(value) else value


def styled(text: object, style: str) -> Text:
    """dtl's own emphasis: plain text (escaped, never markup) in a style."""
    from rich.text import Text

    return Text(shown(text), style=style)


def line(*parts: object) -> Text:
    """One line of plain text from parts: strings (escaped) and ``styled`` pieces."""
    from rich.text import Text

    out = Text()
    for part in parts:
        out.append(part if isinstance(part, Text) else shown(part))
    return out


def Table(*args: Any, **kwargs: Any) -> Any:  # noqa: N802 - stands in for rich's class
    from rich.table import Table as RichTable

    return RichTable(*args, **kwargs)


def keep_whole(table: Any, *names: str) -> None:
    """Never cut or wrap these columns (what users type back: types, codes, ids): each is as
    wide as its widest cell, and the other columns wrap instead (a word too long for its column
    folds onto the next line rather than lose its end). Call it once the rows are in."""
    from rich.text import Text

    for column in table.columns:
        column.overflow = "fold"
        if column.header in names:
            cells = [column.header, *column.cells]
            column.min_width = max(c.cell_len if isinstance(c, Text) else len(shown(c)) for c in cells)
            column.no_wrap, column.overflow = True, "fold"


# Piped output is read by programs and grep, not by eyes at a terminal's width: rich would
# squeeze it to 80 columns, so it gets this width instead (COLUMNS, when set, wins).
PIPED_WIDTH = 1000
RULE_WIDTH = 100


@cache
def _plain_console_class() -> type[Console]:
    from rich.console import Console

    class PlainConsole(Console):
        """A console that reads no string as markup or emoji codes and escapes control
        characters: every string becomes text here, whether printed, a cell or a title."""

        def render_str(self, text: str, **kwargs: Any) -> Text:  # type: ignore[override]
            kwargs.update(markup=False, emoji=False, highlight=False)
            return super().render_str(shown(text), **kwargs)

        def rule(self, title: Any = "", **kwargs: Any) -> None:
            """A rule no wider than a page, however wide the console."""
            from rich.rule import Rule

            self.print(Rule(shown(title), **kwargs), width=min(self.width, RULE_WIDTH))

    return PlainConsole


def console() -> Console:
    import os
    import sys

    piped = not sys.stdout.isatty() and not os.environ.get("COLUMNS", "").strip().isdigit()
    return _plain_console_class()(
        highlight=False, soft_wrap=False, markup=False, emoji=False, width=PIPED_WIDTH if piped else None
    )


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


def left_out_note(answer: dict[str, Any]) -> None:
    """An answer narrowed by --min-grade or --as-reported-at says what it did not use."""
    grade, reported = answer.get("min_grade"), answer.get("as_reported_at")
    if not grade and not reported:
        return
    n = answer.get("left_out", 0)
    extra = answer.get("left_out_observations") if grade else None
    observed = f" and {extra:,} ungraded observations" if extra else ""
    actions = f"{n:,} action{'s' if n != 1 else ''}{observed}"
    if grade and not reported:
        text = f"min grade {grade}: {actions} without a source graded {grade} or better left out"
    else:
        why = (
            f"a source graded {grade} or better published by {reported}"
            if grade
            else f"a source published by {reported}"
        )
        text = f"as reported at {reported}: {actions} without {why} left out"
        undated = answer.get("left_out_undated", 0)
        if undated:
            text += f" ({undated:,} of them with no publication date on any source)"
    console().print(styled(text, "dim"))


def reading(answer: dict[str, Any]) -> str:
    """' as reported at R as known at K': the clocks an answer was read at, for its title."""
    text = f" as reported at {answer['as_reported_at']}" if answer.get("as_reported_at") else ""
    return text + (f" as known at {answer['as_known_at']}" if answer.get("as_known_at") else "")


def state_table(answer: dict[str, Any]) -> None:
    out = console()
    left_out_note(answer)
    a, b = answer["pair"]
    known = reading(answer)
    if not answer["measures"]:
        out.print(f"No measure in force between {a} and {b} on {answer['at']}{known}.")
        _no_relations(out, answer)
        _latest_observations(out, answer)
        return
    _no_relations(out, answer)
    table = Table(title=f"{a} - {b} on {answer['at']}{known}", title_justify="left")
    for col in ("aspect", "by", "state", "condition", "on whose word", "event"):
        table.add_column(col)
    for m in answer["measures"]:
        state = line(describe_measure(m))
        if m["certainty"] != "in force":
            state.append_text(line(" ", styled("(possibly)", "yellow")))
        table.add_row(
            m["aspect"] + (f" ({m['forum']})" if m["forum"] and m["forum"] not in m["pair"] else ""),
            ",".join(m["by"]),
            state,
            m["condition"] or m["scope"] or "",
            sources_line(m["sources"]),
            m["events"][0][:8],
        )
    keep_whole(table, "aspect", "by", "event")
    out.print(table)
    for m in answer["measures"]:
        for note in m["caveats"]:
            out.print(line(styled("caveat", "yellow"), f" {m['aspect']} by {','.join(m['by'])}: {note}"))
        for note in m.get("notes", []):
            out.print(line(styled("note", "cyan"), f" {m['aspect']} by {','.join(m['by'])}: {note}"))
    _latest_observations(out, answer)


def _no_relations(out: Any, answer: dict[str, Any]) -> None:
    """No relations on the day is an answer of its own, unlike nothing recorded about them."""
    relations = answer.get("relations") or {}
    if relations.get("status") != "none":
        return
    if "established_on" in relations:
        out.print(f"no diplomatic relations on {answer['at']} (established on {relations['established_on']})")
    else:
        out.print(f"no diplomatic relations on {answer['at']} (they ended on {relations['ended_on']})")


def _latest_observations(out: Any, answer: dict[str, Any]) -> None:
    """Observations never change a measure; they are shown beside them, newest first."""
    for o in answer.get("latest_observations", []):
        label = o["label"] or o["cameo"]
        text = (
            f"observed {o['on']}: {o['actor1']} -> {o['actor2']} {label} "
            f"(CAMEO {o['cameo']}, Goldstein {o['goldstein']:+.1f}; {o['source']})"
        )
        out.print(text)


def roster_table(answer: dict[str, Any]) -> None:
    out = console()
    left_out_note(answer)
    known = reading(answer)
    out.print(styled(f"{answer['organisation']} on {answer['at']}{known}", "bold"))
    for key in ("members", "partners", "suspended", "applicants"):
        values = answer[key]
        out.print(f"{key} ({len(values)}): {', '.join(values) or '-'}")
    for key in ("associates", "observers"):  # shown where the organisation has any
        if answer.get(key):
            out.print(f"{key} ({len(answer[key])}): {', '.join(answer[key])}")
    for item in answer.get("leaving", []):
        out.print(f"leaving: {item['member']} gave notice on {item['since']} ({item['status']})")
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
        out.print(line(styled("caveat", "yellow"), f" {note}"))


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
            r["on"], r["type"], ",".join(r["by"]), r["target"], r["forum"] or "", details,
            r["id"][:8],
        )  # fmt: skip
    keep_whole(table, "on", "type", "by", "target", "forum", "id")
    out.print(table)


def _with_precision(text: str, precision: str | None) -> str:
    return text + (f" ({precision})" if precision and precision != "day" else "")


def describe_interval(m: dict[str, Any]) -> str:
    """'vetoed from 2023-10 (month)', then ' to 2024-05-02' or ', in force'."""
    text = f"{m['status']} from {_with_precision(m['since'], m['since_precision'])}"
    if m.get("until"):
        return text + f" to {_with_precision(m['until'], m['until_precision'])}"
    return text + ", in force"


def history_table(answer: dict[str, Any]) -> None:
    out = console()
    left_out_note(answer)
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
        precision = m["since_precision"] if c["change"] == "began" else m["until_precision"]
        table.add_row(
            _with_precision(c["on"], precision), c["change"], m["aspect"], ",".join(m["by"]),
            describe_interval(m), event[:8],
        )  # fmt: skip
    keep_whole(table, "on", "aspect", "by", "event")
    out.print(table)
    for m in answer["intervals"]:
        for note in m.get("notes", []):
            out.print(line(styled("note", "cyan"), f" {m['aspect']} by {','.join(m['by'])}: {note}"))


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
    keep_whole(table, "on", "by", "on whom", "CAMEO", "Goldstein")
    out.print(table)


def diff_table(answer: dict[str, Any]) -> None:
    out = console()
    left_out_note(answer)
    known = f" as known at {answer['as_known_at']}" if answer["as_known_at"] else ""
    news = answer.get("reported_since")
    if news:
        period = (
            f" in {answer['from'] or 'all time'} to {answer['to'] or 'now'}"
            if answer["from"] or answer["to"]
            else ""
        )
        what = f"reported after {news} and by {answer['as_reported_at']}{period}{known}"
        nothing = f"No change to any measure {what}."
    else:
        what = f"between {answer['from']} and {answer['to']}{reading(answer)}"
        nothing = f"No measure opened or closed {what}."
    if not answer["pairs"]:
        out.print(nothing)
        return
    out.print(styled(f"{answer['changes']} changes {what}", "bold"))
    for group in answer["pairs"]:
        table = Table(title=" - ".join(group["pair"]), title_justify="left")
        for col in (*(("news",) if news else ()), "on", "change", "aspect", "by", "event", "on whose word"):
            table.add_column(col)
        for c in group["changes"]:
            change = line(c["change"])
            if not c["certainty"].startswith(c["change"]):
                change.append_text(line(" ", styled("(possibly)", "yellow")))
            event = c["event"] or {}
            what = f"{event.get('type', '?')} {str(event.get('id', ''))[:8]}"
            table.add_row(
                *((c["news"],) if news else ()),
                _with_precision(c["on"], c["precision"]), change, c["aspect"], ",".join(c["by"]), what,
                sources_line(event.get("sources", [])),
            )  # fmt: skip
        keep_whole(table, "aspect", "by", "event")
        out.print(table)


def scores_table(answer: dict[str, Any], direction: str) -> None:
    out = console()
    left_out_note(answer)
    series = answer["series"]["directed"].get(direction, answer["series"]["undirected"])
    who = f"{answer['x']} - {answer['y'] or 'everyone'}" if direction == "both" else direction
    table = Table(title=f"{who} by {answer['by']}", title_justify="left")
    for col in ("period", "events", "verbal coop", "material coop", "verbal conflict", "material conflict",
                "Goldstein sum", "mean"):  # fmt: skip
        table.add_column(col, justify="right")
    for row in series:
        q = row["quad_class"]
        mean = f"{row['goldstein_mean']:+.2f}" if row["goldstein_mean"] is not None else "-"
        table.add_row(row["period"], f"{row['events']:,}", *(f"{q[k]:,}" for k in "1234"),
                      f"{row['goldstein_sum']:+.1f}", mean)  # fmt: skip
    keep_whole(table, "period")
    out.print(table)
