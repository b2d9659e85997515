"""The embedded default backend: FalkorDB in a server process policykg starts and stops.

User queries (named or ad hoc) go through ``GRAPH.RO_QUERY``, which the engine refuses to run
when the query would write, always with a server-side timeout. Ad-hoc text is first checked with
``GRAPH.EXPLAIN`` (an ``EXPLAIN`` sent through GRAPH.QUERY would execute the query). The client's
``socket_timeout`` (120 s) stays above the largest query timeout, so the client never gives up on a
query the server is still running, and is bounded, so a stalled engine fails a call instead of
hanging it.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil
import redis
from falkordb import FalkorDB
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as FalkorPath
from redis.backoff import NoBackoff
from redis.retry import Retry

from graph import schema
from graph.base import INTERNAL_PROPS, MAX_TIMEOUT_MS, CypherStore
from graph.cost_guard import guard_cost
from graph.queries import internal_queries
from graph.server import QUERY_MEM_ENV, EmbeddedServer, readonly_copy, writable
from graph.store import QueryError, QueryResult, StoreError, WriteSummary
from ingest.types import DocumentFacts

GRAPH_NAME = "policykg"
# Bounded: above the longest query timeout (MAX_TIMEOUT_MS, 60 s) and the longest document write
# seen (about 2 s for the largest page), so the client gives up only on a stalled engine, never on
# a query the server is still running; a stall then fails the call instead of hanging the caller.
SOCKET_TIMEOUT_S = 120.0
_WRITING_OPS = frozenset({"Create", "Delete", "Update", "Merge", "Foreach", "Remove"})
# Index upkeep (schema.IndexState): every SET re-indexes a node and the engine never collects the
# old entry, so a node the writer touches on every document (a bureau, a metric, the Counts node)
# gathers thousands of stale entries, and each lookup of it reads them all: at 2,000 synthetic
# documents a write took 27 ms, 19.5 ms once the indexes were built again (bench/store.py). A
# label's index is built again once its stale entries outnumber twice its nodes plus SLACK: the
# rebuild costs time in proportion to the nodes, so spread over the writes that made the stale
# entries it is a constant per write. The states are read every CHECK_EVERY writes.
INDEX_CHECK_EVERY = 32
INDEX_SLACK = 512
# Pending matrix entries: the engine keeps a matrix's new entries in a side matrix and merges them
# into the main one only when a read fetches the matrix and 10,000 or more are waiting
# (DELTA_MAX_PENDING_CHANGES); a write query's own fetches never merge them. A stream of writes
# with no read between them therefore lets them grow past that, and every write that reads a
# matrix after adding to it assembles all of them again (GraphBLAS's
# GB_wait): 650 writes after a server start, 23,000 entries in the node-labels matrix of a
# 10,000-document store against 8,800 in a 100-document one (whose capacity had grown in
# between), and a write 1.2-1.3x the smaller store's. A read every PENDING_FLUSH_EVERY writes
# (cypher/write/flush_pending.cypher) lets the engine merge them at its own threshold: about
# 1 ms, spread over the writes (docs/scale.md, "The engine's step, found").
PENDING_FLUSH_EVERY = 16
# A fresh server met an engine deadlock once in CI on the first schema command of a store being
# opened (FalkorDB 4.16: it took the connection and never answered it, nor SIGTERM; the open
# waited out the socket timeout and its retries). The schema is made through a connection that
# gives up after SCHEMA_STALL_S; a server that then neither answers PING nor uses CPU is hung (a
# busy one does one or the other) and is started again from its log, once.
SCHEMA_STALL_S = 30.0
_OPEN: weakref.WeakSet[FalkorDBStore] = weakref.WeakSet()


def _close_all() -> None:
    for store in list(_OPEN):
        with contextlib.suppress(Exception):
            store.close()


atexit.register(_close_all)


_SCALARS = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """A FalkorDB result value as plain JSON (no engine ids), the store's bookkeeping properties
    left out (``graph.base.clean_value``), in one pass, the value's type looked at once: what a row's
    value is in an answer (the same dicts, keys in the same order). Most values are scalars; the two
    walks this replaces took 1.8 ms for a page of 100 bureau_projects rows and 2.4 ms for 500 metric
    series entries (0.7 and 0.3 ms now)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [v if type(v) in _SCALARS else plain(v) for v in value]
    if kind is dict:
        return {k: plain(v) for k, v in value.items() if k not in INTERNAL_PROPS}
    if isinstance(value, Node):
        out = {k: plain(v) for k, v in (value.properties or {}).items() if k not in INTERNAL_PROPS}
        out["_labels"] = list(value.labels or [])
        return out
    if isinstance(value, Edge):
        out = {k: plain(v) for k, v in (value.properties or {}).items() if k not in INTERNAL_PROPS}
        out["_type"] = value.relation
        return out
    if isinstance(value, FalkorPath):
        return {"nodes": [plain(n) for n in value.nodes()],
                "relationships": [plain(e) for e in value.edges()]}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k not in INTERNAL_PROPS}
    return value


