"""Observations: machine-coded events taken from GDELT, ICEWS and the like.

An observation is an instant action seen by a coder, not a measure an analyst vouches for:
it never opens or closes anything, so it lives in its own stream (one per source event id)
and stays out of the consistency scopes. That keeps a pair with 100,000 observations as
cheap to write to and ask about as a pair with ten.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import NAMESPACE_URL, UUID, uuid5

from pydantic import BaseModel, ConfigDict, Field

from domain.events import DomainEvent

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


def observation_id(key: str) -> UUID:
    """The stream id is derived from the source's own id: importing twice adds nothing."""
    return uuid5(NAMESPACE_URL, "dtl:observation:" + key)
