"""Questions: every route asks the facade one thing and returns its answer as it is (see
dtl.projections.questions for where a question lives).

Every read of the store takes `as_known_at` (what the store had recorded by then) and
`as_reported_at` (what the sources had published by then); those about a day take `at`; those
built from recorded actions take `min_grade`.
"""

from __future__ import annotations

from operator import methodcaller
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response

from dtl.api.auth import require_read
from dtl.api.large import large_diff, large_observations, large_scores, rows_of
from dtl.api.representations import TABULAR, rows
from dtl.api.routes.parameters import (
    Day,
    From,
    Known,
    MinGrade,
    Org,
    Pair,
    Reported,
    To,
    Whole,
    X,
    Y,
    pair_of,
    service,
)
from dtl.api.schemas import (
    READ_ERRORS,
    ActionShown,
    ActorOut,
    CatalogueEntry,
    Diff,
    History,
    Network,
    Observations,
    Parties,
    Position,
    Recognition,
    Roster,
    RosterHistory,
    Scores,
    State,
    TimelinePage,
    Treaties,
    Why,
)

router = APIRouter(
    prefix="/v1", dependencies=[Depends(require_read)], responses=READ_ERRORS, tags=["questions"]
)


@router.get(
    "/state", response_model=State, responses=TABULAR, summary="What held between X and Y on a day, and why"
)
async def state(
    request: Request,
    x: X,
    y: Y,
    at: Day,
    as_known_at: Known = None,
    min_grade: MinGrade = None,
    as_reported_at: Reported = None,
) -> Response:
    """Every measure in force between X and Y on the day: who took it, since when, with what
    certainty, on whose word; as known at a time if asked. Like `dtl state X Y --at D --json`."""
    return await service(request).read(
        request, lambda d: d.state(x, y, at, as_known_at, min_grade, as_reported_at), rows(request, "state")
    )


@router.get("/roster/{org}", response_model=Roster, responses=TABULAR, summary="An organisation on a day")
async def roster(
    request: Request,
    org: Org,
    at: Day,
    as_known_at: Known = None,
    min_grade: MinGrade = None,
    as_reported_at: Reported = None,
) -> Response:
    """Members, partners, suspended, applicants, blocks, vetoes and demands. Like `dtl roster`."""
    return await service(request).read(
        request, lambda d: d.roster(org, at, as_known_at, min_grade, as_reported_at), rows(request, "roster")
    )


@router.get(
    "/recognition/{actor}",
    response_model=Recognition,
    responses=TABULAR,
    summary="Who recognizes an actor on a day",
)
async def recognition(
    request: Request,
    actor: Annotated[str, Path(description="The state or government recognized.", examples=["TWN"])],
    at: Day,
    as_known_at: Known = None,
    min_grade: MinGrade = None,
    as_reported_at: Reported = None,
) -> Response:
    """Who recognizes the actor on the day (a list and a count), and who had withdrawn. Like
    `dtl recognition`."""
    return await service(request).read(
        request,
        lambda d: d.recognition(actor, at, as_known_at, min_grade, as_reported_at),
        rows(request, "recognition"),
    )


@router.get(
    "/treaties",
    response_model=Treaties,
    responses=TABULAR,
    summary="The treaties between two parties on a day",
)
async def treaties(
    request: Request,
    x: X,
    y: Y,
    at: Day,
    as_known_at: Known = None,
    min_grade: MinGrade = None,
    as_reported_at: Reported = None,
) -> Response:
    """Treaties both are party to, whether in force between them, and their obligations. Like
    `dtl treaties`."""
    return await service(request).read(
        request,
        lambda d: d.treaties(x, y, at, as_known_at, min_grade, as_reported_at),
        rows(request, "treaties"),
    )


@router.get(
    "/parties/{treaty}", response_model=Parties, responses=TABULAR, summary="A treaty's parties on a day"
)
async def parties(
    request: Request,
    treaty: Annotated[str, Path(description="A treaty code.", examples=["INF"])],
    at: Day,
    as_known_at: Known = None,
    min_grade: MinGrade = None,
    as_reported_at: Reported = None,
) -> Response:
    """The parties by standing, and who had left by then. Like `dtl parties`."""
    return await service(request).read(
        request,
        lambda d: d.parties(treaty, at, as_known_at, min_grade, as_reported_at),
        rows(request, "parties"),
    )


@router.get("/why", response_model=Why, summary="Why: the chain behind each measure in force")
async def why(
    request: Request,
    x: X,
    y: Y,
    at: Day,
    as_known_at: Known = None,
    min_grade: MinGrade = None,
    as_reported_at: Reported = None,
) -> Response:
    """Each measure in force between X and Y on the day, with the actions behind it: what opened
    it, what that answered, and so on. Like `dtl why`."""
    return await service(request).read(
        request, lambda d: d.why(x, y, at, as_known_at, min_grade, as_reported_at)
    )


