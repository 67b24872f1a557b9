"""Properties of `--min-grade`, over random small histories (hypothesis).

1. When every source is graded A1, any minimum grade gives exactly the unfiltered answers:
   the re-fold of graded.py agrees with the view's materialised measures.
2. For any threshold, the graded answer equals the unfiltered answer of a second store into
   which only the qualifying actions were recorded (with all their sources). Sources are given
   at recording and by later corroborations, some ungraded.

Histories are generated the way tests/test_order_independence.py generates them (its strategy
is reused for the first property) and kept to what is consistent in date order.
"""

from __future__ import annotations

import itertools
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from dtl.application.facade import Dtl
from dtl.domain.actions import build_action, parse_input
from dtl.domain.errors import Conflict
from dtl.domain.timeline import Entry, order_key
from tests.support import FakeClock
from tests.timeline.support import QUESTION_DAYS, STATES, actions, date_order, fuzzy_dates

GRADES = [f"{letter}{digit}" for letter in "ABCDEF" for digit in "123456"]
ACTORS = ["NATO", *STATES]
PAIRS = list(itertools.combinations(ACTORS, 2))
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _measure(m: dict[str, Any]) -> tuple:
    """Everything a measure says, but when its view row was written (a re-fold cannot know)
    and when a later source was added (the second store was given every source at once)."""
    sources = [{k: v for k, v in s.items() if k != "added_at"} for s in m["sources"]]
    return (m["aspect"], m["status"], m["by"], m["holder"], m["forum"], m["since"], m["since_precision"],
            m["until"], m["until_precision"], m["certainty"], m["events"], m["caveats"], m["scope"],
            m["condition"], json.dumps(sources, sort_keys=True))  # fmt: skip


def state_answers(dtl: Dtl, min_grade: str | None = None, pairs=PAIRS) -> list:
    return [
        sorted(_measure(m) for m in dtl.state(x, y, day, min_grade=min_grade)["measures"])
        for day in QUESTION_DAYS
        for x, y in pairs
    ]


def history_answers(dtl: Dtl, min_grade: str | None = None, pairs=PAIRS) -> list:
    out = []
    for x, y in pairs:
        history = dtl.history(x, y, min_grade=min_grade)
        out.append(sorted(_measure(m) for m in history["intervals"]))
        out.append(
            [
                (c["on"], c["change"], c["measure"]["aspect"], c["measure"]["events"])
                for c in history["changes"]
            ]
        )
    return out


def roster_answers(dtl: Dtl, min_grade: str | None = None) -> list:
    out = []
    for day in QUESTION_DAYS:
        roster = dtl.roster("NATO", day, min_grade=min_grade)
        out.append([roster[k] for k in ("members", "partners", "suspended", "applicants", "blocks", "vetoes",
                                        "demands", "caveats", "sources")])  # fmt: skip
        out.append(sorted(_measure(m) for m in roster["other_measures"]))
    return out


def record_indate_order(dtl: Dtl, history: list[dict]) -> list[tuple[dict, str]]:
    """Record what is consistent, in date order; (raw, id) of each action recorded."""
    accepted = []
    for raw in date_order(history):
        try:
            result = dtl.record(raw)
        except Conflict:
            continue
        if result["recorded"]:
            accepted.append((raw, result["recorded"][0]))
    return accepted


# -- 1. all A1: the minimum grade changes nothing -------------------------------------------------
@SETTINGS
@given(st.lists(actions(), min_size=1, max_size=12), st.sampled_from(GRADES))
def test_when_every_source_is_a1_any_minimum_grade_gives_the_unfiltered_answers(history, threshold):
    graded_a1 = [{**raw, "sources": [{"name": "Official record", "grade": "A1"}]} for raw in history]
    with tempfile.TemporaryDirectory() as tmp, Dtl(str(Path(tmp) / "a1.sqlite3"), clock=FakeClock()) as dtl:
        record_indate_order(dtl, graded_a1)
        assert state_answers(dtl, threshold) == state_answers(dtl)
        assert history_answers(dtl, threshold) == history_answers(dtl)
        assert roster_answers(dtl, threshold) == roster_answers(dtl)
        for x, y in PAIRS[:3]:
            assert dtl.state(x, y, QUESTION_DAYS[-1], min_grade=threshold)["left_out"] == 0
        assert dtl.timeline_report(min_grade=threshold)["left_out"] == 0


