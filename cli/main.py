"""dtl's entry point: a small typer app; domain errors become exit codes here, and only here.

Exit codes: 0 ok; 1 the action conflicts with the timeline; 2 bad input (usage, a field,
a line of a file); 3 the store cannot be reached or used (e.g. encrypted, no key);
4 `dtl verify` found the views differ from the log.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

# pydantic scans every installed package's entry points for plugins the first time a model is
# built (~10 ms of each command's start); dtl uses none. Set the variable to override.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer

from cli.commands import admin, demo, log, query, reference, write
from domain.errors import Conflict, DtlError, InvalidInput, StoreUnusable

app = typer.Typer(
    name="dtl",
    help="dtl, the diplomatic timeline: record diplomatic actions as immutable events and ask "
    "what held between any two actors on any day, why, and as known when.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def main_options(
    ctx: typer.Context,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            envvar="DTL_STORE",
            help="A SQLite file (default ./dtl.sqlite3) or a postgresql:// URL.",
            show_default=False,
        ),
    ] = None,
) -> None:
    ctx.ensure_object(dict)["store"] = store


app.command("record")(write.record)
app.command("correct")(write.correct)
app.command("retract")(write.retract)
app.command("import")(write.import_)
app.command("state")(query.state)
app.command("roster")(query.roster)
app.command("timeline")(query.timeline)
app.command("history")(query.history)
app.command("observations")(query.observations)
app.command("show")(query.show)
app.command("actors")(reference.actors)
app.command("catalogue")(reference.catalogue)
app.command("demo")(demo.demo)
app.command("verify")(admin.verify)
app.command("project")(admin.project)
app.command("new-key")(admin.new_key)
app.add_typer(log.app, name="log", help="Back up the event log to a file, or restore it into a store.")

EXIT_CONFLICT, EXIT_INPUT, EXIT_STORE = 1, 2, 3


def _fail(message: str, code: int) -> int:
    text = " ".join(message.split())  # one line, always
    # Echoed input may hold escape sequences, zero-width characters or undecodable argv bytes
    # (lone surrogates): show them as escapes, never let them act on the terminal.
    text = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
    sys.stderr.write(f"dtl: {text[:500]}\n")
    return code


def main(argv: list[str] | None = None) -> int:
    from eventsourcing.persistence import PersistenceError

    try:
        result = app(args=argv, prog_name="dtl", standalone_mode=False)
        if isinstance(result, int):  # outside standalone mode, typer.Exit(n) comes back as n
            return result
    except typer.Exit as exc:
        return exc.exit_code
    except typer.TyperException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            # bare 'dtl' (or 'dtl log') shows the help: rich has printed it on stdout already
            help_text = exc.format_message()
            if help_text.strip():
                sys.stdout.write(help_text.rstrip("\n") + "\n")
            return _fail("missing command (the commands are listed above)", EXIT_INPUT)
        return _fail(exc.format_message(), EXIT_INPUT)
    except typer.Abort:
        return _fail("aborted", 130)
    except InvalidInput as exc:
        return _fail(str(exc), EXIT_INPUT)
    except Conflict as exc:
        return _fail(str(exc), EXIT_CONFLICT)
    except StoreUnusable as exc:
        return _fail(f"store: {exc}", EXIT_STORE)
    except DtlError as exc:
        return _fail(str(exc), EXIT_INPUT)
    except PersistenceError as exc:
        return _fail(f"store: {_safe(exc)}", EXIT_STORE)
    return 0


def _safe(exc: Exception) -> str:
    """Driver messages can carry connection details; never echo a password."""
    import re

    return re.sub(r"(password=|://[^:/@\s]*:)[^@\s]*", r"\1***", str(exc)) or type(exc).__name__


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
