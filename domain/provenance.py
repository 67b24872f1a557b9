"""On whose word: every action carries its sources, each graded on NATO's Admiralty scale."""

from __future__ import annotations

import re
import unicodedata
from enum import Enum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

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

    _one_line = field_validator("name")(_plain_text(allowed=""))
    _free_text = field_validator("quote")(_plain_text(allowed="\n\t"))
