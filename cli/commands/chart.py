"""dtl chart: one picture of a relationship (X Y) or of an organisation (--roster ORG), as SVG,
a self-contained HTML page, or PNG, chosen by the output file's suffix."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from dtl.application.charts.render import SUFFIXES
from dtl.cli.context import JsonOption, KnownOption, MinGradeOption, ReportedOption, emit_json, facade
from dtl.cli.files import write_atomically
from dtl.domain.errors import InvalidInput


def chart(
    ctx: typer.Context,
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The file to write: .svg, .html (self-contained, with hover details and sources) or .png.",
            show_default=False,
        ),
    ],
    x: Annotated[
        str | None,
        typer.Argument(
            metavar="X", help="One side: a state, organisation or group code.", show_default=False
        ),
    ] = None,
    y: Annotated[str | None, typer.Argument(metavar="Y", help="The other side.", show_default=False)] = None,
    roster: Annotated[
        str | None,
        typer.Option(
            "--roster",
            help="Chart an organisation's members and partners over time instead of a pair.",
            show_default=False,
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Start the chart here (YYYY[-MM[-DD]]); default: a little before the first thing drawn.",
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="End the chart here (YYYY[-MM[-DD]], inclusive); default: a little after the last thing drawn.",
        ),
    ] = None,
    as_known_at: KnownOption = None,
    as_reported_at: ReportedOption = None,
    min_grade: MinGradeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Draw a relationship over time: measures as bars (faded where a date is imprecise),
    instants as labelled markers, and the pair's Goldstein score underneath; or, with
    --roster, an organisation's membership and partnership spells with blocks and vetoes.

    Examples: dtl chart NATO ISR --from 2023 -o nato-isr.html;
    dtl chart --roster NATO --from 2021 -o nato.svg
    """
    path, fmt = _output(output)
    if roster is not None and (x is not None or y is not None):
        raise InvalidInput("roster", "chart either a pair (X Y) or an organisation (--roster ORG), not both")
    if roster is None and (x is None or y is None):
        raise InvalidInput(
            "x" if x is None else "y", "name two actors (dtl chart X Y -o FILE), or --roster ORG"
        )
    from dtl.application.charts import pair_chart_data, render, roster_chart_data

    dtl = facade(ctx)
    if roster is not None:
        data = roster_chart_data(
            dtl, roster, start, end, as_known_at, min_grade, as_reported_at=as_reported_at
        )
    else:
        data = pair_chart_data(
            dtl,
            x,
            y,
            start,
            end,
            as_known_at,
            min_grade,
            as_reported_at=as_reported_at,  # type: ignore[arg-type]
        )
    write_atomically(path, render(data, fmt))
    summary = {
        "path": str(path),
        "format": fmt,
        "bars": len(data["bars"]),
        "markers": len(data["markers"]),
        "links": len(data["links"]),
        "left_out": data["left_out"],
    }
    if as_json:
        emit_json(summary)
    else:
        from dtl.application.charts.text import summary as words
        from dtl.cli.render import shown

        sys.stdout.write(f"{shown(path)}\n{fmt}: {shown(words(data))}\n")  # plain text, controls escaped


def _output(text: str) -> tuple[Path, str]:
    """The file to write and its format; checked before anything is asked of the store."""
    if not text:
        raise InvalidInput("output", "give the file to write with -o FILE (.svg, .html or .png)")
    path = Path(text).expanduser()
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InvalidInput(
            "output", f"{path.name[:60]!r}: the suffix names the format; use .svg, .html or .png"
        )
    if path.is_dir():
        raise InvalidInput("output", f"{str(path)[:200]!r} is a directory")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise InvalidInput("output", f"no directory {str(parent)[:200]!r} to write into")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InvalidInput("output", f"cannot write into {str(parent)[:200]!r} (permission denied)")
    return path.absolute(), fmt
