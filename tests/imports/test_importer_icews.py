"""ICEWS rows -> Observations and Skips (the fixture is synthetic; see tests/fixtures/README.md)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from dtl.application.importers import Skip, numbered_lines, parse_icews
from dtl.domain.errors import InvalidInput
from dtl.domain.observations import Observation

from .support import fixture

ICEWS = fixture("icews-sample.tab")


def parse(lines=None):
    return list(parse_icews(lines if lines is not None else numbered_lines(ICEWS)))


def test_the_sample_resolves_states_by_name_and_organisations_by_actor_name():
    pairs = [(o.actor1, o.actor2) for o in parse() if isinstance(o, Observation)]
    assert pairs == [
        ("RUS", "UKR"), ("USA", "CHN"), ("NATO", "RUS"), ("UN", "SYR"), ("TUR", "ISR"),
        ("HAMAS", "ISR"), ("CIV", "FRA"), ("RUS", "UKR"), ("EU", "IRN"), ("GBR", "FRA"),
        ("RUS", "TUR"), ("JPN", "KOR"), ("VEN", "USA"),
    ]  # fmt: skip


def test_the_sample_skips_the_rest_saying_why():
    skips = [item for item in parse() if isinstance(item, Skip)]
    assert skips == [
        Skip(6, "same actor on both sides"),
        Skip(9, "actor1 not resolvable"),  # Occupied Palestinian Territory: no state in the registry
        Skip(10, "actor2 missing"),
        Skip(11, "actor1 not resolvable"),  # Unidentified Gunmen, no country
        Skip(14, "event code not in CAMEO"),  # 43: the leading zero was lost, not guessed back
        Skip(15, "bad date"),
        Skip(16, "bad number"),
        Skip(22, "actor1 not resolvable"),  # Kosovo
    ]
    assert Counter(type(item) for item in parse()) == {Observation: 13, Skip: 8}


def test_the_source_id_pairs_the_event_id_with_its_date():
    ids = [o.source_id for o in parse() if isinstance(o, Observation) and o.source_id.startswith("26379001:")]
    assert ids == ["26379001:2016-01-01", "26379001:2016-01-06"]


def test_a_row_keeps_the_intensity_and_takes_the_quad_class_from_the_cameo_root():
    turkey = next(o for o in parse() if isinstance(o, Observation) and o.actor1 == "TUR")
    assert turkey.model_dump() == {
        "system": "icews",
        "source_id": "26379006:2016-01-03",
        "on": date(2016, 1, 3),
        "actor1": "TUR",
        "actor2": "ISR",
        "actor1_code": "",
        "actor2_code": "",
        "cameo": "163",
        "goldstein": -8.0,  # the row's Intensity, not the codebook's -6.5
        "quad_class": 4,
        "plover": "SANCTION",
        "published": None,
        "url": None,
        "mentions": None,
        "tone": None,
    }


def test_columns_are_found_by_name_in_any_order():
    lines = ICEWS.read_text().splitlines()
    table = [line.split("\t") for line in lines]
    order = list(reversed(range(len(table[0]))))
    shuffled = [(n, "\t".join(cells[i] for i in order)) for n, cells in enumerate(table, 1)]
    assert parse(shuffled) == parse()


def test_a_header_without_a_needed_column_is_refused():
    lines = list(numbered_lines(ICEWS))
    header = lines[0][1].replace("Intensity", "Strength")
    with pytest.raises(InvalidInput) as caught:
        parse([(1, header), *lines[1:]])
    assert (caught.value.field, caught.value.line) == ("columns", 1)
    assert "'Intensity'" in caught.value.message


def test_a_short_row_stops_the_parse_naming_its_line():
    lines = list(numbered_lines(ICEWS))
    lines[4] = (5, lines[4][1].rsplit("\t", 3)[0])
    with pytest.raises(InvalidInput) as caught:
        parse(lines)
    assert caught.value.line == 5
    assert caught.value.message == "expected 20 tab-separated columns, found 17 (is the file truncated?)"