@router.get("/roster/{org}/history", response_model=RosterHistory, summary="Every spell of an organisation")
async def roster_history(
    request: Request,
    org: Org,
    as_known_at: Known = None,
    min_grade: MinGrade = None,
    as_reported_at: Reported = None,
) -> Response:
    """Every membership, partnership, suspension, block, veto and demand, over all time."""
    return await service(request).read(
        request, lambda d: d.roster_history(org, as_known_at, min_grade, as_reported_at)
    )


@router.get("/history", response_model=History, responses=TABULAR, summary="How a relationship changed")
async def history(
    request: Request,
    x: X,
    y: Y,
    as_known_at: Known = None,
    min_grade: MinGrade = None,
    as_reported_at: Reported = None,
) -> Response:
    """The intervals between X and Y and each change, with its precision. Like `dtl history`."""
    return await service(request).read(
        request, lambda d: d.history(x, y, as_known_at, min_grade, as_reported_at), rows(request, "history")
    )


@router.get(
    "/timeline",
    response_model=TimelinePage,
    responses=TABULAR,
    summary="The recorded actions, filtered, a page at a time",
)
async def timeline(
    request: Request,
    actor: Annotated[
        str | None, Query(description="Actions involving this actor in any role.", examples=["TUR"])
    ] = None,
    pair: Pair = None,
    start: Annotated[
        str | None, Query(alias="from", description="From this date (YYYY[-MM[-DD]]).", examples=["2023-10"])
    ] = None,
    end: Annotated[
        str | None, Query(alias="to", description="Up to this date, inclusive.", examples=["2024-08-01"])
    ] = None,
    types: Annotated[
        list[str] | None,
        Query(
            alias="type",
            description="Only these action types (repeat the parameter).",
            examples=[["veto-engagement"]],
        ),
    ] = None,
    as_known_at: Known = None,
    as_reported_at: Reported = None,
    text: Annotated[
        str | None,
        Query(
            description="Only actions whose note, or a source's name or quote, holds every word.",
            examples=["vetoed october"],
        ),
    ] = None,
    min_grade: MinGrade = None,
    limit: Annotated[
        int, Query(ge=1, le=1000, description="At most this many actions on the page."), Whole
    ] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000, description="Skip this many first."), Whole] = 0,
) -> Response:
    """Actions in valid-time order; `total` counts them all, `next` is the next page's URL.
    Like `dtl timeline --json` (which prints the `actions` of every page at once)."""
    codes = pair_of(pair)

    def ask(d) -> dict[str, Any]:
        report = d.timeline_report(
            actor, codes, start, end, types, as_known_at, None, text, min_grade, as_reported_at
        )
        actions = report.pop("actions")
        following = offset + limit
        nxt = None
        if following < len(actions):
            url = request.url.include_query_params(offset=following)
            nxt = f"{url.path}?{url.query}"
        return {
            "actions": actions[offset:following],
            "total": len(actions),
            "offset": offset,
            "limit": limit,
            "next": nxt,
            **report,
        }

    return await service(request).read(request, ask, rows(request, "timeline"))


@router.get(
    "/observations",
    response_model=Observations,
    responses=TABULAR,
    summary="Machine-coded events between two actors",
)
async def observations(
    request: Request,
    x: X,
    y: Y,
    start: From = None,
    end: To = None,
    as_known_at: Known = None,
    as_reported_at: Reported = None,
    limit: Annotated[int, Query(ge=1, le=10_000, description="At most this many, newest first."), Whole] = 20,
) -> Response:
    """GDELT and ICEWS observations, newest first, with a summary. Like `dtl observations`."""
    return await service(request).read(
        request,
        methodcaller("observations", x, y, start, end, as_known_at, limit, as_reported_at),
        rows_of(request.headers.get("accept"), "observations"),
        large=large_observations(limit),
    )


@router.get(
    "/actions/{id}", response_model=ActionShown, responses=TABULAR, summary="One action with every revision"
)
async def show(
    request: Request,
    action_id: Annotated[
        str,
        Path(
            alias="id",
            description="The action's id (its first 4+ characters will do).",
            examples=["ed82fdc8"],
        ),
    ],
) -> Response:
    """What was recorded, corrected or retracted, when and why. Like `dtl show ID --json`; its
    sources, one a row, as CSV, TSV or JSON lines."""
    return await service(request).read(request, lambda d: d.show(action_id), rows(request, "show"))


