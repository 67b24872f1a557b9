"""The ATOP member-level importer, parsing side: which treaty actions the real sample rows give,
dated how, with which obligations, what is skipped and counted, and which files are refused
(naming the line and the column).

The expected facts are history the fixture rows record (tests/fixtures/README.md): NATO's twelve
founders signed on 4 April 1949, Greece and Turkey acceded in October 1951; the United States and
Japan signed the Security Treaty on 8 September 1951 and its replacement on 19 January 1960; the
SEATO members other than the United States and Thailand left by 30 June 1977 (France in 1974,
Pakistan in 1972); Egypt was suspended from the Arab League in 1979 and back in 1989.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from dtl.application.importers import Skip, check_structure, detect_format, numbered_lines
from dtl.application.importers.atop import (
    EXIT_BEFORE_ENTRY,
    OTHER_OBLIGATIONS,
    SAME_OBLIGATIONS,
    parse_atop,
)
from dtl.domain.actions import action_id_for, build_action, parse_input
from dtl.domain.errors import InvalidInput

from .support import fixture

ATOP = fixture("atop-member-sample.csv")
NATO_FOUNDERS = ("USA", "CAN", "GBR", "NLD", "BEL", "LUX", "FRA", "PRT", "ITA", "NOR", "DNK", "ISL")
THREE = ("defence", "non-aggression", "consultation")  # NATO's, as ATOP codes them for each member


def read(path: Path) -> tuple[list[tuple[int, dict]], Counter[str]]:
    actions, skipped = [], Counter()
    for item in parse_atop(numbered_lines(path)):
        if isinstance(item, Skip):
            skipped[item.reason] += 1
        else:
            actions.append(item)
    return actions, skipped


def facts(actions) -> set[tuple]:
    return {
        (raw["type"], raw["by"][0], raw["target"], raw["on"], tuple(raw.get("obligations", ())))
        for _, raw in actions
    }


def of(actions, state: str, treaty: str) -> list[tuple]:
    return [
        (raw["type"], raw["on"], tuple(raw.get("obligations", ())))
        for _, raw in actions
        if raw["by"] == [state] and raw["target"] == treaty
    ]


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def line_of(prefix: str) -> int:
    """The line (1-based) of the sample's row that starts with these cells."""
    lines = ATOP.read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if text.startswith(prefix))


def edited(tmp_path: Path, line: int, **cells: str) -> Path:
    """A copy of the sample with cells of one row changed (a synthetic edit, for the rule it
    exercises)."""
    lines = ATOP.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[line - 1].split(",")
    for column, value in cells.items():
        row[header.index(column)] = value
    lines[line - 1] = ",".join(row)
    return write(tmp_path, ATOP.name, lines)


# -- telling the format, counting rows ----------------------------------------------------------
def test_the_member_file_is_told_from_its_header_and_its_rows_are_counted():
    assert detect_format(ATOP) == "atop"
    assert check_structure(ATOP, "atop") == 59


# -- what is recorded ---------------------------------------------------------------------------
def test_each_member_enters_into_force_on_its_day_with_the_obligations_it_undertook():
    got = facts(read(ATOP)[0])
    for state in NATO_FOUNDERS:
        assert ("enter-into-force", state, "ATOP3180", "1949-04-04", THREE) in got
    for state in ("GRC", "TUR"):
        assert ("enter-into-force", state, "ATOP3180", "1951-10-22", THREE) in got
    # ATOP codes obligations member by member: Japan undertook no defence in 1951
    assert ("enter-into-force", "USA", "ATOP3220", "1951-09-08", ("defence", "consultation")) in got
    assert ("enter-into-force", "JPN", "ATOP3220", "1951-09-08", ("consultation",)) in got
    assert ("enter-into-force", "JPN", "ATOP3375", "1960-01-19", ("non-aggression", "consultation")) in got


def test_a_date_keeps_the_precision_the_row_gives():
    actions = read(ATOP)[0]
    # El Salvador's entry into CONDECA (3490) has no day; the Berlin treaty's end (2150) neither
    assert of(actions, "SLV", "ATOP3490") == [
        ("enter-into-force", "1964-01", ("defence", "consultation")),
        ("withdraw-from-treaty", "1969-07-14", ()),
    ]
    assert of(actions, "DEU", "ATOP2150") == [
        ("enter-into-force", "1926-04-24", ("neutrality",)),
        ("withdraw-from-treaty", "1933-09", ()),
    ]


