"""What the Correlates of War importers share: reading their CSV rows, COW state numbers as
ISO 3166 codes, and the rule that turns observations taken once a year (or once every five
years) into dated changes.

Both data sets observe a state, or a pair, at fixed times; dtl records only the changes they
show. A change first seen at an observation of year t, when the one before (of the same
state or pair, with a value that can be read) was of year p, happened in the window "p/t":
after the observation of p, which was taken at some moment of p, not at its end, and by the
observation of t. A value seen at the first observation is dated t itself: the data says
nothing of what came before (it was held by then, and may have been held earlier). See
docs/reference-data.md for why, with the evidence.

COW state numbers become ISO 3166-1 alpha-3 codes through the `countrycode` package, imported
here on first use only (never by `dtl --help`). A number it gives no ISO code for (Baden,
Austria-Hungary, the German Federal Republic, Yugoslavia, ...) is skipped and counted under
a reason that names it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from functools import cache

from dtl.application.importers.common import Skip
from dtl.domain.errors import InvalidInput

DATASET = "dataset"  # the attribution of every source these importers give


def unmapped(code: int) -> str:
    """The skip reason for a COW state number with no ISO code."""
    return f"COW state {code} has no ISO 3166 code"


def unknown_to_dtl(code: int, iso: str) -> str:
    return f"COW state {code} ({iso}) is not a state dtl knows"


@cache
def iso_code(code: int) -> str | Skip:
    """The ISO 3166-1 alpha-3 code of a COW state number (via `countrycode`), or the reason it
    has none that dtl can use (a Skip with line 0: the caller gives the line)."""
    from countrycode import countrycode

    from dtl.domain.actors import registry

    iso = countrycode(code, origin="cown", destination="iso3c")
    if not isinstance(iso, str) or not iso:
        return Skip(0, unmapped(code))
    actor = registry().get(iso)
    if actor is None or actor.is_organisation:
        return Skip(0, unknown_to_dtl(code, iso))
    return actor.code


def window(since: int | None, year: int) -> str:
    """The EDTF date of a change first seen in `year`, the observation before it in `since`
    (None: the first observation)."""
    return str(year) if since is None or since >= year else f"{since}/{year}"


def rows(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` for every non-blank line, the header first. The COW files are plain
    CSV without multi-line cells, so each line is read on its own (its number is exact)."""
    for number, text in lines:
        if not text.strip():
            continue
        try:
            cells = next(csv.reader([text], strict=True))
        except csv.Error as exc:
            raise InvalidInput("csv", f"not valid CSV ({exc})", number) from None
        yield number, [cell.strip() for cell in cells]


def header_index(cells: list[str], line: int, required: tuple[str, ...], what: str) -> dict[str, int]:
    """Column name (lower case) -> index; every required name must be there."""
    names = [cell.lower() for cell in cells]
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        if not name:
            raise InvalidInput("columns", "the header has an unnamed column", line)
        if name in index:
            raise InvalidInput("columns", f"column {cells[i][:40]!r} appears twice", line)
        index[name] = i
    missing = [name for name in required if name not in index]
    if missing:
        raise InvalidInput(
            "columns",
            f"{what} needs the columns {', '.join(required)}; the header lacks {', '.join(missing)}",
            line,
        )
    return index


def width_error(expected: int, found: int, line: int) -> InvalidInput:
    return InvalidInput("columns", f"expected {expected} comma-separated cells, found {found}", line)


def whole_number(cell: str, field: str, line: int) -> int:
    """A cell that must be a whole number (``-9`` and ``1990`` are; ``1990.5`` and ``x`` are not).
    Statistical packages may write ``1990.0``: read as 1990."""
    text = cell[:-2] if cell.endswith(".0") else cell
    body = text[1:] if text[:1] in "+-" else text
    if not (body.isascii() and body.isdigit()) or len(body) > 9:
        shown = cell if len(cell) <= 20 else cell[:20] + "..."
        raise InvalidInput(field, f"{shown!r} is not a whole number", line)
    return int(text)


def year_of(cell: str, line: int) -> int:
    year = whole_number(cell, "year", line)
    if not 1000 <= year <= 9999:
        raise InvalidInput("year", f"{year} is not a year (four digits)", line)
    return year


def state_of(cell: str, field: str, line: int) -> int:
    code = whole_number(cell, field, line)
    if not 1 <= code <= 999:
        raise InvalidInput(field, f"{code} is not a COW state number (1 to 999)", line)
    return code


def source(name: str, url: str, published: str, quote: str) -> dict[str, str]:
    return {"name": name, "url": url, "published": published, "attribution": DATASET, "quote": quote}


def pack(year: int, line: int, value: int) -> int:
    """One observation as one sortable number: year, then line, then a 4-bit value."""
    return (year << 44) | (line << 4) | value


def merged(packed: list[int], conflict: int) -> list[tuple[int, int, int]]:
    """``(year, line, value)`` per year: the rows that carry the same value for one year are one
    observation (at the first line); if they disagree, the year reads `conflict`, never a guess."""
    out: list[tuple[int, int, int]] = []
    for number in sorted(packed):
        year, line, value = number >> 44, (number >> 4) & ((1 << 40) - 1), number & 15
        if out and out[-1][0] == year:
            if out[-1][2] != value:
                out[-1] = (year, out[-1][1], conflict)
            continue
        out.append((year, line, value))
    return out
