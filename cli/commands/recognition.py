"""dtl recognition Y --at D: who recognizes Y on a day (a list and a count, like a roster)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dtl.cli.context import (
    AtOption,
    KnownOption,
    MinGradeOption,
    ReportedOption,
    facade,
    output_options,
)
from dtl.cli.formats import emit
from dtl.cli.render import console, left_out_note, reading, sources_line, styled


@output_options
def recognition(
    ctx: typer.Context,
    recognized: Annotated[
        str, typer.Argument(metavar="ACTOR", help="The state or government recognized, e.g. TWN.")
    ],
    at: AtOption,
    as_known_at: KnownOption = None,
    as_reported_at: ReportedOption = None,
    min_grade: MinGradeOption = None,
    output: str = "table",
) -> None:
    """Who recognizes an actor on a day, how (de jure, de facto), since when and on whose word;
    and who had withdrawn recognition by then. Whether X recognizes Y: dtl state X Y --at D.

    Example: dtl recognition TWN --at 2023-06-01
    """
    answer = facade(ctx).recognition(recognized, at, as_known_at, min_grade, as_reported_at)
    emit(output, "recognition", answer, _table)


def _table(answer: dict[str, Any]) -> None:
    out = console()
    left_out_note(answer)
    title = f"{answer['recognized']} on {answer['at']}{reading(answer)}: recognized by {answer['count']}"
    out.print(styled(title, "bold"))
    for r in answer["recognizers"]:
        possibly = " (possibly)" if r["certainty"] != "in force" else ""
        out.print(
            f"  {r['by']}: {r['status']} since {r['since']}{possibly}  {r['event'][:8]}  {sources_line(r['sources'])}"
        )
    for w in answer["withdrawn"]:
        out.print(f"  withdrawn: {w['by']} (from {w['since']} until {w['until']})")
