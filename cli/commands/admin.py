"""Commands that look after the store: verify it, keep its views current, make a key."""

from __future__ import annotations

import signal
import sys
import threading
from typing import Annotated

import typer

from dtl.cli.context import JsonOption, emit_json, facade
from dtl.cli.progress import progress_bar
from dtl.cli.render import console


def verify(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Rebuild every view from the event log in memory and compare it with the stored views.

    Prints each difference; also checks that every correction, retraction and scope entry
    points at an action that exists. Changes nothing. Exit code 0 when all agree, 4 otherwise.

    Example: dtl verify --json
    """
    from dtl.application.verify import verify as run_verify

    with progress_bar() as progress:
        update = (lambda done, total: progress("verify", done, total)) if progress else None
        report = run_verify(facade(ctx).store, update)
    if as_json:
        emit_json(report)
    else:
        out = console()
        out.print(f"checked {report['events_checked']:,} events up to position {report['view_position']:,}")
        if report["behind_by"]:
            out.print(f"the views are {report['behind_by']:,} events behind the log (any command catches up)")
        for table, lines in report["differences"].items():
            out.print(f"{table}:")
            for line in lines:
                out.print(f"  {line}")
        for line in report["dangling"]:
            out.print(line)
        out.print("views agree with the log" if report["ok"] else "views DIFFER from the log")
    if not report["ok"]:
        raise typer.Exit(4)


def project(
    ctx: typer.Context,
    follow: Annotated[
        bool,
        typer.Option(
            "--follow",
            help="Keep going: apply new events as other processes append them, until SIGTERM or Ctrl-C.",
        ),
    ] = False,
    poll: Annotated[
        float,
        typer.Option(
            "--poll", min=0.05, max=60, help="SQLite: seconds between looks at the log when following."
        ),
    ] = 1.0,
) -> None:
    """Bring the views up to date with the event log (every command does this first).

    With --follow, a server deployment keeps the views current: on PostgreSQL through the
    library's subscription (LISTEN/NOTIFY, no polling), on SQLite by polling. It resumes
    from the position the views have tracked, and stops cleanly on SIGTERM.

    Example: dtl --store postgresql://dtl@db/dtl project --follow
    """
    stop = threading.Event()
    if follow:  # before the first catch-up: a SIGTERM at any moment must stop us cleanly
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    dtl = facade(ctx)
    with progress_bar() as progress:
        applied = dtl.catch_up(progress)
    print(f"position {dtl.position()}: applied {applied}", flush=True)
    if dtl.stopped is not None:
        raise typer.Exit(3)  # the views cannot be brought up to date; the warning says where and why
    if not follow:
        return

    def report(position: int, applied: int) -> None:
        print(f"position {position}: applied {applied}", flush=True)

    from dtl.application.follow import follow as run_follow

    run_follow(dtl.store, stop, report, poll)
    print(f"stopped at position {dtl.position()}", flush=True)


def new_key() -> None:
    """Print a new random key for encryption at rest (AES-256-GCM, base64).

    Keep it safe: export it as DTL_CIPHER_KEY before creating a store, and give it to every
    command that uses the store. Without it the store cannot be read; nothing can recover it.

    Example: export DTL_CIPHER_KEY=$(dtl new-key)
    """
    from dtl.application.persistence import new_cipher_key

    sys.stdout.write(new_cipher_key() + "\n")
