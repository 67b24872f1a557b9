"""dtl import: a file of actions or coded events, in any format of the import table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dtl.application.importers.formats import FORMATS, NAMES
from dtl.cli.context import JsonOption, emit_json, facade
from dtl.cli.progress import progress_bar
from dtl.cli.render import console

FORMAT_HELP = (
    f"{', '.join(NAMES)}; told from the content when not given. "
    + "; ".join(f"{f.name}: {f.label}" for f in FORMATS.values())
    + "."
)


def import_(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="The file: " + ", ".join(f.label for f in FORMATS.values()) + ".", show_default=False
        ),
    ],
    fmt: Annotated[str | None, typer.Option("--format", help=FORMAT_HELP)] = None,
    as_json: JsonOption = False,
) -> None:
    """Import a file of actions or coded events.

    The whole file is checked first (encoding, column counts), so a truncated file is refused
    before anything is written.

    dtl's own JSONL/CSV (the fields of 'record'; sources as a list, or source_* columns in
    CSV): every row is checked against the timeline, then all are recorded in one
    transaction, or none; the error names the line and the field.

    Correlates of War: the Diplomatic Exchange v2006.1 file (set-representation, one action
    per change of level in each direction) and the IGO v3 state-year file (join, withdraw,
    admit-associate, grant-observer, for the organisations dtl knows). Only changes are
    recorded, dated as windows between the observations that show them ("1894/1899"); what
    cannot be read (level 9, a COW state with no ISO code, an IGO dtl does not know) is skipped
    and counted by reason. Recorded in batches of whole dockets; importing again adds nothing.

    ATOP's member-level file: each membership of an alliance becomes enter-into-force on the
    treaty ATOP<atopid> with the obligations the member undertook (defence, offence,
    neutrality, non-aggression, consultation), and withdraw-from-treaty at its exit; later
    phases that change obligations are counted, not represented.

    GDELT and ICEWS: each coded row becomes an observation (CAMEO code, Goldstein score,
    QuadClass, PLOVER type, both actors, source URL, publication time). Rows whose actors
    cannot be resolved are skipped and counted by reason, never guessed. The source's own
    event id is the key: importing a file twice adds nothing. Rows are written in batches,
    one transaction each; an interrupted import is completed by running it again.

    Examples:

      dtl import 20240801.export.CSV.zip

      dtl import events.2024.tab --format icews --json

      dtl import Diplomatic_Exchange_2006v1.csv
    """
    with progress_bar() as progress:
        result = facade(ctx).import_file(file, fmt.lower() if fmt else None, progress)
    if as_json:
        emit_json(result)
        return
    out = console()
    if FORMATS[result["format"]].produces == "actions":
        out.print(f"imported {result['imported']:,} actions; {result['duplicates']:,} already recorded")
    else:
        skipped = sum(result["skipped"].values())
        out.print(
            f"{result['rows']:,} rows: imported {result['imported']:,} observations, "
            f"{result['duplicates']:,} already recorded, {skipped:,} skipped"
        )
    for reason, count in result["skipped"].items():
        out.print(f"  skipped {count:,}: {reason}")
