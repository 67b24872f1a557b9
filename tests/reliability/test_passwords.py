"""A database password never appears in output, errors or logs."""

from __future__ import annotations

import logging

import pytest

from dtl.application.persistence import StoreConfig
from dtl.cli.main import main

PASSWORD = "s3cr3t-Pa55w0rd"


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://analyst:{PASSWORD}@127.0.0.1:1/dtl",  # nothing listens on port 1
        f"postgresql://no_such_role:{PASSWORD}@127.0.0.1:5432/test",
        f"postgresql://analyst:{PASSWORD}@127.0.0.1:5432/no_such_database",
        f"postgres://analyst:{PASSWORD}@[::1:5432/dtl",  # malformed
    ],
)
def test_a_failing_connection_names_the_problem_but_never_the_password(url, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    code = main(["--store", url, "state", "NATO", "ISR", "--at", "2024-03-01"])
    captured = capsys.readouterr()
    assert code in (2, 3)
    assert captured.err.startswith("dtl: ") and captured.err.count("\n") == 1
    for text in (captured.out, captured.err, caplog.text):
        assert PASSWORD not in text


def test_help_and_the_displayed_store_never_show_the_password(monkeypatch, capsys):
    monkeypatch.setenv("DTL_STORE", f"postgresql://analyst:{PASSWORD}@127.0.0.1:5432/test")
    assert main(["--help"]) == 0
    assert PASSWORD not in capsys.readouterr().out
    config = StoreConfig.parse(None)
    assert PASSWORD not in config.display and "***" in config.display
    assert PASSWORD not in repr(config.display)


@pytest.mark.parametrize("option", ["sslmode=require", f"password={PASSWORD}", "sslmode=bogus"])
def test_a_url_option_dtl_does_not_honour_is_refused_not_silently_dropped(option, capsys):
    code = main(["--store", f"postgresql://analyst@127.0.0.1:5432/test?{option}", "timeline"])
    err = capsys.readouterr().err
    assert code == 2 and "store: unsupported URL option" in err and PASSWORD not in err