@router.get("/actors", response_model=list[ActorOut], responses=TABULAR, summary="Known actors")
async def actors(
    request: Request,
    search: Annotated[
        str | None, Query(description="Part of a code, name or alias.", examples=["arab"])
    ] = None,
    kind: Annotated[
        str | None, Query(description="state, organisation, group or treaty.", examples=["organisation"])
    ] = None,
) -> Response:
    """ISO 3166 states, organisations and groups, with aliases. Like `dtl actors --json`."""
    return await service(request).read(request, lambda d: d.actors(search, kind), rows(request, "actors"))


@router.get("/catalogue", response_model=list[CatalogueEntry], responses=TABULAR, summary="Every action type")
async def catalogue(request: Request) -> Response:
    """What each type opens or closes, on which pair, its rules and codes. Like `dtl catalogue --json`."""
    return await service(request).read(request, lambda d: d.catalogue(), rows(request, "catalogue"))


@router.get("/position", response_model=Position, summary="The log position the views reflect")
async def position(request: Request) -> Response:
    """Where the log stands: a client can start the event stream from here."""
    return await service(request).read(request, lambda d: {"position": d.position()})


@router.get("/diff", response_model=Diff, responses=TABULAR, summary="What changed between two days")
async def diff(
    request: Request,
    start: Annotated[
        str | None, Query(alias="from", description="First day of the period.", examples=["2023-01-01"])
    ] = None,
    end: Annotated[
        str | None, Query(alias="to", description="Last day (inclusive).", examples=["2024-08-01"])
    ] = None,
    actor: Annotated[
        str | None, Query(description="Only this actor's relationships.", examples=["TUR"])
    ] = None,
    pair: Pair = None,
    as_known_at: Known = None,
    as_reported_at: Reported = None,
    reported_since: Annotated[
        str | None,
        Query(
            description="Compare two reporting days instead: the changes published after this day and "
            "by as_reported_at (default today); from and to may then be left out.",
            examples=["2024-07-01"],
        ),
    ] = None,
    min_grade: MinGrade = None,
) -> Response:
    """Every measure opened or closed in the period, grouped by pair, with its event; or what the
    news changed between two reporting days. Like `dtl diff`."""
    codes = pair_of(pair)
    ask = methodcaller(
        "diff", start, end, actor, codes, as_known_at, min_grade, as_reported_at, reported_since
    )
    return await service(request).read(
        request,
        ask,
        rows_of(request.headers.get("accept"), "diff"),
        large=large_diff(start, end, reported_since),
    )


@router.get(
    "/scores", response_model=Scores, responses=TABULAR, summary="QuadClass counts and Goldstein per period"
)
async def scores(
    request: Request,
    x: X,
    y: Annotated[
        str | None, Query(description="The other side; without it, X against everyone.", examples=["ISR"])
    ] = None,
    by: Annotated[str, Query(description="month, quarter or year.", examples=["quarter"])] = "month",
    start: From = None,
    end: Annotated[
        str | None, Query(alias="to", description="Last day counted.", examples=["2024-08-01"])
    ] = None,
    as_known_at: Known = None,
    as_reported_at: Reported = None,
    min_grade: MinGrade = None,
) -> Response:
    """Directed and undirected series from actions and observations. Like `dtl scores --json`."""
    return await service(request).read(
        request,
        methodcaller("scores", x, y, by, start, end, as_known_at, min_grade, as_reported_at),
        rows_of(request.headers.get("accept"), "scores"),
        large=large_scores(by, start, end),
    )


@router.get(
    "/network",
    response_model=Network,
    summary="The relationships in force on a day, as a graph",
    responses={200: {"content": {"application/graphml+xml": {"schema": {"type": "string"}}}}},
)
async def network(
    request: Request,
    at: Day,
    aspect: Annotated[
        str | None, Query(description="Only this aspect.", examples=["engagement-veto"])
    ] = None,
    as_known_at: Known = None,
    as_reported_at: Reported = None,
    min_grade: MinGrade = None,
    links: Annotated[
        bool,
        Query(
            description="Also who answered whom: the causal links between actions dated by `at` "
            "(`links`; in GraphML, edges of kind responds-to). Like `dtl network --links`."
        ),
    ] = False,
    format: Annotated[
        Literal["json", "graphml"],
        Query(
            description="json: the answer as dtl gives it; graphml: what `dtl network -o F.graphml` writes."
        ),
    ] = "json",
) -> Response:
    """Actors as nodes, measures in force as directed edges from the holder."""
    # Large whatever its parameters: the whole graph on a day (bounded only by MAX_ROWS edges).
    ask = methodcaller("network", at, aspect, as_known_at, min_grade, as_reported_at, links)
    if format == "json":
        return await service(request).read(request, ask, large=True)
    return await service(request).read(request, ask, _graphml, large=True)


def _graphml(answer: dict[str, Any]) -> tuple[bytes, str]:
    from dtl.application.network_files import network_bytes

    return network_bytes(answer, "graphml"), "application/graphml+xml"
