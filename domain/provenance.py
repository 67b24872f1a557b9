"""On whose word: every action carries its sources, each graded on NATO's Admiralty scale."""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from domain.dates import EdtfDate

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
_GRADE = re.compile(r"^[A-F][1-6]$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def _grade(text: str) -> str:
    grade = text.strip().upper()
    if not _GRADE.match(grade):
        raise ValueError(
            "an Admiralty grade is a letter A-F (source reliability) and a digit 1-6 "
            "(information credibility), e.g. B2"
        )
    return grade


def _url(text: str) -> str:
    if not _URL.match(text) or len(text) > 2000:
        raise ValueError("a source URL must start with http:// or https:// (2000 characters at most)")
    return text


AdmiraltyGrade = Annotated[str, AfterValidator(_grade)]
SourceUrl = Annotated[str, AfterValidator(_url)]


def grade_at_least(grade: str | None, threshold: str) -> bool:
    """B2 is at least as good as C3: both the letter and the digit must be as good or better."""
    if grade is None:
        return False
    return grade[0] <= threshold[0] and grade[1] <= threshold[1]


def describe_grade(grade: str) -> str:
    return f"{grade} ({RELIABILITY[grade[0]]}; {CREDIBILITY[grade[1]]})"


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

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    url: SourceUrl | None = None
    published: EdtfDate | None = None
    attribution: Attribution = Attribution.PRESS_REPORT
    grade: AdmiraltyGrade | None = None
    quote: str | None = Field(default=None, max_length=4000)
