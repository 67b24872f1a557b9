"""Fuzzing the command line: whatever text `record` (or any command) is given, no traceback
reaches the user. The CLI exits 0, 1 or 2 with at most one 'dtl: ' line on stderr, and
when it does not exit 0 the event log is byte-for-byte unchanged."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dtl.domain.catalogue import CATALOGUE
from tests.reliability.hostile.strategies import ACTOR, DATE, hostile_text, near
from tests.reliability.hostile.support import SeededStore, assert_at_most_one_error_line, invoke

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

RECORD_OPTIONS = {
    "--forum": near("NATO", "EU", "USA", "HAMAS"),
    "--scope": near("all bilateral trade"),
    "--condition": near("until the Gaza conflict ends"),
    "--kind": near("military", "sanctions", "nuclear"),
    "--charge": near("genocide", "slander"),
    "--level": near("ambassador", "charge-d-affaires", "consul"),
    "--effective": DATE,
    "--instead-of": ACTOR,
    "--obligations": near("defence,consultation", "bombing"),
    "--note": hostile_text,
    "--cameo": near("042", "163", "999"),
    "--key": near("second-report"),
    "--source": near("Wire report", ""),
    "--url": near("https://example.org/report", "javascript:alert(1)"),
    "--published": DATE,
    "--attribution": near("press-report", "anonymous-sources", "gossip"),
    "--grade": near("B2", "F6", "G7"),
    "--quote": hostile_text,
}


@st.composite
def record_argv(draw) -> list[str]:
    argv = [
        "record",
        draw(near(*CATALOGUE)),
        "--by",
        draw(ACTOR),
        "--target",
        draw(ACTOR),
        "--on",
        draw(DATE),
    ]
    for option in draw(st.lists(st.sampled_from(sorted(RECORD_OPTIONS)), unique=True, max_size=4)):
        argv += [option, draw(RECORD_OPTIONS[option])]
    return argv


COMMANDS = [
    "record",
    "correct",
    "retract",
    "import",
    "state",
    "roster",
    "timeline",
    "history",
    "show",
    "actors",
]
OPTION_NAMES = sorted({*RECORD_OPTIONS, "--by", "--target", "--on", "--at", "--as-known-at", "--reason", "--actor",
                       "--pair", "--from", "--to", "--type", "--limit", "--json", "--kind"})  # fmt: skip
WORD = st.one_of(
    st.sampled_from(OPTION_NAMES), ACTOR, DATE, hostile_text, st.sampled_from(["00000000", "ed82", "-", "--"])
)


def refused_or_recorded(store: SeededStore, argv: list[str]) -> None:
    before = store.checksum()
    code, out, err = invoke(store.url, argv)
    assert_at_most_one_error_line(code, out, err)
    if code != 0:
        assert store.checksum() == before, f"exit {code} changed the event log: {err!r}"


@FUZZ
@given(argv=record_argv())
def test_whatever_text_each_record_option_holds_no_traceback_reaches_the_user(
    sqlite_store, scratch_dir, argv
):
    refused_or_recorded(sqlite_store, argv)


@FUZZ
@given(command=near(*COMMANDS), words=st.lists(WORD, max_size=10))
def test_whatever_argv_a_command_is_given_no_traceback_reaches_the_user(
    sqlite_store, scratch_dir, command, words
):
    refused_or_recorded(sqlite_store, [command, *words])
