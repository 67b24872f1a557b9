"""Reference data as plain data: the actors dtl knows and the catalogue of action types.
Neither needs a store."""

from __future__ import annotations

from typing import Any

from dtl.domain import catalogue as cat
from dtl.domain.actors import ActorKind, registry
from dtl.domain.errors import InvalidInput


def actors(search: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    try:
        kind_enum = ActorKind(kind) if kind else None
    except ValueError:
        raise InvalidInput("kind", "use state, organisation, group or treaty") from None
    return [
        {"code": a.code, "name": a.name, "kind": a.kind.value, "aliases": list(a.aliases),
         "cameo": list(a.cameo)}
        for a in registry().search(search, kind_enum)
    ]  # fmt: skip


def catalogue() -> list[dict[str, Any]]:
    return [
        {
            "type": t.name, "family": t.family, "effect": t.effect.value, "aspect": t.aspect,
            "status": t.status if t.status_from in (None, "effective") and t.status else
                      f"the --{t.status_from}" if t.status_from == "level" else t.status,
            "status_from": t.status_from, "switches": t.switches,
            "pair": [r.value for r in t.pair],
            "holder": t.holder.value if t.holder else "mutual", "cameo": t.cameo_code,
            "goldstein": t.goldstein, "quad_class": t.quad_class, "plover": t.plover,
            "plover_mode": t.plover_mode, "rules": [r.value for r in t.rules],
            "details": list(t.details), "summary": t.summary,
        }
        for t in cat.RECORDABLE.values()
    ]  # fmt: skip


def aspects() -> list[str]:
    return sorted({t.aspect for t in cat.CATALOGUE.values() if t.aspect})


def check_types(types: list[str] | None) -> None:
    for t in types or []:
        if t not in cat.CATALOGUE:
            raise InvalidInput("type", f"unknown action type {t[:40]!r}; see 'dtl catalogue'")


def check_aspect(aspect: str | None) -> None:
    if aspect is not None and aspect not in {t.aspect for t in cat.CATALOGUE.values()}:
        raise InvalidInput("aspect", f"unknown aspect {aspect[:40]!r}; one of {', '.join(aspects())}")
