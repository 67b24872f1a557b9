"""An encrypted store written before sources had keys of their own (tests/fixtures/
release-0.4-encrypted/) keeps working: it opens with its key, verifies and shows its sources;
sources recorded into it now get keys and can be shredded; its old ones cannot, and saying so
writes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dtl.application.facade import Dtl
from dtl.application.verify import verify
from dtl.domain.errors import InvalidInput
from tests.support import store_fingerprint

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "release-0.4-encrypted"


@pytest.fixture
def old(tmp_path, monkeypatch) -> str:
    monkeypatch.setenv("DTL_CIPHER_KEY", (FIXTURE / "key.txt").read_text().strip())
    path = tmp_path / "store.sqlite3"
    shutil.copyfile(FIXTURE / "store.sqlite3", path)
    return str(path)


def veto_sources(dtl: Dtl) -> list[dict]:
    [veto] = [
        m for m in dtl.state("NATO", "ISR", "2024-03-01")["measures"] if m["aspect"] == "engagement-veto"
    ]
    return veto["sources"]


def test_it_opens_with_its_key_verifies_and_shows_its_sources_as_recorded(old):
    with Dtl(old, create=False) as dtl:
        assert verify(dtl.store)["ok"]
        sources = veto_sources(dtl)
    assert "Ministry insider Zelda" in [s["name"] for s in sources]
    assert all("id" not in s for s in sources), "recorded before sources had keys"


def test_its_old_sources_cannot_be_shredded_and_saying_so_writes_nothing(old):
    with Dtl(old):
        pass  # opening it once adds the (empty) table of source keys
    before = store_fingerprint(old)
    with Dtl(old) as dtl, pytest.raises(InvalidInput) as refused:
        dtl.shred_plan([], "Ministry insider Zelda")
    assert refused.value.field == "name" and "before sources had keys" in refused.value.message
    assert store_fingerprint(old) == before


def test_a_source_recorded_into_it_now_gets_a_key_and_can_be_shredded(old):
    with Dtl(old) as dtl:
        [veto] = [a for a in dtl.timeline(pair=("TUR", "ISR")) if a["type"] == "veto-engagement"]
        dtl.corroborate(veto["id"], {"name": "A second insider", "grade": "C3"})
        dtl.shred(dtl.shred_plan([], "A second insider"))
        names = [s["name"] for s in veto_sources(dtl)]
        assert "Ministry insider Zelda" in names and "A second insider" not in names
        assert any(name.startswith("a source shredded on") for name in names)
        assert verify(dtl.store)["ok"]
