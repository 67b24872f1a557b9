"""dtl chart on the command line: formats by suffix, refusals and their exit codes, atomic writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dtl.application.facade import Dtl
from dtl.cli.main import main
from tests.analysis.charts.support import PNG_MAGIC, ids, record_seed_story, svg_root
from tests.support import in_mount_namespace, mount_namespace_problem, needs, read_only

ROOT = Path(__file__).resolve().parents[3]


def dtl(capsys, store: str, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--store", store, "chart", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def story(store_url) -> str:
    with Dtl(store_url) as facade:
        record_seed_story(facade)
    return store_url


def test_a_chart_is_written_and_its_path_and_counts_are_printed(capsys, story, tmp_path):
    target = tmp_path / "tur-isr.svg"
    code, out, err = dtl(capsys, story, "TUR", "ISR", "-o", str(target))
    assert (code, err) == (0, "")
    assert out.splitlines() == [str(target), "svg: 3 bars, 3 markers, 0 actions left out"]
    root = svg_root(target)
    assert len(ids(root, "bar-")) == 3 and len(ids(root, "marker-")) == 3


def test_json_output_gives_the_path_the_format_the_counts_and_what_was_left_out(capsys, story, tmp_path):
    target = tmp_path / "nato-isr.html"
    code, out, _ = dtl(capsys, story, "NATO", "ISR", "--min-grade", "b2", "--json", "-o", str(target))
    assert code == 0
    assert json.loads(out) == {
        "path": str(target),
        "format": "html",
        "bars": 2,
        "markers": 1,
        "links": 0,
        "left_out": 1,
    }
    assert "min grade B2 · 1 action left out" in target.read_text()


def test_the_roster_chart_is_written_as_png(capsys, seed_store, tmp_path):
    target = tmp_path / "nato.png"
    code, out, _ = dtl(capsys, seed_store, "--roster", "nato", "--from", "2021", "-o", str(target))
    assert code == 0 and out.splitlines()[1] == "png: 39 bars, 0 markers, 0 actions left out"
    assert target.read_bytes().startswith(PNG_MAGIC)


def test_htm_is_html_too(capsys, seed_store, tmp_path):
    code, out, _ = dtl(capsys, seed_store, "TUR", "ISR", "-o", str(tmp_path / "chart.HTM"))
    assert code == 0 and out.splitlines()[1].startswith("html: ")


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["TUR", "ISR", "-o", "chart.pdf"], "output"),
        (["TUR", "ISR", "-o", "chart"], "output"),
        (["TUR", "ISR"], "output"),
        (["TUR", "ISR", "--roster", "NATO", "-o", "chart.svg"], "roster"),
        (["TUR", "-o", "chart.svg"], "y"),
        (["-o", "chart.svg"], "x"),
        (["TUR", "ISR", "--min-grade", "G7", "-o", "chart.svg"], "min-grade"),
        (["TUR", "ISR", "--from", "2024-02-30", "-o", "chart.svg"], "from"),
        (["--roster", "TUR", "-o", "chart.svg"], "org"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_field(
    capsys, seed_store, tmp_path, monkeypatch, argv, field
):
    monkeypatch.chdir(tmp_path)
    code, out, err = dtl(capsys, seed_store, *argv)
    assert (code, out) == (2, "")
    assert err.startswith(f"dtl: {field}: ") and err.count("\n") == 1, err
    assert list(tmp_path.iterdir()) == []


def test_a_path_that_cannot_be_written_is_refused_before_anything_is_drawn(capsys, seed_store, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    for target in (tmp_path / "missing" / "chart.svg", blocker / "chart.svg", tmp_path):
        code, _, err = dtl(capsys, seed_store, "TUR", "ISR", "-o", str(target))
        assert code == 2 and err.startswith("dtl: output: "), err


def test_a_read_only_directory_is_refused(capsys, seed_store, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    target = str(locked / "chart.svg")
    if os.geteuid() != 0:
        code, _, err = dtl(capsys, seed_store, "TUR", "ISR", "-o", target)
    else:  # root writes through file modes: a read-only mount, in a namespace of its own
        needs(mount_namespace_problem(), "root needs a private mount namespace to see a read-only folder")
        argv = [sys.executable, "-m", "dtl", "--store", seed_store, "chart", "TUR", "ISR", "-o", target]
        code, err, _ = in_mount_namespace(read_only(locked), argv, cwd=str(ROOT))
    assert code == 2 and err.startswith("dtl: output: "), err
    assert not (locked / "chart.svg").exists()


def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary_file(
    capsys, seed_store, tmp_path, monkeypatch
):
    target = tmp_path / "chart.svg"
    target.write_text("the previous chart")

    def full_disk(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    code, _, err = dtl(capsys, seed_store, "TUR", "ISR", "-o", str(target))
    assert code == 2 and err.startswith("dtl: output: ") and "No space left" in err
    assert target.read_text() == "the previous chart"
    assert [p.name for p in tmp_path.iterdir()] == ["chart.svg"]


def test_a_chart_that_fails_leaves_an_existing_file_untouched(capsys, seed_store, tmp_path):
    target = tmp_path / "chart.svg"
    target.write_text("the previous chart")
    code, _, err = dtl(capsys, seed_store, "TUR", "NOWHERE", "-o", str(target))
    assert code == 2 and err.startswith("dtl: y: ")
    assert target.read_text() == "the previous chart" and len(list(tmp_path.iterdir())) == 1


def test_other_commands_never_import_matplotlib(tmp_path):
    script = (
        "import sys\n"
        "from dtl.cli.main import main\n"
        f"assert main(['--store', {str(tmp_path / 'x.sqlite3')!r}, 'catalogue', '--json']) == 0\n"
        "import application.charts, cli.commands.chart\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib was imported'\n"
    )
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr


def test_demo_ends_by_writing_the_seed_chart_beside_the_store(capsys, tmp_path):
    store = tmp_path / "dtl.sqlite3"
    assert main(["--store", str(store), "demo"]) == 0
    out = capsys.readouterr().out
    chart = tmp_path / "dtl-seed-chart.html"
    assert f"wrote the chart of NATO and Israel to {chart}" in out
    root = svg_root(chart)
    assert len(ids(root, "bar-")) == 3 and len(ids(root, "marker-")) == 1
