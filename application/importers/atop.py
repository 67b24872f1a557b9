"""ATOP member-level file -> treaty actions (or Skips, with a reason).

The Alliance Treaty Obligations and Provisions project (Leeds et al.; v5.1, ``atop5_1m.csv``)
gives one row per member of an alliance per phase of it. Columns are found by name, in any case
and order; dtl reads ``atopid, member`` (a COW state number), ``yrent, moent, dayent`` (when the
member entered), ``yrexit, moexit, dayexit`` (when it left: ``yrexit`` 0 while the alliance was
still in force for it at the data's end), ``phase``, and the obligation flags ``defense, offense,
neutral, nonagg, consul`` (0 or 1); every other column is left alone. An unknown month or day
is a blank cell (0 in the exit of a membership still in force); a blank, 0, -9 or "." there
reads as unknown, and the date keeps the precision the row gives (day, month or year). If a
``version`` column is there, the source names that release (the v4.01 file says 4.01).

Per member of an alliance (``ATOP`` + the id, four digits: ``ATOP3180``), its rows in date order
make spells: a row that begins by the day after the spell it follows ends (or while that spell
is still in force) continues it; a row that begins later starts a new one. Each spell is one
``enter-into-force`` (by the member, with the first row's obligations) and, if it ends, one
``withdraw-from-treaty``; a phase that ends where the member's next phase begins is no exit.
dtl records one entry into force per spell (a second while the first holds is a duplicate), so
a later phase's obligations are not recorded: a later phase with the same obligations is counted
as one that goes on, one with other obligations as one that is not represented (the entry's note
says what changed and when).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dtl.application.importers.common import Skip
from dtl.application.importers.cow import (
    DATASET,
    header_index,
    iso_code,
    rows,
    state_of,
    whole_number,
    width_error,
)
from dtl.domain.dates import FuzzyDate
from dtl.domain.errors import InvalidInput

RELEASE = "5.1"  # cited when the file has no version column
URL = "http://www.atopdata.org/"
FLAGS = {  # ATOP's column -> dtl's obligation (domain.catalogue.OBLIGATIONS)
    "defense": "defence", "offense": "offence", "neutral": "neutrality", "nonagg": "non-aggression",
    "consul": "consultation",
}  # fmt: skip
DATES = ("yrent", "moent", "dayent", "yrexit", "moexit", "dayexit")
REQUIRED = ("atopid", "member", *DATES, "phase", *FLAGS)
UNKNOWN = frozenset({"", "0", "-9", "."})  # a month or day not known (0: still in force, at exit)

# Skip reasons (besides cow.unmapped and cow.unknown_to_dtl), counted per row.
SAME_OBLIGATIONS = "a later phase with the same obligations (the membership goes on)"
OTHER_OBLIGATIONS = "a later phase with other obligations (not represented)"
EXIT_BEFORE_ENTRY = "the exit is before the entry"


def name(release: str) -> str:
    return f"ATOP v{release} member-level data (Leeds et al.)"


@dataclass(frozen=True)
class Row:
    line: int
    atopid: int
    member: int
    phase: int
    entry: FuzzyDate
    exit: FuzzyDate | None  # None: still in force at the data's end
    obligations: tuple[str, ...]
    release: str
    cells: str  # the row's dates and flags as the file gives them, for the source's quote


def _date(cells: list[str], index: dict[str, int], which: str, line: int) -> FuzzyDate | None:
    """The entry ("ent") or exit ("exit") date at the precision the row gives; None for an exit
    year of 0 (in force at the data's end)."""
    fields = (f"yr{which}", f"mo{which}", f"day{which}")
    year_cell, month_cell, day_cell = (cells[index[f]] for f in fields)
    year = whole_number(year_cell, fields[0], line)
    month = None if month_cell in UNKNOWN else whole_number(month_cell, fields[1], line)
    day = None if day_cell in UNKNOWN else whole_number(day_cell, fields[2], line)
    if which == "exit" and year == 0:
        if month is not None or day is not None:
            raise InvalidInput(
                fields[1] if month is not None else fields[2], "an exit month or day without a year", line
            )
        return None
    if not 1000 <= year <= 9999:
        raise InvalidInput(fields[0], f"{year} is not a year (four digits)", line)
    if month is not None and not 1 <= month <= 12:
        raise InvalidInput(fields[1], f"{month} is not a month", line)
    if day is not None and month is None:
        raise InvalidInput(fields[2], "a day without a month", line)
    text = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
    try:
        return FuzzyDate.parse(text)
    except ValueError:
        raise InvalidInput(fields[2], f"{text} is not a real date", line) from None


def _flag(cell: str, field: str, line: int) -> bool:
    value = whole_number(cell, field, line)
    if value not in (0, 1):
        raise InvalidInput(field, f"{value} is not 0 or 1", line)
    return value == 1


def checked_rows(lines: Iterable[tuple[int, str]]) -> Iterator[Row]:
    """Every data row, checked: a wrong header, width, number, date or flag is an error naming
    the line and the column."""
    numbered = rows(lines)
    found = next(numbered, None)
    if found is None:
        return
    number, header = found
    header = [header[0].lstrip("\ufeff"), *header[1:]]
    index = header_index(header, number, REQUIRED, "the ATOP member-level file")
    width = len(header)
    version = index.get("version")
    for number, cells in numbered:
        if len(cells) != width:
            raise width_error(width, len(cells), number)
        atopid = whole_number(cells[index["atopid"]], "atopid", number)
        if not 1 <= atopid <= 9999:
            raise InvalidInput("atopid", f"{atopid} is not an ATOP alliance id (1 to 9999)", number)
        member = state_of(cells[index["member"]], "member", number)
        phase = whole_number(cells[index["phase"]], "phase", number)
        if not 0 <= phase <= 99:
            raise InvalidInput("phase", f"{phase} is not a phase (0 to 99)", number)
        entry = _date(cells, index, "ent", number)
        assert entry is not None
        left = _date(cells, index, "exit", number)
        flags = {column: _flag(cells[index[column]], column, number) for column in FLAGS}
        release = cells[version] if version is not None and cells[version] else RELEASE
        shown = ", ".join(f"{column} {cells[index[column]] or '.'}" for column in (*DATES, "phase", *FLAGS))
        yield Row(
            number, atopid, member, phase, entry, left,
            tuple(FLAGS[column] for column, on in flags.items() if on), release, shown,
        )  # fmt: skip


def check_atop(path: Path) -> int:
    """The number of data rows, every one checked (nothing is written before this passes)."""
    from dtl.application.importers.files import numbered_lines

    return sum(1 for _ in checked_rows(numbered_lines(path)))


def parse_atop(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, dict[str, Any]] | Skip]:
    """``(line, raw action)`` for each entry into force and each exit, or ``Skip(line, reason)``.
    The actions of one member of one alliance (one docket) come together, alliances in id
    order, members in code order."""
    members: dict[tuple[int, str], list[Row]] = defaultdict(list)
    for row in checked_rows(lines):
        state = iso_code(row.member)
        if isinstance(state, Skip):
            yield Skip(row.line, state.reason)
            continue
        members[(row.atopid, state)].append(row)
    for (atopid, state), found in sorted(members.items()):
        yield from _member(atopid, state, sorted(found, key=lambda r: (r.entry.earliest, r.phase, r.line)))


