"""Actions as recorded: validated input in, an immutable ActionData out.

Every way into the store (CLI options, a JSONL or CSV line, the HTTP API) builds an
ActionInput, so there is one validation path and one set of error messages.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from dtl.domain.actors import ActorRegistry, registry
from dtl.domain.catalogue import (
    CATALOGUE,
    CHARGES,
    LEVELS,
    OBLIGATIONS,
    RECOGNITION_KINDS,
    RECORDABLE,
    THREAT_KINDS,
    ActionType,
    Role,
    cameo_for,
)
from dtl.domain.dates import EdtfDate, FuzzyDate
from dtl.domain.errors import InvalidInput
from dtl.domain.provenance import Source, control_character

ACTION_NAMESPACE = uuid.UUID("5b1f3c4e-6a0d-4d2b-9a57-0d3c2f1e9b11")
TEXT_LIMIT = 2000


class ActionData(BaseModel):
    """An action as stored in its ActionRecorded event: codes resolved, details checked."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    type: str
    by: tuple[str, ...]
    target: str
    forum: str | None = None
    on: EdtfDate
    scope: str | None = None
    condition: str | None = None
    kind: str | None = None
    charge: str | None = None
    note: str | None = None
    cameo: str
    sources: tuple[Source, ...] = ()
    # Actions (ids) this one came after, where their dates leave the order open (the same day).
    after: tuple[str, ...] = ()
    # Announced to take effect on its date, which had not come when it was recorded; until a
    # correction confirms it (announced false), answers say it was only announced.
    announced: bool = False
    # Added in 0.4 (the vocabulary of diplomacy): a representation's level, the day a
    # withdrawal notice takes effect, the claimant a recognition moves away from.
    level: str | None = None
    effective: EdtfDate | None = None
    instead_of: str | None = None
    obligations: tuple[str, ...] = ()  # what a party to a treaty undertakes (ATOP's kinds)
    in_response_to: tuple[str, ...] = ()  # the actions (ids) it answered: why it happened

    @property
    def action_type(self) -> ActionType:
        return CATALOGUE[self.type]

    @property
    def date(self) -> FuzzyDate:
        return FuzzyDate.parse(self.on)

    @property
    def resolved_forum(self) -> str | None:
        """The organisation whose rules apply: explicit, or the organisation side of a membership."""
        kind = self.action_type
        if self.forum:
            return self.forum
        if kind.org_role is Role.BY:
            return self.by[0]
        if kind.org_role is Role.TARGET:
            return self.target
        return None

    @property
    def status(self) -> str | None:
        """The status of the measure this action opens (a level, a kind of recognition, ...)."""
        kind = self.action_type
        value = getattr(self, kind.status_from) if kind.status_from else None
        return kind.status_of(value)

    def role(self, role: Role, initiator: str) -> str:
        if role is Role.BY:
            return initiator
        if role is Role.TARGET:
            return self.target
        forum = self.resolved_forum
        assert forum is not None
        return forum

    def pairs(self) -> list[tuple[str, str]]:
        """The unordered pairs this action affects: one per initiator."""
        first, second = self.action_type.pair
        found = []
        for initiator in self.by:
            pair = tuple(sorted((self.role(first, initiator), self.role(second, initiator))))
            if pair not in found:
                found.append(pair)
            if self.instead_of:  # a switch ends the same measure towards the other claimant
                other = tuple(sorted((initiator, self.instead_of)))
                if other not in found:
                    found.append(other)
        return found  # type: ignore[return-value]

    def with_changes(self, changes: dict[str, Any]) -> ActionData:
        return ActionData.model_validate({**self.model_dump(), **changes})


