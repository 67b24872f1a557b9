"""dtl export: measures, actions or observations as one Parquet or CSV file for analysis."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dtl.cli.context import JsonOption, KnownOption, emit_json, facade
from dtl.cli.render import console
from dtl.domain.errors import InvalidInput


def export(
    ctx: typer.Context,
    what: Annotated[
        str,
        typer.Argument(metavar="WHAT", help="measures, actions or observations.", show_default=False),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="FILE.parquet (typed columns) or FILE.csv; replaced whole if it exists.",
            show_default=False,
        ),
    ],
    as_known_at: KnownOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write every measure interval, action or observation to one file that pandas, polars and
    DuckDB read as it is, with the columns docs/export.md lists.

    Measures and actions are as known now (or --as-known-at); retracted actions are left out.
    The file is written whole under a temporary name, then renamed.

    Example: dtl export measures -o measures.parquet, then in DuckDB:
    SELECT aspect, count(*) FROM 'measures.parquet' GROUP BY aspect
    """
    from dtl.application import exports
    from dtl.application.facade import EXPORTS

    if what not in EXPORTS:
        raise InvalidInput("what", f"export one of {', '.join(EXPORTS)}, not {what[:40]!r}")
    path = output.expanduser().absolute()
    fmt = exports.file_format(path)
    if path.is_dir():
        raise InvalidInput("output", f"{str(path)[:200]!r} is a directory")
    if not path.parent.is_dir():
        raise InvalidInput("output", f"no directory {str(path.parent)[:200]!r} to write into")
    position, batches = facade(ctx).export(what, as_known_at)
    rows = exports.write(what, batches, path, fmt)
    summary = {"path": str(path), "format": fmt, "what": what, "rows": rows, "position": position}
    if as_json:
        emit_json(summary)
    else:
        console().print(f"wrote {rows:,} {what} to {path} ({fmt}, log position {position})")
