"""`dtl export`: measures, actions or observations as one file for analysis (Parquet or CSV),
with a fixed, documented schema (docs/export.md) that pandas, polars and DuckDB read as it is.

Each kind is a list of typed columns. Parquet keeps the types (dates, UTC timestamps, doubles,
lists of strings); CSV writes dates and timestamps in ISO 8601, lists joined with `;`, and the
cells a spreadsheet could run as formulas behind a quote (application/tabular.py's rule).
pyarrow is imported only when a Parquet file is written: no other command pays for it.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dtl.application.tabular import cell
from dtl.domain.dates import FuzzyDate
from dtl.domain.errors import InvalidInput

FORMATS = {".parquet": "parquet", ".csv": "csv"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # string, date, timestamp, double, int64, bool, list<string>
    meaning: str
    get: Callable[[dict[str, Any]], Any]


def _key(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda r: r.get(name)


def _first_day(name: str) -> Callable[[dict[str, Any]], date | None]:
    return lambda r: FuzzyDate.parse(r[name]).earliest if r.get(name) else None


def _last_day(name: str) -> Callable[[dict[str, Any]], date | None]:
    return lambda r: FuzzyDate.parse(r[name]).last_day if r.get(name) else None


def _moment(name: str) -> Callable[[dict[str, Any]], datetime | None]:
    return lambda r: datetime.fromisoformat(r[name]) if r.get(name) else None


def _day(name: str) -> Callable[[dict[str, Any]], date | None]:
    return lambda r: date.fromisoformat(r[name]) if r.get(name) else None


def _sources(key: str) -> Callable[[dict[str, Any]], list[str]]:
    return lambda r: [s.get(key) or "" for s in r.get("sources") or []]


def _text(name: str, meaning: str) -> Field:
    return Field(name, "string", meaning, _key(name))


SOURCES = (
    Field("sources", "list<string>", "Each source's name.", _sources("name")),
    Field("grades", "list<string>", "Each source's Admiralty grade, in the same order ('' for none).",
          _sources("grade")),
)  # fmt: skip

SCHEMAS: dict[str, tuple[Field, ...]] = {
    "measures": (
        Field("a", "string", "The pair's first side, in code order.", lambda r: r["pair"][0]),
        Field("b", "string", "The pair's other side.", lambda r: r["pair"][1]),
        _text("aspect", "What the measure is about: membership, engagement-veto, trade, ..."),
        _text("status", "Its status: member, blocked, halted, ..."),
        _text("holder", "Who holds it (the vetoer, the member); null when mutual."),
        Field("by", "list<string>", "Who took it.", _key("by")),
        _text("forum", "The organisation it was taken in, if any."),
        _text("since", "When it began, as the source gave it (EDTF: 2023-10, 2023-10?)."),
        _text("since_precision", "day, month, year, or a window's label."),
        Field("since_earliest", "date", "The first day it may have begun.", _first_day("since")),
        Field("since_latest", "date", "The last day it may have begun.", _last_day("since")),
        _text("until", "When it ended, as given; null while in force."),
        _text("until_precision", "The precision of until."),
        Field("until_earliest", "date", "The first day it may have ended.", _first_day("until")),
        Field("until_latest", "date", "The last day it may have ended.", _last_day("until")),
        _text("scope", "What it covers."),
        _text("condition", "The stated condition for ending it."),
        Field("announced", "bool", "Announced for a later day and not yet confirmed.", _key("announced")),
        Field("opened_by", "string", "The id of the action that opened it.", lambda r: r["events"][0]),
        Field(
            "closed_by",
            "string",
            "The id of the action that closed it, if any.",
            lambda r: r["events"][1] if len(r["events"]) > 1 else None,
        ),
        *SOURCES,
        Field("known_from", "timestamp", "When the store learned it (UTC).", _moment("known_from")),
    ),  # fmt: skip
    "actions": (
        _text("id", "The action's id."),
        _text("type", "The action type (dtl catalogue)."),
        _text("on", "When it happened, as the source gave it (EDTF)."),
        _text("precision", "day, month, year, or a window's label."),
        Field("on_earliest", "date", "The first day it may have happened.", _first_day("on")),
        Field("on_latest", "date", "The last day it may have happened.", _last_day("on")),
        Field("by", "list<string>", "Who acted.", _key("by")),
        _text("target", "Whom it was aimed at."),
        _text("forum", "The organisation it happened in, if any."),
        Field(
            "pairs",
            "list<string>",
            "Each pair it affects, as A-B.",
            lambda r: ["-".join(p) for p in r.get("pairs") or []],
        ),
        _text("scope", "What a measure covers."),
        _text("condition", "The stated condition for ending it."),
        _text("kind", "A threat's kind."),
        _text("charge", "An accusation's charge."),
        _text("note", "Free text kept with it."),
        _text("cameo", "Its CAMEO code."),
        Field(
            "goldstein",
            "double",
            "Its Goldstein score, -10 (conflict) to +10 (cooperation).",
            _key("goldstein"),
        ),
        Field(
            "revision",
            "int64",
            "Its revision: 1 as first recorded, one more per correction.",
            _key("revision"),
        ),
        Field("recorded_at", "timestamp", "When the store recorded it (UTC).", _moment("recorded_at")),
        *SOURCES,
    ),  # fmt: skip
    "observations": (
        _text("id", "The observation's id."),
        _text("source", "system:event id in the dataset (gdelt2:1183476142)."),
        Field("on", "date", "The day of the event.", _day("on")),
        _text("actor1", "Who acted (dtl code)."),
        _text("actor2", "On whom (dtl code)."),
        _text("actor1_code", "The dataset's own actor code."),
        _text("actor2_code", "The dataset's own code for the other actor."),
        _text("cameo", "The CAMEO event code."),
        _text("label", "The code's label."),
        Field("goldstein", "double", "The Goldstein score as coded.", _key("goldstein")),
        Field(
            "quad_class",
            "int64",
            "QuadClass: 1 verbal and 2 material cooperation, 3 verbal and 4 material conflict.",
            _key("quad_class"),
        ),
        _text("plover", "The PLOVER event type."),
        _text("published", "When the source published it, as the dataset gives it."),
        _text("url", "The source article."),
        Field("mentions", "int64", "How often it was mentioned (GDELT).", _key("mentions")),
        Field("tone", "double", "Average tone (GDELT).", _key("tone")),
        Field("recorded_at", "timestamp", "When the store recorded it (UTC).", _moment("recorded_at")),
    ),  # fmt: skip
}


def file_format(path: Path) -> str:
    """The format a file's suffix names; checked before the store is asked anything."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InvalidInput("output", f"{path.name[:60]!r}: name a .parquet or .csv file")
    return fmt


