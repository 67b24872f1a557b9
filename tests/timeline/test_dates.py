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


# -- EDTF beyond level 0: intervals and qualifiers -------------------------------------------------
@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest", "qualifier"),
    [
        ("2024-07-29/2024-07-30", Precision.RANGE, date(2024, 7, 29), date(2024, 7, 31), None),
        ("2023-10/2024-01", Precision.RANGE, date(2023, 10, 1), date(2024, 2, 1), None),
        ("2023-10?", Precision.MONTH, date(2023, 10, 1), date(2023, 11, 1), "uncertain"),
        ("2023-10~", Precision.MONTH, date(2023, 9, 1), date(2023, 12, 1), "approximate"),
        ("2023-12~", Precision.MONTH, date(2023, 11, 1), date(2024, 2, 1), "approximate"),
        ("1990~", Precision.YEAR, date(1989, 1, 1), date(1992, 1, 1), "approximate"),
        ("2023-10-07%", Precision.DAY, date(2023, 10, 6), date(2023, 10, 9), "uncertain and approximate"),
    ],
)
def test_an_interval_or_a_qualified_date_is_a_window_kept_as_given(
    text, precision, earliest, latest, qualifier
):
    fuzzy = FuzzyDate.parse(text)
    assert (fuzzy.text, fuzzy.precision, fuzzy.earliest, fuzzy.latest_exclusive, fuzzy.qualifier) == (
        text, precision, earliest, latest, qualifier,
    )  # fmt: skip
    assert not fuzzy.is_exact and text in fuzzy.describe()


@pytest.mark.parametrize("text", ["2024-07-30/2024-07-29", "2024/..", "../2024", "2024-07-29/", "2023-21",
                                  "2023-10??", "2023?-10", "[2023,2024]", "2023-10/2024-01/2025"])  # fmt: skip
def test_forms_dtl_does_not_read_are_refused_saying_what_it_reads(text):
    with pytest.raises(ValueError):
        FuzzyDate.parse(text)


def test_a_question_about_a_window_names_what_it_got():
    with pytest.raises(ValueError, match="not a range"):
        parse_query_day("2024-07-29/2024-07-30")
    with pytest.raises(ValueError, match="month, uncertain"):
        parse_query_day("2024-07?")


@st.composite
def edtf_dates(draw, qualifiers: bool = True) -> str:
    year = draw(st.integers(1, 9998))
    parts = [f"{year:04d}"]
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision != "year":
        month = draw(st.integers(1, 12))
        parts.append(f"{month:02d}")
        if precision == "day":
            parts.append(f"{draw(st.integers(1, 28)):02d}")
    text = "-".join(parts)
    return text + (draw(st.sampled_from(["", "?"])) if qualifiers else "")


@st.composite
def edtf_texts(draw) -> str:
    first = draw(edtf_dates())
    if draw(st.booleans()):
        return first
    second = draw(edtf_dates())
    lo, hi = sorted([first, second], key=lambda t: t.rstrip("?"))
    return f"{lo}/{hi}"


@given(edtf_texts())
def test_every_window_is_the_one_the_edtf_package_reads(text):
    """The `edtf` package (a test-only oracle) and dtl agree on the strict bounds of every date,
    interval and uncertain date dtl reads (approximate dates are dtl's own wider window)."""
    from edtf import parse_edtf, struct_time_to_date

    theirs = parse_edtf(text)
    ours = FuzzyDate.parse(text)
    assert ours.earliest == struct_time_to_date(theirs.lower_strict())
    assert ours.last_day == struct_time_to_date(theirs.upper_strict())
