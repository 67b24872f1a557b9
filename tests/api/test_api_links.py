"""The causal links over HTTP, as the CLI gives them: each timeline action's `responds_to` (in
JSON and in the CSV rows), and `links=true` on the network route (its JSON `links`, and edges of
kind responds-to in its GraphML). Israel's call for NATO to expel Turkey answered Erdogan's
threat (the seed report, 2024-07)."""

from __future__ import annotations

import csv
import io

import networkx as nx

from tests.api.support import record_seed_story


def linked(dtl, clock) -> dict[str, str]:
    ids = record_seed_story(dtl)
    clock.set("2024-08-06T09:00:00")
    dtl.link(ids["call-for-expulsion"], ids["threaten"])
    return ids


def answered(actions: list[dict], action_id: str) -> list[str]:
    (action,) = [a for a in actions if a["id"] == action_id]
    return action["responds_to"]


def test_each_timeline_action_says_what_it_answered_as_known_at_the_time_asked(client, dtl, clock):
    ids = linked(dtl, clock)
    now = client.get("/v1/timeline", params={"pair": "TUR,ISR"})
    assert now.status_code == 200, now.text
    assert answered(now.json()["actions"], ids["call-for-expulsion"]) == [ids["threaten"]]
    assert answered(now.json()["actions"], ids["threaten"]) == []
    before = client.get("/v1/timeline", params={"pair": "TUR,ISR", "as_known_at": "2024-08-05"})
    assert answered(before.json()["actions"], ids["call-for-expulsion"]) == []
    assert now.json()["actions"] == dtl.timeline(pair=("TUR", "ISR"))


def test_the_timelines_csv_rows_carry_the_links(client, dtl, clock):
    ids = linked(dtl, clock)
    response = client.get("/v1/timeline", params={"pair": "TUR,ISR"}, headers={"Accept": "text/csv"})
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(response.text))}
    assert rows[ids["call-for-expulsion"]]["responds_to"] == ids["threaten"]
    assert rows[ids["threaten"]]["responds_to"] == ""


def test_the_network_gives_the_links_only_when_asked(client, dtl, clock):
    ids = linked(dtl, clock)
    plain = client.get("/v1/network", params={"at": "2024-08-01"}).json()
    asked = client.get("/v1/network", params={"at": "2024-08-01", "links": "true"}).json()
    assert plain["links"] is None and asked["edges"] == plain["edges"]
    assert [(x["action"], x["responds_to"], x["by"], x["responds_to_by"]) for x in asked["links"]] == [
        (ids["call-for-expulsion"], ids["threaten"], ["ISR"], ["TUR"])
    ]
    assert asked == dtl.network("2024-08-01", links=True) | {"position": asked["position"]}


def test_the_network_graphml_holds_the_links_as_responds_to_edges(client, dtl, clock, tmp_path):
    ids = linked(dtl, clock)
    response = client.get("/v1/network", params={"at": "2024-08-01", "links": "true", "format": "graphml"})
    assert response.headers["content-type"].startswith("application/graphml+xml")
    path = tmp_path / "answers.graphml"
    path.write_bytes(response.content)
    g = nx.read_graphml(path, force_multigraph=True)
    answers = [(u, v, d) for u, v, d in g.edges(data=True) if d["kind"] == "responds-to"]
    assert [(u, v, d["action"], d["responds_to"]) for u, v, d in answers] == [
        ("ISR", "TUR", ids["call-for-expulsion"], ids["threaten"])
    ]
