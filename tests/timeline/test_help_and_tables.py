"""Tables and help that teach: nothing users type back is cut, piped output is not squeezed
to 80 columns, every command's help reads the same way and shows an example, shell completion
installs, actors list each alias once, and a pair is written in one order throughout an answer."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dtl.cli.main import build_command, main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def every_command():
    """(words after 'dtl', click command) for the top level and every command and group."""

    def walk(command, path):
        yield path, command
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, [*path, name])

    return list(walk(build_command(), []))


COMMANDS = every_command()


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_every_commands_help_reads_the_same_way_and_shows_an_example(capsys, monkeypatch, path, command):
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(capsys, *path, "--help")
    assert code == 0
    usage = next(line for line in out.splitlines() if "Usage:" in line)
    assert "{" not in usage and "}" not in usage, usage  # X Y, ID, ORG: bare when required
    for param in command.params:
        if param.param_type_name == "argument":
            assert param.metavar and param.metavar == param.metavar.upper(), (path, param.name)
            required = param.metavar if param.required else f"[{param.metavar}]"
            assert f" {required}" in usage, (usage, required)
    assert "<bool>" not in out  # a flag takes no value: --json, --help
    assert "Example" in out, f"dtl {' '.join(path)} --help shows no example"
    first = (command.help or "").split("\n\n")[0]
    assert "\n" not in first, "a summary is one paragraph, re-flowed by the terminal"


def test_the_top_level_help_lists_each_command_on_one_line_when_there_is_room(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")
    code, out, _ = run(capsys, "--help")
    panel = out[out.index("Commands") :]
    rows = [line for line in panel.splitlines() if line.startswith("│ ")]
    names = [row.split()[1] for row in rows]
    assert code == 0 and names == list(build_command().commands)  # no continuation lines


def test_a_required_option_is_shown_as_required(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    _, out, _ = run(capsys, "chart", "--help")
    (line,) = [line for line in out.splitlines() if "--output" in line]
    assert line.lstrip("│ ").startswith("*")
    code, out, err = run(capsys, "chart", "TUR", "ISR")
    assert (code, out) == (2, "") and err == "dtl: output: Missing option '--output' / '-o'.\n"


def test_shell_completion_installs_and_completes_commands(tmp_path):
    env = {**os.environ, "HOME": str(tmp_path), "SHELL": "/bin/bash", "COLUMNS": "200"}
    dtl = str(Path(sys.executable).with_name("dtl"))
    # "; exit $?" keeps bash as dtl's parent (a lone command is exec'd): typer finds the shell
    # from the parent process, wherever pytest itself was started from
    installed = subprocess.run(["bash", "-c", f"{dtl} --install-completion; exit $?"], env=env,
                               capture_output=True, text=True, timeout=60)  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    assert "completion installed" in installed.stdout
    assert "dtl" in (tmp_path / ".bashrc").read_text()
    completed = subprocess.run([dtl], capture_output=True, text=True, timeout=60, env={
        **env, "_DTL_COMPLETE": "complete_bash", "COMP_WORDS": "dtl sta", "COMP_CWORD": "1"})  # fmt: skip
    assert completed.stdout.split() == ["state"], completed


def test_piped_tables_are_not_squeezed_and_never_cut_what_users_type_back(capsys, sqlite_store):
    code, out, _ = run(capsys, "--store", sqlite_store, "catalogue")
    assert code == 0 and "withdraw-application" in out and "withdraw-appli…" not in out
    rows = [line for line in out.splitlines() if line.startswith("│ withdraw-application ")]
    assert len(rows) == 1 and "BY withdraws its application to TARGET" in rows[0]  # one line, whole


def test_at_120_columns_types_codes_and_ids_stay_whole_and_other_columns_wrap(capsys, monkeypatch, sqlite_store):
    monkeypatch.setenv("COLUMNS", "120")
    code, out, _ = run(capsys, "--store", sqlite_store, "catalogue")
    assert code == 0 and max(len(line) for line in out.splitlines()) <= 120
    types = [line.split("│")[1].strip() for line in out.splitlines() if line.startswith("│ ")]
    from dtl.application.reference import catalogue

    assert {t["type"] for t in catalogue()} <= set(types)  # every type, whole, on one line
    assert "…" not in out


def test_timeline_details_are_never_cut(capsys, sqlite_store):
    note = "a long note that goes on well past sixty characters, to the very end of it"
    run(capsys, "--store", sqlite_store, "record", "meet", "--by", "TUR", "--target", "GRC", "--on", "2024-02-01",
        "--note", note)  # fmt: skip
    code, out, _ = run(capsys, "--store", sqlite_store, "timeline")
    assert code == 0 and note in out


def test_actors_list_each_alias_once_whatever_its_case(capsys):
    code, out, _ = run(capsys, "actors", "arab", "--json")
    syria = next(a for a in json.loads(out) if a["code"] == "SYR")
    assert code == 0 and syria["aliases"] == ["Syria"]
    from dtl.domain.actors import registry

    for actor in registry():
        folded = [a.casefold() for a in actor.aliases]
        assert len(set(folded)) == len(folded) and actor.name.casefold() not in folded, actor.code


def test_a_pair_is_written_in_the_order_asked_at_the_top_and_in_every_measure(capsys, store_url):
    assert run(capsys, "--store", store_url, "demo")[0] == 0
    for x, y in (("NATO", "ISR"), ("ISR", "NATO")):
        code, out, _ = run(capsys, "--store", store_url, "state", x, y, "--at", "2024-08-01", "--json")
        answer = json.loads(out)
        pairs = [m["pair"] for m in answer["measures"]]
        assert code == 0 and answer["pair"] == [x, y]
        assert [x, y] in pairs and [y, x] not in pairs  # the partnership and the veto, as asked
        assert ["NATO", "TUR"] in pairs  # ISR's demand is on NATO-TUR: the named side first
        _, out, _ = run(capsys, "--store", store_url, "history", x, y, "--json")
        history = json.loads(out)
        assert all(m["pair"][0] in (x, y) for m in history["intervals"])
        assert [x, y] in [m["pair"] for m in history["intervals"]]


def test_a_diffs_groups_stay_in_code_order_so_a_narrowed_diff_is_part_of_the_whole(capsys, store_url):
    assert run(capsys, "--store", store_url, "demo")[0] == 0
    _, out, _ = run(capsys, "--store", store_url, "diff", "--from", "2023-01-01", "--to", "2024-08-01",
                    "--pair", "TUR", "ISR", "--json")  # fmt: skip
    groups = [g["pair"] for g in json.loads(out)["pairs"]]
    assert groups and all(g == sorted(g) for g in groups)


@pytest.fixture
def sqlite_store(tmp_path) -> str:
    from dtl.application.facade import Dtl

    path = str(tmp_path / "cli.sqlite3")
    Dtl(path).open().close()
    return path


def test_dtl_help_imports_neither_pyarrow_nor_duckdb_nor_matplotlib():
    probe = (
        "import sys; from dtl.cli.main import main; main(['--help']); "
        "print(sorted(m for m in ('pyarrow', 'duckdb', 'matplotlib') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert re.search(r"^\[\]$", done.stdout, re.M), done.stdout[-300:]
