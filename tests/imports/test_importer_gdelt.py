"""GDELT rows -> Observations and Skips."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pycountry
import pytest

from dtl.application.importers import SKIP_REASONS, Skip, numbered_lines, parse_gdelt
from dtl.application.importers.actor_codes import ActorCodes
from dtl.domain.errors import InvalidInput
from dtl.domain.observations import Observation

from .support import fixture, gzipped, zipped

SAMPLE = fixture("gdelt2-sample.export.CSV")
ISO3 = {c.alpha_3 for c in pycountry.countries}


def parse(path, version=2):
    return list(parse_gdelt(numbered_lines(path), version))


def outcome(item):
    return "observation" if isinstance(item, Observation) else item.reason


def expected_from_the_raw_columns(path) -> list[str]:
    """Each sample row's outcome worked out from its columns alone. The sample names no
    organisation and no known group, so a side resolves iff its CountryCode is an ISO state."""
    outcomes = []
    for line in path.read_text().splitlines():
        f = line.split("\t")
        assert not f[8] and not f[18], "the sample was expected to name no known group"
        sides = []
        for code, country in ((f[5], f[7]), (f[15], f[17])):
            sides.append(country if country in ISO3 else ("missing" if not code else "not resolvable"))
        if sides[0] in ("missing", "not resolvable"):
            outcomes.append(f"actor1 {sides[0]}")
        elif sides[1] in ("missing", "not resolvable"):
            outcomes.append(f"actor2 {sides[1]}")
        elif sides[0] == sides[1]:
            outcomes.append("same actor on both sides")
        else:
            outcomes.append("observation")
    return outcomes


def test_the_real_sample_gives_nine_observations_and_says_why_it_skips_the_rest():
    got = Counter(outcome(item) for item in parse(SAMPLE))
    assert got == Counter(expected_from_the_raw_columns(SAMPLE))
    assert got == {
        "observation": 9,
        "actor1 missing": 11,
        "actor1 not resolvable": 5,
        "actor2 missing": 3,
        "actor2 not resolvable": 21,
        "same actor on both sides": 1,
    }


def test_every_sample_row_gives_one_outcome_and_a_skip_names_its_line():
    items = parse(SAMPLE)
    assert [outcome(item) for item in items] == expected_from_the_raw_columns(SAMPLE)
    for line, item in enumerate(items, 1):
        if isinstance(item, Skip):
            assert item.line == line
            assert item.reason in SKIP_REASONS


def test_a_real_row_keeps_gdelts_own_numbers_and_codes():
    by_id = {o.source_id: o for o in parse(SAMPLE) if isinstance(o, Observation)}
    row10 = by_id["669666359"]  # line 10: EGY -> SAUGOV, 043, 2016-07-01
    assert row10.model_dump() == {
        "system": "gdelt",
        "source_id": "669666359",
        "on": date(2016, 7, 1),
        "actor1": "EGY",
        "actor2": "SAU",
        "actor1_code": "EGY",
        "actor2_code": "SAUGOV",
        "cameo": "043",
        "goldstein": 2.8,
        "quad_class": 1,
        "plover": "CONSULT",
        "published": datetime(2017, 7, 1, 23, 45, tzinfo=UTC),
        "url": "http://www.thearabweekly.com/article/8771/Closer%20Saudi-Egypt%20ties%20seen%20after%20Sisi%20ratifies%20islands%20deal",
        "mentions": 3,
        "tone": -0.30090270812438,
    }
    row31 = by_id["669666380"]  # line 31: MLI -> TCD, 190
    assert (row31.actor1, row31.actor2, row31.cameo, row31.goldstein) == ("MLI", "TCD", "190", -10.0)
    assert (row31.quad_class, row31.plover, row31.on, row31.mentions) == (4, "ASSAULT", date(2017, 6, 1), 6)
    assert row31.key == "gdelt:669666380"


def test_a_statement_code_keeps_its_leading_zero_and_has_no_plover_type():
    by_id = {o.source_id: o for o in parse(SAMPLE) if isinstance(o, Observation)}
    assert by_id["669666365"].cameo == "014"
    assert by_id["669666365"].plover is None


def test_the_gdelt_1_layout_gives_the_same_observations_but_for_the_hour_of_publication():
    def comparable(items):
        out = []
        for item in items:
            if isinstance(item, Observation):
                published = item.published
                item = item.model_copy(update={"published": published.replace(hour=0, minute=0, second=0)})
            out.append(item)
        return out

    v2 = parse(SAMPLE)
    v1 = parse(fixture("gdelt1-sample.export.CSV"), version=1)
    assert comparable(v1) == comparable(v2)
    assert {o.published for o in v1 if isinstance(o, Observation)} == {datetime(2017, 7, 1, tzinfo=UTC)}


def test_zipped_and_gzipped_files_give_the_same_observations(tmp_path):
    plain = parse(SAMPLE)
    assert parse(zipped(SAMPLE, tmp_path)) == plain
    assert parse(gzipped(SAMPLE, tmp_path)) == plain


def test_a_historical_gdelt_1_file_without_sourceurl_is_read_without_urls(tmp_path):
    rows = [line.rsplit("\t", 1)[0] for line in fixture("gdelt1-sample.export.CSV").read_text().splitlines()]
    old = tmp_path / "2012.CSV"
    old.write_text("\n".join(rows) + "\n")
    items = parse(old, version=1)
    observations = [o for o in items if isinstance(o, Observation)]
    assert len(observations) == 9
    assert {o.url for o in observations} == {None}


EDGE_CASES = {
    1: "event code not in CAMEO",
    2: ("NATO", "RUS", "IGOWSTNAT", "RUSMIL"),
    3: ("EU", "ROU", "IGOEUREEC", "ROMGOV"),
    4: "actor1 not resolvable",
    5: "actor1 not resolvable",
    6: "actor1 not resolvable",
    7: ("HAMAS", "ISR", "PSEREBHMS", "ISRMIL"),
    8: "bad date",
    9: "actor2 missing",
    10: "bad number",
    11: "same actor on both sides",
    12: ("UN", "SYR", "IGOUNO", "SYRGOV"),
    13: "actor2 not resolvable",
}


def test_each_edge_case_row_is_resolved_or_skipped_as_documented():
    items = parse(fixture("gdelt2-edge-cases.export.CSV"))
    assert len(items) == len(EDGE_CASES)
    for line, item in enumerate(items, 1):
        expected = EDGE_CASES[line]
        if isinstance(expected, str):
            assert item == Skip(line, expected), line
        else:
            assert isinstance(item, Observation), (line, item)
            assert (item.actor1, item.actor2, item.actor1_code, item.actor2_code) == expected


def test_an_artefact_code_is_skipped_never_remapped():
    first = parse(fixture("gdelt2-edge-cases.export.CSV"))[0]
    assert first == Skip(1, "event code not in CAMEO")


def test_a_row_of_the_wrong_width_stops_the_parse_naming_its_line():
    items = parse_gdelt(numbered_lines(fixture("gdelt2-wrong-width.export.CSV")))
    assert isinstance(next(items), Skip)  # line 1
    assert isinstance(next(items), Skip)  # line 2
    with pytest.raises(InvalidInput) as caught:
        next(items)
    assert (caught.value.field, caught.value.line) == ("columns", 3)


def test_a_truncated_last_row_stops_the_parse_naming_its_line():
    with pytest.raises(InvalidInput) as caught:
        parse(fixture("gdelt2-truncated.export.CSV"))
    assert caught.value.line == 11
    assert "truncated" in caught.value.message


def test_blank_lines_are_ignored():
    lines = [(1, ""), *numbered_lines(SAMPLE)]
    assert len(list(parse_gdelt(lines))) == 50


def test_only_versions_1_and_2_exist():
    with pytest.raises(ValueError):
        list(parse_gdelt([], version=3))  # type: ignore[arg-type]


def row(**columns: str) -> str:
    fields = SAMPLE.read_text().splitlines()[9].split("\t")  # EGY -> SAUGOV
    for index, value in columns.items():
        fields[int(index.lstrip("c"))] = value
    return "\t".join(fields)


@pytest.mark.parametrize(
    ("columns", "reason"),
    [
        ({"c1": "2016071"}, "bad date"),
        ({"c1": "2016-7-1"}, "bad date"),
        ({"c59": "20170701999999"}, "bad date"),
        ({"c29": "5"}, "bad number"),
        ({"c30": "-10.5"}, "bad number"),
        ({"c30": "nan"}, "bad number"),
        ({"c31": "many"}, "bad number"),
        ({"c34": "inf"}, "bad number"),
        ({"c0": ""}, "bad event id"),
        ({"c0": "12a"}, "bad event id"),
        ({"c26": ""}, "event code not in CAMEO"),
        ({"c26": "43"}, "event code not in CAMEO"),
    ],
)
def test_a_malformed_value_is_skipped_with_its_reason(columns, reason):
    assert list(parse_gdelt([(7, row(**columns))])) == [Skip(7, reason)]


def test_empty_optional_columns_become_absent_values():
    [obs] = parse_gdelt([(1, row(c31="", c34="", c59="", c60=""))])
    assert (obs.mentions, obs.tone, obs.published, obs.url) == (None, None, None, None)


def test_a_known_group_dtl_lacks_is_never_attributed_to_its_country():
    codes = ActorCodes()
    assert codes.gdelt("AFGINSTAL", "AFG", "TAL") is codes.gdelt("X", "", "ZZZ")  # not resolvable
    assert codes.gdelt("AFGGOV", "AFG", "") == "AFG"


def test_cameo_country_codes_iso_abandoned_map_to_todays_states():
    codes = ActorCodes()
    assert [codes.gdelt(c, c, "") for c in ("ROM", "TMP", "ZAR")] == ["ROU", "TLS", "COD"]
