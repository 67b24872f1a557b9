"""The CAMEO event codebook (code, label, Goldstein score), shipped as package data.

Decisions, documented in docs/reference-data.md and tested:
- Codes with a letter suffix (0811i, 1321i, 138i, 13y, 1451i) are artefacts of the GDELT
  lookup table the file was taken from: CAMEO defines no such codes. They are left out of
  the codebook, and a row coded with one is rejected (never silently re-mapped).
- 163-166 follow the CAMEO manual (163 embargo/boycott/sanctions, 164 halt negotiations,
  165 halt mediation, 166 expel or withdraw), as ICEWS and PETRARCH2 do.
- QuadClass from the root code as GDELT assigns it: 01-05 -> 1, 06-09 -> 2, 10-14 -> 3, 15-20 -> 4.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_CODE = re.compile(r"^\d{2,4}$")

ARTEFACT_CODES = frozenset({"0811i", "1321i", "138i", "13y", "1451i"})

# Root code -> PLOVER 2.0 event type (openeventdata/PLOVER). 01 (statements) has no PLOVER type.
PLOVER_BY_ROOT = {
    "01": None, "02": "REQUEST", "03": "AGREE", "04": "CONSULT", "05": "SUPPORT",
    "06": "COOPERATE", "07": "AID", "08": "CONCEDE", "09": "ACCUSE", "10": "REQUEST",
    "11": "ACCUSE", "12": "REJECT", "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE",
    "16": "SANCTION", "17": "COERCE", "18": "ASSAULT", "19": "ASSAULT", "20": "ASSAULT",
}  # fmt: skip


@dataclass(frozen=True)
class CameoCode:
    code: str
    label: str
    goldstein: float

    @property
    def root(self) -> str:
        return self.code[:2]

    @property
    def quad_class(self) -> int:
        return quad_class(self.code)

    @property
    def plover(self) -> str | None:
        return PLOVER_BY_ROOT.get(self.root)


def quad_class(code: str) -> int:
    root = int(code[:2])
    if root <= 5:
        return 1
    if root <= 9:
        return 2
    if root <= 14:
        return 3
    return 4


@cache
def codebook() -> dict[str, CameoCode]:
    text = resources.files(__package__).joinpath("data/cameo-event-codes.tsv").read_text()
    rows = csv.DictReader(text.splitlines(), delimiter="\t")
    book = {}
    for row in rows:
        code = row["code"].strip()
        if code in ARTEFACT_CODES:
            continue
        if not _CODE.match(code):
            raise ValueError(f"unexpected CAMEO code {code!r} in the shipped codebook")
        book[code] = CameoCode(code, row["label"].strip(), float(row["goldstein"]))
    return book


def lookup(code: str) -> CameoCode:
    book = codebook()
    if not isinstance(code, str) or code not in book:
        shown = code if isinstance(code, str) and len(code) <= 12 else "that value"
        if isinstance(code, str) and code in ARTEFACT_CODES:
            raise KeyError(f"{shown!r} is an artefact of the GDELT lookup table, not a CAMEO code")
        raise KeyError(f"{shown!r} is not a CAMEO event code (e.g. 129 veto, 163 embargo)")
    return book[code]