# -- 2. graded = unfiltered over the qualifying actions ---------------------------------------------
# Measures with no membership rules, one initiator each: a second store refuses exactly what
# the fold would ignore (a duplicate, nothing to end), so the comparison is exact.
RULE_FREE = ["restrict-trade", "halt-trade", "resume-trade", "impose-sanctions", "lift-sanctions",
             "recall-ambassador", "return-ambassador", "sever-relations", "restore-relations"]  # fmt: skip


@st.composite
def sourced_actions(draw):
    kind = draw(st.sampled_from([*RULE_FREE, "establish-partnership", "end-partnership", "threaten"]))
    if kind.endswith("partnership"):
        raw = {"type": kind, "by": "NATO", "target": draw(st.sampled_from(STATES)), "on": draw(fuzzy_dates())}
    else:
        a, b = draw(st.permutations(STATES))[:2]
        raw = {"type": kind, "by": a, "target": b, "on": draw(fuzzy_dates())}
    if kind == "threaten":
        raw["kind"] = "sanctions"
    grades = draw(st.lists(st.one_of(st.none(), st.sampled_from(GRADES)), min_size=1, max_size=3))
    sources = [{"name": f"Outlet {n}", **({"grade": g} if g else {})} for n, g in enumerate(grades)]
    return raw, sources


def meets(grade: str | None, threshold: str) -> bool:
    return grade is not None and grade[0] <= threshold[0] and grade[1] <= threshold[1]


def fold_position(raw: dict, action_id: str) -> tuple:
    action, _ = build_action(parse_input(raw))
    return order_key(Entry(action_id=action_id, action=action))


@SETTINGS
@given(st.lists(sourced_actions(), min_size=1, max_size=10), st.sampled_from(GRADES))
def test_a_graded_answer_is_the_answer_of_a_store_holding_only_the_qualifying_actions(history, threshold):
    sources_of: dict[str, list[dict]] = {}
    for raw, sources in history:  # the same act twice is one action: keep its first sources
        sources_of.setdefault(json.dumps(raw, sort_keys=True), sources)
    history = [(json.loads(key), sources) for key, sources in sources_of.items()]
    with tempfile.TemporaryDirectory() as tmp:
        with Dtl(str(Path(tmp) / "all.sqlite3"), clock=FakeClock()) as full:
            # The first source comes with the record; the others are corroborations, later.
            first = [{**raw, "sources": sources[:1]} for raw, sources in history]
            accepted = record_indate_order(full, first)
            for raw, action_id in accepted:
                for source in sources_of[json.dumps(_bare(raw), sort_keys=True)][1:]:
                    full.corroborate(action_id, source)
            graded_state = state_answers(full, threshold)
            graded_history = history_answers(full, threshold)
            left_out = {(x, y): full.history(x, y, min_grade=threshold)["left_out"] for x, y in PAIRS}

        everything = [(_bare(raw), action_id) for raw, action_id in accepted]
        qualifying = [
            (raw, action_id) for raw, action_id in everything
            if any(meets(s.get("grade"), threshold) for s in sources_of[json.dumps(raw, sort_keys=True)])
        ]  # fmt: skip
        with Dtl(str(Path(tmp) / "qualifying.sqlite3"), clock=FakeClock()) as only:
            for raw, action_id in sorted(qualifying, key=lambda r: fold_position(*r)):
                try:
                    result = only.record({**raw, "sources": sources_of[json.dumps(raw, sort_keys=True)]})
                except Conflict:
                    continue  # what the fold would ignore too: a duplicate, or nothing to end
                assert result["recorded"] == [action_id], "the id is derived from what happened"
            assert graded_state == state_answers(only)
            assert graded_history == history_answers(only)

    # How many were left out: the pair's measure-bearing actions without a qualifying source.
    kept = [raw for raw, _ in qualifying]
    for (x, y), count in left_out.items():
        weak = [raw for raw, _ in everything
                if raw["type"] != "threaten" and {raw["by"], raw["target"]} == {x, y} and raw not in kept]  # fmt: skip
        assert count == len(weak), (x, y)
    event(f"{'some' if len(kept) < len(everything) else 'no'} actions left out")
    event(f"{'some' if any(left_out.values()) else 'no'} pair answer narrowed")


def _bare(raw: dict) -> dict:
    return {k: v for k, v in raw.items() if k != "sources"}
