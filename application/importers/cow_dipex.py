"""COW Diplomatic Exchange v2006.1 -> set-representation actions (or Skips, with a reason).

The file: one row per dyad and snapshot year (1817, 1824, 1827, 1832, 1836, 1840, every five
years 1844-1914, 1920-1940 and 1950-2005), columns ``ccode1, ccode2, year, DR_at_1, DR_at_2,
DE, version``. ``DR_at_1`` is the level at which side 2 is represented in side 1's capital,
``DR_at_2`` the level of side 1 in side 2's: 0 no evidence of representation, 1 chargé
d'affaires, 2 minister, 3 ambassador, 9 other. The release holds both orders of each dyad
(a row for 2,365 and one for 365,2), so each directed level appears twice; a file holding one
order only is read the same way. ``DE`` (derived from the two levels) and ``version`` are not
read.

Per direction (the sending state is `by`, the receiving state `target`), only changes are
recorded: a run of equal levels is one action, at the snapshot where it is first seen, dated
by the rule of ``cow.window`` ("1894/1899": after the 1894 snapshot, by the 1899 one). Level 9
is skipped and counted: it is the only code of every dyad from 1950 to 1965 (the level was not
recorded then) and also marks interest sections (USA and Cuba from 1980), so it names no one
level; a run of equal levels on either side of it stays one run. A 0 before any level was seen
records nothing: dtl records no representation by default.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from dtl.application.importers.common import Skip
from dtl.application.importers.cow import (
    header_index,
    iso_code,
    merged,
    pack,
    rows,
    source,
    state_of,
    whole_number,
    width_error,
    window,
    year_of,
)
from dtl.domain.errors import InvalidInput

NAME = "COW Diplomatic Exchange v2006.1"
URL = "https://correlatesofwar.org/data-sets/diplomatic-exchange/"
PUBLISHED = "2006"
REQUIRED = ("ccode1", "ccode2", "year", "dr_at_1", "dr_at_2")
LEVELS = {0: "none", 1: "charge-d-affaires", 2: "minister", 3: "ambassador"}
OTHER = 9
CODES = "0 none, 1 chargé d'affaires, 2 minister, 3 ambassador, 9 other"
_CONFLICT = 15  # packed in 4 bits, like the levels

# Skip reasons (besides cow.unmapped and cow.unknown_to_dtl), counted per directed observation.
LEVEL_OTHER = "level 9: other, or not recorded (the only level of 1950-1965)"
DISAGREE = "the two rows of a dyad give different levels"
SAME_STATE = "same state on both sides"

Row = tuple[int, int, int, int, int, int]  # line, ccode1, ccode2, year, DR_at_1, DR_at_2


def _level(cell: str, field: str, line: int) -> int:
    value = whole_number(cell, field, line)
    if value not in LEVELS and value != OTHER:
        raise InvalidInput(field, f"{value} is not a level of the codebook ({CODES})", line)
    return value


def checked_rows(lines: Iterable[tuple[int, str]]) -> Iterator[Row]:
    """Every data row, checked: a wrong header, width, number or level is an error naming the
    line and the column."""
    numbered = rows(lines)
    found = next(numbered, None)
    if found is None:
        return
    number, cells = found
    index = header_index(cells, number, REQUIRED, NAME)
    width = len(cells)
    i1, i2, iy, l1, l2 = (index[name] for name in REQUIRED)
    for number, cells in numbered:
        if len(cells) != width:
            raise width_error(width, len(cells), number)
        yield (
            number,
            state_of(cells[i1], "ccode1", number),
            state_of(cells[i2], "ccode2", number),
            year_of(cells[iy], number),
            _level(cells[l1], "DR_at_1", number),
            _level(cells[l2], "DR_at_2", number),
        )


def check_dipex(path: Path) -> int:
    """The number of data rows, every one checked (nothing is written before this passes)."""
    from dtl.application.importers.files import numbered_lines

    return sum(1 for _ in checked_rows(numbered_lines(path)))


def parse_dipex(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, dict[str, Any]] | Skip]:
    """``(line, raw action)`` for each change of level, or ``Skip(line, reason)``. The actions
    of one pair of states (both directions: one docket) come together, pairs in code order."""
    seen: dict[tuple[int, int], list[int]] = defaultdict(list)  # (sender, receiver) -> packed
    for number, c1, c2, year, at_1, at_2 in checked_rows(lines):
        if c1 == c2:
            yield Skip(number, SAME_STATE)
            continue
        seen[(c2, c1)].append(pack(year, number, at_1))  # DR_at_1: side 2 at side 1
        seen[(c1, c2)].append(pack(year, number, at_2))  # DR_at_2: side 1 at side 2
    pairs = sorted({(min(a, b), max(a, b)) for a, b in seen})
    for low, high in pairs:
        for sender, receiver in ((low, high), (high, low)):
            packed = seen.pop((sender, receiver), None)
            if packed:
                yield from _direction(sender, receiver, merged(packed, _CONFLICT))


def _direction(
    sender: int, receiver: int, observed: list[tuple[int, int, int]]
) -> Iterator[tuple[int, dict[str, Any]] | Skip]:
    by, target = iso_code(sender), iso_code(receiver)
    for side in (by, target):
        if isinstance(side, Skip):
            for _, line, _ in observed:
                yield Skip(line, side.reason)
            return
    assert isinstance(by, str) and isinstance(target, str)
    first = observed[0][0]
    held = 0  # what is recorded so far: nothing, which dtl reads as no representation
    since: int | None = None  # the last snapshot whose level was read
    for year, line, level in observed:
        if level == _CONFLICT:
            yield Skip(line, DISAGREE)
            continue
        if level == OTHER:
            yield Skip(line, LEVEL_OTHER)
            continue
        if level == held:
            since = year
            continue
        start = since if since is not None else (first if first < year else None)
        name = LEVELS[level]
        if start is None:
            note = f"first seen at the {year} snapshot: held by then, perhaps earlier"
        elif since is None:
            note = f"level not recorded (9) from the {first} snapshot; {name} at {year}"
        else:
            note = f"{LEVELS[held]} at the {since} snapshot; {name} at {year}"
        yield (
            line,
            {
                "type": "set-representation",
                "by": [by],
                "target": target,
                "level": name,
                "on": window(start, year),
                "key": f"cow-dipex:{sender}-{receiver}:{year}:{name}",
                "note": f"{NAME}: {note}",
                "sources": [source(NAME, URL, PUBLISHED, f"COW {sender} at COW {receiver}, {year}: {level}")],
            },
        )
        held, since = level, year
