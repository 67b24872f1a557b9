"""Every scenario of features/timeline/, on SQLite and on PostgreSQL (see tests/conftest.py)."""

from pytest_bdd import scenarios

scenarios("timeline")