def classify(err: Exception) -> QueryError:
    text = str(err)
    low = text.lower()
    if "timed out" in low or "timeout" in low:
        return QueryError("timeout", "the query ran out of time")
    if "mem consumption exceeded" in low:
        return QueryError("too_complex", "the query needed more memory than the server allows one query "
                                         f"(set when the server starts: {QUERY_MEM_ENV})")
    if "read-only" in low or "read only" in low:
        return QueryError("write", "the query would change the graph; only reading queries are allowed")
    return QueryError("syntax", text.replace("errMsg: ", "").strip())


class FalkorDBStore(CypherStore):
    """A store in ``directory`` (``falkordb:DIR``)."""

    def __init__(self, directory: str | Path, *, url: str | None = None):
        self.directory = Path(directory).expanduser().resolve()
        self.url = url or f"falkordb:{self.directory}"
        # a store directory that cannot be written is read through a private copy of its log:
        # reads work, writes fail naming the cause (readonly)
        self.readonly: str | None = None
        served = self.directory
        if not writable(self.directory):
            self.readonly = f"the store directory {self.directory} is read-only"
            served = readonly_copy(self.directory)
        self.server = EmbeddedServer(served)
        self.server.acquire()
        self._closed = False
        self._lock = threading.RLock()
        self._writes_unchecked = 0
        self._writes_unflushed = 0
        try:
            self._db = FalkorDB(unix_socket_path=str(self.server.socket), socket_timeout=SOCKET_TIMEOUT_S,
                                socket_connect_timeout=10)
            self._graph = self._db.select_graph(GRAPH_NAME)
            self._ensure_schema()
            _OPEN.add(self)
            # before a delete needs them (an incomplete document is removed through them), and on a
            # read-only store's private copy too
            self.ensure_forms()
            self.remove_incomplete()
            # on a read-only store's private copy too: the substring search starts from them
            self.ensure_grams()
            self.ensure_entries()  # the same: a metric's series is grouped by them
            self.ensure_shelves()  # the same: the name-sorted pages walk them
            if not self.readonly:
                self.ensure_counts()
                self.ensure_kept()
                self.ensure_owners()
        except BaseException:
            self.server.release()
            raise

    def _ensure_schema(self) -> None:
        """The indexes and constraints (schema.ensure_falkordb), past a server that hangs on them
        (see SCHEMA_STALL_S): started again once, then a StoreError naming its log."""
        for attempt in range(2):
            conn = redis.Redis(unix_socket_path=str(self.server.socket), socket_timeout=SCHEMA_STALL_S,
                               socket_connect_timeout=10, retry=Retry(NoBackoff(), 0))
            try:
                schema.ensure_falkordb(conn, GRAPH_NAME)
                return
            except redis.TimeoutError:
                if self.server.ping() or self.server.working():  # busy, not hung: wait as any call does
                    schema.ensure_falkordb(self._db.connection, GRAPH_NAME)
                    return
                self.server.end_hung(start_again=not attempt)
                if attempt:
                    raise StoreError("the database server stopped answering while the store opened, twice "
                                     f"(an engine deadlock); see {self.server.logfile}") from None
            finally:
                conn.close()

    # ---- primitives
    def _result(self, res: Any, started: float, row_cap: int | None = None) -> QueryResult:
        header = [h[1] if isinstance(h, (list, tuple)) else h for h in (res.header or [])]
        columns = [c.decode() if isinstance(c, bytes) else str(c) for c in header]
        data = res.result_set or []
        truncated = row_cap is not None and len(data) > row_cap
        if truncated:
            data = data[:row_cap]
        rows = [dict(zip(columns, [v if type(v) in _SCALARS else plain(v) for v in row], strict=False))
                for row in data]
        return QueryResult(columns=columns, rows=rows, truncated=truncated, elapsed_ms=self._timed(started))

    def _revived(self, call: Callable[[], Any], *, blame_query: bool) -> Any:
        """Run ``call``; when the server has stopped (an engine crash, a kill), start it again
        and run it once more. A server that stops again under the same user query was stopped by
        that query (FalkorDB has crashing bugs): it is revived, and the query refused."""
        try:
            return call()
        except redis.ConnectionError:
            if self._closed:
                raise
            self.server.revive()
        try:
            return call()
        except redis.ConnectionError as err:
            self.server.revive()
            if blame_query:
                raise QueryError("crashed", "the database engine stopped while running this query (an "
                                            "engine bug); it has been restarted, nothing is lost") from err
            raise StoreError(f"the database server stopped twice running an internal query: {err}") from err

    def _read(self, query: str, params: dict[str, Any], timeout_ms: int = MAX_TIMEOUT_MS) -> QueryResult:
        started = time.perf_counter()
        try:
            res = self._revived(lambda: self._graph.ro_query(query, params, timeout=timeout_ms),
                                blame_query=False)
        except redis.TimeoutError as err:
            raise StoreError(f"the database server did not answer within {SOCKET_TIMEOUT_S:.0f} s") from err
        return self._result(res, started)

    def _write(self, query: str, params: dict[str, Any]) -> QueryResult:
        started = time.perf_counter()
        try:
            res = self._graph.query(query, params)
        except redis.ConnectionError as err:
            # not retried. The server runs with appendfsync always: a write it cannot log makes it
            # exit before it answers (Redis's rule for that policy), so the write is not in the
            # log, and the server started again from the log holds the store as it was before it.
            cause = self.server.log_cause()
            with contextlib.suppress(StoreError):
                self.server.revive()
            raise StoreError(f"write failed, not stored: {cause or f'the database server stopped ({err})'}"
                             ) from err
        except redis.TimeoutError as err:
            raise StoreError(f"write failed: the database server did not answer within "
                             f"{SOCKET_TIMEOUT_S:.0f} s") from err
        except redis.RedisError as err:
            raise StoreError(f"write failed: {err}") from err
        self._confirm_durable()
        return self._result(res, started)

    def _after_write(self) -> None:
        self._writes_unflushed += 1
        if self._writes_unflushed >= PENDING_FLUSH_EVERY:
            self._writes_unflushed = 0
            self._read(internal_queries("write")["flush_pending"].text, {})
        self._writes_unchecked += 1
        if self._writes_unchecked >= INDEX_CHECK_EVERY:
            self._writes_unchecked = 0
            self._compact_indexes(INDEX_SLACK)

    def compact_indexes(self, slack: int = INDEX_SLACK) -> list[str]:
        """Build again the indexes whose stale entries outnumber twice their nodes plus
        ``slack`` (see INDEX_SLACK); returns their labels."""
        self._refuse_if_readonly()
        with self._write_lock():
            return self._compact_indexes(slack)

    def _compact_indexes(self, slack: int) -> list[str]:  # the caller holds the write lock
        rebuilt = []
        for state in schema.falkordb_index_states(self._db.connection, GRAPH_NAME):
            if state.garbage > 2 * state.documents + slack:
                schema.rebuild_falkordb_index(self._db.connection, GRAPH_NAME, state)
                rebuilt.append(state.label)
        return rebuilt

    def _confirm_durable(self) -> None:
        """Check the server's log status after a write. Under appendfsync always a write that
        could not be logged never gets an answer (see :meth:`_write`); this is the second lock,
        for a server started with another policy: a write in memory but not in the log is
        dropped by restarting the server from its log, and the write fails naming the cause."""
        try:
            info = self._db.connection.info("persistence")
        except redis.RedisError:
            return  # the next call finds out (and revives a stopped server)
        if str(info.get("aof_last_write_status", "ok")) == "ok":
            return
        cause = self.server.log_cause() or "the server could not write its append-only log"
        pid = self.server.pid()
        if pid is not None:
            with contextlib.suppress(Exception):
                proc = psutil.Process(pid)
                proc.kill()  # memory would otherwise hold what the log lacks
                proc.wait(30)
        with contextlib.suppress(StoreError):
            self.server.revive()
        raise StoreError(f"write failed, not stored: {cause}")

    def _user_read(self, query: str, params: dict[str, Any], timeout_ms: int, row_cap: int) -> QueryResult:
        started = time.perf_counter()
        try:
            res = self._revived(lambda: self._graph.ro_query(query, params, timeout=timeout_ms),
                                blame_query=True)
        except redis.ResponseError as err:
            raise classify(err) from err
        except redis.TimeoutError as err:  # pragma: no cover - socket_timeout is above every timeout
            raise QueryError("timeout", "the query ran out of time") from err
        return self._result(res, started, row_cap)

    def _check_readonly(self, query: str, params: dict[str, Any]) -> None:
        guard_cost(query)  # before the engine parses it: see graph.cost_guard
        try:
            plan = self._revived(lambda: self._db.connection.execute_command(
                "GRAPH.EXPLAIN", GRAPH_NAME, self._graph._build_params_header(params) + query),
                blame_query=True)
        except redis.ResponseError as err:
            raise classify(err) from err
        ops = {(p.decode() if isinstance(p, bytes) else str(p)).strip().split(" |")[0].strip() for p in plan}
        if ops & _WRITING_OPS:
            raise QueryError("write", "the query would change the graph; only reading queries are allowed")
        if "Load CSV" in ops:
            raise QueryError("disabled", "LOAD CSV is not allowed in ad-hoc queries")

    def write_document(self, facts: DocumentFacts, source: bytes | None = None) -> WriteSummary:
        self._refuse_if_readonly()
        return super().write_document(facts, source)

    def delete_document(self, doc: str) -> bool:
        self._refuse_if_readonly()
        return super().delete_document(doc)

    def _refuse_if_readonly(self) -> None:
        if self.readonly:
            raise StoreError(f"{self.readonly}: nothing can be written")

    @contextlib.contextmanager
    def ingest_lock(self) -> Iterator[None]:
        """One ingest at a time per store directory, across threads and processes (an flock on
        ``ingest.lock``; a different file from ``write.lock``, which each write takes inside it)."""
        self._refuse_if_readonly()
        with super().ingest_lock(), open(self.server.directory / "ingest.lock", "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def _write_lock(self) -> Iterator[None]:
        with self._lock, open(self.server.directory / "write.lock", "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    # ---- lifecycle
    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        _OPEN.discard(self)
        with contextlib.suppress(Exception):
            self._db.connection.close()
        self.server.release()
