"""Settings and store locations: a wrong one is one line naming it, never a traceback, never a
stale answer, never a file created by mistake; a question never creates a store."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import psycopg
import pytest

from dtl.application import retry, settings
from dtl.application.facade import Dtl
from dtl.cli.main import main
from tests.reliability.support import ROOT
from tests.support import POSTGRES_URL, drop_schema, schema_url


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("name", ["DTL_IMPORT_BATCH", "DTL_CATCH_UP_BATCH"])
@pytest.mark.parametrize("value", ["abc", "0", "-5", "1.5", "²", "2000000"])
def test_a_malformed_setting_is_one_line_naming_it(tmp_path, monkeypatch, capsys, name, value):
    store = str(tmp_path / "dtl.sqlite3")
    Dtl(store).open().close()
    monkeypatch.setenv(name, value)
    code, out, err = run(capsys, "--store", store, "timeline")
    assert code == 2 and out == "" and err.count("\n") == 1 and err.startswith(f"dtl: {name}: "), err


def test_a_catch_up_batch_of_one_still_gives_complete_answers(tmp_path, monkeypatch):
    """The smallest batch is allowed and changes nothing but the number of transactions."""
    store = str(tmp_path / "dtl.sqlite3")
    with Dtl(store) as dtl:
        for on in ("2019", "2020", "2021"):
            dtl.record({"type": "meet", "by": "TUR", "target": "ISR", "on": on})
    monkeypatch.setenv("DTL_CATCH_UP_BATCH", "1")
    with Dtl(store) as dtl:
        assert len(dtl.timeline()) == 3


def test_the_docs_give_the_defaults_the_code_has():
    text = (ROOT / "docs" / "reliability.md").read_text()
    assert f"at most {retry.ATTEMPTS} times" in text
    assert f"`DTL_IMPORT_BATCH` (default {settings.IMPORT_BATCH:,})" in text
    assert f"`DTL_CATCH_UP_BATCH` (default {settings.CATCH_UP_BATCH:,})" in text


# -- a question never creates a store ------------------------------------------------------------
READS = [
    ["state", "NATO", "ISR", "--at", "2024-03-01"], ["roster", "NATO", "--at", "2024-03-01"], ["timeline"],
    ["history", "NATO", "ISR"], ["observations", "TUR", "ISR"], ["show", "ed82"], ["verify"], ["project"],
    ["diff", "--from", "2024-01-01", "--to", "2024-02-01"], ["scores", "TUR", "ISR"],
    ["log", "export", "backup.jsonl"], ["corroborate", "ed82", "--source", "Wire"],
]  # fmt: skip


@pytest.mark.parametrize("argv", READS, ids=lambda a: " ".join(a[:2]))
def test_a_question_in_a_folder_without_a_store_refuses_and_creates_nothing(
    tmp_path, monkeypatch, capsys, argv
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DTL_STORE", raising=False)
    code, out, err = run(capsys, *argv)
    assert code == 3 and err.count("\n") == 1 and "there is no store at dtl.sqlite3" in err, err
    assert "dtl demo" in err and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv", [["record", "meet", "--by", "TUR", "--target", "ISR", "--on", "2024-07"],
                                  ["import", str(ROOT / "tests/fixtures/gdelt2-sample.export.CSV")]],
                         ids=["record", "import"])  # fmt: skip
def test_a_write_creates_the_store(tmp_path, monkeypatch, capsys, argv):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DTL_STORE", raising=False)
    code, _, err = run(capsys, *argv)
    assert code == 0, err
    assert (tmp_path / "dtl.sqlite3").exists()
    assert run(capsys, "timeline", "--json")[0] == 0


@pytest.mark.postgres
def test_a_question_on_a_postgres_schema_that_holds_no_store_refuses_and_creates_nothing(
    postgres_ready, capsys
):
    schema = "t_" + uuid.uuid4().hex[:12]
    try:
        code, _, err = run(capsys, "--store", schema_url(schema), "timeline")
        assert code == 3 and "there is no store at" in err and f"schema={schema}" in err, err
        with psycopg.connect(POSTGRES_URL) as conn:
            found = conn.execute("SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", [schema])
            assert found.fetchone() is None
        code, out, err = run(capsys, "--store", schema_url(schema), "record", "meet", "--by", "TUR",
                             "--target", "ISR", "--on", "2024-07", "--json")  # fmt: skip
        assert code == 0 and json.loads(out)["recorded"], err
    finally:
        drop_schema(schema)


# -- a store location that looks like a URL is one ---------------------------------------------
@pytest.mark.parametrize("location", ["postgresql:analyst:S3cretPW@dbhost", "postgres:/analyst:S3cretPW@dbhost/db",
                                      "sqlite:///analyst:S3cretPW@x.db", "https://analyst:S3cretPW@example.org/db"])  # fmt: skip
def test_a_malformed_url_is_refused_with_its_password_masked_and_no_file_is_made(
    tmp_path, monkeypatch, capsys, location
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DTL_STORE", location)
    for argv in (["record", "meet", "--by", "TUR", "--target", "ISR", "--on", "2024-07"], ["timeline"],
                 ["serve"]):  # fmt: skip
        code, out, err = run(capsys, *argv)
        assert code == 2 and err.count("\n") == 1 and err.startswith("dtl: store: "), err
        assert "S3cretPW" not in out + err
    assert list(tmp_path.iterdir()) == []
    assert not any(Path(p).name.startswith(("postgres", "sqlite", "https")) for p in os.listdir(ROOT))


def test_a_file_name_with_a_colon_is_still_a_file_when_written_as_a_path(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "--store", "./notes:2024.sqlite3", "record", "meet", "--by", "TUR",
                       "--target", "ISR", "--on", "2024-07")  # fmt: skip
    assert code == 0, err
    assert (tmp_path / "notes:2024.sqlite3").exists()
