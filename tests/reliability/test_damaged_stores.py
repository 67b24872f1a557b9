"""A damaged store gives every command one line and exit 3 (the store cannot be used), never a
traceback and never exit 1 (which means a conflict with the timeline): a file that is not SQLite,
a truncated copy, a store on a read-only mount, a store on a full disk.

The read-only mount and the full disk are real: the command runs in a private mount namespace
(`unshare -m`, as root) with the store's folder bound read-only, or on a tiny tmpfs filled up."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dtl.cli.main import main
from tests.reliability.support import ROOT, seeded
from tests.support import in_mount_namespace, mount_namespace_problem, needs, read_only, store_fingerprint

COMMANDS = [
    ["timeline"],
    ["state", "NATO", "ISR", "--at", "2024-03-01"],
    ["verify"],
    ["record", "meet", "--by", "TUR", "--target", "ISR", "--on", "2024-07"],
    ["log", "export", "{tmp}/backup.jsonl"],
    ["log", "import", "{tmp}/good-backup.jsonl"],
]


@pytest.fixture
def good_backup(tmp_path, capsys) -> Path:
    source = str(tmp_path / "source.sqlite3")
    seeded(source)
    assert main(["--store", source, "log", "export", str(tmp_path / "good-backup.jsonl")]) == 0
    capsys.readouterr()
    return tmp_path / "good-backup.jsonl"


def assert_store_error(code: int, out: str, err: str, argv: list[str]) -> None:
    assert "Traceback" not in err, err
    assert code == 3, (argv, code, err)
    assert err.count("\n") == 1 and err.startswith("dtl: store: "), (argv, err)


def run_in_process(capsys, store: str, argv: list[str], tmp: Path) -> tuple[int, str, str]:
    argv = [a.replace("{tmp}", str(tmp)) for a in argv]
    code = main(["--store", store, *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_a_file_that_is_not_sqlite_is_one_line_and_exit_3(tmp_path, capsys, good_backup, argv):
    store = tmp_path / "dtl.sqlite3"
    store.write_bytes(b"These are my notes, not a database.\n" * 200)
    before = store.read_bytes()
    assert_store_error(*run_in_process(capsys, str(store), argv, tmp_path), argv)
    assert store.read_bytes() == before


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_a_truncated_copy_is_one_line_and_exit_3(tmp_path, capsys, good_backup, argv):
    whole = tmp_path / "whole.sqlite3"
    seeded(str(whole))
    with sqlite3.connect(whole) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = whole.read_bytes()
    store = tmp_path / "dtl.sqlite3"
    store.write_bytes(data[: len(data) // 2])
    assert_store_error(*run_in_process(capsys, str(store), argv, tmp_path), argv)


def test_serve_on_a_file_that_is_not_sqlite_exits_3_before_binding_a_port(tmp_path):
    store = tmp_path / "dtl.sqlite3"
    store.write_bytes(b"not a database\n" * 200)
    proc = subprocess.run([sys.executable, "-m", "dtl", "--store", str(store), "serve", "--port", "8765"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert_store_error(proc.returncode, proc.stdout, proc.stderr, ["serve"])


# -- in a private mount namespace ----------------------------------------------------------------
@pytest.fixture
def namespace() -> None:
    needs(mount_namespace_problem(), "a read-only mount or a full disk needs a private mount namespace")


def run_in(setup: str, store: Path, argv: list[str], after: str = "") -> tuple[int, str, str]:
    return in_mount_namespace(
        setup, [sys.executable, "-m", "dtl", "--store", str(store), *argv], after, str(ROOT)
    )


@pytest.mark.parametrize("argv", [["record", "meet", "--by", "TUR", "--target", "ISR", "--on", "2024-07"],
                                  ["timeline"]], ids=["record", "timeline"])  # fmt: skip
def test_a_store_on_a_read_only_mount_is_one_line_and_exit_3_for_writes(namespace, tmp_path, argv):
    folder = tmp_path / "archive"
    folder.mkdir()
    store = folder / "dtl.sqlite3"
    seeded(str(store))
    with sqlite3.connect(store) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = store_fingerprint(str(store))
    code, err, out = run_in(read_only(folder), store, argv)
    if argv[0] == "timeline" and code == 0:
        return  # reading a read-only store is fine where SQLite can
    assert_store_error(code, out, err, argv)
    assert store_fingerprint(str(store)) == before


def test_a_store_on_a_full_disk_is_one_line_and_exit_3_and_unchanged(namespace, tmp_path):
    source = tmp_path / "source.sqlite3"
    seeded(str(source))
    with sqlite3.connect(source) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size_kb = source.stat().st_size // 1024 + 512
    disk = tmp_path / "disk"
    disk.mkdir()
    store = disk / "dtl.sqlite3"
    fingerprint = (f"'{sys.executable}' -c 'import sys; sys.path.insert(0, \"{ROOT}\"); "
                   f"from tests.support import store_fingerprint; print(store_fingerprint(\"{store}\"))'")  # fmt: skip
    setup = (f"mount -t tmpfs -o size={size_kb}k tmpfs '{disk}'\ncp '{source}' '{store}'\n"
             f"dd if=/dev/zero of='{disk}/filler' bs=4k 2>/dev/null || true")  # fmt: skip
    argv = ["record", "meet", "--by", "TUR", "--target", "ISR", "--on", "2024-07", "--note", "x" * 1900]
    code, err, out = run_in(setup, store, argv, after=f"rm '{disk}/filler'\n{fingerprint}")
    assert_store_error(code, "", err, argv)
    assert out.strip().splitlines()[-1] == store_fingerprint(str(source))
