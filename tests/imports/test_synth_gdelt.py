"""benchmarks/synth_gdelt.py: seeded synthetic GDELT 2.0 rows in GDELT's exact layout."""

from __future__ import annotations

from collections import Counter
from datetime import date
from itertools import islice

import pytest

from dtl.application.importers import (
    Skip,
    check_structure,
    detect_format,
    numbered_lines,
    parse_gdelt,
)
from dtl.application.importers.layouts import GDELT2_WIDTH
from dtl.domain import cameo
from dtl.domain.observations import Observation

N = 20_000


@pytest.fixture(scope="module")
def rows(synth) -> list[str]:
    return list(synth.generate(N, seed=11))


def test_the_same_seed_gives_the_same_bytes_and_another_seed_does_not(synth):
    first = "".join(synth.generate(3000, seed=5))
    assert "".join(synth.generate(3000, seed=5)) == first
    assert "".join(synth.generate(3000, seed=6)) != first


def test_zero_rows_is_an_empty_run(synth):
    assert list(synth.generate(0, seed=2)) == []


def test_every_row_has_gdelts_61_columns_and_ends_its_line(rows):
    assert len(rows) == N
    for row in rows:
        assert row.endswith("\n") and row.count("\n") == 1
        assert row.count("\t") == GDELT2_WIDTH - 1


def test_codes_scores_and_classes_agree_with_the_cameo_codebook(rows):
    for row in rows:
        f = row.split("\t")
        code = f[26]
        entry = cameo.lookup(code)
        assert (f[27], f[28]) == (code[:3], code[:2])
        assert float(f[30]) == entry.goldstein
        assert int(f[29]) == cameo.quad_class(code)


def test_event_codes_are_skewed_towards_the_common_verbal_ones(rows):
    codes = Counter(row.split("\t")[26] for row in rows)
    common = sum(codes[c] for c in ("010", "020", "036", "040", "042", "043", "046", "051", "057"))
    material_conflict = sum(n for c, n in codes.items() if c[:2] >= "15")
    assert common > N * 0.45
    assert 0 < material_conflict < N * 0.15
    assert codes.most_common(1)[0][0] in ("010", "040")


def test_dates_fall_in_2015_to_2025_and_ids_do_not_sort_by_date(rows):
    ids, days = [], []
    for row in rows:
        f = row.split("\t")
        day = date(int(f[1][:4]), int(f[1][4:6]), int(f[1][6:]))
        assert date(2015, 1, 1) <= day <= date(2025, 12, 31)
        assert len(f[59]) == 14 and f[59][:8] >= f[1]  # DATEADDED is never before the event
        assert (f[2], f[3]) == (f[1][:6], f[1][:4])
        ids.append(int(f[0]))
        days.append(f[1])
    by_id = [d for _, d in sorted(zip(ids, days, strict=True))]
    assert by_id != sorted(by_id)
    assert days[-1][:4] == "2025" and days[0][:4] == "2015"


def test_about_one_row_in_a_hundred_re_emits_an_earlier_event(rows):
    ids = Counter(row.split("\t", 1)[0] for row in rows)
    repeats = sum(n - 1 for n in ids.values())
    assert N * 0.006 < repeats < N * 0.014
    seen: dict[str, str] = {}
    for row in rows:
        event_id, rest = row.split("\t", 1)
        body = rest.rsplit("\t", 2)[0]  # all but DATEADDED and SOURCEURL
        if event_id in seen:
            assert seen[event_id] == body  # the same event, re-emitted in a later file
        seen[event_id] = body


def test_organisations_appear_with_their_cameo_and_known_group_codes(rows):
    pairs = Counter((f[5], f[8]) for f in (row.split("\t") for row in rows) if f[5].startswith("IGO"))
    assert set(pairs) == {("IGOWSTNAT", "NAT"), ("IGOEUREEC", "EEC"), ("IGOUNO", "UNO")}


def test_about_three_rows_in_a_hundred_cannot_be_resolved_and_the_rest_parse(rows):
    items = list(parse_gdelt(enumerate((row.rstrip("\n") for row in rows), 1)))
    outcomes = Counter(item.reason if isinstance(item, Skip) else "observation" for item in items)
    assert set(outcomes) == {"observation", "actor2 missing"}
    assert N * 0.02 < outcomes["actor2 missing"] < N * 0.045
    actors = Counter(item.actor1 for item in items if isinstance(item, Observation))
    assert {"USA", "NATO", "EU", "UN", "ROU"} <= set(actors)
    assert actors.most_common(1)[0][0] == "USA"  # Zipf: the first rank dominates


def test_the_command_writes_plain_zipped_and_gzipped_files(synth, tmp_path):
    plain, packed, gz = tmp_path / "s.export.CSV", tmp_path / "s.export.CSV.zip", tmp_path / "s.export.CSV.gz"
    for out in (plain, packed, gz):
        assert synth.main(["500", str(out), "--seed", "9"]) == 0
        assert detect_format(out) == "gdelt2"
        assert check_structure(out, "gdelt2") == 500
    assert plain.read_text() == "".join(synth.generate(500, seed=9))
    assert list(numbered_lines(packed)) == list(numbered_lines(plain)) == list(numbered_lines(gz))


def test_rows_stream_without_generating_the_whole_run_first(synth):
    first = list(islice(synth.generate(10**12, seed=1), 3))
    assert len(first) == 3
