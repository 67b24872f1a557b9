"""`dtl export`: every measure, action or observation as one Parquet or CSV file with the
documented schema (docs/export.md), read back by DuckDB as an analyst would, on both backends."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dtl.application.exports import SCHEMAS
from dtl.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
GDELT = ROOT / "tests" / "fixtures" / "gdelt2-sample.export.CSV"

duckdb = pytest.importorskip("duckdb")


def query(sql: str) -> list[tuple]:
    with duckdb.connect() as db:
        return db.execute(sql).fetchall()


def run(capsys, store: str, *args: str) -> tuple[int, str, str]:
    code = main(["--store", store, *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def seed(capsys, store_url) -> str:
    assert run(capsys, store_url, "demo")[0] == 0
    code, _, err = run(capsys, store_url, "import", str(GDELT))
    assert code == 0, err
    return store_url


def test_duckdb_answers_a_question_from_the_exported_measures(capsys, seed, tmp_path):
    for suffix in ("parquet", "csv"):
        path = tmp_path / f"measures.{suffix}"
        code, out, err = run(capsys, seed, "export", "measures", "-o", str(path), "--json")
        assert code == 0, err
        summary = json.loads(out)
        assert summary["rows"] == 40 and summary["format"] == suffix
        vetoes = query(
            f"SELECT a, b, holder, since, since_earliest, since_latest FROM '{path}' "
            "WHERE aspect = 'engagement-veto' AND until IS NULL"
        )
        assert [tuple(str(v) for v in row) for row in vetoes] == [
            ("ISR", "NATO", "TUR", "2023-10", "2023-10-01", "2023-10-31")
        ], suffix
        members = query(
            f"SELECT count(*) FROM '{path}' WHERE aspect = 'membership' AND 'NATO' IN (a, b) "
            "AND since_earliest <= DATE '2024-08-01' AND (until_latest IS NULL OR until_latest >= DATE '2024-08-01')"
        )
        assert members == [(32,)], suffix


def test_the_parquet_files_have_the_documented_types(capsys, seed, tmp_path):
    types = {"string": "VARCHAR", "date": "DATE", "timestamp": "TIMESTAMP WITH TIME ZONE",
             "double": "DOUBLE", "int64": "BIGINT", "bool": "BOOLEAN", "list<string>": "VARCHAR[]"}  # fmt: skip
    for kind, fields in SCHEMAS.items():
        path = tmp_path / f"{kind}.parquet"
        assert run(capsys, seed, "export", kind, "-o", str(path))[0] == 0
        described = query(f"DESCRIBE SELECT * FROM '{path}'")
        assert [(row[0], row[1]) for row in described] == [(f.name, types[f.type]) for f in fields], kind
        assert query(f"SELECT count(*) FROM '{path}'")[0][0] > 0, kind


def test_actions_and_observations_are_every_one_recorded(capsys, seed, tmp_path):
    _, out, _ = run(capsys, seed, "timeline", "--json")
    recorded = json.loads(out)
    path = tmp_path / "actions.parquet"
    assert run(capsys, seed, "export", "actions", "-o", str(path))[0] == 0
    rows = query(f"""SELECT id, goldstein, "by" FROM '{path}'""")
    assert [r[0] for r in rows] == [a["id"] for a in recorded]
    assert [r[1] for r in rows] == [a["goldstein"] for a in recorded]  # negative scores as numbers
    path = tmp_path / "observations.csv"
    assert run(capsys, seed, "export", "observations", "-o", str(path))[0] == 0
    quads = query(f"SELECT quad_class, count(*) FROM '{path}' GROUP BY 1 ORDER BY 1")
    assert {q for q, _ in quads} <= {1, 2, 3, 4}
    assert sum(n for _, n in quads) == query(f"SELECT count(*) FROM '{path}'")[0][0] > 0


def test_as_known_at_exports_what_the_store_knew_then(capsys, seed, tmp_path):
    path = tmp_path / "then.csv"
    code, out, err = run(capsys, seed, "export", "actions", "--as-known-at", "2000-01-01", "-o", str(path), "--json")
    assert code == 0, err
    assert json.loads(out)["rows"] == 0
    assert path.read_text().splitlines() == [",".join(f.name for f in SCHEMAS["actions"])]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["export", "treaties", "-o", "x.csv"], "what"),
        (["export", "measures", "-o", "x.xlsx"], "output"),
        (["export", "measures"], "output"),
        (["export", "measures", "-o", "no/such/folder/x.csv"], "output"),
    ],
)
def test_bad_input_is_one_line_naming_the_field_and_writes_nothing(capsys, seed, tmp_path, monkeypatch, args, field):
    folder = tmp_path / "here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    code, out, err = run(capsys, seed, *args)
    assert (code, out) == (2, "") and err.startswith(f"dtl: {field}: ") and err.count("\n") == 1, err
    assert list(folder.iterdir()) == []


def test_docs_export_md_gives_every_column_with_its_type():
    text = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    for kind, fields in SCHEMAS.items():
        section = re.search(rf"^### `{kind}`.*?(?=^### |^## |\Z)", text, re.S | re.M)
        assert section, f"docs/export.md has no section for {kind}"
        documented = re.findall(r"^\| `([a-z_0-9]+)` \| `([a-z0-9<>]+)` \|", section.group(0), re.M)
        assert documented == [(f.name, f.type) for f in fields], kind
