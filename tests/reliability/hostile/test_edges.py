"""Edges found by the hostile corpus. The calendar's: the last month and year there are, and
'as known at' the last day there is, are answered (an OverflowError reached the user). The
command line's: a bare 'dtl' shows the help and still says, on one line, what went wrong."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from datetime import date

from dtl.cli.main import main
from dtl.domain.dates import FuzzyDate, parse_known_at
from tests.reliability.hostile.support import SeededStore, invoke


def test_the_last_month_and_the_last_year_there_are_are_real_dates():
    for text in ("9999-12", "9999"):
        window = FuzzyDate.parse(text)
        assert window.earliest.year == 9999 and window.latest_exclusive == date.max


def test_as_known_at_the_last_day_there_is_means_everything_recorded():
    assert parse_known_at("9999-12-31") > parse_known_at("2024-08-01")


def test_questions_as_known_at_the_last_day_there_is_are_answered(tmp_path):
    store = str(tmp_path / "dtl.sqlite3")
    code, out, err = invoke(
        store, ["record", "halt-trade", "--by", "TUR", "--target", "ISR", "--on", "9999-12", "--announced"]
    )
    assert code == 0, err
    code, out, err = invoke(
        store, ["state", "TUR", "ISR", "--at", "9999-12-30", "--as-known-at", "9999-12-31", "--json"]
    )
    assert code == 0, err
    assert [m["aspect"] for m in json.loads(out)["measures"]] == ["trade"]
    code, out, err = invoke(store, ["history", "TUR", "ISR", "--as-known-at", "9999-12-31", "--json"])
    assert code == 0, err


def test_a_bare_dtl_shows_the_help_on_stdout_and_one_error_line_on_stderr(capsys):
    assert main([]) == 2
    captured = capsys.readouterr()
    assert "record" in captured.out and "state" in captured.out
    assert captured.err.startswith("dtl: ") and captured.err.count("\n") == 1


def test_the_corpus_store_checksum_sees_the_views_and_the_tracking_position(sqlite_store, tmp_path):
    """'Store unchanged' covers the whole store: a refusal that touched only a view's row or the
    views' tracked position (and no event) would be caught."""
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(sqlite_store.url, copy)
    store = SeededStore(str(copy), "sqlite", sqlite_store.table)
    before = store.checksum()
    for change in (
        "UPDATE tracking SET notification_id = notification_id - 1 WHERE application_name = 'dtl'",
        "UPDATE tracking SET notification_id = notification_id + 1 WHERE application_name = 'dtl'",
        "UPDATE dtl_measures SET scope = 'changed' WHERE rowid = (SELECT min(rowid) FROM dtl_measures)",
    ):
        with contextlib.closing(sqlite3.connect(copy)) as conn, conn:
            conn.execute(change)
        assert store.checksum() != before, change
        before = store.checksum()
