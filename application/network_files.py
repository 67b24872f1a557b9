"""The network answer as files other tools read: GraphML (Gephi, yEd, networkx) and
node-link JSON (networkx, d3). Written by networkx, so what it reads back is what we meant."""

from __future__ import annotations

import io
import json
from typing import Any

FORMATS = {".graphml": "graphml", ".json": "json"}


def graph(data: dict[str, Any]):
    import networkx as nx

    g = nx.MultiDiGraph(at=data["at"], aspect=data["aspect"] or "", min_grade=data["min_grade"] or "")
    for node in data["nodes"]:
        g.add_node(node["id"], name=node["name"], kind=node["kind"])
    for edge in data["edges"]:
        g.add_edge(
            edge["source"], edge["target"], key=f"{edge['aspect']}:{edge['opened_by']}",
            aspect=edge["aspect"], status=edge["status"], mutual=edge["mutual"],
            # GraphML holds scalars only: several initiators are one comma-separated value.
            initiators=",".join(edge["initiators"]), forum=edge["forum"] or "",
            since=edge["since"], opened_by=edge["opened_by"],
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
