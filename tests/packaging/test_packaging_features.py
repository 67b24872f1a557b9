"""features/packaging/: the wheel this checkout builds, installed into a clean environment.

The clean environment is a new virtual environment with no dtl in it; it borrows the project
environment's installed dependencies through a .pth line (read as a plain path: the project's
editable-install hook in that folder is never run), so nothing is downloaded."""

from __future__ import annotations

import shlex
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

ROOT = Path(__file__).resolve().parents[2]
PARTS = ("domain", "application", "projections", "cli", "api")

scenarios("packaging")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (built,) = out.glob("dtl-*.whl")
    return built


@pytest.fixture(scope="module")
def clean_env(tmp_path_factory, wheel) -> Path:
    """A virtual environment holding the wheel's dtl and nothing else of dtl's."""
    home = tmp_path_factory.mktemp("clean")
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(home / "venv")], check=True, timeout=120
    )
    python = home / "venv" / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    (Path(purelib) / "project-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", purelib, str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return python


@given("a wheel built from this checkout")
def a_wheel(wheel):
    assert wheel.exists()


@then(parsers.parse('the wheel\'s only top-level package is "{name}"'))
def only_top_level(wheel, name):
    with zipfile.ZipFile(wheel) as archive:
        tops = {n.split("/")[0] for n in archive.namelist() if not n.split("/")[0].endswith(".dist-info")}
        top_level = archive.read(next(n for n in archive.namelist() if n.endswith("top_level.txt"))).decode()
    assert tops == {name}, tops
    assert top_level.split() == [name]


@then("the wheel holds every Python module of domain/, application/, projections/, cli/ and api/")
def every_module(wheel):
    with zipfile.ZipFile(wheel) as archive:
        held = {n for n in archive.namelist() if n.endswith(".py")}
    wanted = {f"dtl/{p.relative_to(ROOT)}" for part in PARTS for p in (ROOT / part).rglob("*.py")}
    wanted |= {f"dtl/{p.name}" for p in (ROOT / "dtl").glob("*.py")}
    assert wanted - held == set(), "not in the wheel (list the package in pyproject.toml)"
    assert held - wanted == set()


@then("the wheel holds the CAMEO codebook and the organisations as package data")
def package_data(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {"dtl/domain/data/cameo-event-codes.tsv", "dtl/domain/data/organisations.json"} <= names


@given("the wheel is installed into a clean environment")
def installed(clean_env):
    assert clean_env.exists()


@pytest.fixture
def folder(tmp_path) -> Path:
    path = tmp_path / "empty"
    path.mkdir()
    return path


@given(parsers.parse('an empty folder holding a package of its own called "{name}"'))
def own_package(folder, name):
    (folder / name).mkdir()
    (folder / name / "__init__.py").write_text("MINE = True\n")


@when(parsers.parse('I run "{command}" there, in an empty folder'), target_fixture="run")
@when(parsers.parse('I run "{command}" there'), target_fixture="run")
def run_there(clean_env, folder, tmp_path, command):
    argv = shlex.split(command)
    assert argv[0] == "python"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home"), "COLUMNS": "120"}
    return subprocess.run(
        [str(clean_env), *argv[1:]], cwd=folder, env=env, capture_output=True, text=True, timeout=300
    )


@then("it exits 0 and answers what held between NATO and Israel")
def demo_answers(run):
    assert run.returncode == 0, run.stderr[-2000:]
    assert "NATO" in run.stdout and "ISR" in run.stdout and "engagement-veto" in run.stdout, run.stdout[
        -2000:
    ]


@then("the folder holds the demo's store and its chart, and nothing else")
def folder_contents(folder):
    names = {p.name for p in folder.iterdir()} - {"dtl.sqlite3-wal", "dtl.sqlite3-shm"}
    assert names == {"dtl.sqlite3", "dtl-seed-chart.html"}, names


@then("it exits 0")
def exits_0(run):
    assert run.returncode == 0, run.stderr[-2000:]
