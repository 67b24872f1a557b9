"""Helpers for the importer tests: fixture paths, file makers, the synthetic generator."""

from __future__ import annotations

import gzip
import importlib.util
import sys
import zipfile
from pathlib import Path
from types import ModuleType

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SYNTH = Path(__file__).resolve().parents[2] / "benchmarks" / "synth_gdelt.py"


def fixture(name: str) -> Path:
    return FIXTURES / name


def zipped(source: Path, into: Path, member: str | None = None) -> Path:
    """A copy of ``source`` zipped as GDELT ships it: one member, named like the file."""
    target = into / (source.name + ".zip")
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(source, member or source.name)
    return target


def gzipped(source: Path, into: Path) -> Path:
    target = into / (source.name + ".gz")
    target.write_bytes(gzip.compress(source.read_bytes()))
    return target


def load_synth() -> ModuleType:
    name = "synth_gdelt_under_test"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SYNTH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
