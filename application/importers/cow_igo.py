"""COW Intergovernmental Organizations v3, state-year file -> membership actions (or Skips).

The file (the codebook's "Version 3.0b", state_year_formatv3): one row per state and year,
1816-2014, columns ``ccode, country, state, year``, then one column per IGO named by its COW
abbreviation (``AAAID`` ... ``Wassen``: 534 of them), then ``version``. Each IGO cell is the
state's status in that year: 0 no membership, 1 full member, 2 associate member, 3 observer,
-9 missing, -1 the IGO did not exist. Columns are found by name, in any case and order.

Only IGOs that are organisations dtl knows are read (``ORGANISATIONS``, one explicit table);
every other column is skipped and counted once. Two COW columns may be one dtl organisation
(the EEC until 1992 and the EU from 1993; the OAU and the AU): the state's status towards it is
the strongest status in any of them that year (member, then associate, then observer).

Per state and organisation, only changes are recorded, dated by ``cow.window``: a change first
seen in year t happened in "t-1/t" (COW codes a state by its status at some point of the year:
Morocco, which left the OAU in November 1984, is a member in the 1984 row and not in 1985's).
A status held in the first year the IGO exists is dated that year; one held in the state's
first row, that year (held by then). 0 -> 1: join (by the state); -> 2: admit-associate,
-> 3: grant-observer (by the organisation); -> 0: withdraw (by the state; it ends a membership,
an association or an observer status). A move down from member, or from associate to
observer, is a withdraw then the new status, the second stated to come after the first.
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

NAME = "COW Intergovernmental Organizations v3"
URL = "https://correlatesofwar.org/data-sets/igos/"
PUBLISHED = "2019"  # the v3.0 codebook is of July 2019
REQUIRED = ("ccode", "year")
STATE_COLUMNS = ("state", "stateabb")  # the codebook's name, and COW's usual one elsewhere
NOT_IGOS = frozenset({"ccode", "country", "state", "stateabb", "year", "version"})

# COW IGO abbreviation (lower case) -> dtl organisation. Left out on purpose: GATT (WTO's
# predecessor, another organisation), ECSC and EURATOM (not the EU), EAEC (the Eurasian
# Economic Community of 2000-2014, not the Eurasian Economic Union of 2015, though dtl takes
# "EAEC" as a name of the latter).
ORGANISATIONS = {
    "un": "UN", "nato": "NATO", "eec": "EU", "eu": "EU", "oau": "AU", "au": "AU",
    "oas": "OAS", "ecowas": "ECOWAS", "asean": "ASEAN", "loas": "LAS", "gcc": "GCC",
    "oic": "OIC", "sco": "SCO", "opec": "OPEC", "coe": "COE", "osce": "OSCE", "cis": "CIS",
    "csto": "CSTO", "iaea": "IAEA", "wto": "WTO", "igad": "IGAD",
}  # fmt: skip

NONE, MEMBER, ASSOCIATE, OBSERVER = 0, 1, 2, 3
MISSING, ABSENT = -9, -1
STATUSES = "0 no membership, 1 full member, 2 associate member, 3 observer, -9 missing, -1 no such IGO yet"
_NAMES = {NONE: "no membership", MEMBER: "member", ASSOCIATE: "associate member", OBSERVER: "observer"}
_PACKED = {NONE: 0, MEMBER: 1, ASSOCIATE: 2, OBSERVER: 3, MISSING: 14, ABSENT: 15}
_UNPACKED = {v: k for k, v in _PACKED.items()}
_CONFLICT = 13

# Skip reasons (besides cow.unmapped and cow.unknown_to_dtl, counted per row).
NOT_AN_ORGANISATION = "IGO column that is not an organisation dtl knows (columns)"
STATUS_MISSING = "status -9: missing"
DISAGREE = "two rows of one state and year give different statuses"


def _status(cell: str, field: str, line: int) -> int:
    value = whole_number(cell, field, line)
    if value not in _PACKED:
        raise InvalidInput(field, f"{value} is not a status of the codebook ({STATUSES})", line)
    return value


def _layout(cells: list[str], line: int) -> tuple[dict[str, int], dict[str, list[int]], list[int]]:
    """(header index, dtl organisation -> its columns, the other IGO columns)."""
    index = header_index(cells, line, REQUIRED, NAME)
    if not any(name in index for name in STATE_COLUMNS):
        raise InvalidInput("columns", f"{NAME} needs the column state (the abbreviated state name)", line)
    mapped: dict[str, list[int]] = defaultdict(list)
    others: list[int] = []
    for i, cell in enumerate(cells):
        name = cell.lower()
        if name in NOT_IGOS:
            continue
        if name in ORGANISATIONS:
            mapped[ORGANISATIONS[name]].append(i)
        else:
            others.append(i)
    if not mapped and not others:
        raise InvalidInput("columns", f"{NAME} has one column per IGO; the header names none", line)
    return index, dict(sorted(mapped.items())), others


Row = tuple[int, int, int, dict[str, int]]  # line, ccode, year, dtl organisation -> status


def checked_rows(lines: Iterable[tuple[int, str]]) -> tuple[int, list[int], Iterator[Row]] | None:
    """``(header line, the IGO columns dtl does not read, the data rows)``, or None for an empty
    file. Every row is checked as it is read: a wrong header, width, number or status (of a
    column dtl reads) is an error naming the line and the column."""
    numbered = rows(lines)
    found = next(numbered, None)
    if found is None:
        return None
    number, header = found
    index, mapped, others = _layout(header, number)
    return number, others, _data(numbered, header, index, mapped)


def _data(
    numbered: Iterator[tuple[int, list[str]]], header: list[str], index: dict[str, int],
    mapped: dict[str, list[int]],
) -> Iterator[Row]:  # fmt: skip
    width = len(header)
    i_code, i_year = index["ccode"], index["year"]
    for number, cells in numbered:
        if len(cells) != width:
            raise width_error(width, len(cells), number)
        statuses = {
            org: _combined([_status(cells[i], header[i], number) for i in columns])
            for org, columns in mapped.items()
        }
        yield number, state_of(cells[i_code], "ccode", number), year_of(cells[i_year], number), statuses


def _combined(values: list[int]) -> int:
    """A state's status towards a dtl organisation that is several COW columns."""
    present = [v for v in values if v != ABSENT]
    if not present:
        return ABSENT
    for status in (MEMBER, ASSOCIATE, OBSERVER, NONE):
        if status in present:
            return status
    return MISSING


