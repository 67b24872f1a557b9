"""ICEWS event rows -> Observations (or Skips, with a reason).

ICEWS event files (Harvard Dataverse) are tab-separated with a header (see ``layouts``);
columns are found by name, so their order does not matter. Per row: system "icews";
source_id = "{Event ID}:{Event Date}" (an ICEWS Event ID is unique only together with its date);
on = Event Date; cameo = CAMEO Code (a string, leading zeros kept); goldstein = Intensity;
quad_class from the CAMEO root as GDELT assigns it (``domain.cameo.quad_class``: ICEWS has no
QuadClass of its own); plover from the root; no published, url, mentions or tone.
Actors: Source/Target Name when it is an organisation or group dtl knows, else Source/Target
Country (a country *name*) resolved through the registry's names and aliases.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from datetime import date

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
    QUAD_BY_CODE,
    SAME_ACTOR,
    SOURCE_ID_MAX,
    Skip,
    build_observation,
)
from dtl.application.importers.layouts import ICEWS_COLUMNS
from dtl.domain.errors import InvalidInput
from dtl.domain.observations import Observation

REQUIRED = (
    "Event ID", "Event Date", "Source Name", "Source Country", "CAMEO Code", "Intensity",
    "Target Name", "Target Country",
)  # fmt: skip


def parse_event_date(text: str) -> date | None:
    """YYYY-MM-DD (ASCII digits) -> date, or None."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():
        y, m, d = text[:4], text[5:7], text[8:]
        if y.isdigit() and m.isdigit() and d.isdigit():
            try:
                return date(int(y), int(m), int(d))
            except ValueError:
                return None
    return None


def _header(text: str, number: int) -> dict[str, int]:
    names = [name.strip() for name in text.split("\t")]
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in index:
            raise InvalidInput("columns", f"the ICEWS header names {name!r} twice", number)
        index[name] = i
    missing = [name for name in REQUIRED if name not in index]
    if missing:
        raise InvalidInput(
            "columns",
            f"the ICEWS header lacks {', '.join(repr(m) for m in missing)} "
            f"(expected: {', '.join(ICEWS_COLUMNS)})",
            number,
        )
    return index


def parse_icews(
    lines: Iterable[tuple[int, str]], actors: ActorCodes | None = None
) -> Iterator[Observation | Skip]:
    """An ICEWS file's lines (header first) -> Observation | Skip per data row."""
    resolve = (actors or actor_codes()).icews
    build = build_observation
    index: dict[str, int] | None = None
    width = 0
    for number, text in lines:
        if not text.strip():
            continue
        f = text.split("\t")
        if index is None:
            index = _header(text, number)
            width = len(f)
            i_id, i_date = index["Event ID"], index["Event Date"]
            i_sname, i_scountry = index["Source Name"], index["Source Country"]
            i_tname, i_tcountry = index["Target Name"], index["Target Country"]
            i_code, i_intensity = index["CAMEO Code"], index["Intensity"]
            continue
        if len(f) != width:
            hint = " (is the file truncated?)" if len(f) < width else ""
            raise InvalidInput(
                "columns", f"expected {width} tab-separated columns, found {len(f)}{hint}", number
            )

        a1 = resolve(f[i_sname], f[i_scountry])
        if a1.__class__ is not str:
            yield Skip(number, ACTOR1_MISSING if a1 is MISSING else ACTOR1_UNRESOLVABLE)
            continue
        a2 = resolve(f[i_tname], f[i_tcountry])
        if a2.__class__ is not str:
            yield Skip(number, ACTOR2_MISSING if a2 is MISSING else ACTOR2_UNRESOLVABLE)
            continue
        if a1 == a2:
            yield Skip(number, SAME_ACTOR)
            continue
        code = f[i_code].strip()
        if code not in PLOVER_BY_CODE:
            yield Skip(number, NOT_CAMEO)
            continue
        day_text = f[i_date].strip()
        on = parse_event_date(day_text)
        if on is None:
            yield Skip(number, BAD_DATE)
            continue
        try:
            goldstein = float(f[i_intensity])
        except ValueError:
            yield Skip(number, BAD_NUMBER)
            continue
        if not (math.isfinite(goldstein) and GOLDSTEIN_MIN <= goldstein <= GOLDSTEIN_MAX):
            yield Skip(number, BAD_NUMBER)
            continue
        event_id = f[i_id].strip()
        source_id = f"{event_id}:{day_text}"
        if not event_id or len(source_id) > SOURCE_ID_MAX:
            yield Skip(number, BAD_ID)
            continue
        yield build(
            "icews", source_id, on, a1, a2, "", "", code, goldstein, QUAD_BY_CODE[code],
            PLOVER_BY_CODE[code], None, None, None, None,
        )  # fmt: skip
