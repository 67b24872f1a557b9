"""What the charts draw, gathered through the facade: bars, markers, the window, left out."""

from __future__ import annotations

from datetime import date

import pytest

from dtl.application.charts import pair_chart_data
from dtl.domain.errors import InvalidInput


def _aspects(data):
    return sorted((b["aspect"], b["holder"]) for b in data["bars"])


def test_the_nato_israel_chart_draws_the_partnership_the_veto_and_what_was_said_in_nato(charts):
    data = charts.data("NATO", "ISR")
    assert _aspects(data) == [("engagement-veto", "TUR"), ("expulsion-demand", "ISR"), ("partnership", None)]
    assert [(m["type"], m["by"], m["forum"]) for m in data["markers"]] == [("statement", ["TUR"], "NATO")]
    assert data["left_out"] == 0 and data["min_grade"] is None


def test_every_interval_of_the_pair_history_is_a_bar(charts, seeded):
    drawn = {b["events"][0] for b in charts.data("NATO", "ISR")["bars"]}
    history = seeded.history("NATO", "ISR")["intervals"]
    assert history and {m["events"][0] for m in history} <= drawn


def test_a_third_partys_measure_against_one_side_is_drawn_on_its_own_lane(charts):
    data = charts.data("TUR", "ISR")
    veto = [b for b in data["bars"] if b["aspect"] == "engagement-veto"]
    assert len(veto) == 1 and veto[0]["elsewhere"] and veto[0]["pair"] == ["ISR", "NATO"]
    assert veto[0]["since_precision"] == "month" and (veto[0]["lo"], veto[0]["since_hi"]) == (
        "2023-10-01",
        "2023-11-01",
    )


def test_instants_between_the_pair_are_markers_and_measures_are_not(charts, seeded):
    data = charts.data("TUR", "ISR")
    effect = {t["type"]: t["effect"] for t in seeded.catalogue()}
    instants = [a for a in seeded.timeline(pair=("TUR", "ISR")) if effect[a["type"]] == "instant"]
    assert sorted(m["action"] for m in data["markers"]) == sorted(a["id"] for a in instants)
    assert [m["gid"] for m in data["markers"]] == [
        "marker-statement-0",
        "marker-threaten-1",
        "marker-accuse-2",
    ]


def test_element_ids_name_the_aspect_the_holder_and_a_number(charts):
    assert [b["gid"] for b in charts.data("TUR", "ISR")["bars"]] == [
        "bar-engagement-veto-TUR-0",
        "bar-trade-TUR-1",
        "bar-expulsion-demand-ISR-2",
    ]
    assert charts.data("NATO", "ISR")["bars"][0]["gid"] == "bar-partnership-mutual-0"


def test_the_window_runs_from_a_little_before_the_first_thing_drawn_to_a_little_after_the_last(charts):
    data = charts.data("TUR", "ISR")
    assert data["start"] < "2023-10-01" and data["end"] > "2024-08-01"
    assert data["start"] >= "2023-08-01" and data["end"] <= "2024-10-01"


def test_a_window_keeps_only_what_overlaps_it(charts):
    data = charts.data("TUR", "ISR", start="2024-06", end="2024-07")
    assert (data["start"], data["end"]) == ("2024-06-01", "2024-07-31")
    assert len(data["bars"]) == 3  # the veto, the trade halt, the call for expulsion: all in force
    assert [m["type"] for m in data["markers"]] == ["statement", "threaten"]  # the accusation is in August


def test_a_window_after_everything_still_shows_what_is_in_force(charts):
    data = charts.data("TUR", "ISR", start="2030")
    assert data["start"] == "2030-01-01" and data["end"] > "2030-12-31"
    assert len(data["bars"]) == 3 and data["markers"] == []  # all three measures are still open


def test_a_window_before_everything_draws_nothing(charts):
    data = charts.data("NATO", "ISR", end="1990")
    assert data["end"] == "1990-12-31" and data["start"] < "1990-01-01"
    assert (data["bars"], data["markers"]) == ([], [])


def test_the_goldstein_series_covers_the_window_month_by_month(charts):
    series = charts.data("TUR", "ISR", start="2024-06", end="2024-07")["goldstein"]
    assert series["by"] == "month"
    assert [(p["period"], p["sum"]) for p in series["series"]] == [("2024-06", 0.0), ("2024-07", -12.0)]


def test_a_long_window_sums_goldstein_per_year(charts):
    assert charts.data("NATO", "ISR")["goldstein"]["by"] == "year"


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [("2024-13", None, "from"), (None, "last week", "to"), ("2024", "2023", "from")],
)
def test_a_bad_or_reversed_window_is_refused_naming_the_field(seeded, start, end, field):
    with pytest.raises(InvalidInput) as error:
        pair_chart_data(seeded, "TUR", "ISR", start=start, end=end)
    assert error.value.field == field


def test_the_two_sides_must_differ(seeded):
    with pytest.raises(InvalidInput) as error:
        pair_chart_data(seeded, "ISR", "isr")
    assert error.value.field == "y"


def test_min_grade_leaves_out_the_anonymous_veto_and_says_so(charts):
    data = charts.data("NATO", "ISR", min_grade="B2")
    assert ("engagement-veto", "TUR") not in _aspects(data)
    assert data["left_out"] == 1 and data["min_grade"] == "B2"


def test_min_grade_counts_instants_left_out_too(charts):
    data = charts.data("TUR", "ISR", min_grade="B2")
    assert [m["type"] for m in data["markers"]] == ["statement", "accuse"]  # the B3 threat is left out
    assert data["left_out"] == 2  # and the C3 veto


def test_a_pair_with_nothing_recorded_draws_an_empty_year_ending_today(seeded):
    data = pair_chart_data(seeded, "FRA", "QAT", today=date(2024, 8, 1))
    assert (data["bars"], data["markers"], data["rows"]) == ([], [], [])
    assert (data["start"], data["end"]) == ("2023-08-02", "2024-08-01")


def test_the_roster_chart_has_a_lane_for_every_actor_with_a_spell(charts, seeded):
    data = charts.data("--roster", "NATO")
    spells = seeded.roster_history("NATO")["spells"]
    assert len(data["bars"]) == len(spells)
    assert {b["other"] for b in data["bars"]} == {s["other"] for s in spells}
    overlays = sorted((b["aspect"], b["other"], b["holder"]) for b in data["bars"] if b["overlay"])
    assert overlays == [
        ("accession-block", "FIN", "TUR"),
        ("accession-block", "SWE", "TUR"),
        ("engagement-veto", "ISR", "TUR"),
        ("expulsion-demand", "TUR", "ISR"),
    ]


def test_the_roster_chart_says_how_many_actions_min_grade_left_out(charts):
    data = charts.data("--roster", "NATO", min_grade="A1")
    assert data["left_out"] == 2  # the C3 veto and the B2 call for expulsion
    assert not [b for b in data["bars"] if b["aspect"] in ("engagement-veto", "expulsion-demand")]


def test_the_table_rows_are_the_actions_drawn_with_their_sources(charts):
    data = charts.data("TUR", "ISR")
    drawn = {gid for row in data["rows"] for gid in row["drawn"]}
    assert drawn == {b["gid"] for b in data["bars"]} | {m["gid"] for m in data["markers"]}
    assert all(row["sources"] for row in data["rows"])
