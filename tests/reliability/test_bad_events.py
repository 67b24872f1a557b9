"""No event, whatever its bytes, takes a store down, and none that would can be imported.

`dtl log import` checks every reference of a backup (corrections, retractions, corroborations and
docket entries refer to a recorded action; an action's id is its key's; no key twice) before it
writes anything. An event that reached the log anyway (written by another program, or by an older
dtl) stops the views just before it: answers come from what was projected, with a warning naming
the position and why; `dtl verify` names it; and the documented recovery (export leaving it out,
import into a new store) gives a store that verifies and answers."""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path

import orjson
import pytest
from eventsourcing.persistence import StoredEvent

from dtl.application.facade import Dtl
from dtl.cli.main import main
from dtl.domain.stored_names import ACTION_CORRECTED, ACTION_RECORDED
from tests.reliability.support import seeded
from tests.support import store_fingerprint


def run(capsys, store: str, *argv: str) -> tuple[int, str, str]:
    code = main(["--store", store, *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def correction_state(action_id: str, version: int) -> dict:
    return {"originator_id": action_id, "originator_version": version, "timestamp": "2024-08-05T09:00:00Z",
            "changes": {"note": "reworded"}, "reason": "a correction of nothing"}  # fmt: skip


def rewrite_backup(path: Path, lines: list[dict]) -> None:
    """A backup whose header, trailer and checksum agree with its (edited) event lines."""
    header = json.loads(path.read_text().splitlines()[0])
    body = b"".join(orjson.dumps(line) + b"\n" for line in lines)
    header["events"] = len(lines)
    trailer = {"end": True, "events": len(lines), "sha256": hashlib.sha256(body).hexdigest()}
    path.write_bytes(orjson.dumps(header) + b"\n" + body + orjson.dumps(trailer) + b"\n")


def events_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()[1:-1]]


@pytest.fixture
def backup(tmp_path, capsys) -> Path:
    source = str(tmp_path / "source.sqlite3")
    seeded(source)
    path = tmp_path / "backup.jsonl"
    assert run(capsys, source, "log", "export", str(path))[0] == 0
    return path


def test_a_backup_correcting_an_action_that_exists_nowhere_is_refused_before_anything_is_written(
    backup, store_url, capsys
):
    lines = events_of(backup)
    stray = str(uuid.uuid4())
    # Version 1 of its stream, so the versions check passes: only the references can tell.
    lines.append({"position": lines[-1]["position"] + 1, "originator_id": stray, "originator_version": 1,
                  "topic": ACTION_CORRECTED, "state": correction_state(stray, 1)})  # fmt: skip
    rewrite_backup(backup, lines)
    Dtl(store_url).open().close()
    before = store_fingerprint(store_url)
    code, out, err = run(capsys, store_url, "log", "import", str(backup))
    assert code == 2 and err.count("\n") == 1, err
    assert err.startswith(f"dtl: line {len(lines) + 1}: state: a correction of action {stray}"), err
    assert store_fingerprint(store_url) == before


def test_a_backup_recording_an_action_again_under_another_id_is_refused(backup, store_url, capsys):
    lines = events_of(backup)
    first = next(line for line in lines if line["topic"] == ACTION_RECORDED)
    again = str(uuid.uuid4())
    lines.append({**first, "position": lines[-1]["position"] + 1, "originator_id": again,
                  "state": {**first["state"], "originator_id": again}})  # fmt: skip
    rewrite_backup(backup, lines)
    Dtl(store_url).open().close()
    before = store_fingerprint(store_url)
    code, _, err = run(capsys, store_url, "log", "import", str(backup))
    assert code == 2 and f"action {again} is not the id its key" in err, err
    assert store_fingerprint(store_url) == before


BAD_EVENTS = {
    "a correction of an action that exists nowhere": lambda: (ACTION_CORRECTED, None),
    "bytes that are not JSON": lambda: (ACTION_RECORDED, b'{"originator_id": "oops'),
    "a name this dtl does not know": lambda: ("dtl.future:SomethingNew", b"{}"),
}
SAYS = {
    "a correction of an action that exists nowhere": "which the log never recorded",
    "bytes that are not JSON": "not valid JSON",
    "a name this dtl does not know": "'dtl.future:SomethingNew'",
}


@pytest.mark.parametrize("bad", list(BAD_EVENTS))
def test_an_event_the_views_cannot_take_stops_them_before_it_and_the_store_keeps_answering(
    store_url, capsys, tmp_path, bad
):
    seeded(store_url)
    stray = uuid.uuid4()
    topic, state = BAD_EVENTS[bad]()
    if state is None:
        state = orjson.dumps(correction_state(str(stray), 2))
    with Dtl(store_url) as dtl:
        before_bad = dtl.state("NATO", "ISR", "2024-03-01")
        dtl.store.writer.append_stored([StoredEvent(originator_id=stray, originator_version=2 if topic ==
                                                    ACTION_CORRECTED else 1, topic=topic, state=state)])  # fmt: skip
        bad_position = dtl.projector.log_end()

    code, out, err = run(capsys, store_url, "state", "NATO", "ISR", "--at", "2024-03-01", "--json")
    answer = json.loads(out)
    assert code == 0 and answer["measures"] == before_bad["measures"]
    assert answer["stopped"]["position"] == bad_position and SAYS[bad] in answer["stopped"]["reason"]
    assert err.count("\n") == 1 and err.startswith("dtl: warning: ") and f"position {bad_position}" in err

    code, out, err = run(capsys, store_url, "record", "meet", "--by", "TUR", "--target", "ISR", "--on", "2024-07",
                         "--json")  # fmt: skip
    assert code == 0 and len(json.loads(out)["recorded"]) == 1 and "warning" in err

    code, out, err = run(capsys, store_url, "verify")
    assert code == 4 and f"position {bad_position}" in out, out

    rebuilt = str(tmp_path / "rebuilt.sqlite3")
    backup = str(tmp_path / "without-it.jsonl")
    assert run(capsys, store_url, "log", "export", backup, "--leave-out", str(bad_position))[0] == 0
    code, _, err = run(capsys, rebuilt, "log", "import", backup)
    assert code == 0, err
    assert run(capsys, rebuilt, "verify")[0] == 0
    code, out, err = run(capsys, rebuilt, "timeline", "--pair", "TUR", "ISR", "--type", "meet", "--json")
    assert code == 0 and err == "" and len(json.loads(out)) == 1  # written after the bad event, kept
