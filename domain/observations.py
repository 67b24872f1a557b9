"""Observations: machine-coded events taken from GDELT, ICEWS and the like.

An observation is an instant action seen by a coder, not a measure an analyst vouches for:
it never opens or closes anything, so it lives in its own stream (one per source event id)
and stays out of the consistency scopes. That keeps a pair with 100,000 observations as
cheap to write to and ask about as a pair with ten.
"""

from __future__ import annotations

from datetime import date, datetime
from hashlib import sha1
from typing import Literal
from uuid import NAMESPACE_URL, UUID

from pydantic import BaseModel, ConfigDict, Field

from dtl.domain.events import DomainEvent

System = Literal["gdelt", "icews", "dtl"]


class Observation(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    system: System
    source_id: str = Field(min_length=1, max_length=200)  # the source's own event id
    on: date  # when it happened, as the coder dated it
    actor1: str  # dtl actor codes (resolved; rows that cannot be are skipped, never guessed)
    actor2: str
    actor1_code: str = ""  # the coder's own actor codes, e.g. USAGOV, IGOWSTNAT
    actor2_code: str = ""
    cameo: str = Field(pattern=r"^\d{2,4}$")
    goldstein: float = Field(ge=-10, le=10)
    quad_class: int = Field(ge=1, le=4)
    plover: str | None = None
    published: datetime | None = None  # when the source published it (GDELT DATEADDED)
    url: str | None = None
    mentions: int | None = None
    tone: float | None = None

    @property
    def key(self) -> str:
        return f"{self.system}:{self.source_id}"


class ObservationRecorded(DomainEvent):
    observation: Observation


_NAMESPACE = NAMESPACE_URL.bytes
_ORDERED_LIMIT = 1 << 48


def observation_hex(key: str) -> str:
    """The stream id (32 hex digits), derived from the source's own id: importing twice adds
    nothing.

    When the source id starts with a number (GDELT's GLOBALEVENTID, ICEWS's Event ID), that
    number fills the id's first six bytes and a SHA-1 of the whole key the rest (a version-8,
    i.e. custom, UUID). Sources number their events roughly in the order they publish them,
    so new ids land at the end of the store's primary-key index rather than at random
    places in it: at a million observations that halves the cost of an insert. Other keys
    get a plain uuid5. Either way, distinct keys give distinct ids (the number is kept whole;
    the rest is a 74-bit or longer hash)."""
    digest = sha1(_NAMESPACE + ("dtl:observation:" + key).encode("utf-8")).digest()  # noqa: S324
    number = key.partition(":")[2].partition(":")[0]
    tail = bytearray(digest[6:16])
    if number.isascii() and number.isdigit() and int(number) < _ORDERED_LIMIT:
        head = int(number).to_bytes(6, "big")
        tail[0] = (tail[0] & 0x0F) | 0x80  # version 8: a custom layout
    else:
        head = digest[:6]
        tail[0] = (tail[0] & 0x0F) | 0x50  # version 5: exactly uuid5(NAMESPACE_URL, ...)
    tail[2] = (tail[2] & 0x3F) | 0x80  # RFC 4122 variant
    return (head + tail).hex()


def observation_id(key: str) -> UUID:
    return UUID(hex=observation_hex(key))
