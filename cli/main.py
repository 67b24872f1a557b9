"""dtl's entry point: a small typer app; domain errors become exit codes here, and only here.

Exit codes: 0 ok; 1 the action conflicts with the timeline; 2 bad input (usage, a field,
a line of a file); 3 the store cannot be reached or used (e.g. encrypted, no key);
4 `dtl verify` found the views differ from the log.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

# pydantic scans every installed package's entry points for plugins the first time a model is
# built (~10 ms of each command's start); dtl uses none. Set the variable to override.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer

from dtl.domain.errors import Conflict, DtlError, InvalidInput, StoreUnusable, ViewStopped

HELP = (
    "dtl, the diplomatic timeline: record diplomatic actions as immutable events and ask "
    "what held between any two actors on any day, why, and as known when.\n\n"
    "Example: dtl demo, then dtl state NATO ISR --at 2024-03-01 (dtl COMMAND --help: each "
    "command's options and an example)."
)

# name -> (module, function). Modules are imported, and typer builds a command, only for the
# command being run (or for all of them when asked for help): building all seventeen
# commands' parameters on every call was ~10% of a command's start-up.
COMMANDS: dict[str, tuple[str, str]] = {
    "record": ("dtl.cli.commands.write", "record"),
    "correct": ("dtl.cli.commands.write", "correct"),
    "retract": ("dtl.cli.commands.write", "retract"),
    "corroborate": ("dtl.cli.commands.write", "corroborate"),
    "import": ("dtl.cli.commands.imports", "import_"),
    "state": ("dtl.cli.commands.questions", "state"),
    "roster": ("dtl.cli.commands.questions", "roster"),
    "recognition": ("dtl.cli.commands.recognition", "recognition"),
    "treaties": ("dtl.cli.commands.treaties", "treaties"),
    "parties": ("dtl.cli.commands.treaties", "parties"),
    "what-if": ("dtl.cli.commands.what_if", "what_if"),
    "why": ("dtl.cli.commands.why", "why"),
    "link": ("dtl.cli.commands.why", "link"),
    "timeline": ("dtl.cli.commands.questions", "timeline"),
    "history": ("dtl.cli.commands.questions", "history"),
    "observations": ("dtl.cli.commands.questions", "observations"),
    "diff": ("dtl.cli.commands.questions", "diff"),
    "scores": ("dtl.cli.commands.questions", "scores"),
    "network": ("dtl.cli.commands.questions", "network"),
    "show": ("dtl.cli.commands.questions", "show"),
    "actors": ("dtl.cli.commands.reference", "actors"),
    "catalogue": ("dtl.cli.commands.reference", "catalogue"),
    "demo": ("dtl.cli.commands.demo", "demo"),
    "chart": ("dtl.cli.commands.chart", "chart"),
    "export": ("dtl.cli.commands.export", "export"),
    "verify": ("dtl.cli.commands.admin", "verify"),
    "project": ("dtl.cli.commands.admin", "project"),
    "new-key": ("dtl.cli.commands.admin", "new_key"),
    "shred-source": ("dtl.cli.commands.shred", "shred_source"),
    "serve": ("dtl.cli.commands.serve", "serve"),
}
# what-if takes a whole question after '--' (its words are the question's, not its own).
COMMAND_SETTINGS = {
    "what-if": {"context_settings": {"allow_extra_args": True, "ignore_unknown_options": True}},
}
GROUPS = {
    "log": (
        "dtl.cli.commands.log",
        "Back up the event log to a file, or restore it into a store.\n\n"
        "Example: dtl log export backup.jsonl",
    )
}


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
    principal: Annotated[
        str | None,
        typer.Option(
            "--as",
            envvar="DTL_AS",
            metavar="NAME",
            help="Who records: kept with every action, correction and retraction written "
            "(default: your login name).",
            show_default=False,
        ),
    ] = None,
) -> None:
    obj = ctx.ensure_object(dict)
    obj["store"] = store
    obj["as"] = principal


def build_app(only: str | None = None) -> typer.Typer:
    """The CLI with every command, or with just `only` (same behaviour for that command)."""
    from importlib import import_module

    cli = typer.Typer(
        name="dtl",
        help=HELP,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=True,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    cli.callback()(main_options)
    for name, (module, function) in COMMANDS.items():
        if only in (None, name):
            cli.command(name, **COMMAND_SETTINGS.get(name, {}))(getattr(import_module(module), function))
    for name, (module, help_text) in GROUPS.items():
        if only in (None, name):
            cli.add_typer(import_module(module).group, name=name, help=help_text)
    return cli


def build_command(only: str | None = None) -> Any:
    """The click command `dtl` runs (build_app's), its help made consistent (see _tidy)."""
    command = typer.main.get_command(build_app(only))
    _tidy(command)
    return command


def _tidy(command: Any) -> None:
    """One way of writing help, for every command however it was declared: paragraphs re-flowed
    (examples, indented, kept as written), arguments in capitals (X Y, ID, ORG, FILE) and shown
    bare when required, [X] when not, and flags (--json) without a type after them."""
    command.help = reflow(command.help or "")
    make_help_option = command.get_help_option

    def help_option(ctx: Any) -> Any:  # click makes --help on demand: a flag like the others
        option = make_help_option(ctx)
        if option is not None:
            option.metavar = ""
        return option

    command.get_help_option = help_option
    for param in command.params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
        elif param.param_type_name == "argument":
            param.metavar = param.metavar or param.name.upper()
            piece = param.metavar if param.required else f"[{param.metavar}]"
            piece += "..." if param.nargs != 1 else ""
            param.get_usage_pieces = lambda ctx, piece=piece: [piece]
    for sub in getattr(command, "commands", {}).values():
        _tidy(sub)


def reflow(text: str) -> str:
    """A docstring as help: each paragraph one line (the terminal wraps it), but a paragraph
    with indented lines (examples) as written."""
    import inspect

    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(
        p if any(line.startswith((" ", "\t")) for line in p.splitlines()) else " ".join(p.split("\n"))
        for p in paragraphs
    )


def _command_in(argv: list[str]) -> str | None:
    """The command argv runs, if it is plain to see; None means build them all."""
    args = iter(argv)
    for arg in args:
        if arg in ("-h", "--help"):
            return None
        if arg == "--store":
            next(args, None)
            continue
        if arg.startswith("-"):
            continue  # --store=..., or something typer will refuse with the full app
        return arg if arg in COMMANDS or arg in GROUPS else None
    return None


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
        args = sys.argv[1:] if argv is None else argv
        result = build_command(_command_in(args)).main(args=args, prog_name="dtl", standalone_mode=False)
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
        param = getattr(exc, "param", None)
        if type(exc).__name__ == "MissingParameter" and getattr(param, "name", None):
            # named like every other refusal: "output: Missing option '--output' / '-o'."
            return _fail(f"{param.name.replace('_', '-')}: {exc.format_message()}", EXIT_INPUT)
        return _fail(exc.format_message(), EXIT_INPUT)
    except typer.Abort:
        return _fail("aborted", 130)
    except InvalidInput as exc:
        return _fail(str(exc), EXIT_INPUT)
    except Conflict as exc:
        return _fail(str(exc), EXIT_CONFLICT)
    except StoreUnusable as exc:
        return _fail(f"store: {exc}", EXIT_STORE)
    except ViewStopped as exc:
        return _fail(f"store: {exc}", EXIT_STORE)
    except DtlError as exc:
        return _fail(str(exc), EXIT_INPUT)
    except PersistenceError as exc:
        return _fail(f"store: {_safe(exc)}", EXIT_STORE)
    except Exception as exc:
        if _is_database_error(exc):  # the driver's own: a damaged file, a full disk, a lost server
            return _fail(f"store: {_safe(exc)}", EXIT_STORE)
        raise
    return 0


def _is_database_error(exc: BaseException) -> bool:
    import sqlite3

    if isinstance(exc, sqlite3.Error):
        return True
    psycopg = sys.modules.get("psycopg")  # imported only by a PostgreSQL store
    return psycopg is not None and isinstance(exc, psycopg.Error)


def _safe(exc: Exception) -> str:
    """Driver messages can carry connection details; never echo a password."""
    from dtl.application.persistence import redact

    return redact(str(exc)) or type(exc).__name__


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
