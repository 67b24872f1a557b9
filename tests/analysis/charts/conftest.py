"""The seed story, recorded once per session into a SQLite store the chart tests only read;
tests about the backends record it again through `store_url` (tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dtl.application.charts import pair_chart_data, render_pair, render_roster, roster_chart_data
from dtl.application.facade import Dtl
from tests.analysis.charts.support import record_seed_story


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("seed") / "dtl.sqlite3"
    with Dtl(str(path)) as dtl:
        record_seed_story(dtl)
    return str(path)


@pytest.fixture
def seeded(seed_store) -> Iterator[Dtl]:
    with Dtl(seed_store) as dtl:
        yield dtl


class Charts:
    """Chart data and renderings of the seed story, each made once per session."""

    def __init__(self, store: str):
        self.store = store
        self._cache: dict[tuple, object] = {}

    def data(self, *pair: str, **options) -> dict:
        key = ("data", pair, tuple(sorted(options.items())))
        if key not in self._cache:
            with Dtl(self.store) as dtl:
                if pair[0] == "--roster":
                    self._cache[key] = roster_chart_data(dtl, pair[1], **options)
                else:
                    self._cache[key] = pair_chart_data(dtl, pair[0], pair[1], **options)
        return self._cache[key]  # type: ignore[return-value]

    def render(self, fmt: str, *pair: str, **options) -> bytes:
        key = ("render", fmt, pair, tuple(sorted(options.items())))
        if key not in self._cache:
            data = self.data(*pair, **options)
            self._cache[key] = (render_roster if pair[0] == "--roster" else render_pair)(data, fmt)
        return self._cache[key]  # type: ignore[return-value]


@pytest.fixture(scope="session")
def charts(seed_store) -> Charts:
    return Charts(seed_store)


@pytest.fixture
def out(tmp_path) -> Path:
    return tmp_path
