"""Questions at the ends of the calendar (year 1, year 9999) are answered or refused with a
reason, never with a traceback: a period 'to 9999-12-31' means 'from then on'."""

from __future__ import annotations

import pytest

from dtl.application.facade import Dtl
from tests.analysis.support import cli, cli_json, record_seed_story, refused


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    url = str(tmp_path_factory.mktemp("edges") / "seed.sqlite3")
    with Dtl(url) as dtl:
        record_seed_story(dtl)
    return url


def test_a_diff_up_to_the_last_day_there_is_lists_every_later_change(capsys, store):
    everything = cli_json(capsys, store, "diff", "--from", "2020-01-01", "--to", "9999-12-31")
    recent = cli_json(capsys, store, "diff", "--from", "2020-01-01", "--to", "2030-12-31")
    assert everything["changes"] == recent["changes"] > 0


@pytest.mark.parametrize(
    "args",
    [
        ["scores", "--actor", "TUR", "--from", "9999-12-31"],
        ["scores", "TUR", "ISR", "--from", "9999-01-01", "--by", "quarter"],
        ["scores", "TUR", "ISR", "--to", "0001-01-01", "--by", "year"],
    ],
)
def test_scores_at_the_ends_of_the_calendar_give_one_empty_period(capsys, store, args):
    answer = cli_json(capsys, store, *args)
    assert [row["events"] for row in answer["series"]["undirected"]] == [0]


@pytest.mark.parametrize(
    ("args", "field"),
    [(["TUR", "ISR", "--from", "9999"], "from"), (["--roster", "NATO", "--to", "0001"], "to")],
)
def test_a_chart_beyond_the_years_it_can_draw_is_refused_naming_the_bound(
    capsys, store, tmp_path, args, field
):
    message = refused(capsys, store, "chart", *args, "-o", str(tmp_path / "c.svg"))
    assert message.startswith(f"{field}: a chart can show")
    assert not list(tmp_path.iterdir())


def test_a_chart_of_the_last_drawable_year_is_written(capsys, store, tmp_path):
    run = cli(capsys, store, "chart", "TUR", "ISR", "--from", "9998", "-o", str(tmp_path / "c.svg"))
    assert run.code == 0, run.err
    assert (tmp_path / "c.svg").read_bytes().startswith(b"<?xml")