def test_a_year_without_month_or_day_is_a_year(tmp_path):
    changed = edited(tmp_path, line_of("3220,3526,233,740,"), moent="", dayent="")  # synthetic
    assert of(read(changed)[0], "JPN", "ATOP3220")[0] == ("enter-into-force", "1951", ("consultation",))


def test_a_row_with_an_exit_date_is_a_withdrawal_and_one_in_force_at_the_end_is_not():
    actions = read(ATOP)[0]
    assert of(actions, "NZL", "ATOP3215")[1] == ("withdraw-from-treaty", "1986-09-17", ())
    assert [a[0] for a in of(actions, "USA", "ATOP3215")] == ["enter-into-force"]
    assert of(actions, "FRA", "ATOP3260")[1] == ("withdraw-from-treaty", "1974-06-30", ())
    assert of(actions, "PAK", "ATOP3260")[1] == ("withdraw-from-treaty", "1972-11-08", ())


def test_a_phase_that_ends_where_the_members_next_phase_begins_is_no_exit():
    actions, skipped = read(ATOP)
    # NATO's phase 1 ends on 1951-06-19 where phase 2 begins: the twelve founders never leave
    for state in NATO_FOUNDERS:
        assert [a[0] for a in of(actions, state, "ATOP3180")] == ["enter-into-force"]
    # SEATO's phase 2 goes on for the United States and Thailand from 1977-06-30
    assert [a[0] for a in of(actions, "THA", "ATOP3260")] == ["enter-into-force"]
    assert skipped[SAME_OBLIGATIONS] == 12 + 2


def test_a_later_phase_with_other_obligations_is_counted_and_named_in_the_entrys_note():
    actions, skipped = read(ATOP)
    # the Shanghai Five (4810) became the SCO on 2001-06-15, adding consultation
    assert of(actions, "RUS", "ATOP4810") == [("enter-into-force", "1996-04-26", ("non-aggression",))]
    assert skipped[OTHER_OBLIGATIONS] == 2  # Russia and China
    note = next(raw["note"] for _, raw in actions if raw["key"] == "atop:4810:365:1:entry")
    assert "not recorded: phase 2 (2001-06-15) gives non-aggression, consultation" in note


def test_a_member_that_leaves_and_returns_has_two_spells_with_their_own_keys():
    actions = read(ATOP)[0]
    assert of(actions, "EGY", "ATOP3015") == [
        ("enter-into-force", "1945-03-22", ("non-aggression", "consultation")),
        ("withdraw-from-treaty", "1979-03-31", ()),
        ("enter-into-force", "1989-05-22", ("non-aggression", "consultation")),
    ]
    keys = [raw["key"] for _, raw in actions if raw["by"] == ["EGY"]]
    assert keys == ["atop:3015:651:0:entry", "atop:3015:651:0:exit", "atop:3015:651:0:1989-05-22:entry"]


def test_a_state_without_an_iso_code_is_skipped_and_counted_under_its_number():
    assert read(ATOP)[1]["COW state 260 has no ISO 3166 code"] == 1  # the German Federal Republic in NATO


def test_every_action_is_valid_keyed_by_alliance_member_and_phase_and_cites_the_data_set():
    actions = read(ATOP)[0]
    keys = [raw["key"] for _, raw in actions]
    assert len(set(keys)) == len(keys) == 58
    assert {"atop:3180:2:1:entry", "atop:3215:920:0:exit", "atop:3180:255:2:entry"} <= set(keys)
    for _, raw in actions:
        action, key = build_action(parse_input(raw))
        assert key == raw["key"]
        (source,) = action.sources
        assert source.attribution.value == "dataset"
        assert source.name == "ATOP v4.01 member-level data (Leeds et al.)"  # the sample's version column
        assert str(source.url) == "http://www.atopdata.org/"


def test_a_file_without_a_version_column_cites_release_5_1(tmp_path):
    lines = ATOP.read_text(encoding="utf-8").splitlines()
    keep = [i for i, name in enumerate(lines[0].split(",")) if name != "version"]
    cut = write(tmp_path, "atop5_1m.csv", [",".join(ln.split(",")[i] for i in keep) for ln in lines])
    _, raw = read(cut)[0][0]
    assert raw["sources"][0]["name"] == "ATOP v5.1 member-level data (Leeds et al.)"


