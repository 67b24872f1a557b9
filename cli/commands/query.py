"""Questions: state, roster, timeline, history, show."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cli.context import AtOption, JsonOption, KnownOption, MinGradeOption, emit_json, facade
from cli.render import console, history_table, observations_table, roster_table, state_table, timeline_table


def state(
    ctx: typer.Context,
    x: Annotated[str, typer.Argument(help="One side: a state, organisation or group code.")],
    y: Annotated[str, typer.Argument(help="The other side.")],
    at: AtOption,
    as_known_at: KnownOption = None,
    min_grade: MinGradeOption = None,
    as_json: JsonOption = False,
) -> None:
    """What held between X and Y on a day, who took each measure, since when, and on whose word.

    Example: dtl state NATO ISR --at 2024-03-01 --as-known-at 2024-08-01
    """
    answer = facade(ctx).state(x, y, at, as_known_at, min_grade)
    emit_json(answer) if as_json else state_table(answer)


def observations(
    ctx: typer.Context,
    x: Annotated[str, typer.Argument(help="One side: a state, organisation or group code.")],
    y: Annotated[str, typer.Argument(help="The other side.")],
    start: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
    as_known_at: KnownOption = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many, newest first.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Machine-coded events (GDELT, ICEWS) between two actors, newest first, with a summary:
    how many, mean Goldstein score, and counts by QuadClass.

    Observations are what coders saw in the news; they never open or close a measure.

    Example: dtl observations TUR ISR --from 2024-01-01 --to 2024-06-30
    """
    answer = facade(ctx).observations(x, y, start, end, as_known_at, limit)
    emit_json(answer) if as_json else observations_table(answer)


def roster(
    ctx: typer.Context,
    org: Annotated[str, typer.Argument(help="An organisation code, e.g. NATO.")],
    at: AtOption,
    as_known_at: KnownOption = None,
    min_grade: MinGradeOption = None,
    as_json: JsonOption = False,
) -> None:
    """An organisation on a day: members, partners, suspended, applicants, blocks, demands."""
    answer = facade(ctx).roster(org, at, as_known_at, min_grade)
    emit_json(answer) if as_json else roster_table(answer)


def timeline(
    ctx: typer.Context,
    actor: Annotated[str | None, typer.Option("--actor", help="Actions involving this actor in any role.")] = None,
    pair: Annotated[tuple[str, str] | None, typer.Option("--pair", help="Actions between two actors: --pair TUR ISR.")] = None,
    start: Annotated[str | None, typer.Option("--from", help="From this date (YYYY[-MM[-DD]]).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Up to this date, inclusive.")] = None,
    types: Annotated[list[str] | None, typer.Option("--type", help="Only this action type (repeatable).")] = None,
    as_known_at: KnownOption = None,
    limit: Annotated[int | None, typer.Option("--limit", help="At most this many rows.")] = None,
    text: Annotated[str | None, typer.Option("--text", help="Only actions whose note or a source's name or quote contains every one of these words (any case).")] = None,
    min_grade: MinGradeOption = None,
    as_json: JsonOption = False,
) -> None:
    """The recorded actions in valid-time order, filtered by actor, pair, dates, type and words.

    With --json the actions are printed as a list; what --min-grade left out is said on stderr.

    Example: dtl timeline --pair TUR ISR --text "vetoed october" --min-grade C3
    """
    answer = facade(ctx).timeline_report(actor, pair, start, end, types, as_known_at, limit, text, min_grade)
    if answer["min_grade"]:
        n = answer["left_out"]
        sys.stderr.write(f"dtl: min grade {answer['min_grade']}: {n} action{'s' if n != 1 else ''} "
                         f"without a source graded {answer['min_grade']} or better left out\n")
    emit_json(answer["actions"]) if as_json else timeline_table(answer["actions"])


def history(
    ctx: typer.Context,
    x: Annotated[str, typer.Argument(help="One side.")],
    y: Annotated[str, typer.Argument(help="The other side.")],
    as_known_at: KnownOption = None,
    min_grade: MinGradeOption = None,
    as_json: JsonOption = False,
) -> None:
    """How the relationship between X and Y changed, interval by interval, each date with its
    precision ("from 2023-10 (month)")."""
    answer = facade(ctx).history(x, y, as_known_at, min_grade)
    emit_json(answer) if as_json else history_table(answer)


def show(
    ctx: typer.Context,
    action_id: Annotated[str, typer.Argument(metavar="ID", help="The action's id (its first characters will do).")],
    as_json: JsonOption = False,
) -> None:
    """One action with every revision: what was recorded, corrected or retracted, and when."""
    answer = facade(ctx).show(action_id)
    if as_json:
        emit_json(answer)
        return
    out = console()
    out.print(f"[bold]{answer['id']}[/bold] {answer['type']} by {','.join(answer['by'])} -> {answer['target']} on {answer['on']}")
    for rev in answer["revisions"]:
        state = "retracted" if rev["retracted"] else f"on {rev['action']['on']}"
        reason = f" ({rev['reason']})" if rev["reason"] else ""
        out.print(f"  revision {rev['revision']} recorded {rev['recorded_at']}: {state}{reason}")
