"""The import formats: one table that `dtl import`, its help, and the HTTP API all read.

Each format says what it is called, how its first line is recognised, how the whole file's
structure is checked before anything is written (returning the number of data rows), how its
lines are parsed, and what it produces: actions (dtl's own files, recorded with the rules, all or
none; the Correlates of War relation data sets, recorded with the rules in batches of whole
dockets) or observations (machine-coded events, written in batches). A new format is one row
here plus its parser.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from dtl.application.importers.files import check_csv, check_icews, check_jsonl, check_tabs, first_line
from dtl.application.importers.layouts import (
    ATOP_MEMBER_COLUMNS,
    COW_DIPEX_COLUMNS,
    COW_IGO_COLUMNS,
    COW_IGO_STATE,
    GDELT1_WIDTHS,
    GDELT2_WIDTH,
    ICEWS_HEADER_START,
    gdelt_columns,
)
from dtl.domain.errors import InvalidInput

Lines = Iterable[tuple[int, str]]


@dataclass(frozen=True)
class Format:
    name: str
    label: str  # what a user calls it, for help and errors
    expected: str  # what its first line looks like, for "cannot tell the format"
    produces: Literal["actions", "observations"]
    recognises: Callable[[str], bool]  # given the file's first non-blank line
    check: Callable[[Path], int]  # the whole file's structure -> number of data rows
    parse: Callable[[Lines], Iterator[Any]]  # (line, raw action) | Skip, or Observation | Skip
    # actions: all recorded in one transaction (dtl's own files), or, for a data set too large
    # for one, in batches of whole dockets (imports.py says how)
    whole: bool = True


def _tabs(line: str) -> int:
    return line.count("\t")


def _csv_header(line: str) -> bool:
    if _tabs(line) or "," not in line:
        return False
    return "type" in {cell.strip().lower() for cell in next(csv.reader([line]))}


def _header_names(line: str) -> set[str]:
    if _tabs(line) or "," not in line:
        return set()
    return {cell.strip().lower().lstrip("\ufeff") for cell in next(csv.reader([line]))}


def _cow_dipex_header(line: str) -> bool:
    return set(COW_DIPEX_COLUMNS) <= _header_names(line)


def _cow_igo_header(line: str) -> bool:
    names = _header_names(line)
    return set(COW_IGO_COLUMNS) <= names and bool(names & set(COW_IGO_STATE)) and "ccode1" not in names


def _atop_header(line: str) -> bool:
    return set(ATOP_MEMBER_COLUMNS) <= _header_names(line)


# Parsers are imported when a file is parsed, not when the table is read (e.g. for help).
def _gdelt(version: int) -> Callable[[Lines], Iterator[Any]]:
    def parse(lines: Lines) -> Iterator[Any]:
        from dtl.application.importers.gdelt import parse_gdelt

        return parse_gdelt(lines, version=version)

    return parse


def _icews(lines: Lines) -> Iterator[Any]:
    from dtl.application.importers.icews import parse_icews

    return parse_icews(lines)


def _jsonl(lines: Lines) -> Iterator[Any]:
    from dtl.application.importers.dtl_csv import parse_jsonl

    return parse_jsonl(lines)


def _csv(lines: Lines) -> Iterator[Any]:
    from dtl.application.importers.dtl_csv import parse_csv

    return parse_csv(lines)


def _cow_dipex(lines: Lines) -> Iterator[Any]:
    from dtl.application.importers.cow_dipex import parse_dipex

    return parse_dipex(lines)


def _check_cow_dipex(path: Path) -> int:
    from dtl.application.importers.cow_dipex import check_dipex

    return check_dipex(path)


def _cow_igo(lines: Lines) -> Iterator[Any]:
    from dtl.application.importers.cow_igo import parse_igo

    return parse_igo(lines)


def _check_cow_igo(path: Path) -> int:
    from dtl.application.importers.cow_igo import check_igo

    return check_igo(path)


def _atop(lines: Lines) -> Iterator[Any]:
    from dtl.application.importers.atop import parse_atop

    return parse_atop(lines)


def _check_atop(path: Path) -> int:
    from dtl.application.importers.atop import check_atop

    return check_atop(path)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("gdelt2", "GDELT 2.0 events export (plain, .zip or .gz)",
               f"GDELT 2.0 events ({GDELT2_WIDTH} tab-separated columns)", "observations",
               lambda line: _tabs(line) == GDELT2_WIDTH - 1,
               lambda path: check_tabs(path, (GDELT2_WIDTH,), False, gdelt_columns), _gdelt(2)),
        Format("gdelt1", "GDELT 1.0 events export", f"GDELT 1.0 ({max(GDELT1_WIDTHS)})", "observations",
               lambda line: _tabs(line) + 1 in GDELT1_WIDTHS,
               lambda path: check_tabs(path, GDELT1_WIDTHS, False, gdelt_columns), _gdelt(1)),
        Format("icews", "ICEWS events (tab-separated, with its header)",
               "ICEWS (a header starting 'Event ID<TAB>Event Date')", "observations",
               lambda line: line.startswith(ICEWS_HEADER_START), check_icews, _icews),
        Format("jsonl", "dtl's own actions, one JSON object a line",
               "JSONL (one JSON object a line)", "actions",
               lambda line: line.lstrip().startswith("{"), check_jsonl, _jsonl),
        Format("csv", "dtl's own actions as CSV with a header", "CSV with a header naming 'type'",
               "actions", _csv_header, check_csv, _csv),
        Format("cow-dipex", "COW Diplomatic Exchange v2006.1 (dyad-years), as representation actions",
               "COW Diplomatic Exchange (a header naming ccode1, ccode2, year, DR_at_1, DR_at_2)",
               "actions", _cow_dipex_header, _check_cow_dipex, _cow_dipex, whole=False),
        Format("cow-igo", "COW IGO v3 state-year file, as membership actions",
               "COW IGO state-year (a header naming ccode, state, year and the IGOs)",
               "actions", _cow_igo_header, _check_cow_igo, _cow_igo, whole=False),
        Format("atop", "ATOP member-level alliance file (atop5_1m.csv), as treaty actions",
               "ATOP member-level (a header naming atopid, member, yrent, yrexit, phase, defense ...)",
               "actions", _atop_header, _check_atop, _atop, whole=False),
    )
}  # fmt: skip
NAMES = tuple(FORMATS)


def named(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        known = ", ".join(FORMATS)
        raise InvalidInput("format", f"unknown format {name[:20]!r}; use one of {known}") from None


def detect(path: Path | str) -> Format:
    """Tell the format from the first non-blank line of the content, never from the file name."""
    found = first_line(path)
    if found is None:
        raise InvalidInput("format", "the file is empty")
    number, text = found
    for candidate in FORMATS.values():
        if candidate.recognises(text):
            return candidate
    tabs = _tabs(text)
    shown = f"{tabs + 1} tab-separated columns" if tabs else "no tabs"
    expected = [f.expected for f in FORMATS.values()]
    raise InvalidInput(
        "format",
        f"cannot tell the format (the first line has {shown}): expected {', '.join(expected[:-1])} "
        f"or {expected[-1]}",
        number,
    )


def detect_format(path: Path | str) -> str:
    return detect(path).name


def check_structure(path: Path | str, fmt: str) -> int:
    """Refuse a file whose lines do not all have the format's structure (naming the first bad
    line), before anything is written; return the number of data rows (header excluded)."""
    return named(fmt).check(Path(path))


def describe() -> str:
    """The formats as help text: 'gdelt2 (GDELT 2.0 events export ...), ...'."""
    return "; ".join(f"{f.name}: {f.label}" for f in FORMATS.values())
