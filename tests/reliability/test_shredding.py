"""Shredding beyond the scenarios (features/reliability/shredding.feature): processes that held
a key, a shredding cut short, sources given twice, what a user may not set, the keys in a
backup, and sealing as a property of any text."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dtl.application.facade import Dtl
from dtl.application.persistence import new_cipher_key
from dtl.domain.errors import InvalidInput

ZELDA = {"name": "Ministry insider Zelda", "url": "https://leaks.example.org/zelda-memo",
         "quote": "the veto stays until the talks resume", "attribution": "anonymous-sources", "grade": "C3"}  # fmt: skip
VETO = {
    "type": "veto-engagement",
    "by": ["TUR"],
    "target": "ISR",
    "forum": "NATO",
    "on": "2023-10",
    "sources": [ZELDA],
}


@pytest.fixture
def keyed(monkeypatch, store_url, clock) -> Iterator[Dtl]:
    """An encrypted store holding Turkey's NATO membership and its veto on Zelda's word."""
    monkeypatch.setenv("DTL_CIPHER_KEY", new_cipher_key())
    with Dtl(store_url, clock=clock) as dtl:
        dtl.record({"type": "admit", "by": ["NATO"], "target": "TUR", "on": "1952-02-18"})
        dtl.record(VETO)
        yield dtl


def veto_id(dtl: Dtl) -> str:
    [veto] = [a for a in dtl.timeline(pair=("TUR", "ISR")) if a["type"] == "veto-engagement"]
    return veto["id"]


def sources_read_from_the_log(dtl: Dtl, action_id: str) -> list[dict]:
    events = dtl.store.writer.events.get(UUID(action_id))
    return [
        s.model_dump(exclude_none=True)
        for e in events
        for s in getattr(getattr(e, "action", None), "sources", ())
    ]


def test_a_process_that_held_the_key_stops_using_it_once_another_destroys_it(keyed, store_url, clock):
    action = veto_id(keyed)
    assert sources_read_from_the_log(keyed, action)[0]["name"] == ZELDA["name"]  # the key is now held here
    with Dtl(store_url, clock=clock) as other:
        other.shred(other.shred_plan([], "Ministry insider Zelda"))
    keyed.catch_up()  # what every question does first
    [source] = sources_read_from_the_log(keyed, action)
    assert source["name"].startswith("a source shredded on") and "url" not in source and "quote" not in source


def test_a_shredding_cut_short_after_the_key_went_is_completed_by_running_it_again(keyed):
    action = veto_id(keyed)
    [chosen] = keyed.shred_plan([], "Ministry insider Zelda")
    keyed.store.writer.mapper.source_keys.destroy(chosen["id"])  # then the process died
    again = keyed.shred(keyed.shred_plan([chosen["id"]], None))
    assert [(s["id"], s["new"]) for s in again["shredded"]] == [(chosen["id"], True)]
    assert keyed.shred(keyed.shred_plan([chosen["id"]], None))["shredded"][0]["new"] is False
    [shown] = keyed.show(action)["sources"]
    assert shown["shredded"] and ZELDA["name"] not in json.dumps(keyed.show(action))
    from dtl.application.verify import verify

    assert verify(keyed.store)["ok"]


def test_the_same_source_given_again_adds_nothing_on_an_encrypted_store(keyed):
    action = veto_id(keyed)
    again = keyed.corroborate(action, {k: v for k, v in ZELDA.items()})
    assert again["new"] is False and len(again["sources"]) == 1
    other = keyed.corroborate(action, {"name": "Wire report", "grade": "B2"})
    assert other["new"] is True and [s["name"] for s in other["sources"]] == [ZELDA["name"], "Wire report"]
    assert len({s["id"] for s in other["sources"]}) == 2, "each source has a key of its own"


@pytest.mark.parametrize("field", ["id", "shredded"])
def test_what_only_the_store_sets_cannot_be_given(keyed, field):
    value = "src-0123456789abcdef0123" if field == "id" else "2024-01-01"
    with pytest.raises(InvalidInput) as raised:
        keyed.record({**VETO, "on": "2023-11", "sources": [{**ZELDA, field: value}]})
    assert raised.value.field == f"sources.0.{field}"
    with pytest.raises(InvalidInput) as raised:
        keyed.corroborate(veto_id(keyed), {"name": "Wire report", field: value})
    assert raised.value.field == f"source.{field}"


def test_a_backup_carries_each_key_sealed_and_each_shredded_one_as_a_tombstone_only(keyed, tmp_path):
    from dtl.application.backup import export_log

    keyed.corroborate(veto_id(keyed), {"name": "Wire report", "grade": "B2"})
    keyed.shred(keyed.shred_plan([], "Ministry insider Zelda"))
    path = tmp_path / "backup.jsonl"
    export_log(keyed.store, path)
    lines = [json.loads(line) for line in path.read_bytes().splitlines()]
    keys = [line["source_key"] for line in lines if "source_key" in line]
    assert lines[0]["version"] == 2 and lines[0]["source_keys"] == lines[-1]["source_keys"] == len(keys) == 2
    assert sorted(("sealed" in k, "shredded_at" in k) for k in keys) == [(False, True), (True, False)]


def test_a_backup_whose_key_lines_were_altered_is_refused_before_anything_is_written(
    keyed, tmp_path, store_url
):
    from dtl.application.backup import export_log, import_log

    path = tmp_path / "backup.jsonl"
    export_log(keyed.store, path)
    lines = path.read_bytes().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if b'"source_key"' in line)
    row = json.loads(lines[at])
    row["source_key"]["created_at"] = "2020-01-01T00:00:00+00:00"
    lines[at] = json.dumps(row).encode() + b"\n"
    path.write_bytes(b"".join(lines))
    with Dtl(str(tmp_path / "restored.sqlite3")) as restored:
        with pytest.raises(InvalidInput) as raised:
            import_log(restored.store, path)
        assert raised.value.field == "sha256" and restored.position() == 0


class _NoStore:
    """SourceKeys' view, for sealing alone: keys stay in its memory until a flush."""

    def query(self, *_: object) -> list:
        return []


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    name=st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=200),
    quote=st.none() | st.text(st.characters(blacklist_categories=("Cs",)), max_size=400),
)
def test_a_sealed_source_opens_to_what_was_sealed_and_shows_none_of_it(name, quote):
    from eventsourcing.cryptography import AESCipher
    from eventsourcing.utils import Environment

    from dtl.application.source_keys import SourceKeys

    cipher = AESCipher(Environment(env={"CIPHER_KEY": new_cipher_key()}))
    keys = SourceKeys(_NoStore(), cipher, lambda: datetime(2026, 1, 1, tzinfo=UTC))
    source = {
        "name": name,
        "url": "https://example.org/x",
        "quote": quote,
        "grade": "B2",
        "attribution": "document",
    }
    sealed = keys.seal("4541750f-d20f-5285-92e8-21269fb5bd6f", dict(source))
    assert set(sealed) == {"grade", "attribution", "id", "sealed"}  # no name, URL or quote
    box = base64.b64decode(sealed["sealed"])
    if len(name.encode()) >= 8:  # shorter strings can turn up in random bytes by chance
        assert name.encode() not in box
    opened = keys.open(sealed)
    assert {k: v for k, v in opened.items() if k != "id"} == {
        k: v for k, v in source.items() if v is not None
    }


def test_the_event_stream_tells_its_clients_a_source_was_shredded_without_saying_who(keyed):
    from dtl.application.feed import events_after

    before = keyed.position()
    [chosen] = keyed.shred_plan([], "Ministry insider Zelda")
    keyed.shred([chosen])
    [event] = events_after(keyed.store, before)["events"]
    assert (event["kind"], event["source_id"], event["id"]) == ("shredded", chosen["id"], veto_id(keyed))
    assert not any(secret in json.dumps(event) for secret in (ZELDA["name"], ZELDA["url"], ZELDA["quote"]))
