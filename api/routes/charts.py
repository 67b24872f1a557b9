"""Charts of a relationship or an organisation over time: the same data as `dtl chart`, drawn
as SVG, a self-contained HTML page, or PNG."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from dtl.api import large
from dtl.api.auth import require_read
from dtl.api.routes.parameters import Known, MinGrade, Org, Reported, X, service
from dtl.api.schemas import READ_ERRORS

router = APIRouter(prefix="/v1", dependencies=[Depends(require_read)], responses=READ_ERRORS, tags=["charts"])

CHART_TYPES = {"svg": "image/svg+xml", "html": "text/html; charset=utf-8", "png": "image/png"}

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


async def _chart(request: Request, gather, fmt: str) -> Response:
    # A chart's default window ends today: the tag holds the day too. Drawing one takes
    # 150-270 ms of Python: a large question whatever its parameters (api/large.py).
    present = partial(large.render_chart, fmt)
    return await service(request).read(request, gather, present, dated=True, large=True)


@router.get(
    "/charts/pair",
    summary="A relationship over time, as a chart",
    response_class=Response,
    responses=CHART_RESPONSES,
)
async def pair_chart(
    request: Request,
    x: X,
    y: Annotated[str, Query(description="The other side.", examples=["ISR"])],
    start: ChartFrom = None,
    end: ChartTo = None,
    as_known_at: Known = None,
    as_reported_at: Reported = None,
    min_grade: MinGrade = None,
    format: ChartFormat = "svg",
) -> Response:
    """The measures between X and Y (and those others took about them) as bars, the instants as
    markers, and the Goldstein series."""
    # in a worker process, or on a worker thread, like every call to the facade (and the import)
    gather = partial(large.pair_chart, (x, y, start, end, as_known_at, min_grade, as_reported_at))
    return await _chart(request, gather, format)


@router.get(
    "/charts/roster/{org}",
    summary="An organisation over time, as a chart",
    response_class=Response,
    responses=CHART_RESPONSES,
)
async def roster_chart(
    request: Request,
    org: Org,
    start: ChartFrom = None,
    end: ChartTo = None,
    as_known_at: Known = None,
    as_reported_at: Reported = None,
    min_grade: MinGrade = None,
    format: ChartFormat = "svg",
) -> Response:
    """Members, partners, and what stood in their way, one lane per actor."""
    gather = partial(large.roster_chart, (org, start, end, as_known_at, min_grade, as_reported_at))
    return await _chart(request, gather, format)
