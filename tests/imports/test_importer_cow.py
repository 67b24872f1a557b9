"""The Correlates of War importers, parsing side: which changes the real sample rows give, dated
how, what is skipped and counted, and which files are refused (naming the line and column).

The expected facts are history the fixture rows record (tests/fixtures/README.md): the United
States and Russia exchanged ministers from 1817 and ambassadors from 1898, broke off after
1917 and resumed in 1933; the United States and Cuba had ambassadors by 1935 and none after
the break of January 1961; Switzerland joined the UN in 2002; Morocco left the OAU in 1984.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from dtl.application.importers import Skip, check_structure, detect_format, numbered_lines
from dtl.application.importers.cow import iso_code, unmapped, window
from dtl.application.importers.cow_dipex import DISAGREE, LEVEL_OTHER, parse_dipex
from dtl.application.importers.cow_igo import NOT_AN_ORGANISATION, ORGANISATIONS, STATUS_MISSING, parse_igo
from dtl.domain.actions import action_id_for, build_action, parse_input
from dtl.domain.actors import registry
from dtl.domain.errors import InvalidInput

from .support import fixture

DIPEX = fixture("cow-dipex-sample.csv")
IGO = fixture("cow-igo-sample.csv")


def read(parse, path: Path) -> tuple[list[tuple[int, dict]], Counter[str]]:
    actions, skipped = [], Counter()
    for item in parse(numbered_lines(path)):
        if isinstance(item, Skip):
            skipped[item.reason] += 1
        else:
            actions.append(item)
    return actions, skipped


def facts(actions) -> set[tuple]:
    return {(raw["type"], raw["by"][0], raw["target"], raw.get("level"), raw["on"]) for _, raw in actions}


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def edited(source: Path, tmp_path: Path, line: int, column: str, value: str) -> Path:
    """A copy of a fixture with one cell changed (a synthetic edit, for the rules it exercises)."""
    lines = source.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[line - 1].split(",")
    cells[header.index(column)] = value
    lines[line - 1] = ",".join(cells)
    return write(tmp_path, source.name, lines)


# -- telling the formats apart ------------------------------------------------------------------
@pytest.mark.parametrize(("path", "fmt", "rows"), [(DIPEX, "cow-dipex", 152), (IGO, "cow-igo", 440)])
def test_each_cow_file_is_told_from_its_header_and_its_rows_are_counted(path, fmt, rows):
    assert detect_format(path) == fmt
    assert check_structure(path, fmt) == rows


def test_cow_state_numbers_become_iso_codes_and_a_number_without_one_is_a_counted_reason():
    assert (iso_code(2), iso_code(365), iso_code(40), iso_code(666)) == ("USA", "RUS", "CUB", "ISR")
    baden = iso_code(267)
    assert isinstance(baden, Skip) and baden.reason == unmapped(267) == "COW state 267 has no ISO 3166 code"


def test_a_change_between_two_observations_is_dated_as_the_window_between_them():
    assert window(1894, 1899) == "1894/1899"
    assert window(None, 1817) == "1817"


# -- Diplomatic Exchange ------------------------------------------------------------------------
def test_the_diplomatic_exchange_sample_gives_each_change_of_level_once_in_each_direction():
    actions, _ = read(parse_dipex, DIPEX)
    got = facts(actions)
    for a, b in (("USA", "RUS"), ("RUS", "USA")):
        assert {
            ("set-representation", a, b, "minister", "1817"),
            ("set-representation", a, b, "ambassador", "1894/1899"),
            ("set-representation", a, b, "none", "1914/1920"),
            ("set-representation", a, b, "ambassador", "1930/1935"),
        } == {f for f in got if f[1:3] == (a, b)}
    for a, b in (("USA", "CUB"), ("CUB", "USA")):
        assert {
            ("set-representation", a, b, "ambassador", "1904/1935"),
            ("set-representation", a, b, "none", "1940/1965"),
        } == {f for f in got if f[1:3] == (a, b)}
    assert {f for f in got if f[1:3] == ("USA", "ISR")} == {
        ("set-representation", "USA", "ISR", "ambassador", "1950/1970")
    }
    assert len(got) == len(actions) == 19


def test_dr_at_1_is_side_2_in_side_1s_capital():
    # Row "2,31,1985,1,3": the Bahamas (side 2) had a chargé d'affaires in Washington, the
    # United States (side 1) an ambassador in Nassau.
    got = facts(read(parse_dipex, DIPEX)[0])
    assert ("set-representation", "BHS", "USA", "charge-d-affaires", "1980/1985") in got
    assert not any(f[1:3] == ("USA", "BHS") and f[3] != "ambassador" for f in got)


def test_level_9_is_skipped_and_counted_and_a_run_of_one_level_goes_on_across_it():
    actions, skipped = read(parse_dipex, DIPEX)
    # 1950-1965 are all 9: USA-RUS (4 snapshots), USA-ISR (4), USA-CUB (1904-1930: 6, 1950-1960: 3,
    # 1980-2000: 5), each in two directions, and Russia's level in Washington in 1824
    assert skipped[LEVEL_OTHER] == 2 * (4 + 4 + 6 + 3 + 5) + 1
    # ambassadors in 1940 and again from 1970: one spell, no second action
    assert not any(
        raw["on"].endswith("1970") for _, raw in actions if raw["by"] == ["USA"] and raw["target"] == "RUS"
    )


def test_a_state_without_an_iso_code_is_skipped_and_counted_under_its_number():
    _, skipped = read(parse_dipex, DIPEX)
    assert skipped["COW state 300 has no ISO 3166 code"] == 6  # Austria-Hungary: 3 snapshots, 2 directions


def test_a_file_holding_one_order_of_each_dyad_reads_the_same_as_the_release_holding_both(tmp_path):
    lines = DIPEX.read_text().splitlines()
    one_order = [lines[0]] + [ln for ln in lines[1:] if int(ln.split(",")[0]) < int(ln.split(",")[1])]
    assert len(one_order) - 1 == 76
    both = read(parse_dipex, DIPEX)
    single = read(parse_dipex, write(tmp_path, "one-order.csv", one_order))
    assert facts(single[0]) == facts(both[0]) and single[1] == both[1]


def test_two_rows_that_disagree_about_a_level_are_skipped_not_guessed(tmp_path):
    # line 30 is "2,365,1817,2,2"; its mirror "365,2,1817,2,2" stays: Russia's level in 1817 disagrees
    changed = edited(DIPEX, tmp_path, 30, "DR_at_1", "3")
    actions, skipped = read(parse_dipex, changed)
    assert skipped[DISAGREE] == 1
    assert ("set-representation", "RUS", "USA", "minister", "1817") not in facts(actions)


def test_every_action_is_valid_and_keyed_by_pair_direction_year_and_level():
    actions, _ = read(parse_dipex, DIPEX)
    keys = [raw["key"] for _, raw in actions]
    assert len(set(keys)) == len(keys)
    assert "cow-dipex:2-365:1899:ambassador" in keys and "cow-dipex:365-2:1899:ambassador" in keys
    for _, raw in actions:
        action, key = build_action(parse_input(raw))
        assert key == raw["key"] and action.sources[0].attribution.value == "dataset"


def test_a_pairs_two_directions_come_together_so_a_batch_never_splits_a_docket():
    pairs = [frozenset((raw["by"][0], raw["target"])) for _, raw in read(parse_dipex, DIPEX)[0]]
    runs = [p for i, p in enumerate(pairs) if i == 0 or pairs[i - 1] != p]
    assert len(runs) == len(set(runs))


@pytest.mark.parametrize(
    ("line", "column", "value", "field", "says"),
    [
        (5, "year", "19x0", "year", "'19x0' is not a whole number"),
        (5, "DR_at_1", "4", "DR_at_1", "4 is not a level of the codebook"),
        (5, "DR_at_2", "", "DR_at_2", "'' is not a whole number"),
        (5, "ccode2", "-31", "ccode2", "-31 is not a COW state number"),
    ],
)
def test_a_bad_cell_is_refused_naming_its_line_and_column(tmp_path, line, column, value, field, says):
    bad = edited(DIPEX, tmp_path, line, column, value)
    for run in (lambda: check_structure(bad, "cow-dipex"), lambda: list(parse_dipex(numbered_lines(bad)))):
        with pytest.raises(InvalidInput) as caught:
            run()
        assert (caught.value.field, caught.value.line) == (field, line)
        assert says in caught.value.message


def test_a_header_without_the_levels_is_refused_naming_what_it_lacks(tmp_path):
    bad = write(tmp_path, "bad.csv", ["ccode1,ccode2,year,DR_at_1,DE,version", "2,20,1920,0,0,2006.1"])
    with pytest.raises(InvalidInput) as caught:
        check_structure(bad, "cow-dipex")
    assert (caught.value.field, caught.value.line) == ("columns", 1)
    assert "lacks dr_at_2" in caught.value.message


def test_a_row_of_the_wrong_width_is_refused(tmp_path):
    lines = DIPEX.read_text().splitlines()
    lines[6] += ",1"
    with pytest.raises(InvalidInput) as caught:
        check_structure(write(tmp_path, "wide.csv", lines), "cow-dipex")
    assert (caught.value.line, caught.value.message) == (7, "expected 7 comma-separated cells, found 8")


# -- IGO state-year -----------------------------------------------------------------------------
def test_the_igo_sample_gives_each_change_of_status_with_its_window():
    got = facts(read(parse_igo, IGO)[0])
    expected = {
        ("join", "USA", "UN", None, "1945"),  # the UN's first year in the data
        ("join", "USA", "OAS", None, "1890"),
        ("join", "CHE", "UN", None, "2001/2002"),
        ("join", "CHE", "COE", None, "1962/1963"),
        ("withdraw", "MAR", "AU", None, "1984/1985"),  # the OAU, which dtl knows as the AU
        ("withdraw", "EGY", "LAS", None, "1979/1980"),
        ("join", "EGY", "LAS", None, "1988/1989"),
        ("join", "MNE", "UN", None, "2006"),  # Montenegro's first year in the data
        ("join", "MNE", "WTO", None, "2011/2012"),
        ("grant-observer", "COE", "USA", None, "1994/1995"),
        ("join", "DNK", "EU", None, "1972/1973"),
    }
    assert expected <= got


def test_the_eec_and_the_eu_are_one_organisation_so_1993_changes_nothing():
    got = facts(read(parse_igo, IGO)[0])
    assert [f for f in got if f[1:3] == ("DNK", "EU") or f[1:3] == ("EU", "DNK")] == [
        ("join", "DNK", "EU", None, "1972/1973")
    ]


def test_a_member_who_becomes_an_associate_withdraws_and_is_then_admitted_as_one():
    actions = read(parse_igo, IGO)[0]
    left = next(raw for _, raw in actions if raw["key"] == "cow-igo:CIS:701:2005:withdraw")
    admitted = next(raw for _, raw in actions if raw["key"] == "cow-igo:CIS:701:2005:admit-associate")
    assert (left["by"], left["target"], left["on"]) == (["TKM"], "CIS", "2004/2005")
    assert (admitted["by"], admitted["target"]) == (["CIS"], "TKM")
    assert admitted["after"] == [str(action_id_for(left["key"]))]


def test_igos_dtl_does_not_know_are_counted_once_a_column_and_unmapped_states_once_a_row():
    _, skipped = read(parse_igo, IGO)
    assert skipped[NOT_AN_ORGANISATION] == 4  # AAAID, EAEC, GATT, Wassen
    assert skipped["COW state 260 has no ISO 3166 code"] == 3  # the German Federal Republic, 1955-1957


def test_every_igo_action_is_valid_and_an_organisations_actions_come_together():
    actions = read(parse_igo, IGO)[0]
    orgs = []
    for _, raw in actions:
        action, _ = build_action(parse_input(raw))
        org = action.resolved_forum
        if not orgs or orgs[-1] != org:
            orgs.append(org)
    assert len(orgs) == len(set(orgs))


def test_columns_are_found_by_name_in_any_case_and_order(tmp_path):
    # The layout of COW's Stata file (ccode, year, state, the IGOs in lower case; no country, no
    # version), made from the fixture: the same changes are read.
    lines = IGO.read_text().splitlines()
    header = lines[0].split(",")
    keep = [header.index(n) for n in ("ccode", "year", "state")] + list(range(4, len(header) - 1))
    rows = [",".join(ln.split(",")[i] for i in keep) for ln in lines]
    rows[0] = rows[0].lower()
    stata = write(tmp_path, "state_year_format3.csv", rows)
    assert detect_format(stata) == "cow-igo"
    assert facts(read(parse_igo, stata)[0]) == facts(read(parse_igo, IGO)[0])


def test_a_missing_status_is_skipped_and_counted_and_does_not_end_a_membership(tmp_path):
    lines = IGO.read_text().splitlines()
    line = next(i for i, ln in enumerate(lines, 1) if ln.startswith("225,Switzerland,switzerland,1980,"))
    changed = edited(IGO, tmp_path, line, "UN", "-9")  # a synthetic edit: v3 has no -9 in these columns
    actions, skipped = read(parse_igo, changed)
    assert skipped[STATUS_MISSING] == 1
    assert facts(actions) == facts(read(parse_igo, IGO)[0])


@pytest.mark.parametrize(
    ("column", "value", "field", "says"),
    [
        ("UN", "5", "UN", "5 is not a status of the codebook"),
        ("ccode", "USA", "ccode", "'USA' is not a whole number"),
    ],
)
def test_a_bad_igo_cell_is_refused_naming_its_line_and_column(tmp_path, column, value, field, says):
    bad = edited(IGO, tmp_path, 9, column, value)
    with pytest.raises(InvalidInput) as caught:
        check_structure(bad, "cow-igo")
    assert (caught.value.field, caught.value.line) == (field, 9)
    assert says in caught.value.message


def test_the_igo_table_names_only_organisations_dtl_knows():
    actors = registry()
    for code in set(ORGANISATIONS.values()):
        actor = actors.get(code)
        assert actor is not None and actor.is_organisation and actor.code == code


def test_dtl_help_imports_neither_countrycode_nor_the_cow_parsers():
    probe = (
        "import sys; from dtl.cli.main import main\n"
        "for argv in (['--help'], ['import', '--help']):\n"
        "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('countrycode') or '.cow' in m))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout[-300:] + done.stderr[-300:]
