"""`dtl corroborate ID --source ...`: a further source for an action is a new event, never an
edit; the same source twice adds nothing; a retracted action takes none; bad input writes
nothing. Every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import sqlite3

import pytest

from dtl.application.facade import Dtl
from dtl.application.persistence import new_cipher_key
from dtl.domain.errors import Conflict, InvalidInput, NotFound
from tests.analysis.support import cli, cli_json, event_count, exported_log, refused, source_names
from tests.reliability.test_encryption import raw_dump
from tests.support import FakeClock

HALT = ["record", "halt-trade", "--by", "TUR", "--target", "ISR", "--on", "2024-05",
        "--source", "Wire report", "--grade", "C3", "--attribution", "anonymous-sources"]  # fmt: skip
REUTERS = ["--source", "Reuters", "--grade", "B2", "--url", "https://www.reuters.com/world/turkey-halts-trade",
           "--quote", "Turkey has halted all trade with Israel"]  # fmt: skip


def record_halt(capsys, store: str) -> str:
    return cli_json(capsys, store, *HALT)["recorded"][0]


def test_corroborating_an_action_appends_one_event_and_show_lists_both_sources(capsys, store_url, tmp_path):
    halt = record_halt(capsys, store_url)
    before = exported_log(capsys, store_url, tmp_path)

    result = cli_json(capsys, store_url, "corroborate", halt[:8], *REUTERS)

    after = exported_log(capsys, store_url, tmp_path)
    assert after[: len(before)] == before, "nothing stored before is rewritten"
    added = after[len(before) :]
    assert [e["topic"] for e in added] == ["domain.events:ActionCorroborated"]
    assert added[0]["originator_id"] == halt and added[0]["state"]["source"]["name"] == "Reuters"
    assert result["corroborated"] == halt and result["new"] is True
    assert source_names(result["sources"]) == ["Wire report", "Reuters"]
    shown = cli_json(capsys, store_url, "show", halt)
    assert source_names(shown["sources"]) == ["Wire report", "Reuters"]
    assert [s.get("grade") for s in shown["sources"]] == ["C3", "B2"]
    assert "added_at" not in shown["sources"][0] and "added_at" in shown["sources"][1]
    # The action itself is unchanged: still revision 1, no new revision for a new source.
    assert [r["revision"] for r in shown["revisions"]] == [1]


def test_the_text_output_says_a_source_was_added_and_how_many_there_are(capsys, store_url):
    halt = record_halt(capsys, store_url)
    run = cli(capsys, store_url, "corroborate", halt[:8], *REUTERS)
    assert run.code == 0 and run.err == ""
    assert f"added a source to {halt}; 2 sources now" in run.out
    run = cli(capsys, store_url, "corroborate", halt[:8], *REUTERS)
    assert run.code == 0 and f"already had that source: {halt}; 2 sources now" in run.out


def test_a_question_asked_as_known_before_the_corroboration_sees_only_the_first_source(store_url):
    clock = FakeClock()
    with Dtl(store_url, clock=clock) as dtl:
        clock.set("2024-08-01T12:00:00")
        halt = dtl.record({"type": "halt-trade", "by": "TUR", "target": "ISR", "on": "2024-05",
                           "sources": [{"name": "Wire report", "grade": "C3"}]})["recorded"][0]  # fmt: skip
        clock.set("2024-09-01T12:00:00")
        dtl.corroborate(halt, {"name": "Reuters", "grade": "B2"})

        def sources_of_the_halt(as_known_at=None):
            state = dtl.state("TUR", "ISR", "2024-06-01", as_known_at=as_known_at)
            (measure,) = state["measures"]
            (entry,) = dtl.timeline(pair=("TUR", "ISR"), as_known_at=as_known_at)
            history = dtl.history("TUR", "ISR", as_known_at=as_known_at)
            (interval,) = history["intervals"]
            assert measure["sources"] == entry["sources"] == interval["sources"]
            return source_names(measure["sources"])

        assert sources_of_the_halt() == ["Wire report", "Reuters"]
        assert sources_of_the_halt("2024-08-15") == ["Wire report"]
        assert sources_of_the_halt("2024-09-01T11:59:59Z") == ["Wire report"]
        assert sources_of_the_halt("2024-09-01") == ["Wire report", "Reuters"]  # a day: by its end


def test_giving_the_same_source_twice_adds_no_event_and_says_it_was_not_new(capsys, store_url, tmp_path):
    halt = record_halt(capsys, store_url)
    assert cli_json(capsys, store_url, "corroborate", halt, *REUTERS)["new"] is True
    count = event_count(capsys, store_url, tmp_path)

    again = cli_json(capsys, store_url, "corroborate", halt, *REUTERS)

    assert again["new"] is False
    assert source_names(again["sources"]) == ["Wire report", "Reuters"]
    assert event_count(capsys, store_url, tmp_path) == count


def test_the_source_given_when_recording_is_already_known_and_a_grade_in_lower_case_is_the_same_grade(
    capsys, store_url, tmp_path
):
    halt = record_halt(capsys, store_url)
    count = event_count(capsys, store_url, tmp_path)
    same = ["--source", "Wire report", "--grade", "c3", "--attribution", "anonymous-sources"]
    assert cli_json(capsys, store_url, "corroborate", halt, *same)["new"] is False
    assert event_count(capsys, store_url, tmp_path) == count
    # Same name, another grade: another source (two outlets may share a name; grades are kept apart).
    regraded = cli_json(capsys, store_url, "corroborate", halt, "--source", "Wire report", "--grade", "B2")
    assert regraded["new"] is True and [s.get("grade") for s in regraded["sources"]] == ["C3", "B2"]
    assert event_count(capsys, store_url, tmp_path) == count + 1


def test_corroborating_a_retracted_action_is_a_conflict_and_writes_nothing(capsys, store_url, tmp_path):
    halt = record_halt(capsys, store_url)
    cli_json(capsys, store_url, "retract", halt, "--reason", "the report was withdrawn")
    count = event_count(capsys, store_url, tmp_path)

    message = refused(capsys, store_url, "corroborate", halt, *REUTERS, code=1)

    assert message.startswith("conflict: ") and halt in message and "retracted" in message
    assert event_count(capsys, store_url, tmp_path) == count


def test_corroborating_an_id_that_names_no_action_is_bad_input_on_the_id(capsys, store_url, tmp_path):
    record_halt(capsys, store_url)
    count = event_count(capsys, store_url, tmp_path)
    unknown = "0000beef"
    message = refused(capsys, store_url, "corroborate", unknown, *REUTERS)
    assert message.startswith("id: ") and unknown in message
    assert refused(capsys, store_url, "corroborate", "not-an-id", *REUTERS).startswith("id: ")
    assert event_count(capsys, store_url, tmp_path) == count


def test_the_facade_raises_not_found_for_an_unknown_id_and_conflict_for_a_retracted_one(store_url):
    with Dtl(store_url, clock=FakeClock()) as dtl:
        halt = dtl.record({"type": "halt-trade", "by": "TUR", "target": "ISR", "on": "2024-05"})["recorded"][
            0
        ]
        with pytest.raises(NotFound) as missing:
            dtl.corroborate("0000beef", {"name": "Reuters"})
        assert missing.value.field == "id"
        dtl.retract(halt, "withdrawn")
        with pytest.raises(Conflict):
            dtl.corroborate(halt, {"name": "Reuters"})
        with pytest.raises(InvalidInput) as nameless:
            dtl.corroborate(halt, None)
        assert nameless.value.field == "source.name"


@pytest.mark.parametrize(
    ("option", "value", "field"),
    [
        ("--grade", "G7", "source.grade"),
        ("--grade", "2B", "source.grade"),
        ("--url", "ftp://example.org/report", "source.url"),
        ("--url", "https://example.org/a report", "source.url"),
    ],
)
def test_a_bad_grade_or_url_is_refused_naming_its_field_and_the_store_is_unchanged(
    capsys, store_url, tmp_path, option, value, field
):
    halt = record_halt(capsys, store_url)
    count = event_count(capsys, store_url, tmp_path)

    message = refused(capsys, store_url, "corroborate", halt, "--source", "Reuters", option, value)

    assert message.startswith(f"{field}: "), message
    assert event_count(capsys, store_url, tmp_path) == count
    assert source_names(cli_json(capsys, store_url, "show", halt)["sources"]) == ["Wire report"]


def test_a_bad_publication_date_or_attribution_is_refused_naming_its_field(capsys, tmp_path):
    store = str(tmp_path / "dtl.sqlite3")
    halt = record_halt(capsys, store)
    count = event_count(capsys, store, tmp_path)
    for option, value, field in (("--published", "2024-02-30", "source.published"),
                                 ("--attribution", "rumour", "source.attribution"),
                                 ("--quote", "bell\x07", "source.quote")):  # fmt: skip
        message = refused(capsys, store, "corroborate", halt, "--source", "Reuters", option, value)
        assert message.startswith(f"{field}: "), message
    assert event_count(capsys, store, tmp_path) == count


def test_a_corroboration_names_its_source(capsys, store_url, tmp_path):
    halt = record_halt(capsys, store_url)
    count = event_count(capsys, store_url, tmp_path)
    run = cli(capsys, store_url, "corroborate", halt, "--grade", "B2")
    assert run.code == 2 and "--source" in run.err and len(run.err.splitlines()) == 1
    message = refused(capsys, store_url, "corroborate", halt, "--source", "")
    assert message.startswith("source.name: ")
    assert event_count(capsys, store_url, tmp_path) == count


def test_verify_still_finds_the_views_equal_to_the_log_after_corroborations(capsys, store_url):
    halt = record_halt(capsys, store_url)
    cli_json(capsys, store_url, "corroborate", halt, *REUTERS)
    cli_json(capsys, store_url, "corroborate", halt, "--source", "AP", "--grade", "A2")
    cli_json(capsys, store_url, "corroborate", halt, *REUTERS)  # a no-op
    report = cli_json(capsys, store_url, "verify")
    assert report["ok"] is True and report["differences"] == {}, report
    assert "dtl_sources" in report["tables_compared"]  # the sources were rebuilt and compared


def test_on_an_encrypted_store_a_corroborating_source_is_unreadable_in_the_raw_tables(
    capsys, store_url, monkeypatch
):
    monkeypatch.setenv("DTL_CIPHER_KEY", new_cipher_key())
    secret = "Insider Quentin Marlowe"
    secret_url = "https://leaks.example.org/marlowe-memo"
    secret_quote = "the embargo was ordered by the palace"
    halt = record_halt(capsys, store_url)
    result = cli_json(capsys, store_url, "corroborate", halt, "--source", secret, "--grade", "B2",
                      "--url", secret_url, "--quote", secret_quote)  # fmt: skip
    assert result["new"] is True and source_names(result["sources"])[-1] == secret
    # Answers reveal it to whoever holds the key, including the text search...
    (found,) = cli_json(capsys, store_url, "timeline", "--text", "quentin marlowe")
    assert found["id"] == halt
    assert cli_json(capsys, store_url, "verify")["ok"] is True
    # ...but nobody reading the tables without the key sees the name, URL or quote.
    if not store_url.startswith("postgresql://"):
        sqlite3.connect(store_url).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    dump = raw_dump(store_url)
    assert b"TUR" in dump  # the tables were read: codes are in the clear
    for text in (secret, secret_url, secret_quote, "Marlowe", "marlowe"):
        assert text.encode() not in dump, text


def test_an_action_keeps_at_most_a_hundred_sources_and_a_known_one_is_still_a_no_op(sqlite_dtl):
    from dtl.domain.decisions import MAX_SOURCES

    halt = sqlite_dtl.record({"type": "halt-trade", "by": "TUR", "target": "ISR", "on": "2024-05",
                              "sources": [{"name": "Outlet 0"}]})["recorded"][0]  # fmt: skip
    for n in range(1, MAX_SOURCES):
        assert sqlite_dtl.corroborate(halt, {"name": f"Outlet {n}"})["new"] is True
    with pytest.raises(InvalidInput) as error:
        sqlite_dtl.corroborate(halt, {"name": "One too many"})
    assert error.value.field == "source"
    assert sqlite_dtl.corroborate(halt, {"name": "Outlet 7"})["new"] is False
    assert len(sqlite_dtl.show(halt)["sources"]) == MAX_SOURCES


def test_corroborations_survive_a_backup_restored_into_another_store(capsys, store_url, tmp_path):
    origin = str(tmp_path / "origin.sqlite3")
    halt = record_halt(capsys, origin)
    cli_json(capsys, origin, "corroborate", halt, *REUTERS)
    backup = tmp_path / "backup.jsonl"
    cli_json(capsys, origin, "log", "export", str(backup))

    cli_json(capsys, store_url, "log", "import", str(backup))

    assert (
        cli_json(capsys, store_url, "show", halt)["sources"]
        == cli_json(capsys, origin, "show", halt)["sources"]
    )
    graded = ["state", "TUR", "ISR", "--at", "2024-06-01", "--min-grade", "B2"]
    restored, original = cli_json(capsys, store_url, *graded), cli_json(capsys, origin, *graded)
    assert restored["measures"] == original["measures"] != []
    assert cli_json(capsys, store_url, "verify")["ok"] is True
