"""Questions, one command each: state, roster, history, timeline, observations, show, diff,
scores and network. Each asks the facade one thing (see dtl.projections.questions) and prints
its answer as a table, or as JSON with --json."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Annotated

import typer

from dtl.cli.context import (
    AtOption,
    JsonOption,
    KnownOption,
    MinGradeOption,
    ReportedOption,
    emit_json,
    facade,
)
from dtl.cli.files import write_atomically
from dtl.cli.render import (
    console,
    diff_table,
    history_table,
    left_out_note,
    line,
    observations_table,
    roster_table,
    scores_table,
    state_table,
    styled,
    timeline_table,
)
from dtl.domain.errors import InvalidInput


def state(
    ctx: typer.Context,
    x: Annotated[str, typer.Argument(help="One side: a state, organisation or group code.")],
    y: Annotated[str, typer.Argument(help="The other side.")],
    at: AtOption,
    as_known_at: KnownOption = None,
    as_reported_at: ReportedOption = None,
    min_grade: MinGradeOption = None,
    as_json: JsonOption = False,
) -> None:
    """What held between X and Y on a day, who took each measure, since when, and on whose word.

    Example: dtl state NATO ISR --at 2024-03-01 --as-known-at 2024-08-01
    """
    answer = facade(ctx).state(x, y, at, as_known_at, min_grade, as_reported_at)
    emit_json(answer) if as_json else state_table(answer)


def observations(
    ctx: typer.Context,
    x: Annotated[str, typer.Argument(help="One side: a state, organisation or group code.")],
    y: Annotated[str, typer.Argument(help="The other side.")],
    start: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
    as_known_at: KnownOption = None,
    as_reported_at: ReportedOption = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many, newest first.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Machine-coded events (GDELT, ICEWS) between two actors, newest first, with a summary:
    how many, mean Goldstein score, and counts by QuadClass.

    Observations are what coders saw in the news; they never open or close a measure.

    Example: dtl observations TUR ISR --from 2024-01-01 --to 2024-06-30
    """
    answer = facade(ctx).observations(x, y, start, end, as_known_at, limit, as_reported_at)
    emit_json(answer) if as_json else observations_table(answer)


def roster(
    ctx: typer.Context,
    org: Annotated[str, typer.Argument(help="An organisation code, e.g. NATO.")],
    at: AtOption,
    as_known_at: KnownOption = None,
    as_reported_at: ReportedOption = None,
    min_grade: MinGradeOption = None,
    as_json: JsonOption = False,
) -> None:
    """An organisation on a day: members, partners, suspended, applicants, blocks, demands."""
    answer = facade(ctx).roster(org, at, as_known_at, min_grade, as_reported_at)
    emit_json(answer) if as_json else roster_table(answer)


def timeline(
    ctx: typer.Context,
    actor: Annotated[
        str | None, typer.Option("--actor", help="Actions involving this actor in any role.")
    ] = None,
    pair: Annotated[
        tuple[str, str] | None, typer.Option("--pair", help="Actions between two actors: --pair TUR ISR.")
    ] = None,
    start: Annotated[str | None, typer.Option("--from", help="From this date (YYYY[-MM[-DD]]).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Up to this date, inclusive.")] = None,
    types: Annotated[
        list[str] | None, typer.Option("--type", help="Only this action type (repeatable).")
    ] = None,
    as_known_at: KnownOption = None,
    as_reported_at: ReportedOption = None,
    limit: Annotated[int | None, typer.Option("--limit", help="At most this many rows.")] = None,
    text: Annotated[
        str | None,
        typer.Option(
            "--text",
            help="Only actions whose note or a source's name or quote contains every one of these words (any case).",
        ),
    ] = None,
    min_grade: MinGradeOption = None,
    as_json: JsonOption = False,
) -> None:
    """The recorded actions in valid-time order, filtered by actor, pair, dates, type and words.

    With --json the actions are printed as a list; what --min-grade left out is said on stderr.

    Example: dtl timeline --pair TUR ISR --text "vetoed october" --min-grade C3
    """
    answer = facade(ctx).timeline_report(
        actor, pair, start, end, types, as_known_at, limit, text, min_grade, as_reported_at
    )
    if answer["min_grade"]:
        n = answer["left_out"]
        sys.stderr.write(
            f"dtl: min grade {answer['min_grade']}: {n} action{'s' if n != 1 else ''} "
            f"without a source graded {answer['min_grade']} or better left out\n"
        )
    emit_json(answer["actions"]) if as_json else timeline_table(answer["actions"])


