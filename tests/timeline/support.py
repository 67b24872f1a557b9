"""Hypothesis strategies for histories of NATO and four states, shared by the properties that
record them (timeline order independence, min-grade equivalence)."""

from __future__ import annotations

from hypothesis import strategies as st

from dtl.domain.actions import build_action, parse_input

STATES = ["TUR", "GRC", "ISR", "SWE"]
QUESTION_DAYS = ["2020-06-15", "2021-01-01", "2022-03-15", "2023-07-01", "2024-12-31"]


@st.composite
def fuzzy_dates(draw):
    year = draw(st.integers(2020, 2024))
    precision = draw(st.sampled_from(["year", "month", "day", "day"]))
    if precision == "year":
        return f"{year}"
    month = draw(st.integers(1, 12))
    if precision == "month":
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{draw(st.integers(1, 28)):02d}"


@st.composite
def actions(draw):
    kind = draw(
        st.sampled_from(
            ["admit", "apply", "veto-engagement", "lift-veto", "halt-trade", "restrict-trade",
             "resume-trade", "establish-partnership", "call-for-expulsion"]
        )
    )  # fmt: skip
    a, b = draw(st.permutations(STATES))[:2]
    on = draw(fuzzy_dates())
    if kind in ("admit",):
        return {"type": kind, "by": "NATO", "target": a, "on": on}
    if kind == "apply":
        return {"type": kind, "by": a, "target": "NATO", "on": on}
    if kind == "establish-partnership":
        return {"type": kind, "by": "NATO", "target": a, "on": on}
    if kind in ("veto-engagement", "lift-veto", "call-for-expulsion"):
        return {"type": kind, "by": a, "target": b, "forum": "NATO", "on": on}
    return {"type": kind, "by": a, "target": b, "on": on}


def date_order(history: list[dict]) -> list[dict]:
    def start(raw):
        action, _ = build_action(parse_input(raw))
        return action.date.earliest

    return sorted(history, key=start)
