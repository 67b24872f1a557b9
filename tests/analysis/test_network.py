"""`dtl network --at D -o FILE.graphml|.json`: actors as nodes, the measures in force as
typed, directed edges; the files load in networkx with the same edges as the answer, and a
failed write leaves nothing half-written."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pytest

from dtl.application.facade import Dtl
from tests.analysis.support import Recorded, cli, cli_json, record_seed_story, refused, without
from tests.support import FakeClock

AT = "2024-03-01"


@dataclass
class Seeded:
    dtl: Dtl
    store: str
    actions: list[Recorded]
    folder: Path


@pytest.fixture
def seeded(tmp_path) -> Iterator[Seeded]:
    store = str(tmp_path / "dtl.sqlite3")
    folder = tmp_path / "out"
    folder.mkdir()
    with Dtl(store, clock=FakeClock()) as dtl:
        yield Seeded(dtl, store, record_seed_story(dtl), folder)


def answer_edges(answer: dict) -> Counter:
    return Counter((e["source"], e["target"], e["aspect"]) for e in answer["edges"])


def graph_edges(g) -> Counter:
    return Counter((u, v, data["aspect"]) for u, v, data in g.edges(data=True))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_the_graphml_file_read_back_by_networkx_has_the_same_edges_as_the_answer(seeded, capsys):
    path = seeded.folder / "relations.graphml"
    summary = cli_json(capsys, seeded.store, "network", "--at", AT, "-o", str(path))
    answer = seeded.dtl.network(AT)

    g = nx.read_graphml(path, force_multigraph=True)

    assert g.is_directed()
    assert graph_edges(g) == answer_edges(answer) and sum(answer_edges(answer).values()) > 0
    assert set(g.nodes) == {n["id"] for n in answer["nodes"]}
    for node in answer["nodes"]:
        assert (g.nodes[node["id"]]["name"], g.nodes[node["id"]]["kind"]) == (node["name"], node["kind"])
    by_key = {(e["source"], e["target"], e["aspect"], e["opened_by"]): e for e in answer["edges"]}
    for u, v, data in g.edges(data=True):
        edge = by_key[(u, v, data["aspect"], data["opened_by"])]
        assert data["initiators"].split(",") == edge["initiators"]
        assert (data["since"], data["status"], data["mutual"]) == (
            edge["since"],
            edge["status"],
            edge["mutual"],
        )
    assert summary["path"] == str(path) and summary["format"] == "graphml"
    assert (summary["nodes"], summary["edges"]) == (len(answer["nodes"]), len(answer["edges"]))
    assert leftovers(seeded.folder) == []


def test_the_json_file_is_node_link_data_networkx_reads_with_the_same_edges(seeded, capsys):
    path = seeded.folder / "relations.json"
    run = cli(capsys, seeded.store, "network", "--at", AT, "-o", str(path))
    assert run.code == 0 and f"wrote {path} (json)" in run.out

    g = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")

    answer = seeded.dtl.network(AT)
    assert g.is_directed() and g.is_multigraph()
    assert graph_edges(g) == answer_edges(answer)
    assert set(g.nodes) == {n["id"] for n in answer["nodes"]}
    assert g.graph["at"] == AT


def test_the_edges_are_the_measures_in_force_that_day_between_every_pair(seeded):
    answer = seeded.dtl.network(AT)
    pairs = {tuple(p) for a in seeded.dtl.timeline() for p in a["pairs"]}
    in_force = Counter()
    for a, b in pairs:
        for m in seeded.dtl.state(a, b, AT)["measures"]:
            if tuple(m["pair"]) == (a, b):  # not those one side holds on a pair with the other
                in_force[(m["events"][0], m["aspect"], m["status"])] += 1
    assert Counter((e["opened_by"], e["aspect"], e["status"]) for e in answer["edges"]) == in_force
    for edge in answer["edges"]:
        opened = next(a for a in seeded.actions if a.id == edge["opened_by"])
        assert edge["initiators"] == opened.raw["by"].split(",")
        assert [s["name"] for s in edge["sources"]] == [s["name"] for s in opened.raw["sources"]]
    nodes = {n["id"] for n in answer["nodes"]}
    assert nodes == {e["source"] for e in answer["edges"]} | {e["target"] for e in answer["edges"]}


def test_a_membership_points_from_the_member_and_a_partnership_is_mutual(seeded):
    answer = seeded.dtl.network(AT)
    members = seeded.dtl.roster("NATO", AT)["members"]
    assert sorted(e["source"] for e in answer["edges"] if e["aspect"] == "membership") == members
    assert {e["target"] for e in answer["edges"] if e["aspect"] == "membership"} == {"NATO"}
    (partnership,) = [e for e in answer["edges"] if e["aspect"] == "partnership"]
    assert partnership["mutual"] is True and {partnership["source"], partnership["target"]} == {"NATO", "ISR"}
    assert all(not e["mutual"] for e in answer["edges"] if e["aspect"] != "partnership")


def test_the_engagement_veto_aspect_alone_is_turkeys_veto_of_israel(seeded, capsys):
    veto = next(a for a in seeded.actions if a.raw["type"] == "veto-engagement")
    path = seeded.folder / "vetoes.graphml"
    summary = cli_json(
        capsys, seeded.store, "network", "--at", AT, "--aspect", "engagement-veto", "-o", str(path)
    )
    g = nx.read_graphml(path, force_multigraph=True)
    assert list(graph_edges(g)) == [(veto.raw["by"], veto.raw["target"], "engagement-veto")]
    assert sorted(g.nodes) == sorted([veto.raw["by"], veto.raw["target"]])
    (edge,) = seeded.dtl.network(AT, aspect="engagement-veto")["edges"]
    assert (edge["opened_by"], edge["forum"], edge["since"]) == (veto.id, veto.raw["forum"], veto.raw["on"])
    assert summary["edges"] == 1
    before = seeded.dtl.network("2023-09-01", aspect="engagement-veto")
    assert before["edges"] == [] and before["nodes"] == []


def test_a_measure_held_by_a_third_party_points_at_its_target_not_at_the_forum(seeded):
    for day, kind, aspect in (
        ("2024-08-01", "demands", "expulsion-demand"),
        ("2022-06-01", "blocks", "accession-block"),
    ):
        roster = seeded.dtl.roster("NATO", day)
        expected = Counter((item["by"], item["target"], aspect) for item in roster[kind])
        assert expected, f"the seed story has {kind} at {day}"
        assert answer_edges(seeded.dtl.network(day, aspect=aspect)) == expected


def test_the_network_as_known_before_the_report_has_no_veto(store_url):
    from dtl.application import seed_story

    clock = FakeClock()
    with Dtl(store_url, clock=clock) as dtl:
        clock.set("2024-07-01T12:00:00")
        dtl.import_lines([(n, json.dumps(r)) for n, r in enumerate(seed_story.background(), 1)])
        clock.set("2024-08-02T12:00:00")
        dtl.import_lines([(n, json.dumps(r)) for n, r in enumerate(seed_story.report(), 1)])
        now = dtl.network(AT)
        then = dtl.network(AT, as_known_at="2024-07-15")
        assert ("TUR", "ISR", "engagement-veto") in answer_edges(now)
        assert answer_edges(then) == answer_edges(now) - Counter({("TUR", "ISR", "engagement-veto"): 1})


# -- refusals and failed writes ------------------------------------------------------------------
def test_an_unknown_aspect_is_bad_input_and_writes_no_file(seeded, capsys):
    path = seeded.folder / "x.graphml"
    message = refused(capsys, seeded.store, "network", "--at", AT, "--aspect", "friendship", "-o", str(path))
    assert message.startswith("aspect: ") and "engagement-veto" in message
    assert list(seeded.folder.iterdir()) == []


@pytest.mark.parametrize("name", ["relations.txt", "relations.gml", "relations", "relations.graphml.bak"])
def test_an_output_that_is_neither_graphml_nor_json_is_refused(seeded, capsys, name):
    message = refused(capsys, seeded.store, "network", "--at", AT, "-o", str(seeded.folder / name))
    assert message.startswith("output: ") and ".graphml" in message
    assert list(seeded.folder.iterdir()) == []


def test_the_suffix_may_be_in_capitals(seeded, capsys):
    path = seeded.folder / "RELATIONS.GRAPHML"
    cli_json(capsys, seeded.store, "network", "--at", AT, "-o", str(path))
    assert graph_edges(nx.read_graphml(path, force_multigraph=True)) == answer_edges(seeded.dtl.network(AT))


@pytest.mark.parametrize(
    ("args", "field"), [(["--at", "2024-03"], "at"), (["--at", AT, "--as-known-at", "soon"], "as-known-at")]
)
def test_a_bad_day_is_refused_and_writes_no_file(seeded, capsys, args, field):
    message = refused(capsys, seeded.store, "network", *args, "-o", str(seeded.folder / "x.json"))
    assert message.startswith(f"{field}: ")
    assert list(seeded.folder.iterdir()) == []


def test_a_folder_that_does_not_exist_is_refused(seeded, capsys):
    missing = seeded.folder / "nowhere"
    message = refused(capsys, seeded.store, "network", "--at", AT, "-o", str(missing / "x.json"))
    assert message.startswith("output: ") and str(missing) in message
    assert list(seeded.folder.iterdir()) == []


def test_a_file_that_cannot_be_put_in_place_leaves_no_temporary_file_behind(seeded, capsys):
    taken = seeded.folder / "relations.graphml"
    taken.mkdir()  # a folder where the file should go: the final rename fails
    (taken / "keep.txt").write_text("untouched")
    message = refused(capsys, seeded.store, "network", "--at", AT, "-o", str(taken))
    assert message.startswith("output: ") and str(taken) in message
    assert leftovers(seeded.folder) == [] and sorted(p.name for p in seeded.folder.iterdir()) == [taken.name]
    assert (taken / "keep.txt").read_text() == "untouched"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a folder nobody can write in (/proc)")
def test_a_folder_nobody_can_write_in_is_refused_on_one_line(seeded, capsys):
    message = refused(capsys, seeded.store, "network", "--at", AT, "-o", "/proc/relations.graphml")
    assert message.startswith("output: ") and "/proc" in message
    assert not Path("/proc/relations.graphml").exists()


def test_writing_over_an_earlier_file_replaces_it_whole(seeded, capsys):
    path = seeded.folder / "relations.json"
    cli_json(capsys, seeded.store, "network", "--at", AT, "--aspect", "engagement-veto", "-o", str(path))
    first = json.loads(path.read_text())
    cli_json(capsys, seeded.store, "network", "--at", AT, "-o", str(path))
    second = nx.node_link_graph(json.loads(path.read_text()), edges="edges")
    assert (
        graph_edges(second)
        == answer_edges(seeded.dtl.network(AT))
        != graph_edges(nx.node_link_graph(first, edges="edges"))
    )
    assert leftovers(seeded.folder) == []


def test_the_network_json_summary_matches_the_facade_and_text_says_what_was_written(seeded, capsys):
    path = seeded.folder / "r.graphml"
    summary = cli_json(capsys, seeded.store, "network", "--at", AT, "-o", str(path))
    answer = seeded.dtl.network(AT)
    assert without(summary, "path", "format", "position") == {
        "nodes": len(answer["nodes"]), "edges": len(answer["edges"]), "left_out": 0,
    }  # fmt: skip
    run = cli(capsys, seeded.store, "network", "--at", AT, "-o", str(path))
    assert run.code == 0
    assert f"{len(answer['nodes'])} actors, {len(answer['edges'])} measures in force on {AT}" in run.out
