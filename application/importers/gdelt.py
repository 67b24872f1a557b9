"""GDELT event rows -> Observations (or Skips, with a reason).

Per row: system "gdelt", source_id = GLOBALEVENTID, on = SQLDATE, cameo = EventCode (kept as a
string: leading zeros matter), goldstein and quad_class = the row's own GoldsteinScale and
QuadClass (GDELT's numbers, not recomputed), plover from the root code, published = DATEADDED
(UTC; a 1.0 file gives the day only, read as midnight UTC), url = SOURCEURL (absent from 1.0
files before 2013-04), mentions = NumMentions, tone = AvgTone, actor1_code / actor2_code = the
row's Actor1Code / Actor2Code; actor1 / actor2 resolved by ``actor_codes`` or the row is skipped.

A row of the wrong width is an error, not a skip: the file is broken, and ``check_structure``
refuses it before anything is written. GLOBALEVENTIDs re-emitted by GDELT come out as they
are (the store is idempotent by source id).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Literal

from dtl.application.importers.actor_codes import MISSING, ActorCodes, actor_codes
from dtl.application.importers.common import (
    ACTOR1_MISSING,
    ACTOR1_UNRESOLVABLE,
    ACTOR2_MISSING,
    ACTOR2_UNRESOLVABLE,
    BAD_DATE,
    BAD_ID,
    BAD_NUMBER,
    GOLDSTEIN_MAX,
    GOLDSTEIN_MIN,
    NOT_CAMEO,
    PLOVER_BY_CODE,
    SAME_ACTOR,
    SOURCE_ID_MAX,
    Skip,
    build_observation,
)
from dtl.application.importers.layouts import GDELT1_WIDTHS, GDELT2_WIDTH, gdelt_index
from dtl.domain.errors import InvalidInput
from dtl.domain.observations import Observation

_QUAD = {"1": 1, "2": 2, "3": 3, "4": 4}
_BAD = object()
_ABSENT = object()
_CACHE_LIMIT = 100_000


def parse_day(text: str) -> date | None:
    """YYYYMMDD (ASCII digits only) -> date, or None."""
    if len(text) == 8 and text.isdigit() and text.isascii():
        try:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            return None
    return None


@lru_cache(maxsize=4096)
def parse_added(text: str) -> datetime | None:
    """DATEADDED: YYYYMMDDHHMMSS (2.0) or YYYYMMDD (1.0), UTC -> datetime, or None.
    Cached: one GDELT file holds only a few distinct values (its 15-minute slot)."""
    if text.isdigit() and text.isascii():
        try:
            if len(text) == 14:
                return datetime(
                    int(text[:4]), int(text[4:6]), int(text[6:8]),
                    int(text[8:10]), int(text[10:12]), int(text[12:]), tzinfo=UTC,
                )  # fmt: skip
            if len(text) == 8:
                return datetime(int(text[:4]), int(text[4:6]), int(text[6:]), tzinfo=UTC)
        except ValueError:
            return None
    return None


def _width_error(expected: int, found: int, line: int) -> InvalidInput:
    hint = " (is the file truncated?)" if found < expected else ""
    return InvalidInput("columns", f"expected {expected} tab-separated columns, found {found}{hint}", line)


def parse_gdelt(
    lines: Iterable[tuple[int, str]], version: Literal[1, 2] = 2, actors: ActorCodes | None = None
) -> Iterator[Observation | Skip]:
    """GDELT 2.0 (61 columns) or 1.0 (58, or 57 before 2013-04) rows -> Observation | Skip.

    ``lines`` are ``(line_number, text)`` as ``sources.numbered_lines`` gives them. Blank lines
    are ignored; a line of the wrong width raises ``InvalidInput("columns", ..., line)``.
    """
    if version not in (1, 2):
        raise ValueError("GDELT version is 1 or 2")
    resolver = actors or actor_codes()
    resolve = resolver.gdelt
    resolved = resolver.gdelt_cache  # its cache, read inline: most rows repeat an actor seen before
    plovers = PLOVER_BY_CODE
    quads = _QUAD
    build = build_observation
    days: dict[str, date | None] = {}
    added: dict[str, datetime | None | object] = {}
    widths = (GDELT2_WIDTH,) if version == 2 else GDELT1_WIDTHS
    width = GDELT2_WIDTH if version == 2 else 0  # a 1.0 file's width is fixed by its first row
    i_added = i_url = 0
    if version == 2:
        index = gdelt_index(2)
        i_added, i_url = index["DATEADDED"], index["SOURCEURL"]
    isfinite = math.isfinite

    for number, text in lines:
        f = text.split("\t")
        if len(f) != width:
            if not text.strip():
                continue
            if width or len(f) not in widths:
                raise _width_error(width or max(widths), len(f), number)
            width = len(f)
            index = gdelt_index(1, width)
            i_added, i_url = index["DATEADDED"], index.get("SOURCEURL", -1)

        # actors (most skips are here, so they go first)
        a1 = resolved.get((f[5], f[7], f[8])) or resolve(f[5], f[7], f[8])
        if a1.__class__ is not str:
            yield Skip(number, ACTOR1_MISSING if a1 is MISSING else ACTOR1_UNRESOLVABLE)
            continue
        a2 = resolved.get((f[15], f[17], f[18])) or resolve(f[15], f[17], f[18])
        if a2.__class__ is not str:
            yield Skip(number, ACTOR2_MISSING if a2 is MISSING else ACTOR2_UNRESOLVABLE)
            continue
        if a1 == a2:
            yield Skip(number, SAME_ACTOR)
            continue

        code = f[26]
        if code not in plovers:  # the codebook; artefact codes such as 0811i are not in it
            yield Skip(number, NOT_CAMEO)
            continue

        # dates (cached: a file has few distinct SQLDATEs and DATEADDEDs)
        s = f[1]
        on = days.get(s, _ABSENT)
        if on is _ABSENT:
            if len(days) >= _CACHE_LIMIT:
                days.clear()
            on = days[s] = parse_day(s)
        if on is None:
            yield Skip(number, BAD_DATE)
            continue
        s = f[i_added]
        published = added.get(s, _ABSENT)
        if published is _ABSENT:
            if len(added) >= _CACHE_LIMIT:
                added.clear()
            published = added[s] = (parse_added(s) or _BAD) if s else None
        if published is _BAD:
            yield Skip(number, BAD_DATE)
            continue

        # numbers
        quad = quads.get(f[29])
        try:
            goldstein = float(f[30])
            tone = float(f[34]) if f[34] else None
        except ValueError:
            yield Skip(number, BAD_NUMBER)
            continue
        s = f[31]
        if s.isdigit() and s.isascii():
            mentions = int(s)
        elif s:
            mentions = _BAD
        else:
            mentions = None
        if (
            quad is None
            or not GOLDSTEIN_MIN <= goldstein <= GOLDSTEIN_MAX
            or (tone is not None and not isfinite(tone))
            or mentions is _BAD
        ):
            yield Skip(number, BAD_NUMBER)
            continue

        source_id = f[0]
        if not (source_id.isdigit() and source_id.isascii() and len(source_id) <= SOURCE_ID_MAX):
            yield Skip(number, BAD_ID)
            continue

        url = f[i_url] if i_url >= 0 else ""
        yield build(
            "gdelt", source_id, on, a1, a2, f[5], f[15], code, goldstein, quad, plovers[code],
            published, url or None, mentions, tone,
        )  # fmt: skip
