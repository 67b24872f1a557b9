"""`dtl network --links`: who answered whom, as edges of kind responds-to between actors, read
back with networkx from GraphML and node-link JSON; the measures' edges are as without it.

The links are real history: Israel's call for NATO to expel Turkey answered Erdogan's threat,
which followed his statement after the Washington summit (the seed report, 2024-07); and when
Saudi Arabia, the Emirates, Bahrain and Egypt cut their relations with Qatar (2017-06-05),
Qatar's foreign ministry answered the same day that the decision was unjustified.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import networkx as nx
import pytest

from dtl.application.facade import Dtl
from dtl.application.network_files import network_bytes
from tests.analysis.support import cli, cli_json, record_seed_story
from tests.support import FakeClock

AT = "2024-08-01"
RUPTURE = {
    "type": "sever-relations", "by": "SAU,ARE,BHR,EGY", "target": "QAT", "on": "2017-06-05",
    "sources": [{"name": "Saudi Press Agency", "published": "2017-06-05", "attribution": "official-statement",
                 "grade": "A1"}],
}  # fmt: skip
QATAR_ANSWER = {
    "type": "statement", "by": "QAT", "target": "SAU", "on": "2017-06-05",
    "note": "Qatar's foreign ministry: the decision to cut relations is unjustified and baseless",
    "sources": [{"name": "Qatar Ministry of Foreign Affairs", "published": "2017-06-05",
                 "attribution": "official-statement", "grade": "A1"}],
}  # fmt: skip

KATZ = {
    "type": "statement", "by": "ISR", "target": "TUR", "on": "2024-07",
    "note": "Israel's foreign minister: Erdogan follows in Saddam Hussein's footsteps",
    "sources": [{"name": "Israel Katz on X", "published": "2024-07", "attribution": "named-official",
                 "grade": "B2"}],
}  # fmt: skip


@dataclass
class Linked:
    dtl: Dtl
    store: str
    ids: dict[str, str]  # the report's actions by type (TUR's statement), and the rupture's two
    clock: FakeClock
    folder: Path


@pytest.fixture
def linked(tmp_path) -> Iterator[Linked]:
    store = str(tmp_path / "dtl.sqlite3")
    clock = FakeClock(datetime.fromisoformat("2024-08-05T09:00:00+00:00"))
    folder = tmp_path / "out"
    folder.mkdir()
    with Dtl(store, clock=clock) as dtl:
        ids: dict[str, str] = {}
        for recorded in record_seed_story(dtl):
            ids.setdefault(recorded.raw["type"], recorded.id)
        ids["rupture"] = dtl.record(RUPTURE)["recorded"][0]
        clock.set("2024-08-06T09:00:00")
        ids["qatar"] = dtl.record({**QATAR_ANSWER, "in_response_to": [ids["rupture"]]})["recorded"][0]
        dtl.link(ids["call-for-expulsion"], ids["threaten"])
        dtl.link(ids["threaten"], ids["statement"])
        yield Linked(dtl, store, ids, clock, folder)


def read(path: Path):
    if path.suffix == ".json":
        return nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
    return nx.read_graphml(path, force_multigraph=True)


def answers_in(g) -> Counter:
    return Counter(
        (u, v, d["action"], d["responds_to"]) for u, v, d in g.edges(data=True) if d["kind"] == "responds-to"
    )


def expected(dtl: Dtl, pairs: list[tuple[str, str]]) -> Counter:
    """The edges the links should make: each initiator of the answer to each of the answered."""
    out: Counter = Counter()
    for answer, answered in pairs:
        for u in dtl.show(answer)["by"]:
            for v in dtl.show(answered)["by"]:
                out[(u, v, answer, answered)] += 1
    return out


@pytest.mark.parametrize("suffix", [".graphml", ".json"])
def test_the_file_read_back_holds_one_responds_to_edge_per_initiator_of_each_link(linked, capsys, suffix):
    ids, path = linked.ids, linked.folder / f"answers{suffix}"
    summary = cli_json(capsys, linked.store, "network", "--at", AT, "--links", "-o", str(path))
    g = read(path)
    links = [
        (ids["call-for-expulsion"], ids["threaten"]),
        (ids["threaten"], ids["statement"]),
        (ids["qatar"], ids["rupture"]),
    ]
    assert answers_in(g) == expected(linked.dtl, links)
    assert sum(1 for *_, k in g.edges(keys=True) if k.startswith("responds-to:")) == 2 + 4  # QAT to each of 4
    assert summary["links"] == len(links) == len(linked.dtl.network(AT, links=True)["links"])
    for u, v, d in g.edges(data=True):
        if d["kind"] == "responds-to" and d["action"] == ids["call-for-expulsion"]:
            assert (u, v) == ("ISR", "TUR")
            assert (d["action_type"], d["responds_to_type"]) == ("call-for-expulsion", "threaten")
            assert (d["action_on"], d["responds_to_on"]) == (
                linked.dtl.show(ids["call-for-expulsion"])["on"],
                linked.dtl.show(ids["threaten"])["on"],
            )
    assert g.has_edge("TUR", "TUR")  # Erdogan's threat answered his own statement: a self-loop
    assert g.graph["links"] is True


def test_the_measure_edges_are_the_same_with_or_without_links(linked):
    plain = linked.dtl.network(AT)
    both = linked.dtl.network(AT, links=True)
    assert plain["links"] is None and both["edges"] == plain["edges"]
    g = read_bytes(network_bytes(both, "graphml"), linked.folder / "g.graphml")
    measures = Counter((u, v, d["aspect"]) for u, v, d in g.edges(data=True) if d["kind"] == "measure")
    assert measures == Counter((e["source"], e["target"], e["aspect"]) for e in plain["edges"])
    assert {n["id"] for n in plain["nodes"]} <= set(g.nodes) and {"QAT", "SAU"} <= set(g.nodes)


def read_bytes(content: bytes, path: Path):
    path.write_bytes(content)
    return read(path)


def test_without_links_no_responds_to_edge_is_written(linked, capsys):
    path = linked.folder / "relations.graphml"
    summary = cli_json(capsys, linked.store, "network", "--at", AT, "-o", str(path))
    g = read(path)
    assert "links" not in summary and answers_in(g) == Counter() and g.graph["links"] is False
    assert {d["kind"] for _, _, d in g.edges(data=True)} == {"measure"}


def test_only_answers_that_may_have_happened_by_the_day_are_linked(linked):
    ids = linked.ids
    links = linked.dtl.network("2024-06-30", links=True)["links"]
    assert [(x["action"], x["responds_to"]) for x in links] == [(ids["qatar"], ids["rupture"])]
    assert links[0]["by"] == ["QAT"] and links[0]["responds_to_by"] == ["SAU", "ARE", "BHR", "EGY"]


def test_a_link_recorded_later_is_not_known_before(linked):
    ids = linked.ids
    linked.clock.set("2024-08-07T09:00:00")
    later = linked.dtl.record(KATZ)["recorded"][0]
    linked.dtl.link(later, ids["threaten"])
    before = linked.dtl.network(AT, as_known_at="2024-08-06T12:00:00", links=True)["links"]
    after = linked.dtl.network(AT, links=True)["links"]
    assert (later, ids["threaten"]) not in {(x["action"], x["responds_to"]) for x in before}
    assert (later, ids["threaten"]) in {(x["action"], x["responds_to"]) for x in after}
    assert linked.dtl.network(AT, as_known_at="2024-08-05T12:00:00", links=True)["links"] == []


def test_a_retracted_action_or_one_the_grade_leaves_out_takes_its_links_with_it(linked):
    ids = linked.ids
    graded = linked.dtl.network(AT, min_grade="B2", links=True)["links"]  # the threat rests on B3
    assert [(x["action"], x["responds_to"]) for x in graded] == [(ids["qatar"], ids["rupture"])]
    linked.dtl.retract(ids["rupture"], "test: supposed withdrawn")
    kept = linked.dtl.network(AT, links=True)["links"]
    assert {(x["action"], x["responds_to"]) for x in kept} == {
        (ids["call-for-expulsion"], ids["threaten"]),
        (ids["threaten"], ids["statement"]),
    }


def test_links_is_a_flag_the_cli_refuses_a_value_for(linked, capsys):
    run = cli(capsys, linked.store, "network", "--at", AT, "--links=yes", "-o", str(linked.folder / "g.json"))
    assert run.code == 2 and "--links" in run.err and list(linked.folder.iterdir()) == []
