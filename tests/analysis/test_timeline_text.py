"""`dtl timeline --text WORDS`: actions whose note, or a source's name or quote (the first
sources and those added later), contains every word, in any case. Expected matches are worked
out here from the recorded inputs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from dtl.application.facade import Dtl
from dtl.domain.errors import InvalidInput
from tests.analysis.support import Recorded, cli, cli_json, record_seed_story, refused
from tests.support import FakeClock


@dataclass
class Seeded:
    dtl: Dtl
    store: str
    actions: list[Recorded]
    clock: FakeClock


@pytest.fixture
def seeded(tmp_path) -> Iterator[Seeded]:
    store = str(tmp_path / "dtl.sqlite3")
    clock = FakeClock()
    with Dtl(store, clock=clock) as dtl:
        yield Seeded(dtl, store, record_seed_story(dtl), clock)


def searchable(raw: dict, extra_sources: list[dict] = ()) -> str:
    """What the search reads, by its definition: the note, each source's name and quote."""
    parts = [raw.get("note") or ""]
    for s in [*raw.get("sources", []), *extra_sources]:
        parts += [s["name"], s.get("quote") or ""]
    return " ".join(parts).casefold()


def expected(actions: list[Recorded], text: str, extra: dict[str, list[dict]] | None = None) -> list[str]:
    words = text.casefold().split()
    return sorted(
        a.id for a in actions if all(w in searchable(a.raw, (extra or {}).get(a.id, [])) for w in words)
    )


def found(dtl: Dtl, text: str, **kwargs) -> list[str]:
    return sorted(a["id"] for a in dtl.timeline(text=text, **kwargs))


QUERIES = [
    "vetoed october",  # a quote
    "VETOED October",  # any case
    "October vetoed",  # any order
    "ankara",  # a source's name
    "mediterranean dialogue",  # a source's name (the scope says it too, and is not searched)
    "genocide",  # a note
    "gaza",  # in a note; the veto's condition names Gaza too, and conditions are not searched
    "libya nagorno-karabakh",  # two words of one note
    "partnership israeli",  # a quote
    "vetoed genocide",  # every word must appear in one action: none does
    "vetoed november",
]


@pytest.mark.parametrize("text", QUERIES)
def test_the_search_finds_exactly_the_actions_whose_note_or_sources_hold_every_word(seeded, text):
    assert found(seeded.dtl, text) == expected(seeded.actions, text)


def test_the_searches_above_are_not_vacuous(seeded):
    hits = {text: expected(seeded.actions, text) for text in QUERIES}
    assert hits["vetoed october"] and hits["ankara"] and hits["genocide"] and hits["gaza"]
    assert hits["vetoed genocide"] == [] == hits["vetoed november"]
    veto = next(a for a in seeded.actions if a.raw["type"] == "veto-engagement")
    assert hits["vetoed october"] == [veto.id] and veto.id not in hits["gaza"]
    assert "gaza" in veto.raw["condition"].casefold()


def test_a_corroborating_sources_name_and_quote_are_searched_as_known_at_the_time(seeded):
    halt = next(a for a in seeded.actions if a.raw["type"] == "halt-trade")
    assert found(seeded.dtl, "reuters embargo") == []
    seeded.clock.set("2024-09-01T12:00:00")
    reuters = {"name": "Reuters", "grade": "B2", "quote": "a full embargo on exports to Israel"}
    seeded.dtl.corroborate(halt.id, reuters)

    extra = {halt.id: [reuters]}
    for text in ("reuters", "REUTERS embargo", "embargo halted"):
        assert found(seeded.dtl, text) == expected(seeded.actions, text, extra) != []
    assert found(seeded.dtl, "embargo halted") == [halt.id]  # one word from each source
    assert found(seeded.dtl, "reuters", as_known_at="2024-08-31") == []


def test_the_search_combines_with_pair_type_and_min_grade(seeded):
    report = seeded.dtl.timeline_report(pair=("TUR", "ISR"), text="ankara", min_grade="B2")
    in_pair = [a for a in seeded.actions if {*a.raw["by"].split(","), a.raw["target"]} == {"TUR", "ISR"}]
    matching = [a for a in in_pair if "ankara" in searchable(a.raw)]
    well_sourced = [
        a for a in matching if any(s.get("grade") in ("A1", "A2", "B1", "B2") for s in a.raw["sources"])
    ]
    assert sorted(a["id"] for a in report["actions"]) == sorted(a.id for a in well_sourced)
    assert report["left_out"] == len(matching) - len(well_sourced) > 0
    assert report["text"] == "ankara"
    assert found(seeded.dtl, "ankara", types=["statement"]) == sorted(
        a.id for a in seeded.actions if a.raw["type"] == "statement" and "ankara" in searchable(a.raw)
    )


def test_the_cli_searches_the_same_way(seeded, capsys):
    rows = cli_json(capsys, seeded.store, "timeline", "--text", "Vetoed  October")
    assert sorted(r["id"] for r in rows) == expected(seeded.actions, "vetoed october")
    run = cli(capsys, seeded.store, "timeline", "--text", "genocide")
    (accused,) = [a for a in seeded.actions if "genocide" in searchable(a.raw)]
    assert run.code == 0 and accused.id[:8] in run.out
    run = cli(capsys, seeded.store, "timeline", "--text", "vetoed november")
    assert run.code == 0 and "No actions match." in run.out


@pytest.mark.parametrize("text", ["", "   ", "x" * 201, "vetoed\x1b[31m"])
def test_a_search_without_words_or_with_unfit_text_is_bad_input_naming_text(seeded, capsys, text):
    message = refused(capsys, seeded.store, "timeline", "--text", text)
    assert message.startswith("text: ")
    with pytest.raises(InvalidInput) as error:
        seeded.dtl.timeline(text=text)
    assert error.value.field == "text"
