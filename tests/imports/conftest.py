from __future__ import annotations

from types import ModuleType

import pytest

from .support import load_synth


@pytest.fixture(scope="session")
def synth() -> ModuleType:
    """benchmarks/synth_gdelt.py, loaded from its path (benchmarks/ is not a package)."""
    return load_synth()
