"""Hypothesis strategies for hostile text: what a terminal, a pipe or a file may hand to dtl."""

from __future__ import annotations

from hypothesis import strategies as st

# Undecodable bytes in argv reach Python as lone surrogates (surrogateescape, U+DC80-U+DCFF).
UNDECODABLE = st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF, categories=["Cs"])
CONTROLS = st.sampled_from(
    ["\x00", "\x1b", "\x07", "\x7f", "\x85", "\x9b", "\u2028", "\u200d", "\ufeff", "\r", "\n", "\t"]
)
LOOK_ALIKES = st.sampled_from(["\u0406", "\u0399", "\u0131", "\u017f", "\u212a", "\uff29", "\u0307"])
META = st.sampled_from(["'", '"', ";", "--", "$(", ")", "`", "|", "&", "%", "_", "\\", "*", "/", "../"])
CHARACTER = st.one_of(st.characters(), UNDECODABLE, CONTROLS, LOOK_ALIKES)

hostile_text = st.one_of(
    st.text(CHARACTER, max_size=24),
    st.lists(st.one_of(st.text(CHARACTER, max_size=4), META), max_size=6).map("".join),
)


def near(*good: str) -> st.SearchStrategy[str]:
    """Mostly plausible values (so the fuzzer reaches the deeper checks), sometimes hostile."""
    return st.one_of(st.sampled_from(good), hostile_text)


ACTOR = near("TUR", "ISR", "USA", "CHN", "NATO", "EU", "HAMAS", "RUS", "FIN", "Turkey", "TUR,USA", "USA,CHN")
DATE = near(
    "2024", "2024-05", "2024-05-01", "2023-10", "1952-02-18", "9999-12-31", "0001-01-01", "2023-02-30"
)

json_values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), st.text(CHARACTER, max_size=12),
        st.sampled_from(["TUR", "ISR", "meet", "halt-trade", "2024-05", "NATO"]),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(CHARACTER, max_size=8), inner, max_size=4)),
    max_leaves=12,
)  # fmt: skip
