"""networkx over the stored graph: GraphML for Gephi, and the analyses users ask for.

* :func:`to_networkx` — the graph as a ``MultiDiGraph`` (nodes keyed by ``uid``; ``label`` and
  ``name`` attributes; relationships keyed by their type);
* :func:`write_graphml` — GraphML that Gephi opens (lists joined with ``|``, nulls dropped);
* :func:`bureau_centrality` — bureaus in the co-responsibility network (two bureaus are linked
  when they are responsible for the same project, weighted by how many): degree, weighted degree
  and betweenness centrality, and the number of projects of each;
* :func:`shared_bureaus` — pairs of projects that share responsible bureaus.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import networkx as nx

from graph.store import GraphStore


def to_networkx(store: GraphStore, *, with_text: bool = False) -> nx.MultiDiGraph:
    nodes, relationships = store.dump_graph(with_text=with_text)
    g = nx.MultiDiGraph()
    for n in nodes:
        attrs = {k: v for k, v in n.items() if k != "_labels"}
        labels = n.get("_labels") or []
        attrs["label"] = labels[0] if labels else ""
        attrs.setdefault("name", n.get("name") or n.get("heading") or n.get("file") or n.get("stage")
                         or str(n.get("value", "")) or n.get("uid"))
        g.add_node(n["uid"], **attrs)
    for r in relationships:
        if r["source"] in g and r["target"] in g:
            attrs = {k: v for k, v in r.items() if k not in ("source", "target", "_type")}
            g.add_edge(r["source"], r["target"], key=r["type"], **attrs)  # attrs keep "type"
    return g


def _graphml_value(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value)
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def write_graphml(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write GraphML for Gephi (attribute values made scalar; one type per attribute)."""
    out = nx.MultiDiGraph()
    types: dict[str, type] = {}

    def scalar(attrs: dict[str, Any]) -> dict[str, Any]:
        res = {}
        for k, v in attrs.items():
            if v is None:
                continue
            v = _graphml_value(v)
            if types.setdefault(k, type(v)) is not type(v):
                v = str(v)
                types[k] = str
            res[k] = v
        return res

    for n, attrs in graph.nodes(data=True):
        out.add_node(n, **scalar(attrs))
    for a, b, key, attrs in graph.edges(keys=True, data=True):
        out.add_edge(a, b, key=key, **scalar({**attrs, "type": key}))
    # a second pass so every value of an attribute has the type GraphML declares for it
    for _, attrs in out.nodes(data=True):
        for k, v in attrs.items():
            if types.get(k) is str and not isinstance(v, str):
                attrs[k] = str(v)
    for _, _, attrs in out.edges(data=True):
        for k, v in attrs.items():
            if types.get(k) is str and not isinstance(v, str):
                attrs[k] = str(v)
    path = Path(path)
    nx.write_graphml(out, path)
    return path


def _ownership(graph: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Project uid → the uids of the bureaus responsible for it."""
    owners: dict[str, set[str]] = {}
    for a, b, key in graph.edges(keys=True):
        if key == "OWNED_BY":
            owners.setdefault(a, set()).add(b)
    return owners


def bureau_centrality(graph: nx.MultiDiGraph, top: int = 20) -> list[dict[str, Any]]:
    """Bureaus ranked by betweenness in the co-responsibility network, then by projects."""
    owners = _ownership(graph)
    co = nx.Graph()
    projects: dict[str, int] = {}
    for bureaus in owners.values():
        for b in bureaus:
            projects[b] = projects.get(b, 0) + 1
            co.add_node(b)
        for a, b in itertools.combinations(sorted(bureaus), 2):
            w = co.get_edge_data(a, b, {"weight": 0})["weight"]
            co.add_edge(a, b, weight=w + 1)
    if co.number_of_nodes() == 0:
        return []
    betweenness = nx.betweenness_centrality(co)
    degree = nx.degree_centrality(co) if co.number_of_nodes() > 1 else dict.fromkeys(co, 0.0)
    rows = [{
        "uid": b, "bureau": graph.nodes[b].get("name", b), "projects": projects.get(b, 0),
        "partners": co.degree(b), "shared_projects": co.degree(b, weight="weight"),
        "degree_centrality": round(degree[b], 4), "betweenness": round(betweenness[b], 4),
    } for b in co.nodes]
    rows.sort(key=lambda r: (-r["betweenness"], -r["projects"], r["bureau"]))
    return rows[:top]


def shared_bureaus(graph: nx.MultiDiGraph, top: int = 50) -> list[dict[str, Any]]:
    """Pairs of projects with at least one responsible bureau in common, most shared first."""
    owners = _ownership(graph)
    rows = []
    for a, b in itertools.combinations(sorted(owners), 2):
        common = owners[a] & owners[b]
        if common:
            rows.append({
                "project_a": graph.nodes[a].get("name", a), "project_b": graph.nodes[b].get("name", b),
                "shared": len(common),
                "bureaus": sorted(graph.nodes[x].get("name", x) for x in common),
            })
    rows.sort(key=lambda r: (-r["shared"], r["project_a"], r["project_b"]))
    return rows[:top]
