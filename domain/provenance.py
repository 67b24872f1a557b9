"""On whose word: every action carries its sources, each graded on NATO's Admiralty scale."""

from __future__ import annotations

import re
import unicodedata
from enum import Enum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_serializer

from dtl.domain.dates import EdtfDate

RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY = {
    "1": "confirmed by other sources",
    "2": "probably true",
    "3": "possibly true",
    "4": "doubtful",
    "5": "improbable",
    "6": "truth cannot be judged",
}
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)


def control_character(text: str, allowed: str = "\n\t") -> str | None:
    """Why text is unfit to keep, or None: control characters (C0, DEL, C1) corrupt terminals
    and exports; a lone surrogate (undecodable bytes in argv) cannot even be encoded."""
    for ch in text:
        if ch in allowed:
            continue
        category = unicodedata.category(ch)
        if category == "Cc":
            return f"contains a control character (U+{ord(ch):04X})"
        if category == "Cs":
            return f"is not valid UTF-8 (lone surrogate U+{ord(ch):04X})"
    return None


def _plain_text(allowed: str):
    def check(text: str | None) -> str | None:
        problem = None if text is None else control_character(text, allowed)
        if problem:
            raise ValueError(problem)
        return text

    return check


def _grade(text: str) -> str:
    grade = text.strip().upper()
    if len(grade) != 2 or grade[0] not in RELIABILITY or grade[1] not in CREDIBILITY:
        raise ValueError(
            "an Admiralty grade is a letter A-F (source reliability) and a digit 1-6 "
            "(information credibility), e.g. B2"
        )
    return grade


def _url(text: str) -> str:
    if not _URL.fullmatch(text) or len(text) > 2000 or control_character(text, allowed=""):
        raise ValueError(
            "a source URL must start with http:// or https:// and hold no spaces or control "
            "characters (2000 characters at most)"
        )
    return text


def parse_grade(text: str) -> str:
    """A grade as a user types it ("b2") in its stored form ("B2"); ValueError says why not."""
    return _grade(text)


AdmiraltyGrade = Annotated[str, AfterValidator(_grade)]
SourceUrl = Annotated[str, AfterValidator(_url)]


def grade_at_least(grade: str | None, threshold: str) -> bool:
    """B2 is at least as good as C3: both the letter and the digit must be as good or better."""
    if grade is None:
        return False
    return grade[0] <= threshold[0] and grade[1] <= threshold[1]


class Attribution(str, Enum):
    OFFICIAL_STATEMENT = "official-statement"
    NAMED_OFFICIAL = "named-official"
    ANONYMOUS_SOURCES = "anonymous-sources"
    PRESS_REPORT = "press-report"
    DOCUMENT = "document"
    UNVERIFIED_CLAIM = "unverified-claim"
    DATASET = "dataset"


class Source(BaseModel):
    """One source for an action. Immutable: a second source is a new event, not an edit."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    name: str = Field(min_length=1, max_length=200)
    url: SourceUrl | None = None
    published: EdtfDate | None = None
    attribution: Attribution = Attribution.PRESS_REPORT
    grade: AdmiraltyGrade | None = None
    quote: str | None = Field(default=None, max_length=4000)
    # Set by the store, never given: on an encrypted store each source's name, URL and quote are
    # sealed under a data key of its own, named by `id`; `shredded` is the day that key was
    # destroyed (dtl shred-source), after which only the rest of the source can be read.
    id: str | None = Field(default=None, max_length=40, json_schema_extra={"readOnly": True})
    shredded: str | None = Field(default=None, max_length=10, json_schema_extra={"readOnly": True})

    _one_line = field_validator("name")(_plain_text(allowed=""))
    _free_text = field_validator("quote")(_plain_text(allowed="\n\t"))

    @model_serializer(mode="wrap")
    def _without_unset_store_fields(self, handler: Any):  # noqa: ANN202
        # A source the store has not keyed is written as before keys existed: no null id. (No
        # return annotation: with one, pydantic would describe the output by it, not the fields.)
        data = handler(self)
        for field in STORE_FIELDS:
            if data.get(field, "") is None:
                del data[field]
        return data

    @property
    def claim(self) -> tuple:
        """What the source says and on whose word, without what the store added (its key's
        id): two equal claims are the same source given twice."""
        return (self.name, self.url, self.published, self.attribution, self.grade, self.quote, self.shredded)

    def given_problem(self) -> tuple[str, str] | None:
        """(field, why) if a user tried to set what only the store sets."""
        for field in STORE_FIELDS:
            if getattr(self, field) is not None:
                return field, "is set by the store, not given (see dtl shred-source)"
        return None

    def shredded_on(self, day: str) -> Source:
        """What remains of the source once its key is destroyed: when and how it was published
        and how it was graded, not who it was, what it said or where."""
        return Source(
            name=shredded_name(day), published=self.published, attribution=self.attribution,
            grade=self.grade, id=self.id, shredded=day,
        )  # fmt: skip


# The fields a shredded source loses (what identifies it), and those only the store sets.
IDENTIFYING_FIELDS = ("name", "url", "quote")
STORE_FIELDS = ("id", "shredded")


def shredded_name(day: str) -> str:
    return f"a source shredded on {day}" if day[:1].isdigit() else "a source whose key this store lacks"
