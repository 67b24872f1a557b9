"""From a coder's actor to a dtl actor code, never by guessing.

GDELT (CAMEO actor codes), in this order:
1. the full actor code is an actor's CAMEO code in the registry (IGOWSTNAT -> NATO);
2. else, if the row names a known group (Actor1KnownGroupCode), that group's code as it appears
   as the last three-letter block of a registered CAMEO code (NAT -> NATO, UNO -> UN,
   HMS -> HAMAS); a known group dtl does not have is *not resolvable*: a rebel group or an
   agency acting is not its country acting, so it is never attributed to the state;
3. else the actor's country code (a CAMEO country code: ISO 3166-1 alpha-3 save for a few codes
   ISO itself used before changing them, mapped in CAMEO_COUNTRY_TO_ISO) resolved to a state;
   regions (AFR, EUR, WST, ...) and codes with no state in the registry (KOS, GZS, WSB, ...)
   are not resolvable;
4. else an actor that is coded but has none of the above (CVL, GOV, BUS: no country) is not
   resolvable, and a side with no code at all is missing.
Note that rule 3 is GDELT's own country-level aggregation: USAGOV, USAMIL, USACVL and USABUS all
resolve to USA; the coder's code is kept in ``actor1_code``/``actor2_code`` for anyone who wants
to tell them apart.

ICEWS (actor names and country names): an actor name that is exactly the code, name or an alias
of an organisation or group in the registry (accents and case ignored: "Hamas", "North Atlantic
Treaty Organization", "European Union") resolves to it; else the
country name must be the name or an alias of a state; else not resolvable, or missing if the
row names no actor at all.
"""

from __future__ import annotations

import unicodedata
from enum import Enum
from functools import cache

from dtl.domain.actors import ActorKind, ActorRegistry, registry

# CAMEO country codes that differ from today's ISO 3166-1 alpha-3: only codes that ISO itself
# assigned to the same country before changing them, so the mapping is certain.
CAMEO_COUNTRY_TO_ISO = {
    "ROM": "ROU",  # Romania (ISO changed ROM -> ROU in 2002; CAMEO kept ROM)
    "TMP": "TLS",  # East Timor / Timor-Leste (ISO changed TMP -> TLS in 2002)
    "ZAR": "COD",  # Zaire / DR Congo (ISO changed ZAR -> COD in 1997)
}

_CACHE_LIMIT = 200_000


class Unresolved(Enum):
    MISSING = "missing"
    NOT_RESOLVABLE = "not resolvable"


MISSING = Unresolved.MISSING
NOT_RESOLVABLE = Unresolved.NOT_RESOLVABLE


def fold(text: str) -> str:
    """Compare names without case, accents or repeated spaces (Côte d'Ivoire = Cote d'Ivoire)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


class ActorCodes:
    """Resolution indexes built once from the registry; lookups are cached per distinct actor."""

    def __init__(self, actors: ActorRegistry | None = None):
        actors = actors or registry()
        self.by_cameo: dict[str, str] = {}
        groups: dict[str, set[str]] = {}
        self.states: set[str] = set()
        self.state_names: dict[str, str] = {}
        self.org_names: dict[str, str] = {}
        for actor in actors:
            if actor.kind is ActorKind.STATE:
                self.states.add(actor.code)
                for name in (actor.name, *actor.aliases):
                    self.state_names.setdefault(fold(name), actor.code)
            else:
                for name in (actor.code, actor.name, *actor.aliases):
                    self.org_names.setdefault(fold(name), actor.code)
            for code in actor.cameo:
                self.by_cameo[code.upper()] = actor.code
                if len(code) >= 6 and len(code) % 3 == 0:
                    groups.setdefault(code[-3:].upper(), set()).add(actor.code)
        # a group block shared by two actors would be ambiguous: such a block resolves nothing
        self.by_group = {block: next(iter(codes)) for block, codes in groups.items() if len(codes) == 1}
        self.countries = {code: code for code in self.states}
        for cameo_code, iso in CAMEO_COUNTRY_TO_ISO.items():
            if iso in self.states and cameo_code not in self.states:
                self.countries[cameo_code] = iso
        self.gdelt_cache: dict[tuple[str, str, str], str | Unresolved] = {}
        self.icews_cache: dict[tuple[str, str], str | Unresolved] = {}

    # -- GDELT ---------------------------------------------------------------------------------
    def gdelt(self, code: str, country: str, group: str) -> str | Unresolved:
        """(ActorCode, ActorCountryCode, ActorKnownGroupCode) -> dtl code, or why not."""
        key = (code, country, group)
        found = self.gdelt_cache.get(key)
        if found is None:
            if len(self.gdelt_cache) >= _CACHE_LIMIT:
                self.gdelt_cache.clear()
            found = self.gdelt_cache[key] = self._resolve_gdelt(code, country, group)
        return found

    def _resolve_gdelt(self, code: str, country: str, group: str) -> str | Unresolved:
        code, country, group = code.strip(), country.strip(), group.strip()
        hit = self.by_cameo.get(code.upper()) if code else None
        if hit is not None:
            return hit
        if group:
            return self.by_group.get(group.upper(), NOT_RESOLVABLE)
        if country:
            return self.countries.get(country.upper(), NOT_RESOLVABLE)
        return NOT_RESOLVABLE if code else MISSING

    # -- ICEWS ---------------------------------------------------------------------------------
    def icews(self, name: str, country: str) -> str | Unresolved:
        """(Source/Target Name, Source/Target Country) -> dtl code, or why not."""
        key = (name, country)
        found = self.icews_cache.get(key)
        if found is None:
            if len(self.icews_cache) >= _CACHE_LIMIT:
                self.icews_cache.clear()
            found = self.icews_cache[key] = self._resolve_icews(name, country)
        return found

    def _resolve_icews(self, name: str, country: str) -> str | Unresolved:
        name, country = name.strip(), country.strip()
        if name:
            hit = self.org_names.get(fold(name))
            if hit is not None:
                return hit
        if country:
            return self.state_names.get(fold(country), NOT_RESOLVABLE)
        return NOT_RESOLVABLE if name else MISSING


@cache
def actor_codes() -> ActorCodes:
    """The shared resolver over the shipped registry."""
    return ActorCodes()
