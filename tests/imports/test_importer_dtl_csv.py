"""dtl's own schema as CSV (and JSONL): raw dicts that parse_input accepts."""

from __future__ import annotations

import pytest

from dtl.application.importers import numbered_lines, parse_csv, parse_jsonl
from dtl.domain.actions import build_action, parse_input
from dtl.domain.errors import InvalidInput

from .support import fixture


def csv_rows(lines):
    return list(parse_csv(lines))


def test_the_csv_and_jsonl_fixtures_describe_the_same_actions():
    from_csv = [parse_input(raw) for _, raw in parse_csv(numbered_lines(fixture("actions.csv")))]
    from_jsonl = [parse_input(raw) for _, raw in parse_jsonl(numbered_lines(fixture("actions.jsonl")))]
    assert len(from_csv) == 5
    assert from_csv == from_jsonl
    for given in from_csv:
        build_action(given)  # every one is a valid action


def test_each_csv_row_names_the_line_it_starts_on():
    # line 4's quoted cell runs onto line 5; line 6 is blank
    assert [line for line, _ in parse_csv(numbered_lines(fixture("actions.csv")))] == [2, 3, 4, 7, 8]


def test_initiators_are_comma_separated_inside_a_quoted_cell():
    rows = dict(parse_csv(numbered_lines(fixture("actions.csv"))))
    assert rows[3]["by"] == "SAU,ARE,BHR,EGY"
    assert parse_input(rows[3]).by == ["SAU", "ARE", "BHR", "EGY"]


def test_source_columns_fold_into_one_source_and_empty_cells_are_absent():
    rows = dict(parse_csv(numbered_lines(fixture("actions.csv"))))
    assert rows[2] == {
        "type": "veto-engagement",
        "by": "TUR",
        "target": "ISR",
        "forum": "NATO",
        "on": "2023-10",
        "condition": "until the conflict in Gaza ends",
        "sources": [
            {
                "name": "Wire report",
                "url": "https://example.org/wire/2024-08-01",
                "published": "2024-08-01",
                "attribution": "anonymous-sources",
                "grade": "C3",
                "quote": "Turkey had vetoed all NATO engagement with Israel since October",
            }
        ],
    }
    assert "sources" not in rows[7]  # no source cell filled


def test_an_unknown_column_is_refused_naming_it():
    with pytest.raises(InvalidInput) as caught:
        csv_rows(numbered_lines(fixture("actions-unknown-column.csv")))
    assert (caught.value.field, caught.value.line) == ("columns", 1)
    assert "'colour'" in caught.value.message


def test_a_sources_column_is_refused_with_a_pointer_to_the_source_columns():
    with pytest.raises(InvalidInput) as caught:
        csv_rows([(1, "type,sources")])
    assert "source_name" in caught.value.message


def test_a_header_must_name_the_type_once():
    with pytest.raises(InvalidInput):
        csv_rows([(1, "by,target")])
    with pytest.raises(InvalidInput) as caught:
        csv_rows([(1, "type,by,by")])
    assert "twice" in caught.value.message


def test_a_row_with_the_wrong_number_of_cells_is_refused_naming_its_line():
    with pytest.raises(InvalidInput) as caught:
        csv_rows([(1, "type,by,target,on"), (2, "statement,TUR,ISR,2024-07"), (3, "statement,TUR,ISR")])
    assert (caught.value.field, caught.value.line) == ("columns", 3)


def test_an_unterminated_quote_is_refused():
    with pytest.raises(InvalidInput) as caught:
        csv_rows([(1, "type,by,target,on,note"), (2, 'statement,TUR,ISR,2024-07,"never closed')])
    assert caught.value.field == "csv"


def test_header_names_are_read_without_case_or_spaces():
    [(line, raw)] = csv_rows([(1, " Type , BY ,target,on"), (2, "statement,TUR,ISR,2024-07")])
    assert raw == {"type": "statement", "by": "TUR", "target": "ISR", "on": "2024-07"}


def test_a_jsonl_line_that_is_not_an_object_is_refused_naming_it():
    with pytest.raises(InvalidInput) as caught:
        list(parse_jsonl([(1, "{}"), (2, "[1, 2]")]))
    assert (caught.value.field, caught.value.line) == ("json", 2)
    with pytest.raises(InvalidInput) as caught:
        list(parse_jsonl([(1, '{"type": ')]))
    assert caught.value.line == 1


def test_jsonl_that_json_itself_chokes_on_is_refused_as_bad_input():
    deep = "{" + '"a": [' * 100_000 + "]" * 100_000 + "}"
    huge = '{"on": ' + "9" * 5000 + "}"
    for text in (deep, huge):
        with pytest.raises(InvalidInput) as caught:
            list(parse_jsonl([(4, text)]))
        assert (caught.value.field, caught.value.line) == ("json", 4)


def test_a_csv_cell_larger_than_the_csv_modules_limit_is_refused_as_bad_input():
    with pytest.raises(InvalidInput) as caught:
        csv_rows([(1, "type,note"), (2, "statement," + "x" * 200_000)])
    assert caught.value.field == "csv"
