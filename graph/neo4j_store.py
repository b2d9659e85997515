"""The Neo4j 5 backend, through the official driver: the same writer and the same ``cypher/`` files.

* the writer's ``apply_document`` query runs in one write transaction (whole or nothing);
* every read runs in a READ-mode session with a transaction timeout; a standalone or clustered
  Neo4j refuses a write in a READ-mode transaction;
* ad-hoc text is first run under ``EXPLAIN`` and refused unless the plan's query type is ``r``
  (read-only) — a second guard besides the access mode;
* schema DDL from :func:`graph.schema.neo4j_statements` (constraints and indexes), once per open.

Credentials come from ``NEO4J_USER`` / ``NEO4J_PASSWORD``; the database from ``NEO4J_DATABASE``
(default: the server's default database).
"""

from __future__ import annotations

import os
import time
from typing import Any

from graph import schema
from graph.base import MAX_TIMEOUT_MS, CypherStore, clean_value
from graph.store import QueryError, QueryResult, StoreError

_TIMEOUT_CODES = ("TransactionTimedOut", "TransactionTimedOutClientConfiguration")
_WRITE_CODES = ("AccessMode", "ForbiddenOnReadOnlyDatabase", "WriteOnReadOnlyAccessDbException")


def to_json(value: Any) -> Any:
    """A driver value as plain JSON (no element ids)."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {**{k: to_json(v) for k, v in value.items()}, "_labels": sorted(value.labels)}
    if isinstance(value, Relationship):
        return {**{k: to_json(v) for k, v in value.items()}, "_type": value.type}
    if isinstance(value, Path):
        return {"nodes": [to_json(n) for n in value.nodes],
                "relationships": [to_json(r) for r in value.relationships]}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def classify(err: Exception) -> QueryError:
    """A driver error as the QueryError the API answers with a 4xx."""
    code = getattr(err, "code", "") or ""
    message = getattr(err, "message", None) or str(err)
    if any(c in code for c in _TIMEOUT_CODES):
        return QueryError("timeout", "the query ran out of time")
    if any(c in code for c in _WRITE_CODES):
        return QueryError("write", "the query would change the graph; only reading queries are allowed")
    if "ParameterMissing" in code:
        return QueryError("parameter", message)
    return QueryError("syntax", message)


class Neo4jStore(CypherStore):
    """A store on a Neo4j 5 server (``neo4j://host:7687`` or ``bolt://host:7687``)."""

    def __init__(self, url: str, user: str, password: str, *, database: str | None = None):
        import neo4j

        self.url = url
        self.database = database or os.environ.get("NEO4J_DATABASE") or None
        try:
            self._driver = neo4j.GraphDatabase.driver(url, auth=(user, password))
            self._driver.verify_connectivity()
            with self._driver.session(database=self.database) as session:
                for statement in schema.neo4j_statements():
                    session.run(statement).consume()
            self.ensure_forms()
            self.remove_incomplete()
            self.ensure_counts()
            self.ensure_kept()
            self.ensure_owners()
            self.ensure_grams()
            self.ensure_entries()
            self.ensure_shelves()
        except neo4j.exceptions.Neo4jError as err:
            raise StoreError(f"cannot use the Neo4j store at {url}: {err}") from err
        except neo4j.exceptions.DriverError as err:
            raise StoreError(f"cannot reach the Neo4j store at {url}: {err}") from err

    # ---- primitives
    def _run_read(self, query: str, params: dict[str, Any], timeout_ms: int,
                  row_cap: int | None = None) -> QueryResult:
        import neo4j

        started = time.perf_counter()
        with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
            result = session.run(neo4j.Query(query, timeout=timeout_ms / 1000), params)
            columns = list(result.keys())
            rows: list[dict[str, Any]] = []
            truncated = False
            for record in result:
                if row_cap is not None and len(rows) >= row_cap:
                    truncated = True
                    break
                rows.append({k: clean_value(to_json(record[k])) for k in columns})
            result.consume()
        return QueryResult(columns=columns, rows=rows, truncated=truncated, elapsed_ms=self._timed(started))

    def _read(self, query: str, params: dict[str, Any], timeout_ms: int = MAX_TIMEOUT_MS) -> QueryResult:
        return self._run_read(query, params, timeout_ms)

    def _write(self, query: str, params: dict[str, Any]) -> QueryResult:
        import neo4j

        started = time.perf_counter()

        def work(tx):
            result = tx.run(query, params)
            columns = list(result.keys())
            rows = [{k: to_json(r[k]) for k in columns} for r in result]
            return columns, rows

        try:
            with self._driver.session(database=self.database) as session:
                columns, rows = session.execute_write(work)
        except neo4j.exceptions.Neo4jError as err:
            raise StoreError(f"write failed: {err}") from err
        return QueryResult(columns=columns, rows=rows, elapsed_ms=self._timed(started))

    def _user_read(self, query: str, params: dict[str, Any], timeout_ms: int, row_cap: int) -> QueryResult:
        import neo4j

        try:
            return self._run_read(query, params, timeout_ms, row_cap)
        except neo4j.exceptions.Neo4jError as err:
            raise classify(err) from err

    def _check_readonly(self, query: str, params: dict[str, Any]) -> None:
        import neo4j

        try:
            with self._driver.session(database=self.database,
                                      default_access_mode=neo4j.READ_ACCESS) as session:
                summary = session.run(neo4j.Query("EXPLAIN " + query, timeout=10), params).consume()
        except neo4j.exceptions.Neo4jError as err:
            raise classify(err) from err
        if summary.query_type != "r":
            raise QueryError("write", "the query would change the graph; only reading queries are allowed")

    # ---- lifecycle
    def ping(self) -> bool:
        try:
            self._driver.verify_connectivity()
            return True
        except Exception:
            return False

    def close(self) -> None:
        self._driver.close()
