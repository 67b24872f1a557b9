"""A store written by release 0.1 keeps working: it opens, verifies, answers every question as
that release answered it, and takes new writes; also after a log export and import into either
backend, and from the backup that release itself wrote. See tests/fixtures/release-0.1/."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from dtl.application.backup import export_log, import_log
from dtl.application.facade import Dtl
from dtl.application.verify import verify
from dtl.cli.main import main

RELEASE = Path(__file__).resolve().parents[1] / "fixtures" / "release-0.1"
ANSWERS = json.loads((RELEASE / "answers.json").read_text())


@pytest.fixture
def old_store(tmp_path) -> str:
    """A private copy of the store release 0.1 wrote (tests write into it)."""
    path = tmp_path / "release-0.1.sqlite3"
    shutil.copyfile(RELEASE / "store.sqlite3", path)
    return str(path)


def ask(dtl: Dtl, question: dict[str, Any]) -> Any:
    kwargs = dict(question["kwargs"])
    if "pair" in kwargs:
        kwargs["pair"] = tuple(kwargs["pair"])
    return getattr(dtl, question["ask"])(*question["args"], **kwargs)


# Lists of measures, actions and changes (and a diff's groups of changes by pair): since 0.2 a
# measure or an action is about a pair when one side holds it on a pair with the other (Turkey's
# veto of NATO's engagement with Israel is part of TUR-ISR; docs/architecture.md, "Who a measure
# or an action is about"), so such a list may hold more items than 0.1 gave; never fewer.
GROWING = frozenset({"measures", "intervals", "changes", "actions", "pairs"})

# A measure's pair: later releases write it with the sides the question named first, in the
# order named (docs/api.md, "Pairs"): state NATO ISR says ["NATO", "ISR"] in its measures too,
# where 0.1 gave ["ISR", "NATO"]. The same two codes, perhaps the other way round.
MEASURE = (".measures[", ".intervals[", ".measure.")


def contains(old: Any, new: Any, where: str = "answer", key: str | None = None) -> None:
    """Every value the old release gave is still given, unchanged; a later release may add keys,
    and items to a list of measures, actions or changes (GROWING), keeping the old ones in their
    order. Every other list, and every scalar, is compared strictly."""
    if isinstance(old, dict):
        assert isinstance(new, dict), where
        for name, value in old.items():
            assert name in new, f"{where}: {name!r} is gone"
            if name == "changes" and isinstance(value, int) and isinstance(old.get("pairs"), list):
                # a diff's count of its changes: it counts what it lists, which may grow (above)
                listed = sum(len(g["changes"]) for g in new["pairs"])
                assert value == sum(len(g["changes"]) for g in old["pairs"]) and new[name] == listed, (
                    f"{where}.changes: {new[name]!r} does not count the {listed} changes listed"
                )
                continue
            contains(value, new[name], f"{where}.{name}", name)
    elif key == "pair" and any(part in where for part in MEASURE):
        assert isinstance(new, list) and sorted(new) == sorted(old), f"{where}: {old!r} became {new!r}"
    elif isinstance(old, list) and key in GROWING and all(isinstance(item, dict) for item in old):
        assert isinstance(new, list), f"{where}: {old!r} became {new!r}"
        _in_order(old, new, where)
    elif isinstance(old, list):
        assert isinstance(new, list) and len(new) == len(old), f"{where}: {old!r} became {new!r}"
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            contains(a, b, f"{where}[{i}]")
    else:
        assert old == new, f"{where}: {old!r} became {new!r}"


def _in_order(old: list[Any], new: list[Any], where: str) -> None:
    """Each old item is contained in a new one, each after the one before: the old list is a
    subsequence of the new one."""
    at = 0
    for i, item in enumerate(old):
        while True:
            assert at < len(new), f"{where}[{i}]: {item!r} is gone (or out of order) in {new!r}"
            candidate, at = new[at], at + 1
            try:
                contains(item, candidate, f"{where}[{i}]")
                break
            except AssertionError:
                continue


def assert_same_answers(dtl: Dtl) -> None:
    assert len(ANSWERS) > 20
    for question in ANSWERS:
        where = f"{question['ask']}{question['args']}{question['kwargs']}"
        contains(question["answer"], ask(dtl, question), where)


def test_the_fixture_holds_every_kind_of_event_the_release_wrote():
    with sqlite3.connect(RELEASE / "store.sqlite3") as conn:
        names = {r[0] for r in conn.execute("SELECT DISTINCT topic FROM stored_events")}
    assert names == {
        "domain.events:ActionRecorded", "domain.events:ActionCorrected", "domain.events:ActionRetracted",
        "domain.events:ActionCorroborated", "domain.events:ScopeEntryAdded", "domain.events:ScopeEntryRevised",
        "domain.events:ScopeEntryWithdrawn", "domain.observations:ObservationRecorded",
    }  # fmt: skip


def test_a_store_written_by_release_0_1_verifies_and_answers_as_it_did(old_store):
    with Dtl(old_store) as dtl:
        assert verify(dtl.store)["ok"]
        assert_same_answers(dtl)


def test_recording_what_it_recorded_again_is_a_no_op(old_store):
    """The default idempotency key of an action is a contract too: every action of the seed
    story, recorded again by this release, is found already recorded."""
    from dtl.application.seed_story import background, report

    with Dtl(old_store) as dtl:
        before = dtl.projector.log_end()
        for action in [*background(), *report()]:
            if action["type"] == "statement" and action["by"] == "HAMAS":
                continue  # retracted there: recording it anew needs a new key
            answer = dtl.record(action)
            assert answer["recorded"] == [] and len(answer["already_recorded"]) == 1, action
        assert dtl.projector.log_end() == before


def test_it_takes_new_writes_and_still_verifies(old_store, capsys):
    with Dtl(old_store) as dtl:
        # Israel expelled Turkey's consul general in May 2018 (month precision: the day varies by report).
        recorded = dtl.record({"type": "expel-ambassador", "by": "ISR", "target": "TUR", "on": "2018-05",
                               "note": "Turkey's consul general in Jerusalem told to leave"})  # fmt: skip
        assert len(recorded["recorded"]) == 1
        veto = next(a for a in dtl.timeline(types=["veto-engagement"]))
        added = dtl.corroborate(veto["id"], {"name": "A third report", "grade": "C3"})
        assert added["new"] and len(added["sources"]) == 3
        # an expulsion is its own aspect since 0.4 (it was a degree of "ambassador" before)
        assert [m["aspect"] for m in dtl.state("ISR", "TUR", "2019-01-01")["measures"]] == ["envoy-expulsion"]
    assert main(["--store", old_store, "verify"]) == 0
    assert "views agree with the log" in capsys.readouterr().out


def test_after_a_log_export_and_import_into_either_backend_it_answers_the_same(
    old_store, store_url, tmp_path
):
    backup = tmp_path / "backup.jsonl"
    with Dtl(old_store) as old:
        export_log(old.store, backup)
    with Dtl(store_url) as new:
        result = import_log(new.store, backup)
        assert result["imported"] == result["events"] > 100
        assert verify(new.store)["ok"]
        assert_same_answers(new)


def test_the_backup_release_0_1_wrote_imports_into_either_backend(store_url):
    with Dtl(store_url) as new:
        import_log(new.store, RELEASE / "log.jsonl")
        assert verify(new.store)["ok"]
        assert_same_answers(new)


def test_an_event_name_this_release_does_not_know_stops_the_views_before_it_naming_it(old_store, capsys):
    """What a newer release wrote is never skipped silently: answers say where the views stop."""
    with sqlite3.connect(old_store) as conn:
        (rowid,) = conn.execute("SELECT MAX(rowid) FROM stored_events").fetchone()
        conn.execute(
            "INSERT INTO stored_events (originator_id, originator_version, topic, state) VALUES (?,?,?,?)",
            ("0" * 32, 1, "dtl.future:SomethingNew", b"{}"),
        )
    for argv in (["state", "NATO", "ISR", "--at", "2024-03-01"], ["timeline"]):
        code = main(["--store", old_store, *argv])
        err = capsys.readouterr().err
        assert code == 0, (argv, err)
        assert err.count("\n") == 1 and "'dtl.future:SomethingNew'" in err and f"position {rowid + 1}" in err
    assert main(["--store", old_store, "verify"]) == 4
    assert f"position {rowid + 1}: it is named 'dtl.future:SomethingNew'" in capsys.readouterr().out
