"""Shared option types and the facade opened once per command."""

from __future__ import annotations

import json
import re
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

ReportedOption = Annotated[
    str | None,
    typer.Option(
        "--as-reported-at",
        help="Answer from what the sources had published by that day: only actions with a "
        "source published by then count, each as corrected or retracted by sources published "
        "by then; actions whose sources carry no publication date are left out (and counted). "
        "Combine with --as-known-at for what was reported by one day as this store knew it on "
        "another.",
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


# The commands that may create the store they are pointed at; every other command (questions,
# corrections of what is there, verify, export) refuses a store that does not exist, rather than
# leave an empty one behind. `import` is both `dtl import` and `dtl log import`.
CREATING = frozenset({"record", "import", "demo", "serve"})


def facade(ctx: typer.Context) -> Dtl:
    """The command's facade. It opens the store on first use, after the command has checked
    its own arguments: bad input is reported as such whatever the store."""
    obj = ctx.ensure_object(dict)
    if "dtl" not in obj:
        from dtl.application.facade import Dtl  # imported on use: 'dtl --help' stays quick

        dtl = obj["dtl"] = Dtl(obj.get("store"), create=ctx.info_name in CREATING)
        ctx.call_on_close(lambda: _close(dtl))
        if ctx.info_name == "serve":
            dtl.open()  # a server finds out that its store is unusable before it takes the port
    return obj["dtl"]


def _close(dtl: Dtl) -> None:
    """Say, once, on stderr, if the views stopped at an event they cannot take (the answer
    printed came from what was projected before it); then close the store."""
    if dtl.stopped is not None:
        sys.stderr.write(f"dtl: warning: {dtl.stopped}\n")
    dtl.close()


# json.dumps escapes C0 but writes DEL, C1 (U+0080-U+009F) and lone surrogates as they are:
# the first two can act on a terminal, the last cannot even be encoded. Inside JSON strings
# (the only place they can be), \uXXXX means the same character to every reader.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\ud800-\udfff]")


def emit_json(data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    sys.stdout.write(_RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")
