"""dtl log export / import: the whole event log as a JSON Lines backup, and back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dtl.cli.context import JsonOption, emit_json, facade
from dtl.cli.progress import progress_bar
from dtl.cli.render import console

group = typer.Typer(
    help="Back up the whole event log to a file, or restore it into a store (also from SQLite "
    "to PostgreSQL and back): recording times and ids are kept, so every answer is the same.",
    no_args_is_help=True,
)


def export(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="The backup to write (JSON Lines); replaced atomically if it exists.", show_default=False
        ),
    ],
    leave_out: Annotated[
        list[int] | None,
        typer.Option(
            "--leave-out",
            metavar="POSITION",
            help="Leave the event at this log position out of the backup (repeatable): to rebuild a store whose views stopped at an event they cannot take; see docs/reliability.md.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Write every stored event, in log order, with its id, version and recording time.

    The file is written under a temporary name and renamed when complete, so an interrupted
    export never leaves a partial backup behind. Encrypted events are exported as stored.

    Example: dtl log export backup-2024-08-01.jsonl
    """
    with progress_bar() as progress:
        from dtl.application.backup import export_log

        result = export_log(facade(ctx).store, file, progress, leave_out or ())
    if as_json:
        emit_json(result)
    else:
        console().print(f"exported {result['exported']} events to {result['file']}")


def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A backup written by 'dtl log export'.", show_default=False)],
    as_json: JsonOption = False,
) -> None:
    """Restore a backup into an empty store (or finish an import that was interrupted).

    The whole file is checked first: a truncated or edited backup, an unknown event type, or a
    store that already holds other events is refused, and nothing is written.

    Example: dtl --store postgresql://postgres@localhost/dtl log import backup-2024-08-01.jsonl
    """
    with progress_bar() as progress:
        from dtl.application.backup import import_log

        result = import_log(facade(ctx).store, file, progress)
    if as_json:
        emit_json(result)
    else:
        skipped = f"; {result['skipped']} were already in the store" if result["skipped"] else ""
        console().print(f"imported {result['imported']} events{skipped}")


group.command("export")(export)
group.command("import")(import_)