def history(
    ctx: typer.Context,
    x: Annotated[str, typer.Argument(help="One side.")],
    y: Annotated[str, typer.Argument(help="The other side.")],
    as_known_at: KnownOption = None,
    as_reported_at: ReportedOption = None,
    min_grade: MinGradeOption = None,
    as_json: JsonOption = False,
) -> None:
    """How the relationship between X and Y changed, interval by interval, each date with its
    precision ("from 2023-10 (month)")."""
    answer = facade(ctx).history(x, y, as_known_at, min_grade, as_reported_at)
    emit_json(answer) if as_json else history_table(answer)


def show(
    ctx: typer.Context,
    action_id: Annotated[
        str, typer.Argument(metavar="ID", help="The action's id (its first characters will do).")
    ],
    as_json: JsonOption = False,
) -> None:
    """One action with every revision: what was recorded, corrected or retracted, and when."""
    answer = facade(ctx).show(action_id)
    if as_json:
        emit_json(answer)
        return
    out = console()
    out.print(line(styled(answer["id"], "bold"),
                   f" {answer['type']} by {','.join(answer['by'])} -> {answer['target']} on {answer['on']}"))  # fmt: skip
    for rev in answer["revisions"]:
        state = "retracted" if rev["retracted"] else f"on {rev['action']['on']}"
        reason = f" ({rev['reason']})" if rev["reason"] else ""
        out.print(f"  revision {rev['revision']} recorded {rev['recorded_at']}: {state}{reason}")


def diff(
    ctx: typer.Context,
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="First day of the period (any date form: 2024, 2024-07, 2024-07-29).",
            show_default=False,
        ),
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day of the period (inclusive).", show_default=False)
    ] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Only relationships of this actor.")] = None,
    pair: Annotated[
        tuple[str, str] | None, typer.Option("--pair", help="Only this relationship: --pair TUR ISR.")
    ] = None,
    as_known_at: KnownOption = None,
    as_reported_at: ReportedOption = None,
    reported_since: Annotated[
        str | None,
        typer.Option(
            "--reported-since",
            help="Compare two reporting days instead: the changes the sources published after this day and by --as-reported-at (default today) added ('reported') or took back ('withdrawn'). --from/--to then narrow the valid period, and may be left out.",
        ),
    ] = None,
    min_grade: MinGradeOption = None,
    as_json: JsonOption = False,
) -> None:
    """What changed between two days: every measure opened or closed, across all relationships
    (or one actor's, or one pair), grouped by pair, with the event and sources behind it.

    A change dated imprecisely ("2023-10") that only overlaps the period is shown as possible.

    With --reported-since, what the news changed between two reporting days instead.

    Examples: dtl diff --from 2023-01-01 --to 2024-08-01 --actor TUR
              dtl diff --reported-since 2024-07-01 --as-reported-at 2024-08-02
    """
    answer = facade(ctx).diff(start, end, actor, pair, as_known_at, min_grade, as_reported_at, reported_since)
    emit_json(answer) if as_json else diff_table(answer)


SCORE_COLUMNS = [
    "direction", "period", "start", "end", "events", "actions", "observations", "verbal_cooperation",
    "material_cooperation", "verbal_conflict", "material_conflict", "goldstein_sum", "goldstein_mean",
]  # fmt: skip


