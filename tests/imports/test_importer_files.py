"""Opening, format detection and the structural pre-pass."""

from __future__ import annotations

import gzip
import zipfile

import pytest

from dtl.application.importers import check_structure, detect_format, numbered_lines
from dtl.application.importers.files import CHUNK
from dtl.domain.errors import InvalidInput

from .support import fixture, gzipped, zipped

SAMPLE = fixture("gdelt2-sample.export.CSV")


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("gdelt2-sample.export.CSV", "gdelt2"),
        ("gdelt1-sample.export.CSV", "gdelt1"),
        ("icews-sample.tab", "icews"),
        ("actions.jsonl", "jsonl"),
        ("actions.csv", "csv"),
    ],
)
def test_the_format_is_told_from_the_content(name, fmt):
    assert detect_format(fixture(name)) == fmt


def test_a_zipped_or_gzipped_file_is_read_through_its_compression(tmp_path):
    assert detect_format(zipped(SAMPLE, tmp_path)) == "gdelt2"
    assert detect_format(gzipped(SAMPLE, tmp_path)) == "gdelt2"
    plain = list(numbered_lines(SAMPLE))
    assert list(numbered_lines(zipped(SAMPLE, tmp_path))) == plain
    assert list(numbered_lines(gzipped(SAMPLE, tmp_path))) == plain


def test_the_format_does_not_depend_on_the_file_name(tmp_path):
    renamed = tmp_path / "events.txt"
    renamed.write_bytes(SAMPLE.read_bytes())
    assert detect_format(renamed) == "gdelt2"


def test_an_unrecognised_file_is_refused_saying_what_was_expected(tmp_path):
    odd = tmp_path / "notes.txt"
    odd.write_text("dear diary\ttoday\n")
    with pytest.raises(InvalidInput) as caught:
        detect_format(odd)
    assert caught.value.field == "format"
    assert caught.value.line == 1
    assert "GDELT 2.0" in caught.value.message and "61" in caught.value.message


def test_an_empty_file_is_refused(tmp_path):
    empty = tmp_path / "empty.CSV"
    empty.write_text("\n\n")
    with pytest.raises(InvalidInput) as caught:
        detect_format(empty)
    assert caught.value.field == "format"


