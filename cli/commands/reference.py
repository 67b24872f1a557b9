"""Reference data: actors and the action catalogue."""

from __future__ import annotations

from typing import Annotated

import typer

from dtl.cli.context import output_options
from dtl.cli.formats import emit
from dtl.cli.render import Table, console, keep_whole


@output_options
def actors(
    search: Annotated[
        str | None, typer.Argument(metavar="SEARCH", help="Part of a code, name or alias.")
    ] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="state, organisation, group or treaty.")] = None,
    output: str = "table",
) -> None:
    """Known actors: ISO 3166 states, organisations and groups, with their aliases.

    Example: dtl actors arab --kind organisation
    """
    from dtl.application.facade import Dtl

    emit(output, "actors", Dtl.actors(search, kind), _actors_table)


def _actors_table(rows: list[dict]) -> None:
    table = Table(title=f"{len(rows)} actors", title_justify="left")
    for col in ("code", "kind", "name", "aliases"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["code"], r["kind"], r["name"], ", ".join(r["aliases"]))
    keep_whole(table, "code")
    console().print(table)


@output_options
def catalogue(output: str = "table") -> None:
    """Every action type: what it opens or closes, on which pair, its rules and codes.

    Example: dtl catalogue --csv > catalogue.csv
    """
    from dtl.application.facade import Dtl

    emit(output, "catalogue", Dtl.catalogue(), _catalogue_table)


def _catalogue_table(rows: list[dict]) -> None:
    table = Table(title="Action catalogue", title_justify="left")
    for col in ("type", "effect", "aspect", "pair", "CAMEO", "Goldstein", "PLOVER", "summary"):
        table.add_column(col)
    for r in rows:
        effect = r["effect"] + (f" ({r['status']})" if r["status"] else "")
        table.add_row(
            r["type"], effect, r["aspect"] or "-", "-".join(r["pair"]), r["cameo"],
            f"{r['goldstein']:+.1f}", r["plover"] or "-", r["summary"],
        )  # fmt: skip
    keep_whole(table, "type", "CAMEO", "Goldstein")
    console().print(table)
