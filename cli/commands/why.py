"""dtl why X Y --at D, and dtl link ID --responds-to OTHER: why things happened."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dtl.cli.context import (
    AtOption,
    JsonOption,
    KnownOption,
    MinGradeOption,
    ReportedOption,
    emit_json,
    facade,
)
from dtl.cli.render import console, describe_measure, left_out_note, reading, sources_line, styled


def why(
    ctx: typer.Context,
    x: Annotated[str, typer.Argument(metavar="X", help="One side, e.g. NATO.")],
    y: Annotated[str, typer.Argument(metavar="Y", help="The other side, e.g. TUR.")],
    at: AtOption,
    as_known_at: KnownOption = None,
    as_reported_at: ReportedOption = None,
    min_grade: MinGradeOption = None,
    as_json: JsonOption = False,
) -> None:
    """The chain behind each measure in force between X and Y on a day: the action that opened
    it, what that action answered, and so on, each with its date and sources.

    Example: dtl why NATO TUR --at 2024-08-01
    """
    answer = facade(ctx).why(x, y, at, as_known_at, min_grade, as_reported_at)
    if as_json:
        emit_json(answer)
        return
    out = console()
    left_out_note(answer)
    a, b = answer["pair"]
    if not answer["measures"]:
        out.print(f"No measure in force between {a} and {b} on {answer['at']}{reading(answer)}.")
        return
    for m in answer["measures"]:
        out.print(styled(f"{m['aspect']} by {','.join(m['by'])}: {describe_measure(m)}", "bold"))
        for step in m["because"]:
            _step(out, step)


def _step(out: Any, step: dict[str, Any]) -> None:
    answered = f"  answering {', '.join(r[:8] for r in step['responds_to'])}" if step["responds_to"] else ""
    out.print(
        f"  {step['on']:<10} {step['type']} by {','.join(step['by'])} -> {step['target']}  {step['id'][:8]}"
        f"{answered}",
        markup=False,
    )
    if step["sources"]:
        out.print(f"             on the word of {sources_line(step['sources'])}", markup=False)


def link(
    ctx: typer.Context,
    action_id: Annotated[
        str, typer.Argument(metavar="ID", help="The action that answered (its first characters will do).")
    ],
    responds_to: Annotated[str, typer.Option("--responds-to", metavar="ID", help="The action it answered.")],
    as_json: JsonOption = False,
) -> None:
    """Say that an action answered another, as a new event (the action is unchanged). A link
    that would close a cycle is refused, naming it; the same link twice adds nothing.

    Example: dtl link b1cc9bf8 --responds-to b0dbde6e
    """
    result = facade(ctx).link(action_id, responds_to)
    if as_json:
        emit_json(result)
    elif result["new"]:
        console().print(f"linked {result['linked'][:8]}: it answered {result['responds_to'][:8]}")
    else:
        console().print(
            f"already linked {result['linked'][:8]} to {result['responds_to'][:8]}: nothing written"
        )
