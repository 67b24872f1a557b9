"""Shared option types and the facade opened once per command."""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dtl.cli.formats import emit_json as emit_json  # where commands have always found it
from dtl.domain.errors import InvalidInput

if TYPE_CHECKING:
    from dtl.application.facade import Dtl

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]

# The output options of every tabular read, defined once: `@output_options` gives a command all
# four (at most one may be given) and passes the choice as `output` (cli/formats.py prints it).
OUTPUT_OPTIONS = {
    "json": "Print the whole answer as JSON (what the HTTP API answers).",
    "nl": "Print one JSON object a line: the answer's rows (columns: docs/output.md).",
    "csv": "Print the answer's rows as CSV, with a header (columns: docs/output.md).",
    "tsv": "Print the answer's rows as tab-separated values, with a header.",
}


def output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --json, --nl, --csv and --tsv to a command that takes `output` ('table' by default)."""
    signature = inspect.signature(command, eval_str=True)
    kept = [p for p in signature.parameters.values() if p.name != "output"]
    flags = [
        inspect.Parameter(
            f"as_{name}",
            inspect.Parameter.KEYWORD_ONLY,
            default=False,
            annotation=Annotated[bool, typer.Option(f"--{name}", help=text, rich_help_panel="Output")],
        )
        for name, text in OUTPUT_OPTIONS.items()
    ]

    @functools.wraps(command)
    def with_output(*args: Any, **kwargs: Any) -> Any:
        chosen = [name for name in OUTPUT_OPTIONS if kwargs.pop(f"as_{name}", False)]
        if len(chosen) > 1:
            raise InvalidInput("output", f"choose one of {', '.join('--' + c for c in chosen)}")
        return command(*args, output=chosen[0] if chosen else "table", **kwargs)

    with_output.__signature__ = signature.replace(parameters=[*kept, *flags])  # type: ignore[attr-defined]
    return with_output


AtOption = Annotated[
    str, typer.Option("--at", metavar="DATE", help="The day asked about (valid time), YYYY-MM-DD.")
]
KnownOption = Annotated[
    str | None,
    typer.Option(
        "--as-known-at",
        metavar="WHEN",
        help="Answer from what the store had recorded by then (a day = by its end, UTC; "
        "or an ISO timestamp such as a 'recorded_at' value).",
    ),
]

ReportedOption = Annotated[
    str | None,
    typer.Option(
        "--as-reported-at",
        metavar="DATE",
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
        metavar="GRADE",
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

        dtl = obj["dtl"] = Dtl(obj.get("store"), create=ctx.info_name in CREATING, principal=_principal(obj))
        ctx.call_on_close(lambda: _close(dtl))
        if ctx.info_name == "serve":
            dtl.open()  # a server finds out that its store is unusable before it takes the port
    return obj["dtl"]


def _principal(obj: dict) -> str | None:
    """--as NAME (or DTL_AS), else the login name; None where the system cannot tell."""
    if obj.get("as") is not None:
        return obj["as"]
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name (a container without a user database): nobody to name
        return None


def _close(dtl: Dtl) -> None:
    """Say, once, on stderr, if the views stopped at an event they cannot take (the answer
    printed came from what was projected before it); then close the store."""
    if dtl.stopped is not None:
        sys.stderr.write(f"dtl: warning: {dtl.stopped}\n")
    dtl.close()