class ActionInput(BaseModel):
    """What a user gives to record an action. Strings are trimmed; unknown fields rejected."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)

    type: str = Field(max_length=40)
    by: list[str] = Field(min_length=1, max_length=50)
    target: str = Field(max_length=100)
    forum: str | None = Field(default=None, max_length=100)
    on: EdtfDate
    scope: str | None = Field(default=None, max_length=TEXT_LIMIT)
    condition: str | None = Field(default=None, max_length=TEXT_LIMIT)
    kind: str | None = Field(default=None, max_length=40)
    charge: str | None = Field(default=None, max_length=40)
    note: str | None = Field(default=None, max_length=TEXT_LIMIT)
    cameo: str | None = Field(default=None, max_length=8)
    key: str | None = Field(default=None, min_length=1, max_length=200)
    sources: list[Source] = Field(default_factory=list, max_length=20)
    after: list[str] = Field(default_factory=list, max_length=20)  # full action ids (the facade resolves)
    announced: bool = False
    level: str | None = Field(default=None, max_length=40)
    effective: EdtfDate | None = None
    instead_of: str | None = Field(default=None, max_length=100)
    obligations: list[str] = Field(default_factory=list, max_length=5)
    in_response_to: list[str] = Field(default_factory=list, max_length=20)  # full ids (the facade resolves)

    @field_validator("in_response_to", mode="before")
    @classmethod
    def _split_responses(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("obligations", mode="before")
    @classmethod
    def _split_obligations(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("after", mode="before")
    @classmethod
    def _split_after(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",")]
        return value

    @field_validator("by", mode="before")
    @classmethod
    def _split_initiators(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part for part in value.split(",")]
        return value


def _first_error(exc: ValidationError) -> InvalidInput:
    error = exc.errors()[0]
    loc = [str(p) or '""' for p in error.get("loc", ())]  # a JSON key may be the empty string
    field = ".".join(loc) or "input"
    message = error.get("msg", "invalid")
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if error.get("type") == "extra_forbidden":
        message = "is not a field of an action (see 'dtl record --help')"
    elif error.get("type") == "missing":
        message = "is required"
    elif error.get("type") == "string_unicode":  # undecodable argv bytes: lone surrogates
        message = "is not valid UTF-8"
    return InvalidInput(field, message)


def parse_input(raw: dict[str, Any]) -> ActionInput:
    try:
        return ActionInput.model_validate(raw)
    except ValidationError as exc:
        raise _first_error(exc) from None


def validate_text(field: str, value: str | None, allowed: str = "\n\t") -> None:
    """Control characters in free text are refused: they corrupt terminals and exports."""
    problem = None if value is None else control_character(value, allowed)
    if problem:
        raise InvalidInput(field, problem)


def build_action(given: ActionInput, actors: ActorRegistry | None = None) -> tuple[ActionData, str]:
    """Resolve codes, apply the catalogue's constraints; return the action and its idempotency key."""
    actors = actors or registry()
    kind = CATALOGUE.get(given.type.lower())
    if kind is None:
        import difflib

        close = difflib.get_close_matches(given.type.lower(), list(RECORDABLE), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see 'dtl catalogue'"
        raise InvalidInput("type", f"unknown action type {given.type[:40]!r}{hint}")
    if kind.retired:
        raise InvalidInput("type", f"{kind.name} can no longer be recorded: {kind.retired}")
    by = []
    for code in given.by:
        actor = actors.resolve(code, "by")
        if actor.code in by:
            raise InvalidInput("by", f"{actor.code} is named twice")
        by.append(actor.code)
    target_actor = actors.resolve(given.target, "target")
    target = target_actor.code
    if kind.on_treaty and not target_actor.is_treaty:
        raise InvalidInput("target", f"{kind.name} needs a treaty as target (dtl actors --kind treaty)")
    if target_actor.is_treaty and not kind.on_treaty:
        raise InvalidInput("target", f"{target} is a treaty: act on it with sign-treaty, ratify-treaty, ...")
    if any(actors.resolve(code, "by").is_treaty for code in by):
        raise InvalidInput("by", "a treaty does not act: its parties do")
    if target in by:
        raise InvalidInput("target", f"{target} cannot act on itself")
    forum = None
    if given.forum:
        forum_actor = actors.resolve(given.forum, "forum")
        if not forum_actor.is_organisation:
            raise InvalidInput("forum", f"{forum_actor.code} is not an organisation")
        forum = forum_actor.code
        if forum in by:
            raise InvalidInput("forum", f"{forum} cannot be both the forum and an initiator")
    if kind.needs_forum and forum is None:
        raise InvalidInput("forum", f"{kind.name} needs the organisation it happens in (--forum)")
    if forum is not None and forum == target and kind.pair.count(Role.FORUM):
        raise InvalidInput("target", f"{kind.name} needs a target other than the forum {forum}")
    if kind.org_role is Role.BY and (len(by) != 1 or not actors.resolve(by[0], "by").is_organisation):
        raise InvalidInput("by", f"{kind.name} is done by one organisation (e.g. --by NATO)")
    if kind.org_role is Role.TARGET and not actors.resolve(target, "target").is_organisation:
        raise InvalidInput("target", f"{kind.name} needs an organisation as target (e.g. --target NATO)")
    if kind.org_role is not None and forum is not None:
        raise InvalidInput("forum", f"{kind.name} takes no --forum: the organisation is the forum")
    if kind.is_measure and not kind.needs_forum and kind.org_role is None and forum is not None:
        raise InvalidInput("forum", f"{kind.name} takes no --forum")

    for field in ("scope", "condition", "kind", "charge", "cameo", "level", "effective"):
        value = getattr(given, field)
        if value is not None and field not in kind.details:
            raise InvalidInput(field, f"is not used by {kind.name}")
    _check_details(kind, given.kind, given.level, given.effective, given.on)
    if given.obligations and "obligations" not in kind.details:
        raise InvalidInput("obligations", f"is not used by {kind.name}")
    unknown = [o for o in given.obligations if o not in OBLIGATIONS]
    if unknown:
        raise InvalidInput("obligations", f"{unknown[0][:40]!r}: use {', '.join(OBLIGATIONS)}")
    instead_of = None
    if given.instead_of is not None:
        if not kind.switches:
            raise InvalidInput("instead_of", f"is not used by {kind.name}")
        instead_of = actors.resolve(given.instead_of, "instead_of").code
        if instead_of == target or instead_of in by:
            raise InvalidInput("instead_of", f"{instead_of} is already a side of this action")
    for field in ("scope", "condition", "note"):
        validate_text(field, getattr(given, field))
    # The key is an identifier kept in the log and in the view: one line, no control characters
    # (PostgreSQL's text columns cannot even hold a NUL).
    validate_text("key", given.key, allowed="")
    for i, source in enumerate(given.sources):
        problem = source.given_problem()
        if problem:
            raise InvalidInput(f"sources.{i}.{problem[0]}", problem[1])
        validate_text(f"sources.{i}.name", source.name)
        validate_text(f"sources.{i}.quote", source.quote)
    if given.charge is not None and given.charge not in CHARGES:
        raise InvalidInput("charge", f"use one of {', '.join(CHARGES)}")

    action = ActionData(
        type=kind.name,
        by=tuple(by),
        target=target,
        forum=forum,
        on=given.on,
        scope=given.scope,
        condition=given.condition,
        kind=given.kind,
        charge=given.charge,
        note=given.note,
        cameo=cameo_for(kind, given.kind, given.charge, given.cameo),
        sources=tuple(given.sources),
        after=tuple(given.after),
        announced=given.announced,
        level=given.level,
        effective=given.effective,
        instead_of=instead_of,
        obligations=tuple(sorted(set(given.obligations), key=OBLIGATIONS.index)),
        in_response_to=tuple(dict.fromkeys(given.in_response_to)),
    )
    return action, given.key or content_key(action)


def kinds_for(kind: ActionType) -> tuple[str, ...]:
    """The values --kind takes for this type."""
    return RECOGNITION_KINDS if kind.status_from == "kind" else tuple(THREAT_KINDS)


def _check_details(
    kind: ActionType, kind_detail: str | None, level: str | None, effective: str | None, on: str
) -> None:
    """The details whose values the catalogue fixes: a threat's kind, a recognition's, a level,
    an effective date (never before the notice)."""
    if kind_detail is not None and kind_detail not in kinds_for(kind):
        raise InvalidInput("kind", f"use one of {', '.join(kinds_for(kind))}")
    if kind.status_from == "level" and level is None:
        raise InvalidInput("level", f"{kind.name} needs --level ({', '.join(LEVELS)})")
    if level is not None and level not in LEVELS:
        raise InvalidInput("level", f"use one of {', '.join(LEVELS)}")
    if effective is not None and FuzzyDate.parse(effective).latest_exclusive <= FuzzyDate.parse(on).earliest:
        raise InvalidInput("effective", f"{effective} is before the notice given on {on}")


# Fields added after release 0.1: left out of the key while they hold their default, so that
# an action recorded before they existed keeps its key (and re-recording it stays a no-op).
LATER_FIELDS = ("after", "announced", "level", "effective", "instead_of", "obligations", "in_response_to")


def content_key(action: ActionData) -> str:
    """The default idempotency key: what happened, not who reported it."""
    content = action.model_dump(exclude={"sources"})
    for name in LATER_FIELDS:
        if content[name] == ActionData.model_fields[name].get_default(call_default_factory=True):
            del content[name]
    content["by"] = sorted(content["by"])
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    return f"content:{digest[:32]}"


def action_id_for(key: str) -> uuid.UUID:
    return uuid.uuid5(ACTION_NAMESPACE, key)


class Changes(BaseModel):
    """A correction: the fields it sets anew. Who acted, and on whom, cannot be corrected:
    that is a different action (retract it and record the right one)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, defer_build=True)

    on: EdtfDate | None = None
    scope: str | None = Field(default=None, max_length=TEXT_LIMIT)
    condition: str | None = Field(default=None, max_length=TEXT_LIMIT)
    kind: str | None = None
    charge: str | None = None
    note: str | None = Field(default=None, max_length=TEXT_LIMIT)
    announced: bool | None = None  # False: it took effect as announced (a confirmation)
    level: str | None = Field(default=None, max_length=40)
    effective: EdtfDate | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.model_dump().items() if v is not None}


def parse_changes(raw: dict[str, Any]) -> Changes:
    try:
        changes = Changes.model_validate(raw)
    except ValidationError as exc:
        raise _first_error(exc) from None
    if not changes.as_dict():
        raise InvalidInput("changes", "name at least one field to correct (--on, --scope, ...)")
    for field in ("scope", "condition", "note"):
        validate_text(field, getattr(changes, field))
    return changes


def apply_changes(action: ActionData, changes: Changes) -> ActionData:
    kind = action.action_type
    values = changes.as_dict()
    for field in ("scope", "condition", "kind", "charge", "level", "effective"):
        if field in values and field not in kind.details:
            raise InvalidInput(field, f"is not used by {kind.name}")
    if "charge" in values and values["charge"] not in CHARGES:
        raise InvalidInput("charge", f"use one of {', '.join(CHARGES)}")
    updated = action.with_changes(values)
    _check_details(kind, updated.kind, updated.level, updated.effective, updated.on)
    code = cameo_for(kind, updated.kind, updated.charge, action.cameo)
    return updated.with_changes({"cameo": code})
