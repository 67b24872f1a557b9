"""What every importer shares: the Skip record, its reasons, and the fast Observation constructor.

Speed: pydantic's ``Observation.model_construct`` costs about 3.4 us here (it walks every field
looking for aliases), more than full validation (about 1.6 us). ``build_observation`` does what
``model_construct`` does for this model (no aliases, no defaults left unset, no post-init) by
setting ``__dict__`` and the fields-set directly: about 0.5 us. The importers run their own
explicit checks first, so the result is exactly what validation would give; the tests check
``Observation.model_validate(o.model_dump()) == o`` on every fixture row and on
hypothesis-generated rows, and that ``build_observation(**v) == Observation.model_construct(**v)``.
If a pydantic upgrade ever broke the equivalence, the self-check below falls back to
``model_construct``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from dtl.domain import cameo
from dtl.domain.observations import Observation


@dataclass(frozen=True, slots=True)
class Skip:
    """A row that is not imported, and why (one of SKIP_REASONS)."""

    line: int
    reason: str


# The fixed set of reasons a row is skipped. Checked in this order: the first that applies wins.
ACTOR1_MISSING = "actor1 missing"
ACTOR1_UNRESOLVABLE = "actor1 not resolvable"
ACTOR2_MISSING = "actor2 missing"
ACTOR2_UNRESOLVABLE = "actor2 not resolvable"
SAME_ACTOR = "same actor on both sides"
NOT_CAMEO = "event code not in CAMEO"
BAD_DATE = "bad date"
BAD_NUMBER = "bad number"
BAD_ID = "bad event id"
SKIP_REASONS = (
    ACTOR1_MISSING, ACTOR1_UNRESOLVABLE, ACTOR2_MISSING, ACTOR2_UNRESOLVABLE, SAME_ACTOR,
    NOT_CAMEO, BAD_DATE, BAD_NUMBER, BAD_ID,
)  # fmt: skip

SOURCE_ID_MAX = 200  # Observation.source_id's max_length
GOLDSTEIN_MIN, GOLDSTEIN_MAX = -10.0, 10.0

FIELDS = tuple(Observation.model_fields)
_FIELDS_SET = frozenset(FIELDS)

# CAMEO code -> PLOVER type, for every code in the codebook (artefact codes are not in it).
PLOVER_BY_CODE: dict[str, str | None] = {
    code: cameo.PLOVER_BY_ROOT.get(code[:2]) for code in cameo.codebook()
}
QUAD_BY_CODE: dict[str, int] = {code: cameo.quad_class(code) for code in cameo.codebook()}

_new = Observation.__new__
_set = object.__setattr__


def _fast(
    system: str, source_id: str, on: date, actor1: str, actor2: str, actor1_code: str, actor2_code: str,
    cameo: str, goldstein: float, quad_class: int, plover: str | None, published: datetime | None,
    url: str | None, mentions: int | None, tone: float | None,
) -> Observation:  # fmt: skip
    obs = _new(Observation)
    _set(obs, "__dict__", {
        "system": system, "source_id": source_id, "on": on, "actor1": actor1, "actor2": actor2,
        "actor1_code": actor1_code, "actor2_code": actor2_code, "cameo": cameo,
        "goldstein": goldstein, "quad_class": quad_class, "plover": plover, "published": published,
        "url": url, "mentions": mentions, "tone": tone,
    })  # fmt: skip
    _set(obs, "__pydantic_fields_set__", set(_FIELDS_SET))
    _set(obs, "__pydantic_extra__", None)
    _set(obs, "__pydantic_private__", None)
    return obs


def _slow(*args: Any, **values: Any) -> Observation:
    values.update(zip(FIELDS, args, strict=False))
    return Observation.model_construct(**values)


def _same(a: Observation, b: Observation) -> bool:
    return (
        a == b
        and a.__dict__ == b.__dict__
        and list(a.__dict__) == list(b.__dict__)
        and a.model_fields_set == b.model_fields_set
        and a.__pydantic_extra__ == b.__pydantic_extra__
        and a.__pydantic_private__ == b.__pydantic_private__
    )


def _self_check() -> bool:
    sample = dict(
        system="gdelt", source_id="1", on=date(2020, 1, 2), actor1="USA", actor2="RUS",
        actor1_code="USAGOV", actor2_code="RUS", cameo="042", goldstein=1.9, quad_class=1,
        plover="CONSULT", published=datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC), url="http://x.test/",
        mentions=3, tone=-1.5,
    )  # fmt: skip
    if set(sample) != _FIELDS_SET:
        return False
    try:
        fast = _fast(**sample)
        return _same(fast, _slow(**sample)) and _same(fast, Observation.model_validate(fast.model_dump()))
    except Exception:  # any surprise from pydantic internals: use the public constructor
        return False


FAST_CONSTRUCT = _self_check()
build_observation = _fast if FAST_CONSTRUCT else _slow
"""Build an Observation from values the caller has already checked (all fields, by keyword or
in field order). Same result as ``Observation.model_construct``, faster."""
