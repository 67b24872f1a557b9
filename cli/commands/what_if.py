"""dtl what-if: any question, as if some actions had been recorded or retracted; nothing stored."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from dtl.cli.context import facade
from dtl.cli.formats import hypothetical
from dtl.cli.render import console, styled
from dtl.domain.errors import InvalidInput


def what_if(
    ctx: typer.Context,
    suppose: Annotated[
        list[str] | None,
        typer.Option(
            "--suppose",
            metavar="JSON",
            help='An action to suppose recorded, as JSON (repeatable): \'{"type": "lift-veto", "by": "TUR", '
            '"target": "ISR", "forum": "NATO", "on": "2024-06-01"}\'.',
        ),
    ] = None,
    suppose_file: Annotated[
        Path | None,
        typer.Option(
            "--suppose-file", metavar="FILE", help="Actions to suppose recorded, one JSON object a line."
        ),
    ] = None,
    without: Annotated[
        list[str] | None,
        typer.Option("--without", metavar="ID", help="An action to suppose never happened (repeatable)."),
    ] = None,
) -> None:
    """Ask any question as if some actions had been recorded (--suppose) or retracted (--without):
    the rules are checked as for a real record, every answer says it is hypothetical, and nothing
    is stored. The question and its options follow '--'.

    Examples:

      dtl what-if --suppose '{"type": "lift-veto", "by": "TUR", "target": "ISR", "forum": "NATO", "on": "2024-06-01"}' -- state NATO ISR --at 2024-07-01

      dtl what-if --without 3f2a9c1d -- roster NATO --at 2024-04-01
    """
    from dtl.application.what_if import supposing
    from dtl.cli.main import main

    question = list(ctx.args)
    if not question:
        raise InvalidInput("question", "give the question after '--', e.g. -- state NATO ISR --at 2024-07-01")
    if question[0] in (
        "record",
        "correct",
        "retract",
        "corroborate",
        "import",
        "log",
        "demo",
        "serve",
        "what-if",
    ):
        raise InvalidInput("question", f"{question[0]} is not a question: suppose actions with --suppose")
    supposed = [_action(text, "suppose") for text in suppose or []]
    if suppose_file is not None:
        try:
            lines = suppose_file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise InvalidInput("suppose-file", f"cannot read {suppose_file}: {exc.strerror}") from None
        supposed += [
            _action(text, f"suppose-file line {n}") for n, text in enumerate(lines, 1) if text.strip()
        ]
    with supposing(facade(ctx), supposed, without or []) as (copy, marker):
        store = copy.store.config.display
        copy.close()  # the question opens the copy itself, as any command opens its store
        if "--json" not in question:
            said = ", ".join(marker["supposed"] and [f"{len(marker['supposed'])} supposed action(s)"] or [])
            gone = f"{len(marker['without'])} action(s) supposed retracted" if marker["without"] else ""
            text = "; ".join(part for part in (said, gone) if part)
            console().print(styled(f"hypothetical ({text}): nothing is stored", "bold yellow"))
        token = hypothetical.set(marker)
        try:
            code = main(["--store", store, *question])
        finally:
            hypothetical.reset(token)
    if code:
        raise typer.Exit(code)


def _action(text: str, field: str) -> dict:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(field, f"not JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(value, dict):
        raise InvalidInput(field, "an action is a JSON object")
    return value
