"""Actors: states (ISO 3166-1 alpha-3, from pycountry), organisations and non-state groups.

One registry resolves every code or alias a user or a data file may give; an unknown code
is rejected with the closest known codes, never guessed.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import re
import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from importlib import resources
from pathlib import Path

from dtl.domain.errors import InvalidInput

# States that no longer exist, from ISO 3166-3: the dissolved or divided ones only. A state that
# was renamed (Zaire, East Timor's TMP) is today's state: its old code means the same actor.
DISSOLVED = frozenset({"SUN", "YUG", "CSK", "DDR", "SCG", "YMD", "VDR"})
ATOP_CODE = re.compile(r"ATOP(\d{4})")


class ActorKind(str, Enum):
    STATE = "state"
    ORGANISATION = "organisation"
    GROUP = "group"
    TREATY = "treaty"


@dataclass(frozen=True)
class Actor:
    code: str
    name: str
    kind: ActorKind
    aliases: tuple[str, ...] = field(default=())
    cameo: tuple[str, ...] = field(default=())
    obligations: tuple[str, ...] = field(default=())  # a treaty's, as ATOP codes alliances

    @property
    def is_organisation(self) -> bool:
        return self.kind is ActorKind.ORGANISATION

    @property
    def is_treaty(self) -> bool:
        return self.kind is ActorKind.TREATY


class ActorRegistry:
    def __init__(self, actors: list[Actor]):
        self._by_code = {a.code: a for a in actors}
        self._by_name: dict[str, Actor] = {}
        for actor in actors:
            for name in (actor.name, *actor.aliases, *actor.cameo):
                self._by_name.setdefault(name.casefold(), actor)

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self):
        return iter(sorted(self._by_code.values(), key=lambda a: a.code))

    def get(self, text: str) -> Actor | None:
        if not isinstance(text, str):
            return None
        key = text.strip()
        if _look_alike(key) is not None:
            return None
        found = self._by_code.get(key.upper()) or self._by_name.get(key.casefold())
        if found is None and (match := ATOP_CODE.fullmatch(key.upper())):
            # An alliance as ATOP numbers it: a treaty without a name in dtl's list, named by
            # its ATOP id, its obligations recorded party by party (--obligations).
            return Actor(match[0], f"ATOP alliance {match[1]}", ActorKind.TREATY)
        return found

    def resolve(self, text: object, field_name: str = "actor") -> Actor:
        if not isinstance(text, str) or not text.strip():
            raise InvalidInput(field_name, "an actor code is required (e.g. TUR, NATO, HAMAS)")
        actor = self.get(text)
        if actor is not None:
            return actor
        shown = text if len(text) <= 40 else text[:40] + "..."
        hint = self.suggest(text)
        tail = f"; did you mean {', '.join(hint)}?" if hint else "; see 'dtl actors'"
        foreign = next((ch for ch in text.strip() if not ch.isascii()), None)
        if foreign is not None:  # a homoglyph or a zero-width joiner hides in plain sight
            name = unicodedata.name(foreign, "unnamed")
            tail = f" (it holds U+{ord(foreign):04X} {name}; codes are ASCII){tail}"
        raise InvalidInput(field_name, f"unknown actor {shown!r}{tail}")

    def suggest(self, text: str, n: int = 3) -> list[str]:
        probe = text.strip()[:40]
        codes = difflib.get_close_matches(probe.upper(), list(self._by_code), n=n, cutoff=0.5)
        if len(codes) < n:
            names = difflib.get_close_matches(probe.casefold(), list(self._by_name), n=n, cutoff=0.7)
            for name in names:
                code = self._by_name[name].code
                if code not in codes:
                    codes.append(code)
        return codes[:n]

    def search(self, text: str | None = None, kind: ActorKind | None = None) -> list[Actor]:
        found = []
        needle = (text or "").strip().casefold()
        for actor in self:
            if kind is not None and actor.kind is not kind:
                continue
            haystack = [actor.code, actor.name, *actor.aliases, *actor.cameo]
            if not needle or any(needle in h.casefold() for h in haystack):
                found.append(actor)
        return found


def _look_alike(text: str) -> str | None:
    """The first non-ASCII letter whose case mapping is ASCII (dotless 'ı' upper-cases to 'I',
    the long 's' and the Kelvin sign fold to 's' and 'k'): folding it would let a look-alike
    pass for a code, so it is refused instead. No actor's name holds such a letter."""
    for ch in text:
        if not ch.isascii() and any(m.isascii() for m in (ch.upper(), ch.lower(), ch.casefold())):
            return ch
    return None


@cache
def registry() -> ActorRegistry:
    data = json.loads(resources.files(__package__).joinpath("data/organisations.json").read_text())
    state_aliases: dict[str, list[str]] = data["state_aliases"]
    actors: list[Actor] = []
    for country in _iso_3166_countries():
        names = {country["name"]}
        for attr in ("official_name", "common_name"):
            value = country.get(attr)
            if value:
                names.add(value)
        aliases = _distinct(country["name"], [*sorted(names), *state_aliases.get(country["alpha_3"], ())])
        actors.append(Actor(country["alpha_3"], country["name"], ActorKind.STATE, aliases))
    for country in _iso_3166_countries("3166-3"):
        if country.get("alpha_3") in DISSOLVED:
            actors.append(Actor(country["alpha_3"], country["name"], ActorKind.STATE, ()))
    for kind, key in ((ActorKind.ORGANISATION, "organisations"), (ActorKind.GROUP, "groups")):
        for row in data[key]:
            aliases = _distinct(row["name"], row["aliases"])
            actors.append(Actor(row["code"], row["name"], kind, aliases, tuple(row["cameo"])))
    treaties = json.loads(resources.files(__package__).joinpath("data/treaties.json").read_text())
    for row in treaties["treaties"]:
        aliases = _distinct(row["name"], row["aliases"])
        obligations = tuple(row["obligations"])
        actors.append(Actor(row["code"], row["name"], ActorKind.TREATY, aliases, (), obligations))
    return ActorRegistry(actors)


def _distinct(name: str, aliases: list[str]) -> tuple[str, ...]:
    """The aliases in their order, each once whatever its case, and none that is the name:
    ISO 3166's common name and dtl's own list may both say "Syria"."""
    seen = {name.casefold()}
    kept = []
    for alias in aliases:
        if alias.casefold() not in seen:
            seen.add(alias.casefold())
            kept.append(alias)
    return tuple(kept)


def _iso_3166_countries(part: str = "3166-1") -> list[dict[str, str]]:
    """ISO 3166-1 as pycountry ships it (its databases/iso3166-1.json, from Debian's iso-codes).

    Read directly rather than through `import pycountry`, whose import asks importlib.metadata
    for its own version: that alone was ~15 ms of every command's start-up. A test holds this
    list equal to pycountry.countries."""
    spec = importlib.util.find_spec("pycountry")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover
        raise RuntimeError("pycountry is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "databases" / f"iso{part}.json"
    return json.loads(path.read_text(encoding="utf-8"))[part]
