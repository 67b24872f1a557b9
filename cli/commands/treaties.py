"""dtl treaties X Y --at D and dtl parties TREATY --at D: treaties as named subjects."""

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
def treaties(
    ctx: typer.Context,
    x: Annotated[str, typer.Argument(metavar="X", help="One party, e.g. USA.")],
    y: Annotated[str, typer.Argument(metavar="Y", help="The other party, e.g. JPN.")],
    at: AtOption,
    as_known_at: KnownOption = None,
    as_reported_at: ReportedOption = None,
    min_grade: MinGradeOption = None,
    output: str = "table",
) -> None:
    """The treaties both X and Y are party to on a day, whether each is in force between them,
    and the obligations it carries (ATOP's kinds: defence, offence, neutrality, non-aggression,
    consultation).

    Example: dtl treaties USA JPN --at 2024-01-01
    """
    answer = facade(ctx).treaties(x, y, at, as_known_at, min_grade, as_reported_at)
    emit(output, "treaties", answer, _treaties_table)


def _treaties_table(answer: dict[str, Any]) -> None:
    out = console()
    left_out_note(answer)
    a, b = answer["pair"]
    if not answer["treaties"]:
        out.print(f"No treaty between {a} and {b} on {answer['at']}{reading(answer)}.")
        return
    out.print(styled(f"Treaties between {a} and {b} on {answer['at']}{reading(answer)}", "bold"))
    for t in answer["treaties"]:
        binding = "in force between them" if t["in_force_between"] else "not in force between them"
        obligations = ", ".join(t["obligations"]) or "no alliance obligations"
        out.print(f"{t['treaty']} ({t['name']}): {binding}; {obligations}")
        for p in t["parties"]:
            out.print(
                f"  {p['party']}: {p['status']} since {p['since']}  {p['event'][:8]}  {sources_line(p['sources'])}"
            )


@output_options
def parties(
    ctx: typer.Context,
    treaty: Annotated[
        str, typer.Argument(metavar="TREATY", help="A treaty code, e.g. INF (dtl actors --kind treaty).")
    ],
    at: AtOption,
    as_known_at: KnownOption = None,
    as_reported_at: ReportedOption = None,
    min_grade: MinGradeOption = None,
    output: str = "table",
) -> None:
    """A treaty's parties on a day, by standing (in force, under notice, suspended, signed or
    ratified only), and who had left by then.

    Example: dtl parties INF --at 2019-06-01
    """
    answer = facade(ctx).parties(treaty, at, as_known_at, min_grade, as_reported_at)
    emit(output, "parties", answer, _parties_table)


def _parties_table(answer: dict[str, Any]) -> None:
    out = console()
    left_out_note(answer)
    title = f"{answer['treaty']} ({answer['name']}) on {answer['at']}{reading(answer)}"
    out.print(styled(title, "bold"))
    out.print(f"bound ({len(answer['bound'])}): {', '.join(answer['bound']) or '-'}")
    for p in answer["parties"]:
        out.print(
            f"  {p['party']}: {p['status']} since {p['since']}  {p['event'][:8]}  {sources_line(p['sources'])}"
        )
    for gone in answer["left"]:
        out.print(f"  left: {gone['party']} on {gone['until']}")
