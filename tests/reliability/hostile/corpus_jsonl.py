"""The hostile JSONL corpus: files `dtl import` must refuse whole, naming the line and the field.

Cases are data built by small functions: each file is valid lines (meetings, instants that
never conflict) around one bad line, so the error can only name that line. File contents are
built at test time (`content()`), so the 10 MB cases cost nothing until they run.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

MB10 = 10 * 1024 * 1024
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class FileCase:
    id: str
    category: str
    content: Callable[[], bytes]
    exit: int
    field: str
    line: int | None
    says: tuple[str, ...] = ()
    postgres: bool = False
    xfail: str | None = None
    path: str = "file"  # "file", or a path that is no file: "directory", "missing", "nul-in-name"
    usage: bool = False  # the field is named by the command line's parser, not as "field: ..."
    suffix: str = ".jsonl"  # the file's name ends so (the format is told from the content)


def valid(n: int) -> dict:
    """The n-th valid line: a meeting between two of a handful of states, on its own day."""
    pairs = [("FRA", "DEU"), ("ITA", "ESP"), ("JPN", "KOR"), ("BRA", "ARG"), ("EGY", "JOR")]
    by, target = pairs[n % len(pairs)]
    return {"type": "meet", "by": by, "target": target, "on": f"2001-{1 + n // 28 % 12:02d}-{1 + n % 28:02d}"}


def encode(line: dict | str | bytes) -> bytes:
    if isinstance(line, bytes):
        return line
    if isinstance(line, str):
        return line.encode("utf-8")
    return json.dumps(line).encode("utf-8")


def around(bad: dict | str | bytes, at: int = 3, total: int = 5, eol: bytes = b"\n") -> Callable[[], bytes]:
    """A file of `total` lines, all valid but line `at`."""

    def build() -> bytes:
        lines = [encode(bad) if n == at else encode(valid(n)) for n in range(1, total + 1)]
        return eol.join(lines) + eol

    return build


def raw(*lines: dict | str | bytes, eol: bytes = b"\n") -> Callable[[], bytes]:
    return lambda: eol.join(encode(line) for line in lines) + eol


def meet(**fields) -> dict:
    return {"type": "meet", "by": "USA", "target": "CHN", "on": "2024-05-01", **fields}


def halt(**fields) -> dict:
    return {"type": "halt-trade", "by": "USA", "target": "CHN", "on": "2024-05", **fields}


CASES: list[FileCase] = []


def case(id: str, category: str, content: Callable[[], bytes], field: str, line: int | None = 3,
         exit: int = 2, **extra) -> None:  # fmt: skip
    CASES.append(FileCase(id, category, content, exit, field, line, **extra))


# -- line 37 of 50 is bad; the 36 good lines before it must not be recorded either ------------
for cid, bad, field, pg in [
    ("an-impossible-date", meet(on="2023-02-30"), "on", True),
    ("an-unknown-actor", meet(target="ISRR"), "target", False),
    ("not-json", '{"type": "meet", "by": "USA",', "json", True),
    (
        "invalid-utf-8",
        b'{"type": "meet", "by": "USA", "target": "CHN", "on": "2024", "note": "\xff"}',
        "encoding",
        False,
    ),
    ("a-missing-field", {"type": "meet", "by": "USA", "target": "CHN"}, "on", False),
    ("a-nul-in-the-key", meet(key="a\u0000b"), "key", True),
]:
    case(f"line-37-of-50-{cid}", "line 37 of 50", around(bad, 37, 50), field, 37, postgres=pg)
case(
    "line-37-of-50-a-lift-with-nothing-to-lift",
    "line 37 of 50",
    around({"type": "lift-veto", "by": "TUR", "target": "FIN", "forum": "NATO", "on": "2024-01"}, 37, 50),
    "conflict",
    37,
    exit=1,
    says=("nothing to end",),
    postgres=True,
)

# -- wrong JSON types --------------------------------------------------------------------------
WRONG_TYPES = {
    "type": [("a-number", 5), ("true", True), ("null", None), ("a-list", ["meet"]), ("an-object", {"name": "meet"})],
    "target": [("a-number", 5), ("null", None), ("a-list", ["CHN"]), ("an-object", {"code": "CHN"}), ("true", True)],
    "on": [("a-number", 2024), ("a-float", 2024.5), ("null", None), ("a-list", ["2024"]), ("an-object", {"year": 2024}),
           ("true", True)],
    "note": [("a-number", 5), ("a-list", ["x"]), ("an-object", {"text": "x"})],
    "key": [("a-number", 5), ("a-list", ["k"])],
    "forum": [("a-number", 5), ("a-list", ["NATO"])],
}  # fmt: skip
for name, values in WRONG_TYPES.items():
    for cid, value in values:
        case(
            f"{name}-is-{cid}",
            "wrong types",
            around(meet(**{name: value})),
            name,
            postgres=(name, cid) in {("type", "a-number"), ("on", "a-number")},
        )
for cid, value, field in [
    ("a-number", 5, "by"),
    ("null", None, "by"),
    ("an-empty-list", [], "by"),
    ("a-list-of-numbers", [5], "by.0"),
    ("a-nested-list", [["USA"]], "by.0"),
    ("an-object", {"code": "USA"}, "by"),
    ("a-list-holding-null", [None], "by.0"),
]:
    case(f"by-is-{cid}", "wrong types", around(meet(by=value)), field)
for cid, value in [("a-number", 5), ("an-object", {"scope": "x"})]:
    case(f"scope-is-{cid}", "wrong types", around(halt(scope=value)), "scope")
for cid, value, field in [
    ("a-string", "Wire report", "sources"),
    ("an-object", {"name": "Wire report"}, "sources"),
    ("a-list-of-numbers", [5], "sources.0"),
    ("a-list-holding-null", [None], "sources.0"),
    ("a-source-named-by-a-number", [{"name": 5}], "sources.0.name"),
    ("a-grade-that-is-a-number", [{"name": "Wire", "grade": 5}], "sources.0.grade"),
    ("a-source-without-a-name", [{}], "sources.0.name"),
    ("a-source-with-an-unknown-field", [{"name": "Wire", "rating": 1}], "sources.0.rating"),
    ("twenty-one-sources", [{"name": f"Wire {n}"} for n in range(21)], "sources"),
    # What only the store sets: a source's key id, and the day its key was destroyed.
    ("a-source-with-its-own-key-id", [{"name": "Wire", "id": "src-0123456789abcdef0123"}], "sources.0.id"),
    ("a-source-claiming-to-be-shredded", [{"name": "Wire", "shredded": "2024-01-01"}], "sources.0.shredded"),
]:
    case(f"sources-{cid}", "wrong types", around(meet(sources=value)), field)

# -- missing and unknown fields ----------------------------------------------------------------
for cid, line, field in [
    ("an-empty-object", {}, "type"),
    ("a-type-alone", {"type": "meet"}, "by"),
    ("no-type", {"by": "USA", "target": "CHN", "on": "2024"}, "type"),
    ("no-target", {"type": "meet", "by": "USA", "on": "2024"}, "target"),
    ("no-initiator", {"type": "meet", "target": "CHN", "on": "2024"}, "by"),
]:
    case(f"missing-{cid}", "missing fields", around(line), field, postgres=cid == "no-target")
for cid, extra, field in [
    ("colour", {"colour": "red"}, "colour"),
    ("an-empty-key", {"": 1}, '""'),
    ("capitalised", {"By": "USA"}, "By"),
    ("id", {"id": "deadbeef"}, "id"),
]:
    case(f"unknown-field-{cid}", "unknown fields", around(meet(**extra)), field, says=("is not a field",))

# -- encodings ----------------------------------------------------------------------------------
for cid, data, pg in [
    ("a-stray-ff-byte", b'{"type": "meet", "by": "USA", "target": "CHN\xff", "on": "2024"}', True),
    (
        "an-overlong-slash",
        b'{"type": "meet", "by": "USA", "target": "CHN", "on": "2024", "note": "\xc0\xaf"}',
        False,
    ),
    (
        "an-encoded-surrogate",
        b'{"type": "meet", "by": "USA", "target": "CHN", "on": "2024", "note": "\xed\xa0\x80"}',
        False,
    ),
    (
        "a-truncated-sequence",
        b'{"type": "meet", "by": "USA", "target": "CHN", "on": "2024", "note": "\xe2\x82',
        False,
    ),
    ("latin-1", b'{"type": "meet", "by": "USA", "target": "CHN", "on": "2024", "note": "caf\xe9"}', False),
]:
    case(f"encoding-{cid}", "encodings", around(data), "encoding", postgres=pg)
case("encoding-utf-16", "encodings", lambda: json.dumps(meet()).encode("utf-16") + b"\n", "encoding", 1)

# -- lines that are not one JSON object ---------------------------------------------------------
for cid, text, pg in [
    ("an-unclosed-object", "{", True),
    ("a-trailing-comma", '{"type": "meet",}', False),
    ("single-quotes", "{'type': 'meet'}", False),
    ("a-comment", "// a note to self", False),
    ("an-array", '["meet", "USA", "CHN"]', True),
    ("a-number", "42", False),
    ("a-string", '"meet"', False),
    ("null", "null", False),
    ("true", "true", False),
    ("nan", "NaN", False),
    ("a-raw-nul-byte", "\u0000" + json.dumps(meet()), True),
    ("a-raw-control-character-in-a-string", '{"type": "meet\u0001", "by": "USA"}', False),
    ("two-objects", json.dumps(meet()) + " " + json.dumps(meet()), False),
    ("an-object-and-garbage", json.dumps(meet()) + " garbage", False),
    ("a-bom-in-the-middle", "\ufeff" + json.dumps(meet()), False),
]:
    case(f"json-{cid}", "not a json object", around(text), "json", postgres=pg)
case(
    "json-lines-parted-by-cr-only",
    "not a json object",
    raw(meet(), meet(on="2024-05-02"), eol=b"\r"),
    "json",
    1,
)

# -- hostile content, escaped inside valid JSON -------------------------------------------------
for cid, line, field, pg in [
    ("a-nul-in-the-note", meet(note="a\u0000b"), "note", True),
    ("a-lone-surrogate-in-the-target", '{"type": "meet", "by": "USA", "target": "\\ud800", "on": "2024"}', "target", True),
    ("a-terminal-escape-in-the-scope", halt(scope="\u001b[2J"), "scope", False),
    ("a-c1-control-in-the-note", meet(note="\u009b31m"), "note", False),
    ("a-newline-in-the-key", meet(key="a\nb"), "key", False),
    ("a-nul-in-the-source-url", meet(sources=[{"name": "Wire", "url": "http://a\u0000b"}]), "sources.0.url", True),
    ("a-nul-in-the-source-name", meet(sources=[{"name": "Wire\u0000"}]), "sources.0.name", False),
    ("a-cyrillic-initiator", meet(by="\u0406SR"), "by", True),
    ("a-zero-width-joiner-in-the-target", meet(target="IS\u200dR"), "target", False),
    ("shell-in-the-type", meet(type="$(rm -rf /)"), "type", False),
    ("sql-in-the-target", meet(target="'; DROP TABLE stored_events;--"), "target", True),
    ("sql-in-the-date", meet(on="2024'; DROP TABLE stored_events;--"), "on", False),
    ("a-forum-that-is-a-state", {"type": "veto-engagement", "by": "TUR", "target": "ISR", "forum": "USA", "on": "2023-10"},
     "forum", False),
    ("duplicate-initiators", meet(by=["TUR", "TUR"]), "by", False),
    ("the-same-actor-on-both-sides", meet(by="TUR", target="TUR"), "target", False),
    ("a-bad-grade", meet(sources=[{"name": "Wire", "grade": "G7"}]), "sources.0.grade", False),
    ("a-javascript-url", meet(sources=[{"name": "Wire", "url": "javascript:alert(1)"}]), "sources.0.url", False),
    ("an-unknown-attribution", meet(sources=[{"name": "Wire", "attribution": "gossip"}]), "sources.0.attribution", False),
]:  # fmt: skip
    case(f"content-{cid}", "hostile content", around(line), field, postgres=pg)

# -- terminal control in any text field: escapes, hyperlinks (OSC 8), C1 controls ----------------
ESC_CLEAR = "\u001b[2J"
OSC8_LINK = "\u001b]8;;https://evil.example/\u001b\\"
C1_CSI = "\u009b31m"
for cid, line, field, pg in [
    ("an-osc8-hyperlink-in-the-condition", halt(condition=f"until {OSC8_LINK}Reuters{OSC8_LINK} ends"), "condition", True),
    ("a-c1-control-in-the-condition", halt(condition=f"until {C1_CSI} ends"), "condition", False),
    ("a-c1-osc-in-the-scope", halt(scope="\u009d8;;https://evil.example/\u009c"), "scope", False),
    ("an-osc8-hyperlink-in-the-note", meet(note=f"{OSC8_LINK}Reuters{OSC8_LINK}"), "note", False),
    ("a-delete-in-the-note", meet(note="a\u007fb"), "note", False),
    ("a-c1-control-in-the-key", meet(key=f"k{C1_CSI}"), "key", False),
    ("a-clear-screen-in-the-initiator", meet(by=f"USA{ESC_CLEAR}"), "by", True),
    ("an-osc8-hyperlink-in-the-target", meet(target=f"CHN{OSC8_LINK}"), "target", False),
    ("a-c1-control-in-the-forum", {"type": "veto-engagement", "by": "TUR", "target": "ISR", "forum": f"NATO{C1_CSI}",
                                   "on": "2023-10"}, "forum", False),
    ("a-clear-screen-in-the-type", meet(type=f"meet{ESC_CLEAR}"), "type", False),
    ("a-clear-screen-in-the-source-url", meet(sources=[{"name": "Wire", "url": f"https://example.org/{ESC_CLEAR}"}]),
     "sources.0.url", True),
    ("an-osc8-hyperlink-in-the-source-url", meet(sources=[{"name": "Wire", "url": f"https://example.org/{OSC8_LINK}"}]),
     "sources.0.url", False),
    ("a-c1-control-in-the-source-url", meet(sources=[{"name": "Wire", "url": f"https://example.org/{C1_CSI}"}]),
     "sources.0.url", False),
    ("a-c1-control-in-the-source-name", meet(sources=[{"name": f"Wire{C1_CSI}"}]), "sources.0.name", False),
    ("an-osc8-hyperlink-in-the-source-name", meet(sources=[{"name": f"{OSC8_LINK}Reuters"}]), "sources.0.name", False),
    ("an-osc8-hyperlink-in-the-quote", meet(sources=[{"name": "Wire", "quote": f"{OSC8_LINK}said"}]),
     "sources.0.quote", False),
    ("a-clear-screen-in-the-published-date", meet(sources=[{"name": "Wire", "published": f"2024{ESC_CLEAR}"}]),
     "sources.0.published", False),
    ("a-c1-control-in-the-attribution", meet(sources=[{"name": "Wire", "attribution": f"dataset{C1_CSI}"}]),
     "sources.0.attribution", False),
    ("a-clear-screen-in-the-grade", meet(sources=[{"name": "Wire", "grade": f"B2{ESC_CLEAR}"}]), "sources.0.grade",
     False),
]:  # fmt: skip
    case(f"control-{cid}", "terminal control", around(line), field, postgres=pg)

# The same in dtl's CSV: raw control characters in cells (CSV has no escapes).
CSV_HEADER = "type,by,target,on,condition,note,source_name,source_url,source_quote"


def csv_file(bad: str, at: int = 3, total: int = 5) -> Callable[[], bytes]:
    """A CSV file whose header is line 1, then valid meetings, but line `at`."""

    def build() -> bytes:
        rows = [CSV_HEADER]
        for n in range(2, total + 1):
            v = valid(n)
            rows.append(bad if n == at else f"meet,{v['by']},{v['target']},{v['on']},,,,,")
        return ("\n".join(rows) + "\n").encode("utf-8")

    return build


for cid, row, field, pg in [
    ("a-clear-screen-in-the-condition", f"halt-trade,USA,CHN,2024-05,until {ESC_CLEAR} ends,,,,", "condition", True),
    ("an-osc8-hyperlink-in-the-note", f"meet,USA,CHN,2024-05-01,,{OSC8_LINK}Reuters{OSC8_LINK},,,", "note", False),
    ("a-c1-control-in-the-source-name", f"meet,USA,CHN,2024-05-01,,,Wire{C1_CSI},,", "sources.0.name", False),
    ("a-clear-screen-in-the-source-url", f"meet,USA,CHN,2024-05-01,,,Wire,https://example.org/{ESC_CLEAR},",
     "sources.0.url", True),
    ("a-c1-control-in-the-quote", f"meet,USA,CHN,2024-05-01,,,Wire,,{C1_CSI}", "sources.0.quote", False),
    ("a-clear-screen-in-the-target", f"meet,USA,CHN{ESC_CLEAR},2024-05-01,,,,,", "target", False),
    ("a-delete-in-the-condition", "halt-trade,USA,CHN,2024-05,until\u007f,,,,", "condition", False),
]:  # fmt: skip
    case(f"csv-{cid}", "terminal control", csv_file(row), field, postgres=pg, suffix=".csv")

# -- size ---------------------------------------------------------------------------------------
case("size-a-10-mb-note", "size", around(meet(note="n" * MB10)), "note", postgres=True)
case("size-a-10-mb-key", "size", around(meet(key="k" * MB10)), "key")
case("size-a-10-mb-initiator-list", "size", around(meet(by="," * MB10)), "by")
case("size-a-10-mb-line-of-garbage", "size", around("g" * MB10), "json")
case(
    "size-a-bad-line-after-a-million-blank-ones",
    "size",
    lambda: b"\n" * 1_000_000 + encode(meet(on="2023-13")) + b"\n",
    "on",
    1_000_001,
)

# -- line endings and byte-order marks ----------------------------------------------------------
case(
    "crlf-a-bad-fourth-line",
    "line endings",
    around(meet(target="ISRR"), 4, 6, eol=b"\r\n"),
    "target",
    4,
    postgres=True,
)
case(
    "crlf-invalid-utf-8-on-the-second-line",
    "line endings",
    around(b'{"note": "\xff"}', 2, 4, eol=b"\r\n"),
    "encoding",
    2,
)
case(
    "mixed-line-endings-a-bad-third-line",
    "line endings",
    lambda: encode(valid(1)) + b"\r\n" + encode(valid(2)) + b"\n" + encode(meet(on="99999")) + b"\r\n",
    "on",
    3,
)
case(
    "a-bom-then-a-bad-third-line",
    "line endings",
    lambda: BOM + around(meet(on="2023-02-30"))(),
    "on",
    3,
)

# -- conflicts with the timeline or within the file (exit 1) -------------------------------------
case(
    "conflict-a-lift-with-nothing-to-lift",
    "conflicts",
    around({"type": "lift-veto", "by": "TUR", "target": "FIN", "forum": "NATO", "on": "2024-01"}, 2),
    "conflict",
    2,
    exit=1,
    says=("nothing to end",),
)
case(
    "conflict-a-halt-twice-in-one-file",
    "conflicts",
    raw(valid(1), halt(on="2024"), valid(2), halt(on="2025")),
    "conflict",
    4,
    exit=1,
    says=("duplicate",),
    postgres=True,
)
case(
    "conflict-a-resumption-before-its-halt",
    "conflicts",
    raw({"type": "resume-trade", "by": "USA", "target": "CHN", "on": "2024-01"}, halt(on="2024-02")),
    "conflict",
    1,
    exit=1,
    says=("nothing to end",),
)
case(
    "conflict-several-initiators-one-a-duplicate",
    "conflicts",
    raw(valid(1), {"type": "halt-trade", "by": ["USA", "TUR"], "target": "ISR", "on": "2024-06"}),
    "conflict",
    2,
    exit=1,
)
case(
    "conflict-a-veto-by-a-non-member",
    "conflicts",
    raw(
        valid(1),
        valid(2),
        {"type": "veto-engagement", "by": "RUS", "target": "ISR", "forum": "NATO", "on": "2023"},
    ),
    "conflict",
    3,
    exit=1,
    says=("RUS is not a member of NATO",),
)

# -- files that are no file of actions ----------------------------------------------------------
# An empty file has no first line to tell its format by (JSONL, CSV, GDELT, ICEWS).
case("file-empty", "files", lambda: b"", "format", None, says=("empty",), postgres=True)
case("file-blank-lines-only", "files", lambda: b"\n\n  \n\t\n", "format", None, says=("empty",))
case("file-crlf-blank-lines-only", "files", lambda: b"\r\n\r\n", "format", None, says=("empty",))
case("file-a-bom-alone", "files", lambda: BOM, "format", None, says=("empty",))
case(
    "file-a-directory",
    "files",
    lambda: b"",
    "file",
    None,
    path="directory",
    says=("directory",),
    postgres=True,
)
case("file-missing", "files", lambda: b"", "file", None, path="missing", says=("No such file",))
case("file-a-nul-in-its-name", "files", lambda: b"", "'FILE'", None, path="nul-in-name", usage=True)  # as help spells it

# -- input that breaks the JSON parser itself -----------------------------------------------------
# json.loads raises RecursionError and ValueError here, not only JSONDecodeError.
case("parser-100000-open-brackets", "parser limits", around("[" * 100_000), "json")
case(
    "parser-a-deeply-nested-note",
    "parser limits",
    around(
        '{"type": "meet", "by": "USA", "target": "CHN", "on": "2024", "note": '
        + "[" * 100_000
        + "]" * 100_000
        + "}"
    ),
    "json",
)
case(
    "parser-a-5000-digit-date",
    "parser limits",
    around('{"type": "meet", "by": "USA", "target": "CHN", "on": ' + "9" * 5000 + "}"),
    "json",
)

_ids = [c.id for c in CASES]
assert len(_ids) == len(set(_ids)), "case ids are unique"
