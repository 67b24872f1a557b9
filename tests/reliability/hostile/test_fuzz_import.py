"""Fuzzing the JSONL importer: arbitrary bytes, arbitrary JSON values, and valid lines with a
mutation. No traceback reaches the user: `dtl import` exits 0, 1 or 2 with at most one
'dtl: ' line, a refused file leaves the event log byte-for-byte unchanged, and when only
one line was mutated, the error names that line."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.hostile.corpus_jsonl import valid
from tests.reliability.hostile.strategies import hostile_text, json_values
from tests.reliability.hostile.support import SeededStore, assert_at_most_one_error_line, invoke

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SOURCE = {"name": "Wire report", "url": "https://example.org/r", "published": "2024-08-01",
          "attribution": "press-report", "grade": "B2", "quote": "as reported"}  # fmt: skip
VALID_LINES = [
    {"type": "meet", "by": "USA", "target": "CHN", "on": "2024-05-01", "note": "talks in Geneva"},
    {
        "type": "halt-trade",
        "by": "USA",
        "target": "CHN",
        "on": "2024-05",
        "scope": "all trade",
        "sources": [SOURCE],
    },
    {"type": "threaten", "by": "TUR", "target": "ISR", "on": "2024-07", "kind": "military"},
    {"type": "accuse", "by": "TUR", "target": "ISR", "on": "2024-08-01", "charge": "genocide"},
    {"type": "meet", "by": "USA", "target": "CHN", "on": "2024-05-02"},
    {"type": "veto-engagement", "by": "TUR", "target": "ISR", "forum": "NATO", "on": "2023-10"},
    {"type": "lift-veto", "by": "TUR", "target": "ISR", "forum": "NATO", "on": "2024-09"},
    {"type": "sever-relations", "by": ["SAU", "ARE"], "target": "QAT", "on": "2017-06-05"},
]


def import_bytes(store: SeededStore, path: Path, data: bytes) -> tuple[int, str, str]:
    path.write_bytes(data)
    before = store.checksum()
    code, out, err = invoke(store.url, ["import", str(path)])
    assert_at_most_one_error_line(code, out, err)
    if code != 0:
        assert store.checksum() == before, f"exit {code} changed the event log: {err!r}"
    return code, out, err


@st.composite
def mutated(draw) -> dict:
    line = json.loads(json.dumps(draw(st.sampled_from(VALID_LINES))))
    for _ in range(draw(st.integers(1, 3))):
        keys = sorted(line)
        how = draw(st.sampled_from(["drop", "json", "text", "add", "source"]))
        if how == "drop" and keys:
            del line[draw(st.sampled_from(keys))]
        elif how == "json" and keys:
            line[draw(st.sampled_from(keys))] = draw(json_values)
        elif how == "text" and keys:
            line[draw(st.sampled_from(keys))] = draw(hostile_text)
        elif how == "add":
            line[draw(hostile_text)] = draw(json_values)
        elif how == "source":
            source = dict(SOURCE)
            source[draw(st.sampled_from([*SOURCE, "rating"]))] = draw(st.one_of(hostile_text, json_values))
            line["sources"] = [source]
    return line


@FUZZ
@given(data=st.binary(max_size=3000))
def test_a_file_of_arbitrary_bytes_never_shows_a_traceback(sqlite_store, tmp_path_factory, data):
    import_bytes(sqlite_store, tmp_path_factory.getbasetemp() / "bytes.jsonl", data)


@FUZZ
@given(values=st.lists(json_values, min_size=1, max_size=4))
def test_lines_of_arbitrary_json_values_never_show_a_traceback(sqlite_store, tmp_path_factory, values):
    data = "\n".join(json.dumps(v) for v in values).encode("utf-8", "surrogatepass")
    import_bytes(sqlite_store, tmp_path_factory.getbasetemp() / "values.jsonl", data)


@settings(FUZZ, max_examples=200)
@given(line=mutated(), at=st.integers(1, 6), total=st.integers(0, 5))
def test_a_mutated_line_among_valid_ones_is_the_line_an_error_names(
    sqlite_store, tmp_path_factory, line, at, total
):
    lines = [json.dumps(valid(n)) for n in range(1, total + 1)]
    at = min(at, total + 1)
    lines.insert(at - 1, json.dumps(line))
    data = "\n".join(lines).encode("utf-8", "surrogatepass") + b"\n"
    code, _, err = import_bytes(sqlite_store, tmp_path_factory.getbasetemp() / "mutated.jsonl", data)
    if code != 0:
        assert err.startswith(f"dtl: line {at}: "), err
