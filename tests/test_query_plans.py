"""Every named query starts from an index (issue 11), checked on the engine's own plans.

Each named query (public and internal) is planned by FalkorDB (``GRAPH.EXPLAIN``, which plans and
does not run) on a small real store. A plan's leaves are where its rows come from: an index
lookup reads what the query asks for, a label scan reads every node of a label, an all-node scan
every node. No query may scan every node, and a label scan is allowed only where it is listed
below with the reason it stays (docs/stores.md, "Still scanning a label"): a plan holds every
branch of a UNION, so a query whose filtered branch scans lists it even though its other
branches start from an index. A new query, or a changed one, that reads a whole label fails here
until it starts from an index or says why it cannot.
"""

from __future__ import annotations

from typing import Any

import pytest

from graph.synthetic import sample_parameters, synthetic_document

# query -> the labels it may scan, and why
LABEL_SCANS: dict[str, dict[str, str]] = {
    "api_bureaus": {"Bureau": "the page without a name: one node per unit, however many reports"},
    "api_metrics": {"Metric": "the page without a name: one node per indicator, however many reports"},
    "bureaus_ranked": {"Bureau": "sorted by the counts the writer keeps on each unit"},
    "viz_top_bureaus": {"Bureau": "sorted by the counts the writer keeps on each unit"},
    "api_projects": {"Project": "a kind alone: most projects share a common kind"},
    "api_projects_related": {"Project": "a kind alone: most projects share a common kind"},
    "viz_top_projects": {"Project": "fewer than `limit` projects reach the lowest degree floor"},
    "count_documents": {"Document": "a store without the Counts node (written before the totals)"},
    "stats": {"Year": "the NEXT links between years, which no writer counts (as few as the years)"},
    "metric_series": {"Year": "the years, to read the series' buckets in order (as few as the years)"},
    "api_metric_series": {"Year": "the years, to read the series' buckets in order (as few as the years)"},
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    from graph import open_store

    s = open_store(f"falkordb:{tmp_path_factory.mktemp('plans-store')}")
    try:
        for i in range(3):
            s.write_document(synthetic_document(i))
        yield s
    finally:
        s.close()


@pytest.fixture(scope="module")
def parameters(store: Any) -> dict[str, dict[str, Any]]:
    return sample_parameters(store)


def _leaves(store: Any, query: Any, params: dict[str, Any]) -> set[tuple[str, str]]:
    """(operation, label) of every scan in the plan (``Node By Label Scan | (p:Project)``)."""
    from graph.falkordb_store import GRAPH_NAME

    header = store._graph._build_params_header(query.bind(params))
    plan = store._db.connection.execute_command("GRAPH.EXPLAIN", GRAPH_NAME, header + query.text)
    out = set()
    for line in plan:
        op, _, rest = (line.decode() if isinstance(line, bytes) else str(line)).strip().partition(" | ")
        if "Scan" in op:
            label = rest.partition(":")[2].partition(")")[0] if ":" in rest else ""
            out.add((op.strip(), label))
    return out


def _every_named() -> list[Any]:
    from graph.queries import all_named

    return [q for _, q in sorted(all_named().items())]


@pytest.mark.parametrize("query", _every_named(), ids=lambda q: q.name)
def test_a_named_query_starts_from_an_index(store: Any, parameters: dict, query: Any) -> None:
    leaves = _leaves(store, query, parameters[query.name])
    assert not [op for op, _ in leaves if op == "All Node Scan"], f"{query.name} reads every node"
    scanned = {label for op, label in leaves if op == "Node By Label Scan"}
    allowed = set(LABEL_SCANS.get(query.name, {}))
    extra = sorted(scanned - allowed)
    assert not extra, f"{query.name} scans {extra}: start from an index, or list why"


def test_the_list_of_label_scans_is_not_stale(store: Any, parameters: dict) -> None:
    """A listed scan that no plan has any more is taken off the list (the list stays the truth)."""
    named = {q.name: q for q in _every_named()}
    for name, labels in LABEL_SCANS.items():
        assert name in named, f"{name} is no named query"
        leaves = _leaves(store, named[name], parameters[name])
        scanned = {label for op, label in leaves if op == "Node By Label Scan"}
        assert set(labels) <= scanned, f"{name} no longer scans {sorted(set(labels) - scanned)}"
