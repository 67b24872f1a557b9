"""Encryption at rest: with DTL_CIPHER_KEY, source names, URLs and quotes are unreadable in the
raw tables (events and views alike); without the key, commands say so plainly."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime

import pytest

from dtl.application.facade import Dtl
from dtl.application.persistence import new_cipher_key
from dtl.cli.main import main
from dtl.domain.observations import Observation
from tests.support import store_fingerprint

SECRET_NAME = "Ministry insider Zelda"
SECRET_URL = "https://leaks.example.org/zelda-memo"
SECRET_QUOTE = "the veto stays until the talks resume"


def veto_with_secret_source() -> dict:
    return {
        "type": "veto-engagement", "by": ["TUR"], "target": "ISR", "forum": "NATO", "on": "2023-10",
        "sources": [{"name": SECRET_NAME, "url": SECRET_URL, "quote": SECRET_QUOTE,
                     "attribution": "anonymous-sources", "grade": "C3"}],
    }  # fmt: skip


def record_veto(dtl: Dtl) -> None:
    dtl.record({"type": "join", "by": ["TUR"], "target": "NATO", "on": "1952-02-18"})
    dtl.record(veto_with_secret_source())


def observation() -> Observation:
    return Observation(
        system="gdelt",
        source_id="1",
        on=date(2024, 5, 2),
        actor1="TUR",
        actor2="ISR",
        cameo="163",
        goldstein=-8.0,
        quad_class=4,
        published=datetime(2024, 5, 2, tzinfo=UTC),
        url=SECRET_URL,
    )


def raw_dump(store: str) -> bytes:
    """Every byte of every table, read without dtl: what someone with the file would see."""
    if store.startswith("postgresql://"):
        import psycopg

        from tests.support import POSTGRES_URL

        schema = store.rsplit("schema=", 1)[1]
        with psycopg.connect(POSTGRES_URL) as conn:
            tables = [
                r[0]
                for r in conn.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", [schema]
                )
            ]
            dump = b""
            for table in tables:
                for row in conn.execute(f'SELECT * FROM "{schema}"."{table}"'):
                    dump += repr(row).encode()
            return dump
    return open(store, "rb").read() + b"".join(
        open(store + suffix, "rb").read() for suffix in ("-wal",) if _exists(store + suffix)
    )


def _exists(path: str) -> bool:
    import os

    return os.path.exists(path)


@pytest.fixture
def key(monkeypatch) -> str:
    value = new_cipher_key()
    monkeypatch.setenv("DTL_CIPHER_KEY", value)
    return value


def test_with_a_key_sources_are_unreadable_in_the_raw_tables_yet_answers_show_them(store_url, key):
    with Dtl(store_url) as dtl:
        record_veto(dtl)
        dtl.record_observations([observation()])
        dtl.catch_up()
        veto = dtl.state("NATO", "ISR", "2024-01-01")["measures"][0]
        assert veto["sources"][0]["name"] == SECRET_NAME
        assert dtl.store.view.query("SELECT url FROM dtl_observations")[0]["url"] == SECRET_URL
    if not store_url.startswith("postgresql://"):
        sqlite3.connect(store_url).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    dump = raw_dump(store_url)
    assert b"NATO" in dump or b"ISR" in dump  # the tables were read: codes are in the clear
    for secret in (SECRET_NAME, SECRET_URL, SECRET_QUOTE, "zelda", "Zelda"):
        assert secret.encode() not in dump


def test_without_the_key_an_encrypted_store_says_so_instead_of_failing_inside(
    store_url, key, monkeypatch, capsys
):
    with Dtl(store_url) as dtl:
        record_veto(dtl)
    monkeypatch.delenv("DTL_CIPHER_KEY")
    code = main(["--store", store_url, "state", "NATO", "ISR", "--at", "2024-01-01"])
    err = capsys.readouterr().err
    assert code == 3
    assert err.count("\n") == 1 and "encrypted" in err and "DTL_CIPHER_KEY" in err


def test_a_wrong_key_is_named_as_the_wrong_key(store_url, key, monkeypatch, capsys):
    with Dtl(store_url) as dtl:
        record_veto(dtl)
    monkeypatch.setenv("DTL_CIPHER_KEY", new_cipher_key())
    assert main(["--store", store_url, "timeline"]) == 3
    assert "wrong key" in capsys.readouterr().err


def test_a_key_given_to_a_plain_store_is_refused_rather_than_mixing_the_two(store_url, monkeypatch, capsys):
    with Dtl(store_url) as dtl:
        record_veto(dtl)
    monkeypatch.setenv("DTL_CIPHER_KEY", new_cipher_key())
    assert main(["--store", store_url, "timeline"]) == 3
    assert "created without encryption" in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["not base64!", "c2hvcnQ="])
def test_a_malformed_key_is_refused_naming_the_variable(tmp_path, monkeypatch, capsys, bad):
    monkeypatch.setenv("DTL_CIPHER_KEY", bad)
    assert main(["--store", str(tmp_path / "s.db"), "timeline"]) == 2
    err = capsys.readouterr().err
    assert "DTL_CIPHER_KEY" in err and "new-key" in err


def test_new_key_prints_a_key_that_opens_a_store(tmp_path, monkeypatch, capsys):
    assert main(["new-key"]) == 0
    monkeypatch.setenv("DTL_CIPHER_KEY", capsys.readouterr().out.strip())
    store = str(tmp_path / "s.db")
    assert main(["--store", store, "record", "statement", "--by", "TUR", "--target", "ISR",
                 "--on", "2024-07-01", "--json"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out)["recorded"]


def test_a_store_created_with_a_key_takes_no_write_without_it_even_before_its_first_event(
    store_url, key, monkeypatch, capsys
):
    """`dtl serve` with a key opens an empty store; a `record` without the key comes first."""
    with Dtl(store_url):  # created with the key, nothing recorded yet
        pass
    before = store_fingerprint(store_url)
    monkeypatch.delenv("DTL_CIPHER_KEY")
    code = main(["--store", store_url, "record", "statement", "--by", "TUR", "--target", "ISR",
                 "--on", "2024-07-01", "--source", SECRET_NAME])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 3 and err.count("\n") == 1 and "encrypted" in err, err
    assert store_fingerprint(store_url) == before
    monkeypatch.setenv("DTL_CIPHER_KEY", new_cipher_key())
    assert main(["--store", store_url, "timeline"]) == 3
    assert "wrong key" in capsys.readouterr().err
    monkeypatch.setenv("DTL_CIPHER_KEY", key)
    with Dtl(store_url) as dtl:
        record_veto(dtl)
        assert dtl.state("NATO", "ISR", "2024-01-01")["measures"][0]["sources"][0]["name"] == SECRET_NAME


def test_a_store_created_without_a_key_takes_no_write_with_one_even_before_its_first_event(
    store_url, monkeypatch, capsys
):
    with Dtl(store_url):
        pass
    before = store_fingerprint(store_url)
    monkeypatch.setenv("DTL_CIPHER_KEY", new_cipher_key())
    code = main(["--store", store_url, "record", "statement", "--by", "TUR", "--target", "ISR",
                 "--on", "2024-07-01"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 3 and "created without encryption" in err, err
    assert store_fingerprint(store_url) == before
