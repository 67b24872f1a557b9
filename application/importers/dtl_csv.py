"""Actions in dtl's own schema, as CSV (or JSONL): raw dicts for ``domain.actions.parse_input``.

CSV: a header row naming ActionInput's fields (``type, by, target, forum, on, ...``), one action
a row. ``by`` holds several initiators comma-separated inside a quoted cell ("SAU,ARE,BHR").
One source per row through ``source_name, source_url, source_published, source_attribution,
source_grade, source_quote`` (the fields of ``domain.provenance.Source``), folded into
``sources: [{...}]``. Empty cells are absent. An unknown column is refused, naming it.
Validation proper is ``parse_input``'s; this module only shapes the dict.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any

from dtl.domain.actions import ActionInput
from dtl.domain.errors import InvalidInput
from dtl.domain.provenance import STORE_FIELDS, Source

SOURCE_PREFIX = "source_"
ACTION_COLUMNS = tuple(name for name in ActionInput.model_fields if name != "sources")
SOURCE_COLUMNS = tuple(SOURCE_PREFIX + name for name in Source.model_fields if name not in STORE_FIELDS)
COLUMNS = ACTION_COLUMNS + SOURCE_COLUMNS


def _header(cells: list[str], line: int) -> list[str]:
    names = [cell.strip().lower() for cell in cells]
    if names and names[0].startswith("\ufeff"):
        names[0] = names[0][1:]
    seen: set[str] = set()
    for name in names:
        if not name:
            raise InvalidInput("columns", "the header has an unnamed column", line)
        if name not in COLUMNS:
            shown = name if len(name) <= 40 else name[:40] + "..."
            hint = " (one source a row: source_name, source_url, ...)" if name == "sources" else ""
            raise InvalidInput(
                "columns", f"unknown column {shown!r}{hint}; the columns are {', '.join(COLUMNS)}", line
            )
        if name in seen:
            raise InvalidInput("columns", f"column {name!r} appears twice", line)
        seen.add(name)
    if "type" not in seen:
        raise InvalidInput("columns", "the header must name the column 'type'", line)
    return names


def parse_csv(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line_number, text)`` lines of a CSV file -> ``(line the row starts on, raw dict)``."""
    first: list[int | None] = [None]  # the first line the reader pulled for the current row
    last = [0]

    def feed() -> Iterator[str]:
        for number, text in lines:
            if first[0] is None:
                first[0] = number
            last[0] = number
            yield text + "\n"  # csv needs the newline to keep it inside a quoted multi-line cell

    reader = csv.reader(feed(), strict=True)
    names: list[str] | None = None
    while True:
        first[0] = None
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InvalidInput("csv", f"not valid CSV ({exc})", last[0]) from None
        start = first[0] if first[0] is not None else last[0]
        if not cells or all(not cell.strip() for cell in cells):
            continue
        if names is None:
            names = _header(cells, start)
            continue
        if len(cells) != len(names):
            raise InvalidInput(
                "columns", f"expected {len(names)} comma-separated cells, found {len(cells)}", start
            )
        raw: dict[str, Any] = {}
        source: dict[str, str] = {}
        for name, cell in zip(names, cells, strict=True):
            if cell == "" or not cell.strip():
                continue
            if name.startswith(SOURCE_PREFIX):
                source[name[len(SOURCE_PREFIX) :]] = cell
            else:
                raw[name] = cell
        if source:
            raw["sources"] = [source]
        yield start, raw


def parse_jsonl(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, dict[str, Any]]]:
    """JSONL in dtl's schema: one JSON object a line -> ``(line, raw dict)``; blank lines skipped."""
    for number, text in lines:
        if not text.strip():
            continue
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput("json", f"not valid JSON ({exc.msg})", number) from None
        except RecursionError:
            raise InvalidInput("json", "not valid JSON (nested too deeply)", number) from None
        except ValueError as exc:  # e.g. an integer of more than 4300 digits
            raise InvalidInput("json", f"not valid JSON ({str(exc)[:80]})", number) from None
        if not isinstance(raw, dict):
            raise InvalidInput("json", "each line must be a JSON object", number)
        yield number, raw
