"""The hostile corpus of coded-event files (GDELT 2.0 and 1.0, ICEWS): a control character in
any column (a URL, an actor code, a name) refuses the whole file before anything is written,
on one line naming the line and the column as the format's codebook spells it (SOURCEURL,
Actor1Code, Source Name). Tab and newline are the formats' separators; CRLF line ends are fine.

The files are valid rows that resolve (USA and CHN meeting) around one bad row, so the error
can only name that row; `gdelt_row` and `icews_row` also serve tests that need a valid file.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from dtl.application.importers.layouts import GDELT1_COLUMNS, GDELT2_COLUMNS, ICEWS_COLUMNS
from tests.reliability.hostile.corpus_jsonl import FileCase

ESC_CLEAR = "\x1b[2J"
OSC8_LINK = "\x1b]8;;https://evil.example/\x1b\\"
C1_CSI = "\u009b31m"


def gdelt_row(n: int, columns: tuple[str, ...] = GDELT2_COLUMNS, **values: str) -> str:
    """A GDELT row in which USA meets CHN (CAMEO 042): imported as one observation."""
    row = dict.fromkeys(columns, "")
    row.update(
        GLOBALEVENTID=str(990_000_000 + n), SQLDATE="20240501", MonthYear="202405", Year="2024",
        FractionDate="2024.3315", Actor1Code="USA", Actor1Name="UNITED STATES", Actor1CountryCode="USA",
        Actor2Code="CHN", Actor2Name="CHINA", Actor2CountryCode="CHN", IsRootEvent="1", EventCode="042",
        EventBaseCode="042", EventRootCode="04", QuadClass="1", GoldsteinScale="1.9", NumMentions="4",
        NumSources="1", NumArticles="4", AvgTone="-1.5", ActionGeo_FullName="Beijing, China",
        DATEADDED="20240501120000" if len(columns) == len(GDELT2_COLUMNS) else "20240501",
        SOURCEURL=f"https://example.org/news/{n}",
    )  # fmt: skip
    row.update(values)
    return "\t".join(row[c] for c in columns)


def icews_row(n: int, **values: str) -> str:
    """An ICEWS row in which the United States meets China (CAMEO 042)."""
    row = dict.fromkeys(ICEWS_COLUMNS, "")
    row.update({
        "Event ID": str(80_000_000 + n), "Event Date": "2024-05-01", "Source Name": "United States",
        "Source Sectors": "Government", "Source Country": "United States", "Event Text": "Make a visit",
        "CAMEO Code": "042", "Intensity": "1.9", "Target Name": "China", "Target Country": "China",
        "Story ID": str(90_000_000 + n), "Sentence Number": "1", "Publisher": "Xinhua News Agency",
        "City": "Beijing", "Country": "China",
    })  # fmt: skip
    row.update(values)
    return "\t".join(row[c] for c in ICEWS_COLUMNS)


def gdelt_file(bad: dict[str, str], at: int = 3, total: int = 5, columns=GDELT2_COLUMNS,
               eol: str = "\n") -> Callable[[], bytes]:  # fmt: skip
    """`total` valid GDELT rows but row `at`, which carries `bad` (column -> value)."""

    def build() -> bytes:
        rows = [gdelt_row(n, columns, **(bad if n == at else {})) for n in range(1, total + 1)]
        return (eol.join(rows) + eol).encode("utf-8")

    return build


def icews_file(bad: dict[str, str], at: int = 3, total: int = 5) -> Callable[[], bytes]:
    """The ICEWS header, then `total` - 1 valid rows, but line `at`, which carries `bad`."""

    def build() -> bytes:
        rows = ["\t".join(ICEWS_COLUMNS)]
        rows += [icews_row(n, **(bad if n == at else {})) for n in range(2, total + 1)]
        return ("\n".join(rows) + "\n").encode("utf-8")

    return build


def zipped(content: Callable[[], bytes], member: str = "20240501120000.export.CSV") -> Callable[[], bytes]:
    def build() -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(member, content())
        return buffer.getvalue()

    return build


CASES: list[FileCase] = []


def case(id: str, content: Callable[[], bytes], field: str, line: int, suffix: str = ".export.CSV",
         postgres: bool = False) -> None:  # fmt: skip
    CASES.append(
        FileCase(id, "control characters in coded events", content, 2, field, line,
                 says=("control character",), postgres=postgres, suffix=suffix)
    )  # fmt: skip


# -- GDELT 2.0: every kind of control character, in the columns dtl keeps and in one it does not
for cid, column, value, pg in [
    ("gdelt2-url-clear-screen", "SOURCEURL", f"https://example.org/{ESC_CLEAR}", True),
    ("gdelt2-url-osc8-hyperlink", "SOURCEURL", f"{OSC8_LINK}https://example.org/a{OSC8_LINK}", False),
    ("gdelt2-url-c1-csi", "SOURCEURL", f"https://example.org/{C1_CSI}", True),
    ("gdelt2-url-delete", "SOURCEURL", "https://example.org/\x7f", False),
    ("gdelt2-url-nul", "SOURCEURL", "https://example.org/\x00", False),
    ("gdelt2-url-bell", "SOURCEURL", "https://example.org/\x07", False),
    ("gdelt2-url-lone-carriage-return", "SOURCEURL", "https://example.org/\rEVIL", False),
    ("gdelt2-actor1-code-clear-screen", "Actor1Code", f"USA{ESC_CLEAR}", True),
    ("gdelt2-actor2-code-c1", "Actor2Code", "CHN\u0085", False),
    ("gdelt2-actor1-name-osc8", "Actor1Name", f"{OSC8_LINK}UNITED STATES", False),
    ("gdelt2-actor2-country-escape", "Actor2CountryCode", "CH\x1bN", False),
    ("gdelt2-event-id-escape", "GLOBALEVENTID", "99\x1b[2J", False),
    ("gdelt2-a-column-dtl-does-not-keep", "ActionGeo_FullName", f"Beijing{ESC_CLEAR}", False),
    ("gdelt2-date-added-c1", "DATEADDED", "20240501120000\u009c", False),
]:
    case(cid, gdelt_file({column: value}), column, 3, postgres=pg)
case(
    "gdelt2-the-first-line", gdelt_file({"SOURCEURL": f"https://x.example/{ESC_CLEAR}"}, at=1), "SOURCEURL", 1
)
case("gdelt2-the-last-line", gdelt_file({"Actor2Code": f"CHN{C1_CSI}"}, at=5), "Actor2Code", 5)
case(
    "gdelt2-crlf-line-ends",
    gdelt_file({"SOURCEURL": f"https://x.example/{ESC_CLEAR}"}, eol="\r\n"),
    "SOURCEURL",
    3,
)
case(
    "gdelt2-after-the-first-megabyte",
    gdelt_file({"SOURCEURL": f"https://x.example/{C1_CSI}"}, at=12_000, total=12_010),
    "SOURCEURL",
    12_000,
)
case("gdelt2-zipped", zipped(gdelt_file({"Actor1Code": f"USA{ESC_CLEAR}"})), "Actor1Code", 3, ".export.CSV.zip",
     postgres=True)  # fmt: skip

# -- GDELT 1.0 (58 columns) ------------------------------------------------------------------------
case("gdelt1-url-clear-screen", gdelt_file({"SOURCEURL": f"https://example.org/{ESC_CLEAR}"}, columns=GDELT1_COLUMNS),
     "SOURCEURL", 3)  # fmt: skip
case(
    "gdelt1-actor1-code-c1",
    gdelt_file({"Actor1Code": f"USA{C1_CSI}"}, columns=GDELT1_COLUMNS),
    "Actor1Code",
    3,
)

# -- ICEWS ---------------------------------------------------------------------------------------
for cid, column, value, pg in [
    ("icews-source-name-clear-screen", "Source Name", f"United States{ESC_CLEAR}", True),
    ("icews-target-country-c1", "Target Country", f"China{C1_CSI}", False),
    ("icews-event-id-osc8", "Event ID", f"{OSC8_LINK}1", False),
    ("icews-publisher-delete", "Publisher", "Xinhua\x7f", False),
    ("icews-event-text-nul", "Event Text", "Make a\x00visit", False),
]:
    case(cid, icews_file({column: value}), column, 3, ".tab", postgres=pg)
case("icews-the-header", lambda: ("\t".join(ICEWS_COLUMNS) + "\x1b[2J\n" + icews_row(2) + "\n").encode(),
     "columns", 1, ".tab")  # fmt: skip

_ids = [c.id for c in CASES]
assert len(_ids) == len(set(_ids)), "case ids are unique"
