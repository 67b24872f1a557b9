"""The server's own settings (DTL_API_*): each is checked, a wrong one stops `dtl serve` with
one line naming it (exit 2) before the port is taken, a token is never shown in that line, and
docs/api.md gives the defaults the code has."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dtl.api.settings import MIB, SETTINGS, Settings
from dtl.cli.main import main

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"
GOOD = "write-token-1-4b8f0c2e9d6a7b3c"


@pytest.fixture
def no_port(monkeypatch) -> None:
    """`dtl serve` may not take a port: a setting that is not refused fails the test there."""
    import dtl.cli.commands.serve as serve

    def bind(host: str, port: int):
        raise AssertionError("the port was taken")

    monkeypatch.setattr(serve, "_bind", bind)


WRONG = [
    ("DTL_API_MAX_UPLOAD_MB", "\u0663", "is not a number: '\\u0663'"),  # an Arabic-Indic 3
    ("DTL_API_MAX_UPLOAD_MB", "1e3", "is not a number: '1e3'"),
    ("DTL_API_MAX_UPLOAD_MB", "0", "must be between 1 and 10000, not 0"),
    ("DTL_API_MAX_UPLOAD_MB", "64MB", "is not a number: '64MB'"),
    ("DTL_API_STREAM_POLL", "1_0", "is not a number: '1_0'"),
    ("DTL_API_STREAM_POLL", "nan", "is not a number: 'nan'"),
    ("DTL_API_STREAM_POLL", "-1", "must be between 0.01 and 60, not -1"),
    ("DTL_API_STREAM_PING", "inf", "is not a number: 'inf'"),
    ("DTL_API_STREAM_PING", "0.001", "must be between 0.05 and 3600, not 0.001"),
    ("DTL_API_CONCURRENCY", "0", "must be between 1 and 64, not 0"),
    ("DTL_API_CONCURRENCY", "2.5", "is not a whole number: '2.5'"),
    ("DTL_API_CONCURRENCY", "four", "is not a whole number: 'four'"),
    ("DTL_API_CACHE_MB", "5000", "must be between 0 and 4096, not 5000"),
    ("DTL_API_CACHE_MB", "\u00b2", "is not a whole number: '\\xb2'"),
    ("DTL_API_TOKENS", f"{GOOD},,{GOOD}x", "token 2 of 3 is empty (tokens are separated by single commas)"),
    ("DTL_API_TOKENS", f"{GOOD},", "token 2 of 2 is empty (tokens are separated by single commas)"),
    ("DTL_API_TOKENS", "s3cret", "token 1 of 1 is 6 characters long; use at least 16"),
    (
        "DTL_API_TOKENS",
        f"{GOOD},s3cret s3cret s3cret",
        "token 2 of 2 holds a character a bearer token cannot",
    ),
    (
        "DTL_API_TOKENS",
        "s3cret-t\u00f8ken-of-some-length",
        "token 1 of 1 holds a character a bearer token cannot",
    ),
    ("DTL_API_READ_TOKEN", "s3cret", "the token is 6 characters long; use at least 16"),
    (
        "DTL_API_READ_TOKEN",
        f"{GOOD},{GOOD}x",
        "is one token (a list of tokens that may write goes in DTL_API_TOKENS)",
    ),
]


@pytest.mark.parametrize(("variable", "value", "says"), WRONG)
def test_a_wrong_setting_stops_dtl_serve_with_one_line_naming_it_before_the_port_is_taken(
    capsys, monkeypatch, tmp_path, no_port, variable, value, says
):
    monkeypatch.setenv(variable, value)
    code = main(["--store", str(tmp_path / "dtl.sqlite3"), "serve", "--port", "8799"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith(f"dtl: {variable}: {says}") and err.count("\n") == 1, err
    if "TOKEN" in variable:
        assert "s3cret" not in err and GOOD not in err, "a token is never shown"
    assert not (tmp_path / "dtl.sqlite3").exists(), "checked before the store is opened"


@pytest.mark.parametrize(
    ("variable", "hint"),
    [("DTL_API_READTOKEN", "did you mean DTL_API_READ_TOKEN?"), ("DTL_API_TOKEN", "did you mean DTL_API_TOKENS?"),
     ("dtl_api_tokens", "did you mean DTL_API_TOKENS?"), ("DTL_API_WORKERS", "the settings: DTL_API_TOKENS, ")],
)  # fmt: skip
def test_a_dtl_api_variable_that_is_not_a_setting_is_named_not_ignored(
    capsys, monkeypatch, tmp_path, no_port, variable, hint
):
    monkeypatch.setenv(variable, GOOD)
    code = main(["--store", str(tmp_path / "dtl.sqlite3"), "serve", "--port", "8799"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith(f"dtl: {variable}: is not a setting of dtl serve; {hint}"), err


def test_good_settings_are_read_as_given():
    settings = Settings.from_env({
        "DTL_API_TOKENS": f" {GOOD} ,{GOOD}-2==", "DTL_API_READ_TOKEN": "read-token-0c1d2e3f4a5b6c7d",
        "DTL_API_MAX_UPLOAD_MB": "1.5", "DTL_API_CONCURRENCY": "8", "DTL_API_CACHE_MB": "0",
        "DTL_API_STREAM_POLL": "0.25", "DTL_API_STREAM_PING": "30", "DTL_STORE": "elsewhere.sqlite3",
    })  # fmt: skip
    assert settings.write_tokens == (GOOD, f"{GOOD}-2==")
    assert settings.read_token == "read-token-0c1d2e3f4a5b6c7d"
    assert (
        settings.max_upload_bytes == int(1.5 * MIB)
        and settings.concurrency == 8
        and settings.cache_bytes == 0
    )
    assert (settings.stream_poll_seconds, settings.stream_ping_seconds) == (0.25, 30.0)
    assert Settings.from_env({"DTL_API_TOKENS": "  ", "DTL_API_CONCURRENCY": ""}) == Settings()


def test_every_setting_is_in_docs_api_md_with_the_codes_default():
    text = DOCS.read_text()
    rows = {m[1]: m[0] for m in re.finditer(r"^\| `(DTL_API_[A-Z_]+)` \|.*$", text, flags=re.M)}
    assert sorted(rows) == sorted(SETTINGS), "docs/api.md's table lists exactly the settings"
    for name, (default, _, _) in SETTINGS.items():
        assert f"Default: {default}." in rows[name] or f"Default: {default} " in rows[name], (
            name,
            rows[name],
        )
    defaults = Settings()
    assert SETTINGS["DTL_API_MAX_UPLOAD_MB"][0] == str(defaults.max_upload_bytes // MIB)
    assert SETTINGS["DTL_API_CONCURRENCY"][0] == str(defaults.concurrency)
    assert SETTINGS["DTL_API_CACHE_MB"][0] == str(defaults.cache_bytes // MIB)
    assert SETTINGS["DTL_API_STREAM_POLL"][0] == f"{defaults.stream_poll_seconds:g}"
    assert SETTINGS["DTL_API_STREAM_PING"][0] == f"{defaults.stream_ping_seconds:g}"
    assert Settings.from_env({}) == defaults
