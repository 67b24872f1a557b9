"""Answers as flat rows, for the tools analysts use (spreadsheets, pandas, DuckDB, jq).

Every tabular answer has one documented shape here (`SHAPES`): what one row is and its
columns, each with what it holds. The CLI's `--nl`, `--csv` and `--tsv` and the API's
`Accept: text/csv` (and `text/tab-separated-values`, `application/x-ndjson`) all print these
rows; `--json` (and the API's default) stays the whole answer. docs/output.md lists every
column, and a test holds it to this table.

Values are text, numbers, booleans, null or lists of text. JSON lines keep them as they are;
CSV and TSV write null as an empty cell, booleans as `true`/`false`, and a list as its items
joined with `;` (the JSON forms keep the items apart, for free text that may hold a `;`).

Formula injection (OWASP): a text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
return is written after a single quote (`'=HYPERLINK(...)`), so a spreadsheet shows it as text
and never runs it. Numbers are written as numbers (a Goldstein score of -5.0 is `-5.0`), and a
text that is only digits and date punctuation (`-0044`, an EDTF year before the common era;
`-12`) is left as it is: with no letter, parenthesis or quote it cannot call anything. Control
characters other than tab and newline are written as escapes (`\\x1b`), as in tables.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

Getter = Callable[[dict[str, Any], dict[str, Any]], Any]  # (record, whole answer) -> value


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str
    get: Getter


@dataclass(frozen=True)
class Shape:
    """What one row of an answer is, and its columns."""

    row: str
    records: Callable[[Any], Iterator[dict[str, Any]]]
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def rows(self, answer: Any) -> list[dict[str, Any]]:
        whole = answer if isinstance(answer, dict) else {}
        return [{c.name: c.get(r, whole) for c in self.columns} for r in self.records(answer)]


def field(name: str, meaning: str, key: str | None = None) -> Column:
    """A column that is a field of the record as it is."""
    key = key or name
    return Column(name, meaning, lambda r, _: r.get(key))


def top(name: str, meaning: str, key: str | None = None) -> Column:
    """A column that is a field of the whole answer, repeated on every row."""
    key = key or name
    return Column(name, meaning, lambda _, answer: answer.get(key))


def _side(index: int) -> Getter:
    return lambda r, _: (r.get("pair") or [None, None])[index]


def _sources(key: str) -> Getter:
    """One field of each source, in order ('' where a source has none, so the lists line up)."""
    return lambda r, _: [s.get(key) or "" for s in r.get("sources") or []]


SOURCE_COLUMNS = (
    Column("sources", "Each source's name.", _sources("name")),
    Column("grades", "Each source's Admiralty grade, in the same order ('' for none).", _sources("grade")),
)


def _opened_by(r: dict[str, Any], _: dict[str, Any]) -> Any:
    return (r.get("events") or [None])[0]


def _closed_by(r: dict[str, Any], _: dict[str, Any]) -> Any:
    events = r.get("events") or []
    return events[1] if len(events) > 1 else None


def _measure_columns(prefix: tuple[Column, ...] = ()) -> tuple[Column, ...]:
    return (
        *prefix,
        Column("a", "The measure's pair: its first side (the actors asked about come first).", _side(0)),
        Column("b", "The pair's other side.", _side(1)),
        field("aspect", "What the measure is about: membership, engagement-veto, trade, ..."),
        field("status", "Its status: member, blocked, halted, ..."),
        field("certainty", "in force, possibly in force (asked inside an imprecise window), or announced."),
        field("holder", "Who holds it (the vetoer, the member); empty when mutual."),
        field("by", "Who took it."),
        field("forum", "The organisation it was taken in, if any."),
        field("since", "When it began, as precisely as known (2023-10)."),
        field("since_precision", "day, month, year, or a window's label."),
        field("until", "When it ended; empty while in force."),
        field("until_precision", "The precision of until."),
        field("scope", "What it covers."),
        field("condition", "The stated condition for ending it."),
        field("announced", "Announced for a day still to come, not yet confirmed."),
        Column("opened_by", "The id of the action that opened it.", _opened_by),
        Column("closed_by", "The id of the action that closed it, if any.", _closed_by),
        *SOURCE_COLUMNS,
        field("caveats", "What the answer cannot say for sure."),
        field("notes", "How the order of same-window actions was read."),
        field("known_from", "When the store learned it (recording time)."),
    )  # fmt: skip


def _measures(answer: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from answer.get("measures", [])


def _changes(answer: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for change in answer.get("changes", []):
        yield {**change["measure"], "on": change["on"], "change": change["change"]}


def _history_on_precision(r: dict[str, Any], _: dict[str, Any]) -> Any:
    return r.get("since_precision") if r.get("change") == "began" else r.get("until_precision")


def _history_event(r: dict[str, Any], _: dict[str, Any]) -> Any:
    events = r.get("events") or [None]
    return events[0] if r.get("change") == "began" else events[-1]


ROSTER_LISTS = {  # a roster's plain lists, by the role of each actor in them
    "members": "member", "partners": "partner", "suspended": "suspended", "applicants": "applicant",
    "associates": "associate", "observers": "observer",
}  # fmt: skip
ROSTER_ITEMS = {"blocks": "block", "vetoes": "veto", "demands": "demand"}


def _roster(answer: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for key, role in ROSTER_LISTS.items():
        for code in answer.get(key) or []:
            yield {"role": role, "actor": code}
    for key, role in ROSTER_ITEMS.items():
        for item in answer.get(key) or []:
            yield {"role": role, "actor": item["target"], "by": item["by"], "since": item["since"],
                   "event": item.get("event")}  # fmt: skip
    for item in answer.get("leaving") or []:
        yield {"role": "leaving", "actor": item.get("member"), "since": item.get("since"),
               "status": item.get("status")}  # fmt: skip
    organisation = answer.get("organisation")
    for m in answer.get("other_measures") or []:
        other = [c for c in m.get("pair", []) if c != organisation]
        yield {"role": m["aspect"], "actor": other[0] if other else None, "by": ",".join(m.get("by") or []),
               "since": m.get("since"), "status": m.get("status"), "event": _opened_by(m, {})}  # fmt: skip


def _diff(answer: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for group in answer.get("pairs", []):
        for change in group["changes"]:
            yield {**change, "pair": group["pair"]}


def _event(key: str) -> Getter:
    return lambda r, _: (r.get("event") or {}).get(key)


def _event_sources(key: str) -> Getter:
    return lambda r, answer: _sources(key)(r.get("event") or {}, answer)


def _scores(answer: dict[str, Any]) -> Iterator[dict[str, Any]]:
    series = {"both": answer["series"]["undirected"], **answer["series"]["directed"]}
    for direction, rows in series.items():
        for r in rows:
            yield {**r, "direction": direction}


def _quad(n: str) -> Getter:
    return lambda r, _: r["quad_class"][n]


def _list(answer: Any) -> Iterator[dict[str, Any]]:
    yield from answer


def _timeline(answer: Any) -> Iterator[dict[str, Any]]:
    yield from answer["actions"] if isinstance(answer, dict) else answer


def _show_sources(answer: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from answer.get("sources", [])


ACTION_COLUMNS = (
    field("id", "The action's id."),
    field("on", "When it happened, as precisely as known (EDTF: 2023-10, 2024-07-29/2024-07-30)."),
    field("precision", "day, month, year, or a window's label."),
    field("type", "The action type (dtl catalogue)."),
    field("by", "Who acted."),
    field("target", "Whom it was aimed at."),
    field("forum", "The organisation it happened in, if any."),
    Column("pairs", "Each pair it affects, as A-B.", lambda r, _: ["-".join(p) for p in r.get("pairs", [])]),
    field("scope", "What a measure covers."),
    field("condition", "The stated condition for ending it."),
    field("kind", "A threat's kind."),
    field("charge", "An accusation's charge."),
    field("note", "Free text kept with it."),
    field("cameo", "Its CAMEO code."),
    field("goldstein", "Its Goldstein score (-10 conflict to +10 cooperation), a number."),
    field("revision", "Its revision (1 as first recorded; a correction adds one)."),
    field("retracted", "Whether it was retracted."),
    field("recorded_at", "When the store recorded it (UTC)."),
    *SOURCE_COLUMNS,
    field("responds_to", "The ids of the actions it answered (dtl link), as known at --as-known-at."),
)


def _recognizers(answer: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from answer.get("recognizers", [])


def _treaties(answer: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for treaty in answer.get("treaties", []):
        for party in treaty["parties"]:
            yield {
                **party,
                "treaty": treaty["treaty"],
                "name": treaty["name"],
                "treaty_obligations": treaty["obligations"],
                "in_force_between": treaty["in_force_between"],
            }


def _parties(answer: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from answer.get("parties", [])


SHAPES: dict[str, Shape] = {
    "state": Shape(
        "one measure in force between the pair on the day",
        _measures,
        _measure_columns((top("at", "The day asked about."),)),
    ),
    "history": Shape(
        "one change (a measure began or ended) in the pair's history",
        _changes,
        (
            field("on", "When it changed, as precisely as known."),
            Column("precision", "The precision of on.", _history_on_precision),
            field("change", "began or ended."),
            Column("event", "The id of the action that made the change.", _history_event),
            *_measure_columns(),
        ),
    ),
    "timeline": Shape("one recorded action", _timeline, ACTION_COLUMNS),
    "diff": Shape(
        "one measure opened or closed in the period",
        _diff,
        (
            Column("a", "The pair the change is on: its first side (the named actors first).", _side(0)),
            Column("b", "The pair's other side.", _side(1)),
            field("news", "With --reported-since: reported or withdrawn."),
            field("on", "When it changed, as precisely as known."),
            field("precision", "The precision of on."),
            field("change", "opened or closed."),
            field("certainty", "opened/closed in the period, or may have (an imprecise date)."),
            field("aspect", "What the measure is about."),
            field("status", "Its status while in force."),
            field("by", "Who made this change."),
            field("holder", "Who holds the measure; empty when mutual."),
            field("forum", "The organisation it was taken in, if any."),
            field("since", "When the measure began."),
            field("until", "When it ended, if it did."),
            Column("event", "The id of the action that made the change.", _event("id")),
            Column("event_type", "That action's type.", _event("type")),
            Column("sources", "That action's sources' names.", _event_sources("name")),
            Column("grades", "Their grades, in the same order.", _event_sources("grade")),
        ),
    ),  # fmt: skip
    "roster": Shape(
        "one actor in one role in the organisation on the day",
        _roster,
        (
            top("organisation", "The organisation."),
            top("at", "The day asked about."),
            field(
                "role",
                "member, partner, suspended, applicant, associate, observer, block, veto, demand, "
                "leaving, or another measure's aspect.",
            ),  # fmt: skip
            field("actor", "The member, partner, ...; for a block, veto or demand, whom it is against."),
            field("by", "Who holds a block, veto, demand or other measure."),
            field("since", "Since when (blocks, vetoes, demands and other measures)."),
            field("status", "A notice's or other measure's status."),
            field("event", "The id of the action that opened it."),
        ),
    ),
    "recognition": Shape(
        "one recognizer of the actor on the day",
        _recognizers,
        (
            top("recognized", "The actor recognized."),
            top("at", "The day asked about."),
            field("by", "Who recognizes it."),
            field("status", "recognized, recognized de jure or recognized de facto."),
            field("since", "Since when, as precisely as known."),
            field("certainty", "in force, or possibly in force (an imprecise start)."),
            field("event", "The id of the action that opened it."),
            *SOURCE_COLUMNS,
        ),
    ),
    "treaties": Shape(
        "one party's standing towards a treaty both sides are party to",
        _treaties,
        (
            top("at", "The day asked about."),
            field("treaty", "The treaty's code."),
            field("name", "Its name."),
            field("treaty_obligations", "What it carries between the two (ATOP's kinds)."),
            field("in_force_between", "Whether it binds both on the day (true or false)."),
            field("party", "The party this row is about."),
            field("status", "signed, ratified, in force, suspended, notice given, ..."),
            field("obligations", "What this party undertook (ATOP's kinds)."),
            field("since", "Since when."),
            field("event", "The id of the action that opened the standing."),
        ),
    ),
    "parties": Shape(
        "one party of the treaty on the day",
        _parties,
        (
            top("treaty", "The treaty's code."),
            top("at", "The day asked about."),
            field("party", "The party."),
            field("status", "signed, ratified, in force, suspended, notice given, ..."),
            field("obligations", "What it undertook (ATOP's kinds)."),
            field("since", "Since when."),
            field("event", "The id of the action that opened the standing."),
            *SOURCE_COLUMNS,
        ),
    ),
    "observations": Shape(
        "one machine-coded event (GDELT, ICEWS)",
        lambda answer: iter(answer.get("observations", [])),
        (
            field("id", "The observation's id."),
            field("source", "system:event id in the source dataset."),
            field("on", "The day of the event."),
            field("actor1", "Who acted (dtl code)."),
            field("actor2", "On whom (dtl code)."),
            field("actor1_code", "The dataset's own actor code."),
            field("actor2_code", "The dataset's own code for the other actor."),
            field("cameo", "The CAMEO event code."),
            field("label", "The code's label."),
            field("goldstein", "The Goldstein score as coded, a number."),
            field("quad_class", "QuadClass 1-4 (verbal/material cooperation/conflict)."),
            field("plover", "The PLOVER event type."),
            field("published", "When the source published it."),
            field("url", "The source article."),
            field("mentions", "How often it was mentioned (GDELT)."),
            field("tone", "Average tone (GDELT)."),
            field("recorded_at", "When the store recorded it (UTC)."),
        ),
    ),
    "scores": Shape(
        "one direction and period",
        _scores,
        (
            field("direction", "both (undirected), or X->Y / Y->X."),
            field("period", "The period: 2024-03, 2024-Q1 or 2024."),
            field("start", "Its first day."),
            field("end", "Its last day."),
            field("events", "Events counted (actions and observations)."),
            field("actions", "Of which recorded actions."),
            field("observations", "Of which imported observations."),
            Column("verbal_cooperation", "QuadClass 1 events.", _quad("1")),
            Column("material_cooperation", "QuadClass 2 events.", _quad("2")),
            Column("verbal_conflict", "QuadClass 3 events.", _quad("3")),
            Column("material_conflict", "QuadClass 4 events.", _quad("4")),
            field("goldstein_sum", "The sum of Goldstein scores."),
            field("goldstein_mean", "Their mean; empty when no event."),
        ),
    ),
    "actors": Shape(
        "one actor",
        _list,
        (
            field("code", "The code to type: ISO 3166 alpha-3 for states."),
            field("kind", "state, organisation or group."),
            field("name", "Its name."),
            field("aliases", "Other names it is known by (each once)."),
            field("cameo", "Its CAMEO actor codes, for imports."),
        ),
    ),
    "catalogue": Shape(
        "one action type",
        _list,
        (
            field("type", "The action type to type after dtl record."),
            field("family", "Its family (membership, trade, instants, ...)."),
            field("effect", "open, close or instant."),
            field("aspect", "The aspect it opens or closes."),
            field("status", "The status it opens."),
            field("pair", "The pair it lies on, in roles (by, target, forum)."),
            field("holder", "Which role holds the measure, or mutual."),
            field("cameo", "Its CAMEO code."),
            field("goldstein", "Its Goldstein score, a number."),
            field("quad_class", "Its QuadClass, 1-4."),
            field("plover", "Its PLOVER type."),
            field("rules", "The rules checked when it is recorded."),
            field("summary", "What it means."),
        ),
    ),
    "show": Shape(
        "one source of the action (given with it, or added by dtl corroborate)",
        _show_sources,
        (
            top("action", "The action's id.", "id"),
            field("name", "Who reported it."),
            field("url", "Where it can be read."),
            field("published", "When the source published it."),
            field("attribution", "official-statement, named-official, anonymous-sources, ..."),
            field("grade", "Its Admiralty grade (reliability A-F, credibility 1-6)."),
            field("quote", "The source's own words."),
            field("added_at", "When a corroboration added it; empty for a source given with the action."),
            field("id", "Its own key's id on an encrypted store (what dtl shred-source takes); else empty."),
            field("shredded", "The day its key was destroyed: name, URL and quote are gone; else empty."),
        ),
    ),
}


# -- writing -------------------------------------------------------------------------------------
TEXT_FORMATS = ("nl", "csv", "tsv")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8; header=present",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "nl": "application/x-ndjson",
}

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Digits and date punctuation only: a number or a date (-0044, -12, 2024-03, 2023-10?/2024~).
_PLAIN = re.compile(r"[-+]?[0-9][0-9.:/~?%;-]*")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_RAW_IN_JSON = re.compile("[\x7f-\x9f\ud800-\udfff]")


def neutralised(text: str) -> str:
    """A text cell as a spreadsheet may open it: never read as a formula."""
    if text.startswith(_TRIGGERS) and not _PLAIN.fullmatch(text):
        return "'" + text
    return text


def cell(value: Any) -> Any:
    """A value as a CSV or TSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    text = ";".join("" if v is None else str(v) for v in value) if isinstance(value, list) else str(value)
    text = _CONTROLS.sub(lambda m: ascii(m[0])[1:-1], text)
    return neutralised(text)


def write(fmt: str, names: list[str], rows: list[dict[str, Any]], out: io.TextIOBase | Any) -> None:
    """Write rows as nl (one JSON object a line), csv or tsv (a header, then a row each)."""
    if fmt == "nl":
        for row in rows:
            text = json.dumps(row, ensure_ascii=False)
            out.write(_RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")
        return
    writer = csv.writer(out, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([cell(row[n]) for n in names])


def text(fmt: str, kind: str, answer: Any) -> str:
    """An answer's rows as text in one of TEXT_FORMATS."""
    shape = SHAPES[kind]
    buffer = io.StringIO()
    write(fmt, shape.names, shape.rows(answer), buffer)
    return buffer.getvalue()
