"""dtl log export / import: a backup restored into a fresh store (on either backend) holds the
same bytes and gives the same answers; a bad backup or a clashing store is refused whole."""

from __future__ import annotations

import hashlib
import itertools
import json
import sys
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from eventsourcing.persistence import StoredEvent

from dtl.application.facade import Dtl
from dtl.application.seed_story import background, report
from dtl.cli.main import main
from dtl.domain.observations import Observation, ObservationRecorded, observation_id
from tests.support import FakeClock, drop_schema, schema_url

# -- helpers ---------------------------------------------------------------------------------


def dtl_cli(capsys, store: str, *args: str) -> tuple[int, str, str]:
    code = main(["--store", store, *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def as_json(capsys, store: str, *args: str) -> Any:
    code, out, err = dtl_cli(capsys, store, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def stored(store: str) -> list[tuple[str, int, str, bytes]]:
    """Every stored event in log order, as the recorder holds it (positions left out)."""
    rows = []
    with Dtl(store) as dtl:
        last = None
        while notes := dtl.store.writer.recorder.select_notifications(
            start=last, limit=500, inclusive_of_start=last is None
        ):
            rows += [(str(n.originator_id), n.originator_version, n.topic, bytes(n.state)) for n in notes]
            last = notes[-1].id
    return rows


def read_backup(path: Path) -> tuple[dict, list[dict], dict]:
    lines = [json.loads(line) for line in path.read_bytes().splitlines()]
    return lines[0], lines[1:-1], lines[-1]


def rewrite(path: Path, edit: Callable[[list[dict]], list[dict]]) -> None:
    """Edit the event lines and write a self-consistent backup (counts and checksum fixed up),
    so that what refuses it is the check under test, not the checksum."""
    header, events, _ = read_backup(path)
    events = edit(events)
    body = b"".join(orjson.dumps(e) + b"\n" for e in events)
    trailer = {"end": True, "events": len(events), "sha256": hashlib.sha256(body).hexdigest()}
    header["events"] = len(events)
    path.write_bytes(orjson.dumps(header) + b"\n" + body + orjson.dumps(trailer) + b"\n")


def build_story(store: str) -> list[str]:
    """The seed story, then corrections, retractions and later actions, each at its own
    recording time, and one machine-coded observation. Returns every action id."""
    clock = FakeClock()
    ids: dict[str, str] = {}
    with Dtl(store, clock=clock) as dtl:

        def record(name: str, action: dict) -> None:
            result = dtl.record(action)
            ids[name] = (result["recorded"] or result["already_recorded"])[0]

        clock.set("2024-08-01T09:00:00")
        for n, action in enumerate(background()):
            record(f"background-{n}", action)
        clock.set("2024-08-01T12:00:00")
        for action in report():
            record(f"{action['type']}-{action['by']}", action)
        clock.set("2024-08-10T10:00:00")
        dtl.correct(ids["veto-engagement-TUR"], {"on": "2023-10-07"}, "the ministry gave the day",
                    {"name": "Ministry statement", "published": "2024-08-09", "attribution": "official-statement"})  # fmt: skip
        clock.set("2024-08-12T10:00:00")
        dtl.retract(ids["threaten-TUR"], "the report was withdrawn")
        clock.set("2024-08-15T10:00:00")
        record(
            "sever", {"type": "sever-relations", "by": "SAU,ARE,BHR,EGY", "target": "QAT", "on": "2017-06-05"}
        )
        clock.set("2024-08-16T10:00:00")
        record("restore", {"type": "restore-relations", "by": "SAU", "target": "QAT", "on": "2021-01-05"})
        clock.set("2024-08-20T10:00:00")
        dtl.correct(
            ids["halt-trade-TUR"], {"on": "2024-05-02", "note": "the ministry's own date"}, "a second report"
        )
        clock.set("2024-08-25T10:00:00")
        dtl.retract(ids["call-for-expulsion-ISR"], "the minister denied it")
        clock.set("2024-09-02T10:00:00")
        record("lift", {"type": "lift-veto", "by": "TUR", "target": "ISR", "forum": "NATO", "on": "2024-09"})
        seen = Observation(system="gdelt", source_id="1187654321", on=date(2024, 7, 30), actor1="TUR",
                           actor2="ISR", cameo="111", goldstein=-2.0, quad_class=3)  # fmt: skip
        dtl.store.writer.save(ObservationRecorded(originator_id=observation_id(seen.key), originator_version=1,
                                         timestamp=clock(), observation=seen))  # fmt: skip
    return list(ids.values())


PAIRS = [("NATO", "ISR"), ("TUR", "ISR"), ("NATO", "TUR"), ("SAU", "QAT")]
DAYS = ["2017-07-01", "2023-10-15", "2024-06-01", "2024-09-15"]
KNOWN = [None, "2024-07-31", "2024-08-01T10:00:00+00:00", "2024-08-11", "2024-08-21"]


def known_args(known: str | None) -> list[str]:
    return ["--as-known-at", known] if known else []


def questions(ids: list[str]) -> Iterator[list[str]]:
    for (x, y), day, known in itertools.product(PAIRS, DAYS, KNOWN):
        yield ["state", x, y, "--at", day, *known_args(known)]
    for day, known in itertools.product(DAYS, KNOWN):
        yield ["roster", "NATO", "--at", day, *known_args(known)]
    for (x, y), known in itertools.product(PAIRS, KNOWN):
        yield ["history", x, y, *known_args(known)]
    for filters, known in itertools.product([[], ["--pair", "TUR", "ISR"], ["--actor", "QAT"]], KNOWN):
        yield ["timeline", *filters, *known_args(known)]
    for action_id in ids[:2] + ids[-12:]:  # two background actions, then the report's and later ones
        yield ["show", action_id]


def answers(capsys, store: str, ids: list[str]) -> dict[str, Any]:
    """Every question's JSON answer; only `position` (a notification id) may differ by store."""
    result = {}
    for args in questions(ids):
        answer = as_json(capsys, store, *args)
        if isinstance(answer, dict):
            answer.pop("position", None)
        result[" ".join(args)] = answer
    return result


@pytest.fixture
def new_store(request, tmp_path) -> Iterator[Callable[[str], str]]:
    """Fresh stores on demand: "sqlite" or "postgres" (a schema of its own, dropped after)."""
    schemas: list[str] = []
    counter = itertools.count()

    def make(kind: str) -> str:
        if kind == "sqlite":
            return str(tmp_path / f"store-{next(counter)}.sqlite3")
        request.getfixturevalue("postgres_ready")
        schemas.append("t_" + uuid.uuid4().hex[:12])
        return schema_url(schemas[-1])

    yield make
    for schema in schemas:
        drop_schema(schema)


@pytest.fixture(scope="module")
def story(tmp_path_factory) -> tuple[str, Path, list[str]]:
    """A SQLite store holding the story, and its backup (made once; tests copy the file)."""
    folder = tmp_path_factory.mktemp("story")
    store = str(folder / "story.sqlite3")
    ids = build_story(store)
    backup = folder / "story.jsonl"
    assert main(["--store", store, "log", "export", str(backup)]) == 0
    return store, backup, ids


@pytest.fixture
def backup(story, tmp_path) -> Path:
    copy = tmp_path / "backup.jsonl"
    copy.write_bytes(story[1].read_bytes())
    return copy


# -- round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source_kind", "target_kind"),
    [
        ("sqlite", "sqlite"),
        pytest.param("sqlite", "postgres", marks=pytest.mark.postgres),
        pytest.param("postgres", "sqlite", marks=pytest.mark.postgres),
    ],
)
def test_a_round_trip_into_a_fresh_store_keeps_every_byte_and_every_answer(
    capsys, new_store, tmp_path, source_kind, target_kind
):
    source, target = new_store(source_kind), new_store(target_kind)
    ids = build_story(source)
    path = tmp_path / "backup.jsonl"
    exported = as_json(capsys, source, "log", "export", str(path))
    imported = as_json(capsys, target, "log", "import", str(path))
    assert exported["exported"] == imported["imported"] == len(stored(source)) > 100
    assert imported["skipped"] == 0
    assert stored(target) == stored(source)
    before, after = answers(capsys, source, ids), answers(capsys, target, ids)
    assert after == before
    veto = "state NATO ISR --at 2023-10-15"
    assert (
        before[veto]
        != before[veto + " --as-known-at 2024-08-11"]
        != before[veto + " --as-known-at 2024-07-31"]
    )


def test_the_exported_lines_carry_the_original_ids_versions_and_recording_times(story):
    store, path, _ = story
    header, events, trailer = read_backup(path)
    assert {k: v for k, v in header.items() if k != "exported_at"} == {
        "format": "dtl-log", "version": 1, "application": "dtl", "encrypted": False, "events": len(events),
    }  # fmt: skip
    with Dtl(store) as dtl:
        notes = dtl.store.writer.recorder.select_notifications(start=None, limit=10_000)
    assert [(e["position"], e["originator_id"], e["originator_version"], e["topic"]) for e in events] == [
        (n.id, str(n.originator_id), n.originator_version, n.topic) for n in notes
    ]
    assert [orjson.dumps(e["state"]) for e in events] == [bytes(n.state) for n in notes]
    days = {e["state"]["timestamp"][:10] for e in events}
    assert days == {"2024-08-01", "2024-08-10", "2024-08-12", "2024-08-15", "2024-08-16", "2024-08-20",
                    "2024-08-25", "2024-09-02"}  # fmt: skip
    assert "domain.observations:ObservationRecorded" in {e["topic"] for e in events}
    body = b"".join(line + b"\n" for line in path.read_bytes().splitlines()[1:-1])
    assert trailer == {"end": True, "events": len(events), "sha256": hashlib.sha256(body).hexdigest()}


def test_exporting_twice_gives_identical_files_except_the_export_time(capsys, story, tmp_path):
    store = story[0]
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    as_json(capsys, store, "log", "export", str(first))
    as_json(capsys, store, "log", "export", str(second))
    a, b = first.read_bytes().splitlines(), second.read_bytes().splitlines()
    assert a[1:] == b[1:]
    assert {**json.loads(a[0]), "exported_at": None} == {**json.loads(b[0]), "exported_at": None}


def test_an_export_leaves_only_the_finished_backup_and_replaces_an_older_one(capsys, story, tmp_path):
    path = tmp_path / "backup.jsonl"
    path.write_text("an older backup\n")
    code, out, err = dtl_cli(capsys, story[0], "log", "export", str(path))
    assert (code, err) == (0, "") and "exported" in out
    assert [p.name for p in tmp_path.iterdir()] == ["backup.jsonl"]
    assert path.read_bytes().splitlines()[1:] == story[1].read_bytes().splitlines()[1:]


def test_exporting_into_a_missing_directory_exits_2_and_writes_nothing(capsys, story, tmp_path):
    code, _, err = dtl_cli(capsys, story[0], "log", "export", str(tmp_path / "nowhere" / "backup.jsonl"))
    assert code == 2 and err.startswith("dtl: ") and err.count("\n") == 1 and "does not exist" in err
    assert list(tmp_path.iterdir()) == []


def test_an_empty_store_round_trips_as_an_empty_backup(capsys, tmp_path, store_url):
    path = tmp_path / "empty.jsonl"
    Dtl(str(tmp_path / "empty.sqlite3")).open().close()  # created, holding nothing
    assert as_json(capsys, str(tmp_path / "empty.sqlite3"), "log", "export", str(path))["exported"] == 0
    header, events, trailer = read_backup(path)
    assert (header["events"], events, trailer["events"]) == (0, [], 0)
    assert as_json(capsys, store_url, "log", "import", str(path))["imported"] == 0
    assert stored(store_url) == []


def test_an_encrypted_store_is_exported_as_stored_and_restored_byte_for_byte(
    capsys, monkeypatch, tmp_path, store_url
):
    """Encrypted events travel untouched: the backup never holds the plain text."""
    from dtl.application.persistence import new_cipher_key

    monkeypatch.setenv("DTL_CIPHER_KEY", new_cipher_key())
    source = str(tmp_path / "encrypted.sqlite3")
    as_json(capsys, source, "record", "admit", "--by", "NATO", "--target", "TUR", "--on", "1952-02-18")
    as_json(
        capsys,
        source,
        "record",
        "veto-engagement",
        "--by",
        "TUR",
        "--target",
        "ISR",
        "--forum",
        "NATO",
        "--on",
        "2023-10",
    )
    path = tmp_path / "backup.jsonl"
    as_json(capsys, source, "log", "export", str(path))
    _, events, _ = read_backup(path)
    assert events and all("state_b64" in e and "state" not in e for e in events)
    as_json(capsys, store_url, "log", "import", str(path))
    assert stored(store_url) == stored(source)
    assert as_json(capsys, store_url, "timeline") == as_json(capsys, source, "timeline")

    assert b"Turk" not in path.read_bytes() and b"veto-engagement" not in path.read_bytes()

    monkeypatch.delenv("DTL_CIPHER_KEY")
    plain = str(tmp_path / "plain.sqlite3")
    code, _, err = dtl_cli(capsys, plain, "log", "import", str(path))
    assert code == 2 and "encrypted: import it into a store with the same key" in err and err.count("\n") == 1
    assert stored(plain) == []


# -- refusals: nothing is written ------------------------------------------------------------


def _refused(capsys, store: str, path: Path, code: int) -> str:
    before = stored(store)
    result, out, err = dtl_cli(capsys, store, "log", "import", str(path))
    assert result == code, err
    assert out == "" and err.startswith("dtl: ") and err.count("\n") == 1
    assert stored(store) == before
    return err


@pytest.mark.parametrize(
    ("cut", "message"),
    [
        (lambda data: data[: data.rindex(b'{"end"')], "events without its trailer"),
        (lambda data: data[: len(data) // 2], "the last line is cut short"),
        (lambda data: data[: data.index(b"\n") + 1], "ends after 0 events without its trailer"),
    ],
    ids=["without-its-trailer", "mid-line", "header-only"],
)
def test_a_truncated_backup_is_refused_and_nothing_is_written(capsys, backup, store_url, cut, message):
    backup.write_bytes(cut(backup.read_bytes()))
    err = _refused(capsys, store_url, backup, 2)
    assert message in err and "truncated" in err


def test_an_edited_line_fails_the_checksum_and_nothing_is_written(capsys, backup, store_url):
    data = backup.read_bytes()
    assert data.count(b"the report was withdrawn") == 1  # the retraction's reason
    backup.write_bytes(data.replace(b"the report was withdrawn", b"it never happened!!!!!!", 1))
    assert "sha256: the events do not match the checksum" in _refused(capsys, store_url, backup, 2)


@pytest.mark.parametrize("topic", ["os:system", "this:s", "domain.events:DomainEvent", "domain.events"])
def test_a_topic_that_is_not_a_dtl_event_is_refused_without_being_imported(capsys, backup, store_url, topic):
    def poison(events):
        events[1]["topic"] = topic
        return events

    rewrite(backup, poison)
    assert "line 3: topic:" in _refused(capsys, store_url, backup, 2)
    assert "this" not in sys.modules  # resolving "this:s" would have imported (and printed) it


def _drop_state_field(events):
    del events[0]["state"]["timestamp"]
    return events


def _other_originator(events):
    events[0]["state"]["originator_version"] = 2
    return events


def _swap(events):
    events[3], events[4] = events[4], events[3]
    return events


def _gap(events):
    version_2 = next(i for i, e in enumerate(events) if e["originator_version"] == 2)
    return events[:version_2] + events[version_2 + 1 :]


def _both_states(events):
    events[0]["state_b64"] = "e30="
    return events


def _unknown_field(events):
    events[0]["shell"] = "rm -rf /"
    return events


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (_drop_state_field, "line 2: state: not a valid ActionRecorded: timestamp"),
        (_other_originator, "line 2: state: names another originator or version"),
        (_swap, "line 6: position:"),
        (_gap, "originator_version:"),
        (_both_states, "line 2: eventline: give exactly one of state and state_b64"),
        (_unknown_field, "line 2: shell:"),
    ],
    ids=[
        "invalid-state",
        "state-of-another-version",
        "out-of-order",
        "version-gap",
        "two-states",
        "extra-field",
    ],
)
def test_a_consistent_but_invalid_backup_is_refused_naming_the_line(capsys, backup, store_url, edit, field):
    rewrite(backup, edit)
    assert field in _refused(capsys, store_url, backup, 2)


def test_a_file_that_is_not_a_backup_is_refused(capsys, tmp_path, store_url):
    path = tmp_path / "actions.jsonl"
    path.write_text('{"type": "admit", "by": "NATO", "target": "TUR", "on": "1952-02-18"}\n')
    assert "line 1: format: not a dtl log backup" in _refused(capsys, store_url, path, 2)


def test_a_store_holding_other_events_is_a_conflict_naming_the_first_differing_position(
    capsys, backup, store_url
):
    as_json(capsys, store_url, "record", "admit", "--by", "NATO", "--target", "TUR", "--on", "1952-02-18")
    err = _refused(capsys, store_url, backup, 1)
    assert "conflict: the store is not empty and differs from the backup at its position 1" in err


def test_a_store_holding_more_than_the_backup_is_a_conflict(capsys, backup, story, store_url):
    as_json(capsys, store_url, "log", "import", str(backup))
    with Dtl(store_url, clock=FakeClock()) as dtl:
        dtl.record({"type": "meet", "by": "TUR", "target": "ISR", "on": "2024-07-10"})
    assert "beyond the backup's end" in _refused(capsys, store_url, backup, 1)


# -- resuming ------------------------------------------------------------------------------


def test_resuming_a_partial_import_completes_it_without_duplicates(capsys, backup, story, store_url):
    """An import that died after its first transactions left a prefix (and no projection)."""
    source, _, ids = story
    _, events, _ = read_backup(backup)
    with Dtl(store_url) as dtl:
        dtl.store.writer.recorder.insert_events([
            StoredEvent(originator_id=uuid.UUID(e["originator_id"]), originator_version=e["originator_version"],
                        topic=e["topic"], state=orjson.dumps(e["state"]))
            for e in events[:37]
        ])  # fmt: skip
    result = as_json(capsys, store_url, "log", "import", str(backup))
    assert (result["imported"], result["skipped"]) == (len(events) - 37, 37)
    assert stored(store_url) == stored(source)
    again = as_json(capsys, store_url, "log", "import", str(backup))
    assert (again["imported"], again["skipped"]) == (0, len(events))
    assert stored(store_url) == stored(source)
    for args in (["timeline"], ["roster", "NATO", "--at", "2024-08-01"], ["state", "NATO", "ISR", "--at", "2023-10-15"],
                 ["history", "TUR", "ISR", "--as-known-at", "2024-08-11"], ["show", ids[-1]]):  # fmt: skip
        mine, theirs = as_json(capsys, store_url, *args), as_json(capsys, source, *args)
        if isinstance(mine, dict):
            mine.pop("position", None), theirs.pop("position", None)
        assert mine == theirs


# -- the CLI ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["export", "import"])
def test_log_export_and_import_have_help_that_teaches(capsys, command):
    assert main(["log", command, "--help"]) == 0
    assert "Example: dtl" in capsys.readouterr().out


def test_a_log_longer_than_one_write_batch_resumes_mid_batch_and_completes(capsys, tmp_path, store_url):
    from dtl.application.backup import WRITE_BATCH

    source = str(tmp_path / "many.sqlite3")
    clock = FakeClock()
    with Dtl(source, clock=clock) as dtl:
        for start in range(0, 2 * WRITE_BATCH + 500, 500):
            seen = [Observation(system="gdelt", source_id=str(n), on=date(2024, 7, 30), actor1="TUR", actor2="ISR",
                                cameo="111", goldstein=-2.0, quad_class=3) for n in range(start, start + 500)]  # fmt: skip
            dtl.store.writer.save(*[ObservationRecorded(originator_id=observation_id(o.key), originator_version=1,
                                               timestamp=clock(), observation=o) for o in seen])  # fmt: skip
    path = tmp_path / "many.jsonl"
    assert as_json(capsys, source, "log", "export", str(path))["exported"] == 2 * WRITE_BATCH + 500
    _, events, _ = read_backup(path)
    with Dtl(store_url) as dtl:
        dtl.store.writer.recorder.insert_events([
            StoredEvent(originator_id=uuid.UUID(e["originator_id"]), originator_version=1, topic=e["topic"],
                        state=orjson.dumps(e["state"]))
            for e in events[: WRITE_BATCH + 123]
        ])  # fmt: skip
    result = as_json(capsys, store_url, "log", "import", str(path))
    assert (result["imported"], result["skipped"]) == (WRITE_BATCH - 123 + 500, WRITE_BATCH + 123)
    assert stored(store_url) == stored(source)
