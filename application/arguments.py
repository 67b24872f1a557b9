"""Reading a command's or a question's arguments: text in, checked values out.

Each function names the field it reads (the CLI's option, the API's parameter) in the
InvalidInput it raises, so every front end reports a bad argument the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from dtl.domain.actors import registry
from dtl.domain.dates import FuzzyDate, parse_known_at, parse_query_day
from dtl.domain.errors import InvalidInput

if TYPE_CHECKING:
    from dtl.projections.questions.lens import Lens

T = TypeVar("T")
SEARCH_LIMIT = 200
REASON_LIMIT = 2000
_ID_PREFIX = re.compile(r"^[0-9a-fA-F-]{4,36}$")


def field(name: str, parse: Callable[[str], T], text: str) -> T:
    try:
        return parse(text)
    except ValueError as exc:
        raise InvalidInput(name, str(exc)) from None


def day(name: str, text: str) -> date:
    """A question's day (an answer is about one day, not a window)."""
    return field(name, parse_query_day, text)


def optional_day(name: str, text: str | None) -> date | None:
    return day(name, text) if text is not None else None


def fuzzy_date(name: str, text: str | None) -> FuzzyDate | None:
    return field(name, FuzzyDate.parse, text) if text is not None else None


def period(start: str, end: str) -> tuple[date, date]:
    """A period from the first day of `start` to the last day of `end`, each given as any date
    dtl reads (2024, 2024-07, 2024-07-29/2024-07-30, ...)."""
    s, e = optional_period(start, end)
    assert s is not None and e is not None
    return s, e


def optional_period(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    s = field("from", FuzzyDate.parse, start).earliest if start is not None else None
    e = field("to", FuzzyDate.parse, end).last_day if end is not None else None
    if s and e and s > e:
        raise InvalidInput("from", "is after --to")
    return s, e


def known(text: str | None) -> datetime | None:
    """'As known at': a day (by its end, UTC) or an ISO timestamp."""
    return field("as-known-at", parse_known_at, text) if text is not None else None


def reported(text: str | None) -> date | None:
    """'As reported at': a day, or any date dtl reads, by its last day ("2024-08": by the end
    of August)."""
    return field("as-reported-at", FuzzyDate.parse, text).last_day if text is not None else None


def lens(as_known_at: str | None, as_reported_at: str | None, grade: str | None) -> Lens:
    """How a question reads the record (dtl.projections.questions.lens)."""
    from dtl.projections.questions.lens import Lens

    return Lens(known(as_known_at), reported(as_reported_at), min_grade(grade))


def min_grade(text: str | None) -> str | None:
    from dtl.domain.provenance import parse_grade

    return field("min-grade", parse_grade, text) if text is not None else None


def limit(value: int | None) -> int | None:
    from dtl.projections.questions.common import MAX_ROWS

    if value is not None and not 1 <= value <= MAX_ROWS:
        raise InvalidInput("limit", f"must be from 1 to {MAX_ROWS:,}")
    return value


def actor(name: str, text: str) -> str:
    return registry().resolve(text, name).code


def pair(x: str, y: str, name: str = "y") -> tuple[str, str]:
    """Two different actors; the second is reported as `name` (the first as x, or as `name`)."""
    a, b = actor("x" if name == "y" else name, x), actor(name, y)
    if a == b:
        raise InvalidInput(name, "name two different actors")
    return a, b


def actor_or_pair(one: str | None, two: tuple[str, str] | None) -> tuple[str | None, tuple[str, str] | None]:
    if one is not None and two is not None:
        raise InvalidInput("pair", "give an actor or a pair, not both")
    return (actor("actor", one) if one is not None else None), (pair(*two, name="pair") if two else None)


def organisation(text: str) -> str:
    code = actor("org", text)
    if not registry().resolve(code).is_organisation:
        raise InvalidInput("org", f"{code} is not an organisation; roster lists an organisation")
    return code


def principal(text: str) -> str:
    """Who makes a write: a name kept with every event it writes (never a secret)."""
    name = (text or "").strip()
    if not name or len(name) > 64:
        raise InvalidInput("as", "give a name of 1 to 64 characters for who records this")
    if any(not ch.isprintable() for ch in name):
        raise InvalidInput("as", "a name holds no control characters")
    return name


def treaty(text: str) -> str:
    code = actor("treaty", text)
    if not registry().resolve(code).is_treaty:
        raise InvalidInput("treaty", f"{code} is not a treaty; dtl actors --kind treaty lists them")
    return code


def action_ref(text: str) -> str:
    """An action id, or its first characters (at least four)."""
    ref = (text or "").strip().lower()
    if not _ID_PREFIX.match(ref):
        raise InvalidInput("id", "an action id is hexadecimal (the first 4+ characters will do)")
    return ref


def search_text(text: str) -> str:
    from dtl.domain.actions import validate_text

    text = " ".join(text.split())
    if not text:
        raise InvalidInput("text", "give at least one word to search for")
    if len(text) > SEARCH_LIMIT:
        raise InvalidInput("text", f"is longer than {SEARCH_LIMIT} characters")
    validate_text("text", text)
    return text


def reason(text: str) -> str:
    from dtl.domain.actions import validate_text

    text = (text or "").strip()
    if not text:
        raise InvalidInput("reason", "say why (a correction or retraction is part of the record)")
    if len(text) > REASON_LIMIT:
        raise InvalidInput("reason", f"is longer than {REASON_LIMIT} characters")
    validate_text("reason", text)
    return text


def source(raw: dict[str, Any] | None) -> Any:
    """A source's fields (name, url, published, attribution, grade, quote) as a Source."""
    if raw is None:
        return None
    from pydantic import ValidationError

    from dtl.domain.provenance import Source

    try:
        parsed = Source.model_validate({k: v for k, v in raw.items() if v is not None})
    except ValidationError as exc:
        error = exc.errors()[0]
        name = "source." + ".".join(str(p) for p in error["loc"])
        raise InvalidInput(name, error["msg"].removeprefix("Value error, ")) from None
    problem = parsed.given_problem()
    if problem:
        raise InvalidInput(f"source.{problem[0]}", problem[1])
    return parsed
