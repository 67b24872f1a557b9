"""Analyst views: what changed (diff), the event-data series (scores), the relationships in
force as a network, and charts of a relationship or an organisation over time."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from api.auth import require_read
from api.routes.reads import Day, From, Known, MinGrade, Org, Pair, X, pair_of, service
from api.schemas import READ_ERRORS, Diff, Network, Scores

router = APIRouter(
    prefix="/v1", dependencies=[Depends(require_read)], responses=READ_ERRORS, tags=["analyst views"]
)

CHART_TYPES = {"svg": "image/svg+xml", "html": "text/html; charset=utf-8", "png": "image/png"}


@router.get("/diff", response_model=Diff, summary="What changed between two days")
def diff(
    request: Request,
    start: Annotated[
        str, Query(alias="from", description="First day of the period.", examples=["2023-01-01"])
    ],
    end: Annotated[str, Query(alias="to", description="Last day (inclusive).", examples=["2024-08-01"])],
    actor: Annotated[
        str | None, Query(description="Only this actor's relationships.", examples=["TUR"])
    ] = None,
    pair: Pair = None,
    as_known_at: Known = None,
    min_grade: MinGrade = None,
) -> Response:
    """Every measure opened or closed in the period, grouped by pair, with its event. Like `dtl diff`."""
    codes = pair_of(pair)
    return service(request).read(request, lambda d: d.diff(start, end, actor, codes, as_known_at, min_grade))


@router.get("/scores", response_model=Scores, summary="QuadClass counts and Goldstein per period")
def scores(
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
    min_grade: MinGrade = None,
) -> Response:
    """Directed and undirected series from actions and observations. Like `dtl scores --json`."""
    return service(request).read(request, lambda d: d.scores(x, y, by, start, end, as_known_at, min_grade))


@router.get(
    "/network",
    response_model=Network,
    summary="The relationships in force on a day, as a graph",
    responses={200: {"content": {"application/graphml+xml": {"schema": {"type": "string"}}}}},
)
def network(
    request: Request,
    at: Day,
    aspect: Annotated[
        str | None, Query(description="Only this aspect.", examples=["engagement-veto"])
    ] = None,
    as_known_at: Known = None,
    min_grade: MinGrade = None,
    format: Annotated[
        Literal["json", "graphml"],
        Query(
            description="json: the answer as dtl gives it; graphml: what `dtl network -o F.graphml` writes."
        ),
    ] = "json",
) -> Response:
    """Actors as nodes, measures in force as directed edges from the holder."""
    ask = lambda d: d.network(at, aspect, as_known_at, min_grade)  # noqa: E731
    if format == "json":
        return service(request).read(request, ask)

    def present(answer: dict[str, Any]) -> tuple[bytes, str]:
        from application.network_files import network_bytes

        return network_bytes(answer, "graphml"), "application/graphml+xml"

    return service(request).read(request, ask, present)


ChartFormat = Annotated[
    Literal["svg", "html", "png"], Query(description="svg, html (a page with the data) or png.")
]
ChartFrom = Annotated[
    str | None, Query(alias="from", description="First day drawn (default: fitted to the data).")
]
ChartTo = Annotated[
    str | None, Query(alias="to", description="Last day drawn (default: fitted, up to today).")
]
CHART_RESPONSES = {
    200: {
        "content": {t.split(";")[0]: {"schema": {"type": "string"}} for t in CHART_TYPES.values()},
        "description": "The chart.",
    }
}


def _chart(request: Request, gather, fmt: str) -> Response:
    def present(data: dict[str, Any]) -> tuple[bytes, str]:
        from application.charts import render

        return render(data, fmt), CHART_TYPES[fmt]

    # A chart's default window ends today: the tag holds the day too.
    return service(request).read(request, gather, present, salt=date.today().isoformat())


@router.get(
    "/charts/pair",
    summary="A relationship over time, as a chart",
    response_class=Response,
    responses=CHART_RESPONSES,
)
def pair_chart(
    request: Request,
    x: X,
    y: Annotated[str, Query(description="The other side.", examples=["ISR"])],
    start: ChartFrom = None,
    end: ChartTo = None,
    as_known_at: Known = None,
    min_grade: MinGrade = None,
    format: ChartFormat = "svg",
) -> Response:
    """The measures between X and Y (and those others took about them) as bars, the instants as
    markers, and the Goldstein series."""
    from application.charts import pair_chart_data

    return _chart(request, lambda d: pair_chart_data(d, x, y, start, end, as_known_at, min_grade), format)


@router.get(
    "/charts/roster/{org}",
    summary="An organisation over time, as a chart",
    response_class=Response,
    responses=CHART_RESPONSES,
)
def roster_chart(
    request: Request,
    org: Org,
    start: ChartFrom = None,
    end: ChartTo = None,
    as_known_at: Known = None,
    min_grade: MinGrade = None,
    format: ChartFormat = "svg",
) -> Response:
    """Members, partners, and what stood in their way, one lane per actor."""
    from application.charts import roster_chart_data

    return _chart(request, lambda d: roster_chart_data(d, org, start, end, as_known_at, min_grade), format)
