from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch) -> None:
    """rich draws tables to the terminal's width; a wide one keeps each row on one line, so a
    test can look for a phrase without it being wrapped across lines."""
    monkeypatch.setenv("COLUMNS", "250")