def scores(
    ctx: typer.Context,
    x: Annotated[str | None, typer.Argument(help="One side (or use --actor).", show_default=False)] = None,
    y: Annotated[str | None, typer.Argument(help="The other side.", show_default=False)] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", help="This actor against everyone, instead of a pair.")
    ] = None,
    by: Annotated[str, typer.Option("--by", help="Period: month, quarter or year.")] = "month",
    start: Annotated[str | None, typer.Option("--from", help="First day counted, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day counted, YYYY-MM-DD.")] = None,
    direction: Annotated[
        str,
        typer.Option(
            "--direction",
            help="both (undirected), or X->Y / Y->X for one direction (table output; --json and --csv carry all).",
        ),
    ] = "both",
    as_known_at: KnownOption = None,
    as_reported_at: ReportedOption = None,
    min_grade: MinGradeOption = None,
    as_csv: Annotated[
        bool, typer.Option("--csv", help="Print CSV on stdout: one row per direction and period.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Per period: event counts by QuadClass and the Goldstein sum and mean, the event-data
    field's standard series, from recorded actions and imported observations.

    Directed series count X's acts towards Y and Y's towards X; the undirected one both.
    A dtl action counts once per initiator, scored by its CAMEO code; an observation as coded.

    Examples: dtl scores TUR ISR --by quarter --csv;  dtl scores --actor TUR --by year
    """
    if actor and (x or y):
        raise InvalidInput("actor", "give X Y or --actor X, not both")
    if not actor and not (x and y):
        raise InvalidInput("x", "name a pair (dtl scores TUR ISR) or one actor (--actor TUR)")
    if as_csv and as_json:
        raise InvalidInput("csv", "choose --csv or --json")
    if direction != "both":  # checked before the store is asked
        from dtl.application import arguments
        from dtl.projections.questions.scores import EVERYONE

        a, b = arguments.pair(x, y) if not actor else (arguments.actor("actor", actor), EVERYONE)
        choices = ("both", f"{a}->{b}", f"{b}->{a}")
        if direction not in choices:
            raise InvalidInput("direction", f"use one of {', '.join(choices)}")
    answer = facade(ctx).scores(
        actor or x, None if actor else y, by, start, end, as_known_at, min_grade, as_reported_at
    )
    if as_json:
        emit_json(answer)
    elif as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(SCORE_COLUMNS)
        series = {"both": answer["series"]["undirected"], **answer["series"]["directed"]}
        for name, rows in series.items():
            for r in rows:
                q = r["quad_class"]
                writer.writerow([name, r["period"], r["start"], r["end"], r["events"], r["actions"],
                                 r["observations"], q["1"], q["2"], q["3"], q["4"], r["goldstein_sum"],
                                 "" if r["goldstein_mean"] is None else r["goldstein_mean"]])  # fmt: skip
    else:
        scores_table(answer, direction)


def network(
    ctx: typer.Context,
    at: Annotated[
        str, typer.Option("--at", help="The day, YYYY-MM-DD: the measures in force then.", show_default=False)
    ],
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help="FILE.graphml (Gephi, yEd, networkx) or FILE.json (node-link JSON).",
            show_default=False,
        ),
    ],
    aspect: Annotated[
        str | None, typer.Option("--aspect", help="Only this aspect, e.g. membership or engagement-veto.")
    ] = None,
    as_known_at: KnownOption = None,
    as_reported_at: ReportedOption = None,
    min_grade: MinGradeOption = None,
    as_json: JsonOption = False,
) -> None:
    """The relationships in force on a day as a graph file: actors are nodes, measures are
    typed, directed edges (from the holder: the vetoer, the member) with initiators and
    since-dates. Mutual measures (relations, partnerships) run a -> b, marked mutual.

    Example: dtl network --at 2024-03-01 --aspect engagement-veto -o vetoes.graphml
    """
    from dtl.application.network_files import FORMATS, network_bytes

    fmt = FORMATS.get(output.suffix.lower())
    if fmt is None:
        raise InvalidInput("output", f"name a .graphml or .json file, not {output.name[:60]!r}")
    answer = facade(ctx).network(at, aspect, as_known_at, min_grade, as_reported_at)
    write_atomically(output, network_bytes(answer, fmt))
    summary = {"path": str(output), "format": fmt, "nodes": len(answer["nodes"]),
               "edges": len(answer["edges"]), "left_out": answer["left_out"], "position": answer["position"]}  # fmt: skip
    if as_json:
        emit_json(summary)
        return
    left_out_note(answer)
    console().print(f"wrote {output} ({fmt}): {summary['nodes']} actors, {summary['edges']} measures in force "
                    f"on {answer['at']}")  # fmt: skip
