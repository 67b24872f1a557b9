"""`dtl history X Y`: each interval with the precision of its dates, as the source gave them
("from 2023-10 (month)"), in the table and in the JSON."""

from __future__ import annotations

import pytest

from dtl.domain.dates import FuzzyDate
from tests.analysis.support import cli, cli_json

STORY = [
    ["record", "admit", "--by", "NATO", "--target", "TUR", "--on", "1952-02-18"],
    ["record", "establish-partnership", "--by", "NATO", "--target", "ISR", "--on", "1994-12"],
    ["record", "veto-engagement", "--by", "TUR", "--target", "ISR", "--forum", "NATO", "--on", "2023-10"],
    ["record", "lift-veto", "--by", "TUR", "--target", "ISR", "--forum", "NATO", "--on", "2024"],
    ["record", "halt-trade", "--by", "TUR", "--target", "ISR", "--on", "2024-05-02"],
]


@pytest.fixture
def store(tmp_path, capsys) -> str:
    store = str(tmp_path / "dtl.sqlite3")
    for args in STORY:
        cli_json(capsys, store, *args)
    return store


def with_precision(on: str) -> str:
    precision = FuzzyDate.parse(on).precision.value
    return on if precision == "day" else f"{on} ({precision})"


def test_the_history_table_gives_each_date_with_its_precision(store, capsys):
    run = cli(capsys, store, "history", "NATO", "ISR")
    assert run.code == 0 and run.err == ""
    veto, lift = STORY[2][-1], STORY[3][-1]
    assert "from 2023-10 (month)" in run.out
    assert f"blocked from {with_precision(veto)} to {with_precision(lift)}" in run.out
    assert f"partners from {with_precision(STORY[1][-1])}, in force" in run.out
    assert "to 2024 (year)" in run.out


def test_a_date_known_to_the_day_carries_no_precision_note(store, capsys):
    run = cli(capsys, store, "history", "TUR", "ISR")
    halt = STORY[4][-1]
    assert run.code == 0 and f"halted from {halt}, in force" in run.out
    assert f"{halt} (day)" not in run.out


def test_the_json_history_names_each_dates_precision(store, capsys):
    answer = cli_json(capsys, store, "history", "NATO", "ISR")
    for interval in answer["intervals"]:
        assert interval["since_precision"] == FuzzyDate.parse(interval["since"]).precision.value
        if interval["until"]:
            assert interval["until_precision"] == FuzzyDate.parse(interval["until"]).precision.value
        else:
            assert interval["until_precision"] is None
    assert [(c["on"], c["change"], c["measure"]["aspect"]) for c in answer["changes"]] == [
        (STORY[1][-1], "began", "partnership"),
        (STORY[2][-1], "began", "engagement-veto"),
        (STORY[3][-1], "ended", "engagement-veto"),
    ]


def test_a_pair_without_history_says_so(store, capsys):
    run = cli(capsys, store, "history", "GRC", "ISR")
    assert run.code == 0 and "No measure has ever held between GRC and ISR." in run.out
