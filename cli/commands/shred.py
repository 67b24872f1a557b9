"""dtl shred-source: destroy a source's identity after the fact, keeping the record."""

from __future__ import annotations

from typing import Annotated

import typer

from dtl.cli.context import JsonOption, emit_json, facade
from dtl.cli.render import console, shown


def shred_source(
    ctx: typer.Context,
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SOURCE_ID",
            help="The sources' ids (src-...), as 'dtl show ACTION' lists them.",
            show_default=False,
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            "--name", help="Every source by this exact name (any case), on any action.", show_default=False
        ),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", help="Do not ask: for scripts that have already decided.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Destroy sources' identities for good; the actions they back stay.

    On an encrypted store (DTL_CIPHER_KEY) each source's own key is destroyed, so its name,
    URL and quote can never be read again, in the log, the views, exports, the API or any
    backup made from now on. The actions stay, resting
    on "a source shredded on D" with its grade and publication date; a SourceShredded event
    records when, and `dtl verify` still passes. Asks first, listing what it will destroy.

    Backups made before, and answers already given, are out of its reach (docs/reliability.md).

    Example: dtl shred-source --name "a senior official in Ankara"
    """
    dtl = facade(ctx)
    chosen = dtl.shred_plan(list(ids or []), name)
    # What is about to go is said on stderr: stdout keeps the answer alone (--json).
    typer.echo(f"This destroys the key of {len(chosen)} source{'s' if len(chosen) != 1 else ''}: "
               "who they are, what they said and where can never be read again, here or in any "
               "backup made from now on:", err=True)  # fmt: skip
    for item in chosen:
        said = repr(shown(item["name"])) if item["name"] else "(already unreadable)"
        typer.echo(f"  {item['id']} {said} on action {item['action'][:8]}", err=True)
    if not yes and not typer.confirm("Shred?", default=False, err=True):
        typer.echo("dtl: nothing was shredded", err=True)
        raise typer.Exit(1)
    result = dtl.shred(chosen)
    if as_json:
        emit_json(result)
        return
    report = console()
    for item in result["shredded"]:
        done = "shredded" if item["new"] else "already shredded"
        report.print(f"{done} {item['id']} on action {item['action'][:8]} at {item['shredded_at']}")
    if not result["scrubbed"]["ok"]:
        typer.echo(f"warning: the store's files are not yet scrubbed ({result['scrubbed']['detail']}); "
                   "run the same command again when the store is quiet", err=True)  # fmt: skip
