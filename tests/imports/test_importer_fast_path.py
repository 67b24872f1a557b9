"""The fast constructor gives exactly what validation would: o == Observation.model_validate(o.model_dump())."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from dtl.application.importers import (
    SKIP_REASONS,
    Skip,
    build_observation,
    numbered_lines,
    parse_gdelt,
    parse_icews,
)
from dtl.application.importers.common import FAST_CONSTRUCT
from dtl.application.importers.layouts import GDELT2_WIDTH, ICEWS_COLUMNS
from dtl.domain import cameo
from dtl.domain.observations import Observation

from .support import fixture

SAMPLE_FIELDS = fixture("gdelt2-sample.export.CSV").read_text().splitlines()[9].split("\t")


def assert_valid(item):
    if isinstance(item, Skip):
        assert item.reason in SKIP_REASONS
        return
    assert isinstance(item, Observation)
    again = Observation.model_validate(item.model_dump())
    assert again == item
    assert again.model_dump() == item.model_dump()
    assert Observation.model_validate_json(item.model_dump_json()) == item


def test_the_fast_constructor_is_in_use_and_equals_model_construct():
    assert FAST_CONSTRUCT  # if a pydantic upgrade broke it, importers fall back to model_construct
    values = dict(
        system="gdelt", source_id="1", on=date(2020, 1, 2), actor1="USA", actor2="RUS",
        actor1_code="USAGOV", actor2_code="RUS", cameo="042", goldstein=1.9, quad_class=1,
        plover="CONSULT", published=datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC), url=None,
        mentions=None, tone=None,
    )  # fmt: skip
    fast, slow = build_observation(**values), Observation.model_construct(**values)
    assert fast == slow
    assert fast.model_fields_set == slow.model_fields_set
    assert fast.model_dump() == slow.model_dump()


def test_every_fixture_observation_survives_validation():
    items = [
        *parse_gdelt(numbered_lines(fixture("gdelt2-sample.export.CSV"))),
        *parse_gdelt(numbered_lines(fixture("gdelt1-sample.export.CSV")), version=1),
        *parse_gdelt(numbered_lines(fixture("gdelt2-edge-cases.export.CSV"))),
        *parse_icews(numbered_lines(fixture("icews-sample.tab"))),
    ]
    assert sum(isinstance(i, Observation) for i in items) == 9 + 9 + 4 + 13
    for item in items:
        assert_valid(item)


def cells(max_size: int = 12) -> st.SearchStrategy[str]:
    return st.text(st.characters(exclude_characters="\t\n\r", exclude_categories=("Cs",)), max_size=max_size)


def digits(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=min_size, max_size=max_size)


def numbers() -> st.SearchStrategy[str]:
    return st.one_of(
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.floats(-12, 12).map(lambda x: f"{x:.1f}"),
        st.sampled_from(["", "-10.0", "10.0", "-0.0", "1e1", " 3.4 ", "1_0", "٣"]),
        cells(6),
    )


RESOLVABLE = [("USAGOV", "USA", ""), ("RUSMIL", "RUS", ""), ("IGOWSTNAT", "", "NAT"), ("IGOUNO", "", "UNO"),
              ("PSEREBHMS", "PSE", "HMS"), ("ROMGOV", "ROM", ""), ("TMP", "TMP", ""), ("CHN", "CHN", ""),
              ("IGOEUREEC", "", "EEC"), ("SAU", "SAU", ""), ("usagov", "usa", "")]  # fmt: skip
UNRESOLVABLE = [("", "", ""), ("CVL", "", ""), ("AFR", "AFR", ""), ("IGOUNOKID", "", "KID"), ("KOS", "KOS", ""),
                ("USA", "ＵＳＡ", "")]  # fmt: skip
EVENT_CODES = sorted(cameo.codebook())
BAD_CODES = sorted(cameo.ARTEFACT_CODES) + ["", "43", "9999", "０４０", "040 "]


def gdelt_day(d: date) -> str:
    return f"{d.year:04d}{d:%m%d}"


# For each column the importer reads: values that are valid (widely varied), and values that may not be.
VALID = {
    0: st.integers(0, 10**15).map(str),
    1: st.dates().map(gdelt_day),
    "actor1": st.sampled_from(RESOLVABLE),
    "actor2": st.sampled_from(RESOLVABLE[::-1]),
    26: st.sampled_from(EVENT_CODES),
    29: st.sampled_from(["1", "2", "3", "4"]),
    30: st.one_of(st.floats(-10, 10).map(repr), st.floats(-10, 10).map(lambda x: f"{x:.1f}")),
    31: st.one_of(st.integers(0, 10**30).map(str), st.just("")),
    34: st.one_of(st.floats(allow_nan=False, allow_infinity=False).map(repr), st.just("")),
    59: st.one_of(
        st.datetimes().map(lambda t: f"{t.year:04d}{t:%m%d%H%M%S}"), st.dates().map(gdelt_day), st.just("")
    ),
    60: cells(60),
}
WILD = {
    0: st.one_of(cells(4), digits(199, 202), st.just("")),
    1: st.one_of(digits(0, 9), cells(8)),
    "actor1": st.one_of(st.sampled_from(UNRESOLVABLE), st.tuples(cells(9), cells(3), cells(3))),
    "actor2": st.one_of(st.sampled_from(UNRESOLVABLE), st.tuples(cells(9), cells(3), cells(3))),
    26: st.one_of(st.sampled_from(BAD_CODES), cells(4)),
    29: st.one_of(st.sampled_from(["0", "5", "", "1.0", "٣"]), cells(2)),
    30: numbers(),
    31: st.one_of(cells(3), st.sampled_from(["-1", "+1", "1_0", "٣", " 1"])),
    34: numbers(),
    59: st.one_of(digits(0, 15), cells(6)),
    60: cells(40),
}


@st.composite
def gdelt_rows(draw) -> str:
    """A row where any number of columns (often none) hold values that may be invalid."""
    wild = draw(st.sets(st.sampled_from(list(VALID)), max_size=3))
    value = {column: draw((WILD if column in wild else VALID)[column]) for column in VALID}
    f = list(SAMPLE_FIELDS)
    for column, content in value.items():
        if column in ("actor1", "actor2"):
            base = 5 if column == "actor1" else 15
            f[base], f[base + 2], f[base + 3] = content
        else:
            f[column] = content
    return "\t".join(f)


@settings(max_examples=400, deadline=None)
@given(st.lists(gdelt_rows(), min_size=1, max_size=5))
def test_any_gdelt_row_gives_a_valid_observation_or_a_skip(rows):
    items = list(parse_gdelt(enumerate(rows, 1)))
    assert len(items) == len(rows)
    for item in items:
        assert_valid(item)


ICEWS_VALID = {
    "Event ID": st.integers(0, 10**12).map(str),
    "Event Date": st.dates().map(lambda d: f"{d.year:04d}-{d:%m-%d}"),
    "Source": st.sampled_from([("", "Iran"), ("Hamas", ""), ("United Nations", "United States"),
                               ("Government", "Côte d'Ivoire"), ("Putin", "Russian Federation")]),
    "Target": st.sampled_from([("", "India"), ("European Union", ""), ("Police", "Turkey"),
                               ("", "United Kingdom")]),
    "CAMEO Code": st.sampled_from(EVENT_CODES),
    "Intensity": st.one_of(st.floats(-10, 10).map(repr), st.floats(-10, 10).map(lambda x: f"{x:.1f}")),
}  # fmt: skip
ICEWS_WILD = {
    "Event ID": st.one_of(st.just(""), cells(5), digits(190, 200)),
    "Event Date": st.one_of(st.just("2016-02-30"), cells(10)),
    "Source": st.one_of(
        st.sampled_from([("", ""), ("Gunmen", ""), ("", "Kosovo")]), st.tuples(cells(), cells())
    ),
    "Target": st.one_of(
        st.sampled_from([("", ""), ("", "Occupied Palestinian Territory")]), st.tuples(cells(), cells())
    ),
    "CAMEO Code": st.one_of(st.sampled_from(BAD_CODES), cells(4)),
    "Intensity": numbers(),
}


@st.composite
def icews_rows(draw) -> str:
    wild = draw(st.sets(st.sampled_from(list(ICEWS_VALID)), max_size=2))
    value = {column: draw((ICEWS_WILD if column in wild else ICEWS_VALID)[column]) for column in ICEWS_VALID}
    row = dict.fromkeys(ICEWS_COLUMNS, "")
    row["Source Name"], row["Source Country"] = value.pop("Source")
    row["Target Name"], row["Target Country"] = value.pop("Target")
    row.update(value)
    return "\t".join(row.values())


@settings(max_examples=300, deadline=None)
@given(st.lists(icews_rows(), min_size=1, max_size=5))
def test_any_icews_row_gives_a_valid_observation_or_a_skip(rows):
    items = list(parse_icews(enumerate(["\t".join(ICEWS_COLUMNS), *rows], 1)))
    assert len(items) == len(rows)
    for item in items:
        assert_valid(item)


def test_the_sample_rows_are_as_wide_as_gdelt_2():
    assert len(SAMPLE_FIELDS) == GDELT2_WIDTH
