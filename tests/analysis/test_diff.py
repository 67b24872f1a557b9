"""`dtl diff --from D1 --to D2`: every measure opened or closed in the period, across all
relationships, grouped by pair, each with the event behind it. Expectations come from the
seed story's inputs and from `history`, another view of the same store. SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from dtl.application.facade import Dtl
from dtl.domain.dates import FuzzyDate
from tests.analysis.support import Recorded, cli, cli_json, record_seed_story, refused, without
from tests.support import FakeClock

FROM, TO = "2023-01-01", "2024-08-01"


@dataclass
class Seeded:
    dtl: Dtl
    store: str
    actions: list[Recorded]

    def by_id(self, action_id: str) -> Recorded:
        return next(a for a in self.actions if a.id == action_id)


@pytest.fixture
def seeded(store_url) -> Iterator[Seeded]:
    with Dtl(store_url, clock=FakeClock()) as dtl:
        yield Seeded(dtl, store_url, record_seed_story(dtl))


def overlaps(on: str, start: str, end: str) -> bool:
    window = FuzzyDate.parse(on)
    after_end = date.fromisoformat(end) + timedelta(days=1)
    return window.earliest < after_end and window.latest_exclusive > date.fromisoformat(start)


def inside(on: str, start: str, end: str) -> bool:
    window = FuzzyDate.parse(on)
    after_end = date.fromisoformat(end) + timedelta(days=1)
    return date.fromisoformat(start) <= window.earliest and window.latest_exclusive <= after_end


def changes_from_history(dtl: Dtl, start: str, end: str, actor: str | None = None) -> set[tuple]:
    """What the diff must list, read from each pair's history: every beginning and ending
    whose (possibly imprecise) date overlaps the period, of a measure on that pair (a pair's
    history also holds what one side holds on a pair with the other: listed under its own pair)
    that the actor, if any, is a side of or holds."""
    pairs = {tuple(p) for action in dtl.timeline() for p in action["pairs"]}
    found = set()
    for a, b in pairs:
        for c in dtl.history(a, b)["changes"]:
            m = c["measure"]
            if tuple(m["pair"]) != (a, b) or (actor and actor not in (a, b) and m["holder"] != actor):
                continue
            if overlaps(c["on"], start, end):
                change, event = (
                    ("opened", m["events"][0]) if c["change"] == "began" else ("closed", m["events"][-1])
                )
                found.add(((a, b), change, c["on"], m["aspect"], event))
    return found


def listed(answer: dict) -> set[tuple]:
    return {
        (tuple(group["pair"]), c["change"], c["on"], c["aspect"], c["event"]["id"])
        for group in answer["pairs"]
        for c in group["changes"]
    }


def measure_bearing(dtl: Dtl) -> set[str]:
    return {t["type"] for t in dtl.catalogue() if t["effect"] != "instant"}


def test_the_diff_over_the_report_period_lists_exactly_the_changes_dated_in_it(seeded):
    answer = seeded.dtl.diff(FROM, TO)

    assert listed(answer) == changes_from_history(seeded.dtl, FROM, TO)
    assert answer["changes"] == len(listed(answer)) == sum(len(g["changes"]) for g in answer["pairs"])
    # The events behind the changes are exactly the measure-bearing actions dated in the period.
    types = measure_bearing(seeded.dtl)
    expected_events = {
        a.id for a in seeded.actions if a.raw["type"] in types and overlaps(a.raw["on"], FROM, TO)
    }
    assert {c[4] for c in listed(answer)} == expected_events
    assert (answer["from"], answer["to"], answer["min_grade"], answer["left_out"]) == (FROM, TO, None, 0)


def test_each_change_carries_its_event_with_type_id_and_sources(seeded):
    answer = seeded.dtl.diff(FROM, TO)
    assert answer["pairs"], "the period holds changes"
    for group in answer["pairs"]:
        for change in group["changes"]:
            event = change["event"]
            recorded = seeded.by_id(event["id"])
            assert event["type"] == recorded.raw["type"]
            assert event["on"] == change["on"] == recorded.raw["on"]
            assert [(s["name"], s.get("grade")) for s in event["sources"]] == [
                (s["name"], s.get("grade")) for s in recorded.raw["sources"]
            ]
            assert change["precision"] == FuzzyDate.parse(change["on"]).precision.value


def test_the_changes_are_grouped_by_pair_in_order_and_by_date_within_a_pair(seeded):
    answer = seeded.dtl.diff(FROM, TO)
    pairs = [tuple(g["pair"]) for g in answer["pairs"]]
    assert pairs == sorted(set(pairs)) and all(a < b for a, b in pairs)
    for group in answer["pairs"]:
        days = [FuzzyDate.parse(c["on"]).earliest for c in group["changes"]]
        assert days == sorted(days)
        for c in group["changes"]:
            event = seeded.by_id(c["event"]["id"])
            if c["change"] == "opened":  # `by` names who took the measure, as in `history`
                assert c["by"] == event.raw["by"].split(",")


def test_an_admission_closes_the_application_and_opens_the_membership_on_the_same_day(seeded):
    answer = seeded.dtl.diff(FROM, TO)
    admissions = [a for a in seeded.actions if a.raw["type"] == "admit" and overlaps(a.raw["on"], FROM, TO)]
    assert admissions, "the seed story admits Finland and Sweden in the period"
    for admit in admissions:
        changes = sorted((c["change"], c["aspect"]) for g in answer["pairs"] for c in g["changes"]
                         if c["event"]["id"] == admit.id)  # fmt: skip
        assert changes == [("closed", "application"), ("opened", "membership")]


def involving(groups: list[dict], keep) -> list[dict]:
    """The groups of a diff narrowed to the changes `keep` accepts (given the group's pair)."""
    narrowed = [{**g, "changes": [c for c in g["changes"] if keep(g["pair"], c)]} for g in groups]
    return [g for g in narrowed if g["changes"]]


def test_an_actor_narrows_the_diff_to_the_measures_it_is_a_side_of_or_holds(seeded):
    everything = seeded.dtl.diff(FROM, TO)
    for actor in ("TUR", "ISR", "FIN"):
        answer = seeded.dtl.diff(FROM, TO, actor=actor)
        expected = involving(
            everything["pairs"], lambda pair, c, actor=actor: actor in pair or c["holder"] == actor
        )
        assert answer["pairs"] == expected != []
        assert listed(answer) == changes_from_history(seeded.dtl, FROM, TO, actor=actor)
        assert answer["actor"] == actor


def test_a_pair_narrows_the_diff_to_that_relationship_in_either_order(seeded):
    everything = seeded.dtl.diff(FROM, TO)
    answer = seeded.dtl.diff(FROM, TO, pair=("TUR", "ISR"))

    def concerns(pair, change):  # the pair's own, or held by one side on a pair with the other
        holder = change["holder"]
        return pair == ["ISR", "TUR"] or (
            holder in ("ISR", "TUR") and ({"ISR", "TUR"} - {holder}) <= set(pair)
        )

    assert answer["pairs"] == involving(everything["pairs"], concerns) != []
    assert seeded.dtl.diff(FROM, TO, pair=("ISR", "TUR"))["pairs"] == answer["pairs"]


PERIODS = [
    ("2023-10-15", TO),
    (FROM, "2023-10-15"),
    ("2023-10-01", "2023-10-31"),
    ("2024-05-31", "2024-05-31"),
]


def test_a_change_dated_by_a_month_that_only_overlaps_the_period_may_have_happened_in_it(seeded):
    for start, end in PERIODS:
        answer = seeded.dtl.diff(start, end)
        assert listed(answer) == changes_from_history(seeded.dtl, start, end)
        assert answer["pairs"], "the imprecise veto or trade halt overlaps each period"
        for group in answer["pairs"]:
            for c in group["changes"]:
                certain = inside(c["on"], start, end)
                expected = (
                    f"{c['change']} in the period" if certain else f"may have {c['change']} in the period"
                )
                assert c["certainty"] == expected, (c["on"], start, end)


def test_the_veto_of_october_2023_is_only_possible_in_a_period_starting_mid_october(seeded):
    veto = next(a for a in seeded.actions if a.raw["type"] == "veto-engagement")

    def veto_certainty(start, end):
        return [c["certainty"] for g in seeded.dtl.diff(start, end)["pairs"] for c in g["changes"]
                if c["event"]["id"] == veto.id]  # fmt: skip

    assert veto_certainty(FROM, TO) == ["opened in the period"]
    assert veto_certainty("2023-10-15", TO) == ["may have opened in the period"]
    assert veto_certainty("2023-11-01", TO) == []
    assert veto_certainty(FROM, "2023-09-30") == []


def test_a_period_of_one_day_includes_that_day(seeded):
    lift = next(
        a for a in seeded.actions if a.raw["type"] == "lift-accession-block" and a.raw["target"] == "FIN"
    )
    answer = seeded.dtl.diff(lift.raw["on"], lift.raw["on"])
    assert {c[4] for c in listed(answer)} == {lift.id}
    assert [c["certainty"] for g in answer["pairs"] for c in g["changes"]] == ["closed in the period"]


def test_the_diff_as_known_before_the_report_was_recorded_lacks_its_changes(store_url):
    from dtl.application import seed_story

    clock = FakeClock()
    with Dtl(store_url, clock=clock) as dtl:
        clock.set("2024-07-01T12:00:00")
        background = dtl.import_lines([(n, json.dumps(r)) for n, r in enumerate(seed_story.background(), 1)])
        clock.set("2024-08-02T12:00:00")
        report = dtl.import_lines([(n, json.dumps(r)) for n, r in enumerate(seed_story.report(), 1)])[
            "recorded"
        ]
        background = background["recorded"]
        now = {c[4] for c in listed(dtl.diff(FROM, TO))}
        then = dtl.diff(FROM, TO, as_known_at="2024-07-15")
        assert {c[4] for c in listed(then)} == now - set(report) != set()
        assert now & set(report) and {c[4] for c in listed(then)} <= set(background)
        assert then["as_known_at"].startswith("2024-07-15")


# -- the command line ----------------------------------------------------------------------------
def test_the_cli_gives_the_facades_answer_as_json_and_a_table_per_pair(seeded, capsys):
    answer = cli_json(capsys, seeded.store, "diff", "--from", FROM, "--to", TO)
    assert without(answer, "position") == without(seeded.dtl.diff(FROM, TO), "position")
    narrowed = cli_json(capsys, seeded.store, "diff", "--from", FROM, "--to", TO, "--pair", "TUR", "ISR")
    assert without(narrowed, "position") == without(
        seeded.dtl.diff(FROM, TO, pair=("TUR", "ISR")), "position"
    )
    by_actor = cli_json(capsys, seeded.store, "diff", "--from", FROM, "--to", TO, "--actor", "TUR")
    assert all("TUR" in g["pair"] or c["holder"] == "TUR" for g in by_actor["pairs"] for c in g["changes"])

    run = cli(capsys, seeded.store, "diff", "--from", "2023-10-15", "--to", TO)
    assert run.code == 0 and run.err == ""
    total = seeded.dtl.diff("2023-10-15", TO)["changes"]
    assert f"{total} changes between 2023-10-15 and {TO}" in run.out
    for group in seeded.dtl.diff("2023-10-15", TO)["pairs"]:
        assert " - ".join(group["pair"]) in run.out
    assert "opened (possibly)" in run.out  # the October veto, seen from mid-October


def test_an_empty_period_says_so(seeded, capsys):
    run = cli(capsys, seeded.store, "diff", "--from", "1960-01-01", "--to", "1960-12-31")
    assert run.code == 0 and "No measure opened or closed between 1960-01-01 and 1960-12-31" in run.out
    assert cli_json(capsys, seeded.store, "diff", "--from", "1960-01-01", "--to", "1960-12-31")["pairs"] == []


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--from", "2024-08-01", "--to", "2023-01-01"], "from"),
        (["--from", FROM, "--to", TO, "--actor", "TUR", "--pair", "TUR", "ISR"], "pair"),
        (["--from", "2023-01-01/2022-12-01", "--to", TO], "from"),  # an interval that ends before it begins
        (["--from", FROM, "--to", "2024-02-30"], "to"),
        (["--from", FROM, "--to", TO, "--actor", "TURX"], "actor"),
        (["--from", FROM, "--to", TO, "--pair", "TUR", "TUR"], "pair"),
        (["--from", FROM, "--to", TO, "--as-known-at", "yesterday"], "as-known-at"),
    ],
)
def test_bad_input_to_diff_exits_2_naming_the_field(tmp_path, capsys, args, field):
    message = refused(capsys, str(tmp_path / "dtl.sqlite3"), "diff", *args)
    assert message.startswith(f"{field}: "), message


def test_diff_needs_both_ends_of_the_period(capsys, tmp_path):
    store = str(tmp_path / "dtl.sqlite3")
    run = cli(capsys, store, "diff", "--from", FROM)
    assert run.code == 2 and "--to" in run.err and len(run.err.splitlines()) == 1