def test_columns_are_found_by_name_in_any_case_and_order(tmp_path):
    lines = ATOP.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    wanted = ["consul", "member", "phase", "atopid", "dayexit", "moexit", "yrexit", "dayent", "moent", "yrent",
              "nonagg", "neutral", "offense", "defense"]  # fmt: skip
    keep = [header.index(name) for name in wanted]
    rows = [",".join(ln.split(",")[i] for i in keep) for ln in lines]
    rows[0] = rows[0].upper()
    shuffled = write(tmp_path, "shuffled.csv", rows)
    assert detect_format(shuffled) == "atop"
    assert facts(read(shuffled)[0]) == facts(read(ATOP)[0])


def test_a_members_actions_come_together_so_a_batch_never_splits_a_docket():
    pairs = [(raw["by"][0], raw["target"]) for _, raw in read(ATOP)[0]]
    runs = [p for i, p in enumerate(pairs) if i == 0 or pairs[i - 1] != p]
    assert len(runs) == len(set(runs))


def test_an_exit_before_the_entry_is_skipped_and_counted(tmp_path):
    changed = edited(
        tmp_path, line_of("3215,3525,232,2,"), yrexit="1950", moexit="1", dayexit="1"
    )  # synthetic
    actions, skipped = read(changed)
    assert skipped[EXIT_BEFORE_ENTRY] == 1
    assert of(actions, "USA", "ATOP3215") == []


def test_an_exit_that_may_fall_on_the_day_of_entry_is_stated_to_come_after_it(tmp_path):
    changed = edited(
        tmp_path, line_of("3490,3551,271,90,"), yrexit="1963", moexit="12", dayexit="14"
    )  # synthetic
    actions = read(changed)[0]
    (left,) = [raw for _, raw in actions if raw["key"] == "atop:3490:90:0:exit"]
    assert left["on"] == "1963-12-14"
    assert left["after"] == [str(action_id_for("atop:3490:90:0:entry"))]


@pytest.mark.parametrize(
    ("column", "value", "says"),
    [
        ("yrent", "19x9", "'19x9' is not a whole number"),
        ("yrent", "949", "949 is not a year"),
        ("moent", "13", "13 is not a month"),
        ("dayent", "31", "1949-04-31 is not a real date"),
        ("defense", "2", "2 is not 0 or 1"),
        ("consul", "", "'' is not a whole number"),
        ("member", "-2", "-2 is not a COW state number"),
        ("atopid", "31800", "31800 is not an ATOP alliance id"),
        ("phase", "one", "'one' is not a whole number"),
    ],
)
def test_a_bad_cell_is_refused_naming_its_line_and_column(tmp_path, column, value, says):
    line = line_of("3180,3521,227,2,1,1949")  # the United States in NATO, 1949-04-04 (phase 1)
    bad = edited(tmp_path, line, **{column: value})
    for run in (lambda: check_structure(bad, "atop"), lambda: list(parse_atop(numbered_lines(bad)))):
        with pytest.raises(InvalidInput) as caught:
            run()
        assert (caught.value.field, caught.value.line) == (column, line)
        assert says in caught.value.message


def test_an_exit_month_without_a_year_is_refused(tmp_path):
    line = line_of("3180,3521,227,20,1,1951")  # Canada in NATO's phase 2, in force at the end
    with pytest.raises(InvalidInput) as caught:
        check_structure(edited(tmp_path, line, moexit="5"), "atop")
    assert (caught.value.field, caught.value.line) == ("moexit", line)


def test_a_header_without_an_obligation_column_is_refused_naming_what_it_lacks(tmp_path):
    lines = ATOP.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace(",nonagg,", ",nonaggr,")
    with pytest.raises(InvalidInput) as caught:
        check_structure(write(tmp_path, "bad.csv", lines), "atop")
    assert (caught.value.field, caught.value.line) == ("columns", 1)
    assert "lacks nonagg" in caught.value.message


def test_a_row_of_the_wrong_width_is_refused(tmp_path):
    lines = ATOP.read_text(encoding="utf-8").splitlines()
    lines[4] += ",1"
    with pytest.raises(InvalidInput) as caught:
        check_structure(write(tmp_path, "wide.csv", lines), "atop")
    width = len(lines[0].split(","))
    assert (caught.value.line, caught.value.message) == (
        5,
        f"expected {width} comma-separated cells, found {width + 1}",
    )


def test_dtl_help_does_not_import_the_atop_parser():
    probe = (
        "import sys; from dtl.cli.main import main\n"
        "for argv in (['--help'], ['import', '--help']):\n"
        "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
        "print(sorted(m for m in sys.modules if m.endswith('importers.atop') or m.startswith('countrycode')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout[-300:] + done.stderr[-300:]
