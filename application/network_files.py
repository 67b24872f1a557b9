"""The network answer as files other tools read: GraphML (Gephi, yEd, networkx) and
node-link JSON (networkx, d3). Written by networkx, so what it reads back is what we meant.

Every edge says its `kind`: `measure` (a relationship in force on the day, from its holder) or,
with `dtl network --links`, `responds-to` (an action answered another: from each of the
answering action's initiators to each of the answered action's, carrying both actions' ids,
types and dates). Actors stay the only nodes, so degree and centrality still count actors, and
a filter on `kind` (Gephi's edge filter, `nx.subgraph_view`) keeps one kind apart.
"""

from __future__ import annotations

import io
import json
from typing import Any

FORMATS = {".graphml": "graphml", ".json": "json"}
MEASURE, RESPONDS_TO = "measure", "responds-to"


def graph(data: dict[str, Any]):
    import networkx as nx

    links = data.get("links")
    g = nx.MultiDiGraph(
        at=data["at"], aspect=data["aspect"] or "", min_grade=data["min_grade"] or "", links=links is not None
    )
    for node in data["nodes"]:
        g.add_node(node["id"], name=node["name"], kind=node["kind"])
    for edge in data["edges"]:
        g.add_edge(
            edge["source"], edge["target"], key=f"{edge['aspect']}:{edge['opened_by']}", kind=MEASURE,
            aspect=edge["aspect"], status=edge["status"], mutual=edge["mutual"],
            # GraphML holds scalars only: several initiators are one comma-separated value.
            initiators=",".join(edge["initiators"]), forum=edge["forum"] or "",
            since=edge["since"], opened_by=edge["opened_by"],
        )  # fmt: skip
    for link in links or []:
        for source in link["by"]:
            for target in link["responds_to_by"]:
                g.add_edge(
                    source, target, key=f"{RESPONDS_TO}:{link['action']}:{link['responds_to']}",
                    kind=RESPONDS_TO, action=link["action"], action_type=link["action_type"],
                    action_on=link["action_on"], responds_to=link["responds_to"],
                    responds_to_type=link["responds_to_type"], responds_to_on=link["responds_to_on"],
                )  # fmt: skip
    return g


def network_bytes(data: dict[str, Any], fmt: str) -> bytes:
    import networkx as nx

    g = graph(data)
    if fmt == "graphml":
        out = io.BytesIO()
        nx.write_graphml(g, out, encoding="utf-8")
        return out.getvalue()
    return (json.dumps(nx.node_link_data(g, edges="edges"), ensure_ascii=False, indent=2) + "\n").encode()
