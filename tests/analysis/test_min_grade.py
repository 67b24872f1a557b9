"""`--min-grade`: answers built only from actions with at least one source graded that well
(Admiralty: the letter and the digit both at least as good), saying how many were left out.

The key case: a measure opened by a well-sourced action and closed by a weakly sourced one is
still in force at the minimum grade (the weak close is left out), and closed without it.
Every test that records runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest

from dtl.application.facade import Dtl
from dtl.domain.errors import InvalidInput
from dtl.domain.observations import Observation
from tests.analysis.support import cli, cli_json, refused, without
from tests.support import FakeClock

# The story: who said what, graded how. The lift rests on a weak blog post; the trade halt on
# an ungraded rumour; the threat on a C3 wire; everything else on B2 or better.
ADMIT = {
    "type": "admit",
    "by": "NATO",
    "target": "TUR",
    "on": "1952-02-18",
    "sources": [{"name": "NATO: Member countries", "grade": "A1", "attribution": "document"}],
}
PARTNERS = {
    "type": "establish-partnership",
    "by": "NATO",
    "target": "ISR",
    "on": "1994-12",
    "sources": [{"name": "NATO: Mediterranean Dialogue", "grade": "A1", "attribution": "document"}],
}
VETO = {
    "type": "veto-engagement",
    "by": "TUR",
    "target": "ISR",
    "forum": "NATO",
    "on": "2023-10",
    "sources": [{"name": "Wire report", "grade": "B2"}],
}
LIFT = {
    "type": "lift-veto",
    "by": "TUR",
    "target": "ISR",
    "forum": "NATO",
    "on": "2024-06-15",
    "sources": [{"name": "A blog", "grade": "D4", "attribution": "unverified-claim"}],
}
HALT = {
    "type": "halt-trade",
    "by": "TUR",
    "target": "ISR",
    "on": "2024-05",
    "sources": [{"name": "Rumour mill", "attribution": "unverified-claim"}],
}
THREAT = {
    "type": "threaten",
    "by": "TUR",
    "target": "ISR",
    "on": "2024-07",
    "kind": "military",
    "sources": [{"name": "Another wire", "grade": "C3"}],
}
STATEMENT = {
    "type": "statement",
    "by": "TUR",
    "target": "ISR",
    "on": "2024-07-20",
    "sources": [{"name": "Ministry statement", "grade": "A2", "attribution": "official-statement"}],
}
STORY = {"admit": ADMIT, "partners": PARTNERS, "veto": VETO, "lift": LIFT, "halt": HALT,
         "threat": THREAT, "statement": STATEMENT}  # fmt: skip
INSTANTS = {"threat", "statement"}
AFTER_THE_LIFT = "2024-07-01"
RECORDED_AT = "2024-08-01T12:00:00"
CORROBORATED_AT = "2024-09-01T12:00:00"
BETWEEN = "2024-08-15"  # after the story was recorded, before the lift was corroborated


def qualifies(raw: dict, threshold: str) -> bool:
    """The Admiralty definition, from the inputs: some source graded at least as well on both
    scales (A is best for reliability, 1 for credibility); an ungraded source never qualifies."""
    return any(
        s.get("grade") and s["grade"][0] <= threshold[0] and s["grade"][1] <= threshold[1]
        for s in raw["sources"]
    )


def weak(names, threshold="B2") -> list[str]:
    return [n for n in names if not qualifies(STORY[n], threshold)]


@dataclass
class Story:
    dtl: Dtl
    store: str
    clock: FakeClock
    ids: dict[str, str]

    def corroborate_the_lift(self) -> None:
        self.clock.set(CORROBORATED_AT)
        self.dtl.corroborate(self.ids["lift"], {"name": "Reuters", "grade": "B2"})


@pytest.fixture
def story(store_url) -> Iterator[Story]:
    clock = FakeClock()
    clock.set(RECORDED_AT)
    with Dtl(store_url, clock=clock) as dtl:
        ids = {name: dtl.record(raw)["recorded"][0] for name, raw in STORY.items()}
        yield Story(dtl, store_url, clock, ids)


def veto_measures(answer: dict) -> list[dict]:
    return [m for m in answer["measures"] if m["aspect"] == "engagement-veto"]


def comparable(measures: list[dict]) -> list[dict]:
    """A measure without the one field a re-fold cannot know: when the view row was written."""
    return [without(m, "known_from") for m in measures]


# -- the key semantics ---------------------------------------------------------------------------
def test_a_veto_lifted_by_a_weakly_sourced_action_still_holds_at_min_grade_b2(story):
    plain = story.dtl.state("NATO", "ISR", AFTER_THE_LIFT)
    graded = story.dtl.state("NATO", "ISR", AFTER_THE_LIFT, min_grade="B2")

    assert veto_measures(plain) == []
    (veto,) = veto_measures(graded)
    assert (veto["holder"], veto["since"], veto["until"]) == ("TUR", VETO["on"], None)
    assert veto["events"] == [story.ids["veto"]] and veto["certainty"] == "in force"
    assert [s["name"] for s in veto["sources"]] == [VETO["sources"][0]["name"]]
    # Left out: the pair's measure-bearing actions without a B2 source (the lift).
    assert graded["left_out"] == len(weak(["partners", "veto", "lift"])) == 1
    assert (graded["min_grade"], plain["min_grade"], plain["left_out"]) == ("B2", None, 0)


def test_without_a_minimum_grade_the_weak_lift_closes_the_veto(story):
    (interval,) = [
        i for i in story.dtl.history("NATO", "ISR")["intervals"] if i["aspect"] == "engagement-veto"
    ]
    assert (interval["until"], interval["events"]) == (LIFT["on"], [story.ids["veto"], story.ids["lift"]])
    (graded,) = [
        i
        for i in story.dtl.history("NATO", "ISR", min_grade="B2")["intervals"]
        if i["aspect"] == "engagement-veto"
    ]
    assert (graded["until"], graded["events"]) == (None, [story.ids["veto"]])


def test_a_threshold_the_lift_meets_gives_the_unfiltered_answer(story):
    for day in ("2023-09-01", "2024-01-01", AFTER_THE_LIFT):
        plain = story.dtl.state("NATO", "ISR", day)
        graded = story.dtl.state("NATO", "ISR", day, min_grade="D4")
        assert comparable(graded["measures"]) == comparable(plain["measures"])
        assert graded["left_out"] == 0


def test_corroborating_the_weak_lift_with_a_b2_source_brings_it_back_in(story):
    story.corroborate_the_lift()

    graded = story.dtl.state("NATO", "ISR", AFTER_THE_LIFT, min_grade="B2")
    plain = story.dtl.state("NATO", "ISR", AFTER_THE_LIFT)

    assert veto_measures(graded) == []
    assert comparable(graded["measures"]) == comparable(plain["measures"])
    assert graded["left_out"] == 0
    history = story.dtl.history("NATO", "ISR", min_grade="B2")
    assert comparable(history["intervals"]) == comparable(story.dtl.history("NATO", "ISR")["intervals"])


def test_as_known_before_the_corroboration_the_weak_lift_is_left_out_again(story):
    story.corroborate_the_lift()

    then = story.dtl.state("NATO", "ISR", AFTER_THE_LIFT, as_known_at=BETWEEN, min_grade="B2")

    (veto,) = veto_measures(then)
    assert veto["until"] is None and then["left_out"] == 1
    assert then["as_known_at"].startswith(BETWEEN)
    later = story.dtl.state("NATO", "ISR", AFTER_THE_LIFT, as_known_at="2024-09-02", min_grade="B2")
    assert veto_measures(later) == [] and later["left_out"] == 0


def test_a_corrections_own_source_does_not_lift_the_grade_of_the_act(story):
    story.clock.set(CORROBORATED_AT)
    story.dtl.correct(story.ids["lift"], {"note": "reported by a blog only"}, "adding context",
                      {"name": "NATO spokesperson", "grade": "A1", "attribution": "named-official"})  # fmt: skip
    graded = story.dtl.state("NATO", "ISR", AFTER_THE_LIFT, min_grade="B2")
    assert [v["until"] for v in veto_measures(graded)] == [None]
    assert graded["left_out"] == 1


def test_a_source_that_is_not_graded_never_qualifies_however_low_the_minimum(story):
    def trade(answer):  # (Turkey's veto in NATO, well sourced, is part of TUR-ISR too)
        return [m for m in answer["measures"] if m["aspect"] == "trade"]

    plain = story.dtl.state("TUR", "ISR", "2024-06-01")
    assert len(trade(plain)) == 1
    lowest = story.dtl.state("TUR", "ISR", "2024-06-01", min_grade="F6")
    assert trade(lowest) == []
    assert lowest["left_out"] == 1  # the ungraded halt; the lift meets F6


@pytest.mark.parametrize(
    ("grade", "meets_b2"),
    [
        ("A1", True),
        ("B2", True),
        ("A2", True),
        ("B1", True),
        ("A3", False),
        ("C1", False),
        ("C3", False),
        ("F6", False),
    ],
)
def test_a_grade_meets_b2_only_when_its_letter_and_its_digit_both_do(sqlite_dtl, grade, meets_b2):
    sqlite_dtl.record({"type": "halt-trade", "by": "TUR", "target": "ISR", "on": "2024-05",
                       "sources": [{"name": "Some outlet", "grade": grade}]})  # fmt: skip
    graded = sqlite_dtl.state("TUR", "ISR", "2024-06-01", min_grade="B2")
    assert (len(graded["measures"]), graded["left_out"]) == ((1, 0) if meets_b2 else (0, 1))


# -- every view ----------------------------------------------------------------------------------
def test_the_roster_at_min_grade_keeps_the_veto_the_weak_lift_ended(story):
    plain = story.dtl.roster("NATO", AFTER_THE_LIFT)
    graded = story.dtl.roster("NATO", AFTER_THE_LIFT, min_grade="B2")
    assert plain["vetoes"] == []
    assert [(v["by"], v["target"], v["since"], v["event"]) for v in graded["vetoes"]] == [
        ("TUR", "ISR", VETO["on"], story.ids["veto"])
    ]
    assert graded["members"] == plain["members"] == ["TUR"]
    assert graded["partners"] == plain["partners"] == ["ISR"]
    assert graded["left_out"] == len(weak(["admit", "partners", "veto", "lift"]))
    assert story.ids["veto"] in graded["sources"]
    spells = story.dtl.roster_history("NATO", min_grade="B2")
    assert spells["left_out"] == graded["left_out"]
    assert [(s["aspect"], s["until"]) for s in spells["spells"] if s["aspect"] == "engagement-veto"] == [
        ("engagement-veto", None)
    ]


def test_the_timeline_at_min_grade_lists_only_well_sourced_actions_and_counts_the_others(story):
    report = story.dtl.timeline_report(pair=("TUR", "ISR"), min_grade="B2")
    pair_actions = [n for n in STORY if n not in ("admit", "partners")]
    assert sorted(a["id"] for a in report["actions"]) == sorted(
        story.ids[n] for n in pair_actions if qualifies(STORY[n], "B2")
    )
    assert report["left_out"] == len(weak(pair_actions))
    everyone = story.dtl.timeline_report(min_grade="B2")
    assert everyone["left_out"] == len(weak(STORY)) and len(everyone["actions"]) == len(STORY) - len(
        weak(STORY)
    )


def test_the_diff_at_min_grade_does_not_show_the_weak_close_or_the_ungraded_halt(story):
    plain = story.dtl.diff("2023-01-01", "2024-08-01")
    graded = story.dtl.diff("2023-01-01", "2024-08-01", min_grade="B2")

    def changes(answer):
        return sorted((tuple(g["pair"]), c["change"], c["aspect"], c["on"], c["event"]["id"])
                      for g in answer["pairs"] for c in g["changes"])  # fmt: skip

    assert changes(plain) == sorted([
        (("ISR", "NATO"), "opened", "engagement-veto", VETO["on"], story.ids["veto"]),
        (("ISR", "NATO"), "closed", "engagement-veto", LIFT["on"], story.ids["lift"]),
        (("ISR", "TUR"), "opened", "trade", HALT["on"], story.ids["halt"]),
    ])  # fmt: skip
    assert changes(graded) == [(("ISR", "NATO"), "opened", "engagement-veto", VETO["on"], story.ids["veto"])]
    measure_bearing = [n for n in STORY if n not in INSTANTS]
    assert graded["left_out"] == len(weak(measure_bearing)) == 2
    by_pair = story.dtl.diff("2023-01-01", "2024-08-01", pair=("NATO", "ISR"), min_grade="B2")
    assert changes(by_pair) == changes(graded)


def test_scores_at_min_grade_count_only_well_sourced_actions_and_leave_out_every_observation(story):
    observations = [
        Observation(system="gdelt", source_id=str(n), on=date(2024, 5, 2 + n), actor1="TUR", actor2="ISR",
                    cameo="163", goldstein=-8.0, quad_class=4)
        for n in range(3)
    ]  # fmt: skip
    story.dtl.record_observations(observations)
    plain = story.dtl.scores("TUR", "ISR", by="year")
    graded = story.dtl.scores("TUR", "ISR", by="year", min_grade="B2")

    def totals(answer):
        rows = answer["series"]["undirected"]
        return sum(r["actions"] for r in rows), sum(r["observations"] for r in rows)

    pair_actions = [n for n in STORY if n not in ("admit", "partners")]
    assert totals(plain) == (len(pair_actions), len(observations))
    assert totals(graded) == (len(pair_actions) - len(weak(pair_actions)), 0)
    assert graded["left_out"] == len(weak(pair_actions))
    assert graded["left_out_observations"] == len(observations)
    assert (plain["left_out"], plain["left_out_observations"]) == (0, 0)


def test_the_network_at_min_grade_keeps_the_veto_edge_and_drops_the_ungraded_halt(story):
    def edges(answer):
        return sorted((e["source"], e["target"], e["aspect"]) for e in answer["edges"])

    plain = story.dtl.network(AFTER_THE_LIFT)
    graded = story.dtl.network(AFTER_THE_LIFT, min_grade="B2")
    assert ("TUR", "ISR", "engagement-veto") not in edges(plain)
    assert ("TUR", "ISR", "trade") in edges(plain)
    assert ("TUR", "ISR", "engagement-veto") in edges(graded)
    assert ("TUR", "ISR", "trade") not in edges(graded)
    assert graded["left_out"] == len(weak([n for n in STORY if n not in INSTANTS]))


# -- the command line ----------------------------------------------------------------------------
def test_every_command_takes_min_grade_and_answers_as_the_facade_does(story, capsys, tmp_path):
    dtl, store = story.dtl, story.store
    state = cli_json(capsys, store, "state", "NATO", "ISR", "--at", AFTER_THE_LIFT, "--min-grade", "b2")
    assert without(state, "position") == without(
        dtl.state("NATO", "ISR", AFTER_THE_LIFT, min_grade="B2"), "position"
    )
    roster = cli_json(capsys, store, "roster", "NATO", "--at", AFTER_THE_LIFT, "--min-grade", "B2")
    assert roster["vetoes"] == dtl.roster("NATO", AFTER_THE_LIFT, min_grade="B2")["vetoes"] != []
    history = cli_json(capsys, store, "history", "NATO", "ISR", "--min-grade", "B2")
    assert history == dtl.history("NATO", "ISR", min_grade="B2")
    diff = cli_json(capsys, store, "diff", "--from", "2023-01-01", "--to", "2024-08-01", "--min-grade", "B2")
    assert diff["left_out"] == 2 and diff["min_grade"] == "B2"
    scores = cli_json(capsys, store, "scores", "TUR", "ISR", "--min-grade", "B2")
    assert without(scores, "position") == without(dtl.scores("TUR", "ISR", min_grade="B2"), "position")
    out = tmp_path / "graded.json"
    summary = cli_json(capsys, store, "network", "--at", AFTER_THE_LIFT, "-o", str(out), "--min-grade", "B2")
    assert summary["left_out"] == dtl.network(AFTER_THE_LIFT, min_grade="B2")["left_out"] == 2


def test_the_timeline_as_json_says_on_stderr_how_many_actions_min_grade_left_out(story, capsys):
    run = cli(capsys, story.store, "timeline", "--pair", "TUR", "ISR", "--min-grade", "B2", "--json")
    assert run.code == 0
    pair_actions = [n for n in STORY if n not in ("admit", "partners")]
    assert sorted(a["id"] for a in run.json()) == sorted(
        story.ids[n] for n in pair_actions if qualifies(STORY[n], "B2")
    )
    n = len(weak(pair_actions))
    assert run.err == f"dtl: min grade B2: {n} actions without a source graded B2 or better left out\n"


@pytest.mark.parametrize(
    "args",
    [
        ["state", "NATO", "ISR", "--at", AFTER_THE_LIFT],
        ["roster", "NATO", "--at", AFTER_THE_LIFT],
        ["history", "NATO", "ISR"],
        ["diff", "--from", "2023-01-01", "--to", "2024-08-01"],
        ["scores", "TUR", "ISR"],
    ],
    ids=["state", "roster", "history", "diff", "scores"],
)
def test_the_table_output_says_what_min_grade_left_out(story, capsys, args):
    run = cli(capsys, story.store, *args, "--min-grade", "B2")
    assert run.code == 0, run.err
    assert "min grade B2: " in run.out and "without a source graded B2 or better left out" in run.out


GRADED_COMMANDS = {
    "state": ["state", "NATO", "ISR", "--at", "2024-03-01"],
    "roster": ["roster", "NATO", "--at", "2024-03-01"],
    "history": ["history", "NATO", "ISR"],
    "timeline": ["timeline"],
    "diff": ["diff", "--from", "2023-01-01", "--to", "2024-08-01"],
    "scores": ["scores", "TUR", "ISR"],
    "network": ["network", "--at", "2024-03-01", "-o", "{tmp}/net.graphml"],
}


@pytest.mark.parametrize("command", list(GRADED_COMMANDS))
@pytest.mark.parametrize("grade", ["Z9", "B7", "", "B", "B22", "2B"])
def test_a_minimum_grade_that_is_not_an_admiralty_grade_is_bad_input_naming_min_grade(
    capsys, tmp_path, command, grade
):
    store = str(tmp_path / "dtl.sqlite3")
    args = [a.replace("{tmp}", str(tmp_path)) for a in GRADED_COMMANDS[command]]
    message = refused(capsys, store, *args, "--min-grade", grade)
    assert message.startswith("min-grade: ") and "Admiralty grade" in message
    assert not (tmp_path / "net.graphml").exists()


def test_the_facade_refuses_a_bad_minimum_grade_before_answering(sqlite_dtl):
    for call in (
        lambda: sqlite_dtl.state("NATO", "ISR", "2024-03-01", min_grade="Z9"),
        lambda: sqlite_dtl.roster_history("NATO", min_grade="B7"),
        lambda: sqlite_dtl.network("2024-03-01", min_grade=""),
    ):
        with pytest.raises(InvalidInput) as error:
            call()
        assert error.value.field == "min-grade"


def test_as_known_at_a_moment_the_graded_answer_uses_each_action_as_it_stood_then(store_url):
    """Corrections and retractions recorded later are not yet known: with every source graded
    A1, the graded answer as known at any moment is the unfiltered answer as known then."""
    clock = FakeClock()
    with Dtl(store_url, clock=clock) as dtl:
        clock.set("2024-07-01T12:00:00")
        for raw in (ADMIT, PARTNERS):
            dtl.record(raw)
        veto = dtl.record({**VETO, "on": "2023", "sources": [{"name": "Wire", "grade": "A1"}]})["recorded"][0]
        lift = dtl.record({**LIFT, "sources": [{"name": "Wire", "grade": "A1"}]})["recorded"][0]
        clock.set("2024-08-01T12:00:00")
        dtl.correct(veto, {"on": "2023-10"}, "the month is known")
        clock.set("2024-09-01T12:00:00")
        dtl.retract(lift, "the lift was denied")
        for moment in ("2024-07-15", "2024-08-15", "2024-09-15"):
            for day in ("2023-06-01", "2023-12-01", AFTER_THE_LIFT):
                plain = dtl.state("NATO", "ISR", day, as_known_at=moment)
                graded = dtl.state("NATO", "ISR", day, as_known_at=moment, min_grade="A1")
                assert comparable(graded["measures"]) == comparable(plain["measures"]), (moment, day)
                assert graded["left_out"] == 0
            history = dtl.history("NATO", "ISR", as_known_at=moment, min_grade="A1")
            assert comparable(history["intervals"]) == comparable(
                dtl.history("NATO", "ISR", as_known_at=moment)["intervals"]
            )
        # The three moments give three different answers: the test is not vacuous.
        sinces = {
            moment: [(m["since"], m["until"]) for m in veto_measures(
                {"measures": dtl.history("NATO", "ISR", as_known_at=moment, min_grade="A1")["intervals"]})]
            for moment in ("2024-07-15", "2024-08-15", "2024-09-15")
        }  # fmt: skip
        assert sinces == {
            "2024-07-15": [("2023", LIFT["on"])],
            "2024-08-15": [("2023-10", LIFT["on"])],
            "2024-09-15": [("2023-10", None)],
        }


def test_the_timeline_at_min_grade_as_known_before_a_corroboration_leaves_the_action_out(story):
    story.corroborate_the_lift()
    now = story.dtl.timeline_report(types=["lift-veto"], min_grade="B2")
    then = story.dtl.timeline_report(types=["lift-veto"], min_grade="B2", as_known_at=BETWEEN)
    assert [a["id"] for a in now["actions"]] == [story.ids["lift"]] and now["left_out"] == 0
    assert then["actions"] == [] and then["left_out"] == 1


def test_min_grade_answers_the_same_on_an_encrypted_store(store_url, tmp_path, monkeypatch):
    from dtl.application.persistence import new_cipher_key

    def answers(store: str) -> tuple:
        with Dtl(store, clock=FakeClock()) as dtl:
            for raw in STORY.values():
                dtl.record(raw)
            return (
                without(dtl.state("NATO", "ISR", AFTER_THE_LIFT, min_grade="B2"), "position"),
                without(dtl.diff("2023-01-01", "2024-08-01", min_grade="B2"), "position"),
                [a["id"] for a in dtl.timeline(text="wire", min_grade="B2")],
            )

    def without_key_ids(value):
        """On an encrypted store each source also names its own key (`id`): the one difference."""
        if isinstance(value, dict):
            return {
                k: without_key_ids(v)
                for k, v in value.items()
                if not (k == "id" and str(v).startswith("src-"))
            }
        if isinstance(value, list | tuple):
            return type(value)(without_key_ids(v) for v in value)
        return value

    plain = answers(str(tmp_path / "plain.sqlite3"))
    monkeypatch.setenv("DTL_CIPHER_KEY", new_cipher_key())
    sealed = answers(store_url)
    assert all(s.get("id", "").startswith("src-") for s in veto_measures(sealed[0])[0]["sources"])
    assert without_key_ids(sealed) == plain
    (veto,) = veto_measures(sealed[0])
    assert veto["until"] is None and veto["sources"][0]["name"] == VETO["sources"][0]["name"]
    assert sealed[2] != []
