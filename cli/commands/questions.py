"""Questions, one command each: state, roster, history, timeline, observations, show, diff,
scores and network. Each asks the facade one thing (see dtl.projections.questions) and prints
its answer as a table, or as JSON with --json."""

from __future__ import annotations

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
    output_options,
)
from dtl.cli.files import write_atomically
from dtl.cli.formats import emit
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


@output_options
def state(
    ctx: typer.Context,
    x: Annotated[str, typer.Argument(metavar="X", help="One side: a state, organisation or group code.")],
    y: Annotated[str, typer.Argument(metavar="Y", help="The other side.")],
    at: AtOption,
    as_known_at: KnownOption = None,
    as_reported_at: ReportedOption = None,
    min_grade: MinGradeOption = None,
    output: str = "table",
) -> None:
    """What held between X and Y on a day, who took each measure, since when, and on whose word.

    Example: dtl state NATO ISR --at 2024-03-01 --as-known-at 2024-08-01
    """
    answer = facade(ctx).state(x, y, at, as_known_at, min_grade, as_reported_at)
    emit(output, "state", answer, state_table)


@output_options
def observations(
    ctx: typer.Context,
    x: Annotated[str, typer.Argument(metavar="X", help="One side: a state, organisation or group code.")],
    y: Annotated[str, typer.Argument(metavar="Y", help="The other side.")],
    start: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
    as_known_at: KnownOption = None,
    as_reported_at: ReportedOption = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many, newest first.")] = 20,
    output: str = "table",
) -> None:
    """Machine-coded events (GDELT, ICEWS) between two actors, newest first, with a summary:
    how many, mean Goldstein score, and counts by QuadClass.

    Observations are what coders saw in the news; they never open or close a measure.

    Example: dtl observations TUR ISR --from 2024-01-01 --to 2024-06-30
    """
    answer = facade(ctx).observations(x, y, start, end, as_known_at, limit, as_reported_at)
    emit(output, "observations", answer, observations_table)


@output_options
def roster(
    ctx: typer.Context,
    org: Annotated[str, typer.Argument(metavar="ORG", help="An organisation code, e.g. NATO.")],
    at: AtOption,
    as_known_at: KnownOption = None,
    as_reported_at: ReportedOption = None,
    min_grade: MinGradeOption = None,
    output: str = "table",
) -> None:
    """An organisation on a day: members, partners, suspended, applicants, blocks, demands.

    Example: dtl roster NATO --at 2024-08-01 --csv
    """
    answer = facade(ctx).roster(org, at, as_known_at, min_grade, as_reported_at)
    emit(output, "roster", answer, roster_table)


@output_options
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
    recorded_by: Annotated[
        str | None,
        typer.Option(
            "--recorded-by",
            metavar="NAME",
            help="Only actions this principal recorded (dtl --as, an API token's name).",
        ),
    ] = None,
    output: str = "table",
) -> None:
    """The recorded actions in valid-time order, filtered by actor, pair, dates, type and words.

    With --json the actions are printed as a list; what --min-grade left out is said on stderr.

    Example: dtl timeline --pair TUR ISR --text "vetoed october" --min-grade C3
    """
    answer = facade(ctx).timeline_report(
        actor, pair, start, end, types, as_known_at, limit, text, min_grade, as_reported_at, recorded_by
    )
    if answer["min_grade"]:
        n = answer["left_out"]
        sys.stderr.write(
            f"dtl: min grade {answer['min_grade']}: {n} action{'s' if n != 1 else ''} "
            f"without a source graded {answer['min_grade']} or better left out\n"
        )
    emit(output, "timeline", answer["actions"], _timeline_with_answers)


def _timeline_with_answers(rows: list[dict]) -> None:
    """The timeline's table, then which action answered which (its links, as `dtl why` reads them)."""
    timeline_table(rows)
    listed = {r["id"]: r for r in rows}
    answers = [(r, answered) for r in rows for answered in r.get("responds_to") or []]
    if not answers:
        return
    out = console()
    out.print(line("Answers (dtl link):"))
    for r, answered in answers:
        other = listed.get(answered)
        what = _said(other) if other else "(not listed)"
        out.print(line(f"  {r['id'][:8]} {_said(r)} answered {answered[:8]} {what}"))


def _said(action: dict) -> str:
    return f"{action['type']} by {','.join(action['by'])} ({action['on']})"


@output_options
def history(
    ctx: typer.Context,
    x: Annotated[str, typer.Argument(metavar="X", help="One side.")],
    y: Annotated[str, typer.Argument(metavar="Y", help="The other side.")],
    as_known_at: KnownOption = None,
    as_reported_at: ReportedOption = None,
    min_grade: MinGradeOption = None,
    output: str = "table",
) -> None:
    """How the relationship between X and Y changed, interval by interval, each date with its
    precision ("from 2023-10 (month)").

    Example: dtl history TUR ISR --as-known-at 2024-08-01
    """
    answer = facade(ctx).history(x, y, as_known_at, min_grade, as_reported_at)
    emit(output, "history", answer, history_table)