def write(kind: str, batches: Iterable[list[dict[str, Any]]], path: Path, fmt: str) -> int:
    """Write every batch to `path` (whole or not at all: a temporary file beside it, renamed);
    how many rows were written."""
    fields = SCHEMAS[kind]
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        folder = str(path.parent)[:200]
        raise InvalidInput("output", f"cannot write into {folder!r} ({exc.strerror})") from None
    os.close(handle)
    try:
        count = (_parquet if fmt == "parquet" else _csv)(fields, batches, Path(temporary))
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise InvalidInput("output", f"cannot write {str(path)[:200]!r} ({exc.strerror})") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


def _csv(fields: tuple[Field, ...], batches: Iterable[list[dict[str, Any]]], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([f.name for f in fields])
        for batch in batches:
            for record in batch:
                writer.writerow([_csv_cell(f.get(record)) for f in fields])
            count += len(batch)
        out.flush()
        os.fsync(out.fileno())
    return count


def _csv_cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return cell(value)


def arrow_schema(kind: str) -> Any:
    import pyarrow as pa

    types = {
        "string": pa.string(), "date": pa.date32(), "timestamp": pa.timestamp("us", tz="UTC"),
        "double": pa.float64(), "int64": pa.int64(), "bool": pa.bool_(),
        "list<string>": pa.list_(pa.string()),
    }  # fmt: skip
    return pa.schema([pa.field(f.name, types[f.type]) for f in SCHEMAS[kind]])


def _parquet(fields: tuple[Field, ...], batches: Iterable[list[dict[str, Any]]], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    kind = next(k for k, v in SCHEMAS.items() if v is fields)
    schema = arrow_schema(kind)
    count = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        for batch in batches:
            columns = {f.name: [f.get(r) for r in batch] for f in fields}
            writer.write_table(pa.Table.from_pydict(columns, schema=schema))
            count += len(batch)
        if count == 0:
            writer.write_table(schema.empty_table())
    return count