def check_igo(path: Path) -> int:
    """The number of data rows, every one checked (nothing is written before this passes)."""
    from dtl.application.importers.files import numbered_lines

    opened = checked_rows(numbered_lines(path))
    return 0 if opened is None else sum(1 for _ in opened[2])


def parse_igo(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, dict[str, Any]] | Skip]:
    """``(line, raw action)`` for each change of status, or ``Skip(line, reason)``. The actions
    of one organisation (one docket) come together, organisations in code order."""
    opened = checked_rows(lines)
    if opened is None:
        return
    header_line, others, found = opened
    for _ in others:
        yield Skip(header_line, NOT_AN_ORGANISATION)
    seen: dict[tuple[str, int], list[int]] = defaultdict(list)  # (organisation, ccode) -> packed
    first: dict[int, int] = {}  # ccode -> its first year in the file
    for number, code, year, statuses in found:
        state = iso_code(code)
        if isinstance(state, Skip):
            yield Skip(number, state.reason)
            continue
        first[code] = min(year, first.get(code, year))
        for org, status in statuses.items():
            seen[(org, code)].append(pack(year, number, _PACKED[status]))
    for org, code in sorted(seen):
        yield from _changes(org, code, first[code], merged(seen[(org, code)], _CONFLICT))


def _changes(
    org: str, code: int, first: int, observed: list[tuple[int, int, int]]
) -> Iterator[tuple[int, dict[str, Any]] | Skip]:
    state = iso_code(code)
    assert isinstance(state, str)
    held = NONE
    since: int | None = None  # the last year whose status was read
    absent: int | None = None  # the year of the row before, if the IGO did not exist then
    for year, line, packed in observed:
        if packed == _CONFLICT:
            yield Skip(line, DISAGREE)
            continue
        status = _UNPACKED[packed]
        if status == ABSENT:
            since, absent = None, year
            continue
        if status == MISSING:
            yield Skip(line, STATUS_MISSING)
            continue
        if status == held:
            since, absent = year, None
            continue
        if absent is not None:  # it begins with the organisation (or the state's return to the data)
            start = None
            note = f"{_NAMES[status]} in {year}; no such organisation in its row of {absent}"
        elif since is None and year == first:
            start = None
            note = f"{_NAMES[status]} in {year}, the state's first year in the data (held by then)"
        else:
            start = since if since is not None else first
            before = _NAMES[held] if since is not None else "status missing (-9)"
            note = f"{before} in {start}; {_NAMES[status]} in {year}"
        for raw in _transition(org, state, code, held, status, year, window(start, year)):
            raw["note"] = f"{NAME}: {note}"
            raw["sources"] = [source(NAME, URL, PUBLISHED, f"COW {code} in {org}, {year}: {status}")]
            yield line, raw
        held, since, absent = status, year, None


def _transition(
    org: str, state: str, code: int, held: int, status: int, year: int, on: str
) -> list[dict[str, Any]]:
    """The actions that take a state from one status to another in an organisation."""
    from dtl.domain.actions import action_id_for

    def action(kind: str, by: str, target: str, after: str | None = None) -> dict[str, Any]:
        raw: dict[str, Any] = {
            "type": kind, "by": [by], "target": target, "on": on,
            "key": f"cow-igo:{org}:{code}:{year}:{kind}",
        }  # fmt: skip
        if after:
            raw["after"] = [str(action_id_for(after))]
        return raw

    def opening(after: str | None = None) -> dict[str, Any]:
        if status == MEMBER:
            return action("join", state, org, after)
        return action("admit-associate" if status == ASSOCIATE else "grant-observer", org, state, after)

    if status == NONE:
        return [action("withdraw", state, org)]
    if held == NONE or status == MEMBER or (held == OBSERVER and status == ASSOCIATE):
        return [opening()]  # joining ends an association or an observer status
    left = action("withdraw", state, org)
    return [left, opening(after=left["key"])]
