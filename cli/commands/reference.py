"""Reference data: actors and the action catalogue."""

from __future__ import annotations

from typing import Annotated

import typer

from dtl.cli.context import JsonOption, emit_json
from dtl.cli.render import Table, console


def actors(
    search: Annotated[str | None, typer.Argument(help="Part of a code, name or alias.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="state, organisation or group.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Known actors: ISO 3166 states, organisations and groups, with their aliases."""
    from dtl.application.facade import Dtl

    rows = Dtl.actors(search, kind)
    if as_json:
        emit_json(rows)
        return
    table = Table(title=f"{len(rows)} actors")
    for col in ("code", "kind", "name", "aliases"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["code"], r["kind"], r["name"], ", ".join(r["aliases"])[:60])
    console().print(table)


def catalogue(as_json: JsonOption = False) -> None:
    """Every action type: what it opens or closes, on which pair, its rules and codes."""
    from dtl.application.facade import Dtl

    rows = Dtl.catalogue()
    if as_json:
        emit_json(rows)
        return
    table = Table(title="Action catalogue")
    for col in ("type", "effect", "aspect", "pair", "CAMEO", "Goldstein", "PLOVER", "summary"):
        table.add_column(col)
    for r in rows:
        effect = r["effect"] + (f" ({r['status']})" if r["status"] else "")
        table.add_row(
            r["type"], effect, r["aspect"] or "-", "-".join(r["pair"]), r["cameo"],
            f"{r['goldstein']:+.1f}", r["plover"] or "-", r["summary"],
        )  # fmt: skip
    console().print(table)
