"""Shared option types and the facade opened once per command."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from dtl.application.facade import Dtl

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]
AtOption = Annotated[str, typer.Option("--at", help="The day asked about (valid time), YYYY-MM-DD.")]
KnownOption = Annotated[
    str | None,
    typer.Option(
        "--as-known-at",
        help="Answer from what the store had recorded by then (a day = by its end, UTC; "
        "or an ISO timestamp such as a 'recorded_at' value).",
    ),
]

MinGradeOption = Annotated[
    str | None,
    typer.Option(
        "--min-grade",
        help="Build the answer only from actions with at least one source graded this well on "
        "the Admiralty scale (e.g. B2: reliability A or B and credibility 1 or 2); the answer "
        "says how many actions were left out.",
    ),
]


def facade(ctx: typer.Context) -> Dtl:
    obj = ctx.ensure_object(dict)
    if "dtl" not in obj:
        from dtl.application.facade import Dtl  # imported on use: 'dtl --help' stays quick

        obj["dtl"] = Dtl(obj.get("store"))
        ctx.call_on_close(obj["dtl"].close)
    return obj["dtl"]


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