@output_options
def show(
    ctx: typer.Context,
    action_id: Annotated[
        str, typer.Argument(metavar="ID", help="The action's id (its first characters will do).")
    ],
    output: str = "table",
) -> None:
    """One action with every revision (what was recorded, corrected or retracted, and when) and
    its sources. --nl, --csv and --tsv print its sources, one a row.

    Example: dtl show ed82 --csv
    """
    answer = facade(ctx).show(action_id)
    emit(output, "show", answer, _show_table)


def _show_table(answer: dict) -> None:
    out = console()
    out.print(line(styled(answer["id"], "bold"),
                   f" {answer['type']} by {','.join(answer['by'])} -> {answer['target']} on {answer['on']}"))  # fmt: skip
    for rev in answer["revisions"]:
        state = "retracted" if rev["retracted"] else f"on {rev['action']['on']}"
        reason = f" ({rev['reason']})" if rev["reason"] else ""
        by = f" by {rev['recorded_by']}" if rev.get("recorded_by") else ""
        out.print(f"  revision {rev['revision']} recorded {rev['recorded_at']}{by}: {state}{reason}")
    for source in answer.get("sources", []):
        grade = f" [{source['grade']}]" if source.get("grade") else ""
        published = f", published {source['published']}" if source.get("published") else ""
        added = f", added {source['added_at']}" if source.get("added_at") else ""
        where = f" {source['url']}" if source.get("url") else ""
        key = f" id {source['id']}" if source.get("id") and not source.get("shredded") else ""
        out.print(f"  source: {source['name']}{grade} ({source.get('attribution') or 'unattributed'}"
                  f"{published}{added}){where}{key}")  # fmt: skip


@output_options
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
    output: str = "table",
) -> None:
    """What changed between two days: every measure opened or closed, across all relationships
    (or one actor's, or one pair), grouped by pair, with the event and sources behind it.

    A change dated imprecisely ("2023-10") that only overlaps the period is shown as possible.

    With --reported-since, what the news changed between two reporting days instead.

    Examples: dtl diff --from 2023-01-01 --to 2024-08-01 --actor TUR
              dtl diff --reported-since 2024-07-01 --as-reported-at 2024-08-02
    """
    answer = facade(ctx).diff(start, end, actor, pair, as_known_at, min_grade, as_reported_at, reported_since)
    emit(output, "diff", answer, diff_table)


@output_options
def scores(
    ctx: typer.Context,
    x: Annotated[
        str | None, typer.Argument(metavar="X", help="One side (or use --actor).", show_default=False)
    ] = None,
    y: Annotated[str | None, typer.Argument(metavar="Y", help="The other side.", show_default=False)] = None,
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
            help="both (undirected), or X->Y / Y->X for one direction (the table; --json, --nl, --csv and --tsv carry all).",
        ),
    ] = "both",
    as_known_at: KnownOption = None,
    as_reported_at: ReportedOption = None,
    min_grade: MinGradeOption = None,
    output: str = "table",
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
    emit(output, "scores", answer, lambda a: scores_table(a, direction))


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
    links: Annotated[
        bool,
        typer.Option(
            "--links",
            help="Also who answered whom: an edge of kind responds-to for each causal link (dtl link) "
            "between actions dated by --at, from the answering action's initiators to the answered one's.",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """The relationships in force on a day as a graph file: actors are nodes, measures are
    typed, directed edges (from the holder: the vetoer, the member) with initiators and
    since-dates. Mutual measures (relations, partnerships) run a -> b, marked mutual. Every
    edge has a kind: measure, or (with --links) responds-to, with both actions' ids, types and dates.

    Example: dtl network --at 2024-08-01 --links -o answers.graphml
    """
    from dtl.application.network_files import FORMATS, network_bytes

    fmt = FORMATS.get(output.suffix.lower())
    if fmt is None:
        raise InvalidInput("output", f"name a .graphml or .json file, not {output.name[:60]!r}")
    answer = facade(ctx).network(at, aspect, as_known_at, min_grade, as_reported_at, links)
    write_atomically(output, network_bytes(answer, fmt))
    summary = {"path": str(output), "format": fmt, "nodes": len(answer["nodes"]),
               "edges": len(answer["edges"]), "left_out": answer["left_out"], "position": answer["position"]}  # fmt: skip
    if links:
        summary["links"] = len(answer["links"])
    if as_json:
        emit_json(summary)
        return
    left_out_note(answer)
    answered = f", {summary['links']} causal links" if links else ""
    console().print(f"wrote {output} ({fmt}): {summary['nodes']} actors, {summary['edges']} measures in force "
                    f"on {answer['at']}{answered}")  # fmt: skip
