"""What the read routes share: their query parameters, and the service behind them.

Parameter names are the CLI's options in snake case (`from`, `to`, `as_known_at`,
`as_reported_at`, `min_grade`);
errors name the field as the CLI does (`as-known-at`, `min-grade`).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import Path, Query, Request
from pydantic import BeforeValidator

from dtl.api.service import Service
from dtl.domain.errors import InvalidInput

_WHOLE = re.compile(r"-?[0-9]{1,19}")


def ascii_whole(value: Any) -> Any:
    """A whole number in a query parameter is ASCII digits, nothing else: Python's int() (and
    pydantic's) would also take '1_000', ' 12 ', '+5' or '12.0'."""
    if isinstance(value, str) and not _WHOLE.fullmatch(value):
        raise ValueError("is not a whole number (ASCII digits)")
    return value


# Beside Query(...) in an Annotated integer parameter: ASCII digits only.
Whole = BeforeValidator(ascii_whole)


def service(request: Request) -> Service:
    return request.app.state.service


X = Annotated[str, Query(description="One side: a state, organisation or group code.", examples=["NATO"])]
Y = Annotated[str, Query(description="The other side.", examples=["ISR"])]
Day = Annotated[
    str, Query(description="The day asked about (valid time), YYYY-MM-DD.", examples=["2024-03-01"])
]
Known = Annotated[
    str | None,
    Query(
        description="Answer from what the store had recorded by then: a day (by its end, UTC) or an "
        "ISO timestamp such as a recorded_at value.",
        examples=["2024-08-15"],
    ),
]
Reported = Annotated[
    str | None,
    Query(
        description="Answer from what the sources had published by that day (any date form: a month "
        "means by its end): only actions with a source published by then count, each as corrected or "
        "retracted by then; actions whose sources carry no publication date are left out and counted.",
        examples=["2024-08-02"],
    ),
]
MinGrade = Annotated[
    str | None,
    Query(
        description="Only actions with a source graded this well (Admiralty scale, e.g. B2); the "
        "answer counts what it left out.",
        examples=["B2"],
    ),
]
From = Annotated[
    str | None, Query(alias="from", description="First day, YYYY-MM-DD.", examples=["2023-01-01"])
]
To = Annotated[str | None, Query(alias="to", description="Last day (inclusive).", examples=["2024-08-01"])]
Pair = Annotated[str | None, Query(description="Two actors separated by a comma.", examples=["TUR,ISR"])]
Org = Annotated[str, Path(description="An organisation code.", examples=["NATO"])]


def pair_of(text: str | None) -> tuple[str, str] | None:
    """`TUR,ISR` -> ("TUR", "ISR"): the CLI's `--pair TUR ISR`, in one query parameter."""
    if text is None:
        return None
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2:
        raise InvalidInput("pair", "name two actors separated by a comma, e.g. pair=TUR,ISR")
    return parts[0], parts[1]