def test_a_comma_file_without_a_type_column_is_not_taken_for_dtl_csv(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("name,value\na,1\n")
    with pytest.raises(InvalidInput):
        detect_format(other)


def test_a_missing_file_is_refused_as_unreadable(tmp_path):
    with pytest.raises(InvalidInput) as caught:
        detect_format(tmp_path / "absent.CSV")
    assert caught.value.field == "file"


@pytest.mark.parametrize(
    ("name", "fmt", "rows"),
    [
        ("gdelt2-sample.export.CSV", "gdelt2", 50),
        ("gdelt1-sample.export.CSV", "gdelt1", 50),
        ("gdelt2-edge-cases.export.CSV", "gdelt2", 13),
        ("icews-sample.tab", "icews", 21),
        ("actions.jsonl", "jsonl", 5),
        ("actions.csv", "csv", 5),
    ],
)
def test_the_pre_pass_counts_the_data_rows(name, fmt, rows):
    assert check_structure(fixture(name), fmt) == rows


def test_a_truncated_last_line_is_refused_naming_the_line():
    with pytest.raises(InvalidInput) as caught:
        check_structure(fixture("gdelt2-truncated.export.CSV"), "gdelt2")
    assert caught.value.field == "columns"
    assert caught.value.line == 11
    assert caught.value.message == "expected 61 tab-separated columns, found 40 (is the file truncated?)"


def test_a_line_of_the_wrong_width_is_refused_naming_the_line():
    with pytest.raises(InvalidInput) as caught:
        check_structure(fixture("gdelt2-wrong-width.export.CSV"), "gdelt2")
    assert caught.value.line == 3
    assert caught.value.message == "expected 61 tab-separated columns, found 60"


def test_a_gdelt_1_file_is_not_taken_for_gdelt_2():
    with pytest.raises(InvalidInput) as caught:
        check_structure(fixture("gdelt1-sample.export.CSV"), "gdelt2")
    assert caught.value.line == 1
    assert "found 58" in caught.value.message


def test_a_bad_line_deep_in_a_large_file_is_named_exactly(tmp_path, synth):
    rows = list(synth.generate(9000, seed=3))
    assert sum(map(len, rows)) > 2 * CHUNK  # the bad line sits in a later block
    fields = rows[8123].rstrip("\n").split("\t")
    rows[8123] = "\t".join(fields[:-2]) + "\n"
    path = tmp_path / "big.export.CSV"
    path.write_text("".join(rows))
    with pytest.raises(InvalidInput) as caught:
        check_structure(path, "gdelt2")
    assert caught.value.line == 8124
    assert caught.value.message == "expected 61 tab-separated columns, found 59"


def test_lines_are_numbered_the_same_across_block_boundaries(tmp_path, synth):
    text = "".join(synth.generate(9000, seed=4))
    path = tmp_path / "big.export.CSV"
    path.write_text(text)
    assert list(numbered_lines(path)) == list(enumerate(text.splitlines(), 1))
    assert check_structure(path, "gdelt2") == 9000


def test_invalid_utf8_is_refused_naming_its_line(tmp_path):
    lines = SAMPLE.read_bytes().split(b"\n")
    lines[6] = lines[6].replace(b"NEIGHBORHOOD", b"NEIGHB\xffRHOOD").replace(b"http", b"h\xc3ttp")
    bad = tmp_path / "bad.export.CSV"
    bad.write_bytes(b"\n".join(lines))
    for attempt in (lambda: check_structure(bad, "gdelt2"), lambda: list(numbered_lines(bad))):
        with pytest.raises(InvalidInput) as caught:
            attempt()
        error = caught.value
        assert (error.field, error.message, error.line) == ("encoding", "not valid UTF-8", 7)


def test_invalid_utf8_inside_a_zip_is_refused_too(tmp_path):
    bad = tmp_path / "bad.export.CSV"
    bad.write_bytes(SAMPLE.read_bytes().replace(b"SAUGOV", b"SAU\x80OV", 1))
    with pytest.raises(InvalidInput) as caught:
        check_structure(zipped(bad, tmp_path), "gdelt2")
    assert caught.value.field == "encoding"
    assert caught.value.line == 10


def test_a_zip_must_hold_exactly_one_file(tmp_path):
    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as archive:
        archive.writestr("a.CSV", "x")
        archive.writestr("b.CSV", "y")
    with pytest.raises(InvalidInput) as caught:
        detect_format(two)
    assert caught.value.field == "format"
    assert "exactly one" in caught.value.message


def test_a_truncated_compressed_file_is_refused(tmp_path):
    whole = gzip.compress(SAMPLE.read_bytes())
    cut = tmp_path / "cut.export.CSV.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InvalidInput) as caught:
        check_structure(cut, "gdelt2")
    assert caught.value.field == "format"
    cut_zip = tmp_path / "cut.export.CSV.zip"
    cut_zip.write_bytes(zipped(SAMPLE, tmp_path).read_bytes()[:3000])
    with pytest.raises(InvalidInput) as caught:
        check_structure(cut_zip, "gdelt2")
    assert caught.value.field == "format"


def test_crlf_line_ends_a_byte_order_mark_and_blank_lines_are_tolerated(tmp_path):
    rows = SAMPLE.read_text().splitlines()
    windows = tmp_path / "windows.export.CSV"
    windows.write_bytes(("\ufeff" + "\r\n".join(rows[:5]) + "\r\n\r\n").encode())
    assert detect_format(windows) == "gdelt2"
    assert check_structure(windows, "gdelt2") == 5
    assert [text for _, text in numbered_lines(windows)][:5] == rows[:5]


def test_an_icews_file_must_start_with_its_header(tmp_path):
    body = fixture("icews-sample.tab").read_text().splitlines()[1:]
    headless = tmp_path / "headless.tab"
    headless.write_text("\n".join(body) + "\n")
    with pytest.raises(InvalidInput) as caught:
        check_structure(headless, "icews")
    assert caught.value.line == 1


def test_a_truncated_jsonl_line_is_refused_by_the_pre_pass(tmp_path):
    text = fixture("actions.jsonl").read_text().rstrip("\n")
    cut = tmp_path / "cut.jsonl"
    cut.write_text(text[:-40])
    with pytest.raises(InvalidInput) as caught:
        check_structure(cut, "jsonl")
    assert caught.value.line == 6
    assert "truncated" in caught.value.message


def test_an_unknown_format_name_is_refused():
    with pytest.raises(InvalidInput) as caught:
        check_structure(SAMPLE, "xml")
    assert caught.value.field == "format"