def _continues(until: FuzzyDate | None, row: Row) -> bool:
    """Whether a row begins while a spell holds: by the day after it ends, or it has not ended."""
    return until is None or row.entry.earliest <= until.latest_exclusive


def _member(atopid: int, state: str, found: list[Row]) -> Iterator[tuple[int, dict[str, Any]] | Skip]:
    treaty = f"ATOP{atopid:04d}"
    seen: set[tuple[int, int]] = set()
    keys: dict[int, str] = {}  # line -> the row's part of a key
    for row in found:
        part = f"{row.atopid}:{row.member}:{row.phase}"
        if (row.member, row.phase) in seen:  # the same phase again (Egypt in 3015: 1945-1979, 1989-)
            part += f":{row.entry.text}"
        seen.add((row.member, row.phase))
        keys[row.line] = part
    spells: list[list[Row]] = []
    skipped: list[Skip] = []
    for row in found:
        if row.exit is not None and row.exit.latest_exclusive <= row.entry.earliest:
            skipped.append(Skip(row.line, EXIT_BEFORE_ENTRY))
            continue
        if spells and _continues(_until(spells[-1]), row):
            spells[-1].append(row)
        else:
            spells.append([row])
    yield from skipped
    for spell in spells:
        yield from _spell(treaty, state, spell, keys)


def _until(spell: list[Row]) -> FuzzyDate | None:
    """When a spell ends: the latest exit of its rows, None while one of them is in force."""
    ends = [row.exit for row in spell]
    if any(end is None for end in ends):
        return None
    return max((end for end in ends if end is not None), key=lambda end: end.latest_exclusive)


def _spell(
    treaty: str, state: str, spell: list[Row], keys: dict[int, str]
) -> Iterator[tuple[int, dict[str, Any]] | Skip]:
    first = spell[0]
    changes = []
    for row in spell[1:]:
        if row.obligations == first.obligations:
            yield Skip(row.line, SAME_OBLIGATIONS)
        else:
            yield Skip(row.line, OTHER_OBLIGATIONS)
            said = ", ".join(row.obligations) or "none"
            changes.append(f"phase {row.phase} ({row.entry.text}) gives {said}")
    note = (
        f"{name(first.release)}: {treaty} phase {first.phase}; ATOP dates a member's entry from "
        "its signature (of the treaty or of its accession)"
    )
    if changes:
        note += f"; not recorded: {'; '.join(changes)}"
    entry_key = f"atop:{keys[first.line]}:entry"
    entry: dict[str, Any] = {
        "type": "enter-into-force", "by": [state], "target": treaty, "on": first.entry.text,
        "key": entry_key, "note": note, "sources": [_source(first)],
    }  # fmt: skip
    if first.obligations:
        entry["obligations"] = list(first.obligations)
    yield first.line, entry
    until = _until(spell)
    if until is None:
        return
    last = next(row for row in reversed(spell) if row.exit == until)
    left: dict[str, Any] = {
        "type": "withdraw-from-treaty", "by": [state], "target": treaty, "on": until.text,
        "key": f"atop:{keys[last.line]}:exit",
        "note": f"{name(last.release)}: the membership of phase {last.phase} ends (a withdrawal, "
                "the alliance's end, or its replacement)",
        "sources": [_source(last)],
    }  # fmt: skip
    if until.earliest < first.entry.latest_exclusive:  # the same day may be meant: say the order
        from dtl.domain.actions import action_id_for

        left["after"] = [str(action_id_for(entry_key))]
    yield last.line, left


def _source(row: Row) -> dict[str, str]:
    quote = f"ATOP {row.atopid}, COW {row.member}: {row.cells}"
    return {"name": name(row.release), "url": URL, "attribution": DATASET, "quote": quote}
