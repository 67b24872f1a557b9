"""Every case of the hostile corpus is refused with exit 2 (bad input) or 1 (a conflict), one
line on stderr that names the field (and the line, for a file), no traceback, and the store
(event log, views and tracking position) byte-for-byte unchanged. The whole corpus runs on SQLite; the cases marked "postgres"
run on PostgreSQL too.

The command-line corpus is data (corpus_cli.json): argv items are strings, or
{"repeat", "times", "prefix", "suffix"} for the 10 MB ones (built here, not stored), and
"@{id:TYPE:BY:TARGET}" / "@{id8:...}" stand for the id the demo gave that action.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.reliability.hostile.corpus_events import CASES as EVENT_CASES
from tests.reliability.hostile.corpus_jsonl import CASES as JSONL_CASES
from tests.reliability.hostile.corpus_jsonl import FileCase
from tests.reliability.hostile.support import SeededStore, assert_refused, invoke

HERE = Path(__file__).parent
CLI_CASES: list[dict] = json.loads((HERE / "corpus_cli.json").read_text(encoding="utf-8"))
FILE_CASES = JSONL_CASES + EVENT_CASES  # dtl's JSONL and CSV; GDELT and ICEWS
PLACEHOLDER = re.compile(r"@\{(id8?):([^:}]+):([^:}]+):([^:}]+)\}")


def _params(cases, postgres_only: bool = False):
    chosen = [c for c in cases if not postgres_only or _get(c, "postgres")]
    marks = lambda c: [pytest.mark.xfail(reason=_get(c, "xfail"), strict=True)] if _get(c, "xfail") else []  # noqa: E731
    return [pytest.param(c, id=_get(c, "id"), marks=marks(c)) for c in chosen]


def _get(case, key):
    return case.get(key) if isinstance(case, dict) else getattr(case, key)


def _materialise(item: str | dict, store: SeededStore) -> str:
    if isinstance(item, dict):
        return item.get("prefix", "") + item["repeat"] * item["times"] + item.get("suffix", "")

    def action_id(match: re.Match) -> str:
        full = store.id_of(match[2], match[3], match[4])
        return full[:8] if match[1] == "id8" else full

    return PLACEHOLDER.sub(action_id, item)


def check_cli_case(case: dict, store: SeededStore) -> None:
    argv = [_materialise(item, store) for item in case["argv"]]
    says = [_materialise(text, store) for text in case.get("says", [])]
    before = store.checksum()
    code, out, err = invoke(store.url, argv)
    assert_refused(
        code, out, err, exit=case["exit"], field=case["field"], says=says, usage=case.get("usage", False)
    )
    assert store.checksum() == before, "a refused command changed the store"


def _file_path(case: FileCase, directory: Path) -> str:
    if case.path == "directory":
        return str(directory)
    if case.path == "missing":
        return str(directory / "no-such-file.jsonl")
    if case.path == "nul-in-name":
        return str(directory / "actions\u0000.jsonl")
    path = directory / f"{case.id}{case.suffix}"
    path.write_bytes(case.content())
    return str(path)


def check_file_case(case: FileCase, store: SeededStore, directory: Path) -> None:
    path = _file_path(case, directory)
    before = store.checksum()
    try:
        code, out, err = invoke(store.url, ["import", path])
    finally:
        if case.path == "file":
            Path(path).unlink()
    assert_refused(
        code, out, err, exit=case.exit, field=case.field, line=case.line, says=case.says, usage=case.usage
    )
    assert store.checksum() == before, "a refused import changed the store"


def test_the_corpus_holds_at_least_two_hundred_hostile_inputs():
    assert len(CLI_CASES) + len(FILE_CASES) >= 200
    assert sum(1 for c in CLI_CASES if c.get("postgres")) + sum(1 for c in FILE_CASES if c.postgres) >= 40
    assert all(c["exit"] in (1, 2) and c["field"] for c in CLI_CASES)


@pytest.mark.parametrize("case", _params(CLI_CASES))
def test_a_hostile_command_line_is_refused_on_one_line_naming_the_field_and_writes_nothing(
    case, sqlite_store
):
    check_cli_case(case, sqlite_store)


@pytest.mark.parametrize("case", _params(FILE_CASES))
def test_a_hostile_file_is_refused_naming_the_line_and_the_field_and_writes_nothing(
    case, sqlite_store, tmp_path
):
    check_file_case(case, sqlite_store, tmp_path)


@pytest.mark.postgres
@pytest.mark.parametrize("case", _params(CLI_CASES, postgres_only=True))
def test_on_postgresql_a_hostile_command_line_is_refused_the_same_way(case, postgres_store):
    check_cli_case(case, postgres_store)


@pytest.mark.postgres
@pytest.mark.parametrize("case", _params(FILE_CASES, postgres_only=True))
def test_on_postgresql_a_hostile_file_is_refused_the_same_way(case, postgres_store, tmp_path):
    check_file_case(case, postgres_store, tmp_path)
