from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dtl.domain.dates import FuzzyDate, Precision, parse_known_at, parse_query_day


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("2023", Precision.YEAR, date(2023, 1, 1), date(2024, 1, 1)),
        ("2023-10", Precision.MONTH, date(2023, 10, 1), date(2023, 11, 1)),
        ("2023-12", Precision.MONTH, date(2023, 12, 1), date(2024, 1, 1)),
        ("2024-02-29", Precision.DAY, date(2024, 2, 29), date(2024, 3, 1)),
    ],
)
def test_a_date_keeps_its_precision_as_a_window(text, precision, earliest, latest):
    fuzzy = FuzzyDate.parse(text)
    assert (fuzzy.text, fuzzy.precision, fuzzy.earliest, fuzzy.latest_exclusive) == (
        text,
        precision,
        earliest,
        latest,
    )


@pytest.mark.parametrize(
    "text", ["2023-02-30", "2023-13", "0000", "23-10-07", "2023/10/07", "", "2023-10-07T00:00", "next week"]
)
def test_malformed_and_impossible_dates_are_refused(text):
    with pytest.raises(ValueError):
        FuzzyDate.parse(text)


def test_a_question_must_be_about_a_day():
    assert parse_query_day("2024-03-01") == date(2024, 3, 1)
    with pytest.raises(ValueError, match="day"):
        parse_query_day("2024-03")


def test_known_at_a_day_means_by_the_end_of_that_day():
    moment = parse_known_at("2024-08-01")
    assert (moment.date(), moment.hour, moment.minute) == (date(2024, 8, 1), 23, 59)


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 30)))
def test_every_real_day_parses_to_a_one_day_window_containing_it(day):
    fuzzy = FuzzyDate.of_day(day)
    assert fuzzy.contains(day)
    assert (fuzzy.latest_exclusive - fuzzy.earliest).days == 1


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9998, 12, 31)))
def test_a_day_lies_inside_its_month_and_its_year(day):
    month = FuzzyDate.parse(f"{day.year:04d}-{day.month:02d}")
    year = FuzzyDate.parse(f"{day.year:04d}")
    assert month.contains(day) and year.contains(day)
    assert year.earliest <= month.earliest and month.latest_exclusive <= year.latest_exclusive
