"""graph: facts → store. The store interface, its two backends, schema, named queries, export.

Open a store from its URL::

    from graph import open_store
    with open_store() as store:                      # POLICYKG_STORE or falkordb:./data/policykg
        print(store.stats().nodes)

URLs: ``falkordb:DIR`` (embedded FalkorDB; the server runs while a store is open), and
``neo4j://HOST:PORT`` / ``bolt://HOST:PORT`` (Neo4j 5; credentials from ``NEO4J_USER`` /
``NEO4J_PASSWORD``).
"""

from __future__ import annotations

import os

from graph.store import (
    GraphStore,
    QueryError,
    QueryResult,
    StoreError,
    StoreStats,
    UnlinkedDocument,
    WriteSummary,
)

DEFAULT_URL = "falkordb:./data/policykg"

__all__ = ["DEFAULT_URL", "GraphStore", "QueryError", "QueryResult", "StoreError", "StoreStats",
           "UnlinkedDocument", "WriteSummary", "open_store", "store_url"]


def store_url(url: str | None = None) -> str:
    """The store URL in force: the argument, else ``POLICYKG_STORE``, else the default."""
    return url or os.environ.get("POLICYKG_STORE") or DEFAULT_URL


def open_store(url: str | None = None) -> GraphStore:
    """Open (and for the embedded backend, start or reattach to) the store at ``url``."""
    url = store_url(url)
    scheme, sep, rest = url.partition(":")
    if not sep:
        raise StoreError(f"not a store URL: {url!r} (try falkordb:./data/policykg or neo4j://host:7687)")
    if scheme == "falkordb":
        from graph.falkordb_store import FalkorDBStore

        if not rest:
            raise StoreError("falkordb: needs a data directory, e.g. falkordb:./data/policykg")
        return FalkorDBStore(rest, url=url)
    if scheme in ("neo4j", "bolt", "neo4j+s", "bolt+s", "neo4j+ssc", "bolt+ssc"):
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore(url, os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""))
    raise StoreError(f"unknown store scheme {scheme!r} in {url!r} (falkordb:DIR, neo4j://…, bolt://…)")
