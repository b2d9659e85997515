"""What both backends share: the writer, the named-query runner, export, stats.

A backend supplies four primitives — an internal read, a write, a user read that the ENGINE keeps
read-only (with a server-side timeout), and a lock held while one document is written — plus its
schema DDL (:mod:`graph.schema`). Everything else is here, over the same ``cypher/`` files.

Writing a document (whole or nothing):

1. ``document_state``: if the document is stored, complete, and its fingerprint (a hash of the rows
   to write) is unchanged, nothing is written: re-ingest is a no-op and the counts stay the same;
2. a new document only ADDS names to its entities, which the query merges on the server
   (``aliases``, ``keys``, ``search``); a stored document being replaced or deleted first reads
   ``document_support`` (the entities it named: ``Document.supports``) and ``entity_state`` (the
   entities' surface forms with the number of complete documents naming them by each, which the
   writer keeps: less the document's own, the forms the OTHER documents name them by); the
   entities' properties are then recomputed exactly in Python, and an entity no document names
   any more is deleted; ``document_shared`` gives the Years and Metrics the old facts point to,
   the only ones the write checks for orphans;
   ``owner_edges`` (the other documents' OWNED_BY facts of the projects the document touches)
   gives the ownership aggregates of those projects (graph/owners.py), set by the same query;
3. ``apply_document``: ONE query removes the document's old facts, updates the shared entities,
   writes the new facts, removes orphans and finally sets ``Document.complete = true``. FalkorDB
   runs each GRAPH.QUERY atomically (and rolls a failed one back), and logs it to the AOF only
   once done; Neo4j runs it in one transaction. A Document without the complete marker can
   therefore only come from an engine we do not control, and is removed when a store opens
   (:meth:`CypherStore.remove_incomplete`).

Steps 1–3 run under the backend's write lock, so two processes writing into one store do not
lose each other's alias updates.
"""

from __future__ import annotations

import base64
import contextlib
import time
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

from graph import model, owners, shelves
from graph.keys import search_grams
from graph.queries import get_named, internal_queries
from graph.rows import (
    EntityState,
    WritePlan,
    counter_rows,
    distinct_pairs,
    plan_delete,
    plan_document,
    series_bucket,
    series_entry,
    total_changes,
)
from graph.store import (
    GraphStore,
    QueryError,
    QueryResult,
    StoredSource,
    StoreStats,
    UnlinkedDocument,
    WriteSummary,
)
from ingest.resolve import entity_uid
from ingest.types import DocumentFacts, Facts, LinkContext, StoredTaskOwner

NAMED_TIMEOUT_MS = 10_000
NAMED_ROW_CAP = 10_000
MAX_TIMEOUT_MS = 60_000
INTERNAL_PROPS = frozenset({"supports", "search", "grams", "keys", "by_doc", "fingerprint", "writer",
                            "source_zip", "counts", "entry", model.FORMS, model.FORM_DOCS,
                            *model.counter_keys(), *owners.KEYS})


def pack_source(data: bytes) -> str:
    """A document's original bytes as the text kept on its node: zlib, then base64 (both engines
    store text properties; about a third of the size of the text for these pages).

    >>> unpack_source(pack_source(b"policykg"))
    b'policykg'
    """
    return base64.b64encode(zlib.compress(data, 9)).decode("ascii")


def unpack_source(text: str) -> bytes:
    return zlib.decompress(base64.b64decode(text))


def clean_value(value: Any) -> Any:
    """Drop the store's bookkeeping properties from a node or relationship dict."""
    if isinstance(value, dict):
        return {k: clean_value(v) for k, v in value.items() if k not in INTERNAL_PROPS}
    if isinstance(value, list):
        return [clean_value(v) for v in value]
    return value


class CypherStore(GraphStore):
    """A GraphStore over Cypher: subclasses provide the engine primitives."""

    url: str

    # ---- primitives a backend provides
    def _read(self, query: str, params: dict[str, Any], timeout_ms: int = MAX_TIMEOUT_MS) -> QueryResult:
        raise NotImplementedError

    def _write(self, query: str, params: dict[str, Any]) -> QueryResult:
        raise NotImplementedError

    def _user_read(self, query: str, params: dict[str, Any], timeout_ms: int, row_cap: int) -> QueryResult:
        """Engine-enforced read-only, server-side timeout; raises QueryError."""
        raise NotImplementedError

    def _check_readonly(self, query: str, params: dict[str, Any]) -> None:
        """Refuse a query that would write, before running it (QueryError 'write' / 'syntax')."""

    @contextlib.contextmanager
    def _write_lock(self) -> Iterator[None]:
        yield

    # ---- writing
    def write_document(self, facts: DocumentFacts, source: bytes | None = None) -> WriteSummary:
        write = internal_queries("write")
        doc_uid = facts.document.id
        with self._write_lock():
            stored = self._read(write["document_state"].text, {"doc": doc_uid}).rows
            previous = next((r for r in stored if r["uid"] == doc_uid), None)
            plan = plan_document(facts, None)
            if (previous and previous.get("complete") and previous.get("fingerprint") == plan.fingerprint
                    and (source is None or previous.get("has_source"))):
                return WriteSummary(document=doc_uid, nodes=plan.nodes, relationships=plan.relationships,
                                    replaced=False, changed=False)
            if previous is not None:  # replace: the entities' support is recomputed exactly
                plan = plan_document(facts, self._entity_state(doc_uid, plan.entity_uids,
                                                                bool(previous.get("complete"))))
                self._old_shared(plan)
            if source is not None:
                plan.params["doc_props"]["source_zip"] = pack_source(source)
            old = self._stored_counts(doc_uid) if previous is not None else []
            held = self._owners(plan)
            self._count(plan, old or [], 0 if previous is not None else 1, held)
            self._apply(plan)
            if old is None:  # a document written before the totals were kept: count them again
                self._write(internal_queries("write")["recount"].text, {})
        return WriteSummary(document=doc_uid, nodes=plan.nodes, relationships=plan.relationships,
                            replaced=previous is not None)

    def stored_sources(self) -> list[StoredSource]:
        """Every complete document's name, uid, sha256 and original bytes (None for a document
        written without them, by an earlier version)."""
        rows = self._read(internal_queries("write")["document_sources"].text, {}).rows
        meta_keys = ("date", "title", "url", "publisher", "district", "properties")
        return [StoredSource(uid=r["uid"], name=r["file"] or "", sha256=r.get("sha256") or "",
                             data=unpack_source(r["source_zip"]) if r.get("source_zip") else None,
                             meta={k: r[k] for k in meta_keys if r.get(k)})
                for r in rows]

    def delete_document(self, doc: str) -> bool:
        from graph.queries import control_character

        if control_character(doc) is not None:  # no stored name holds one (and a NUL ends the query)
            return False
        write = internal_queries("write")
        with self._write_lock():
            rows = self._read(write["document_state"].text, {"doc": doc}).rows
            if not rows:
                return False
            for row in rows:
                self._delete_uid(row["uid"], bool(row.get("complete")))
        return True

    def _delete_uid(self, doc_uid: str, complete: bool) -> None:
        plan = plan_delete(doc_uid, self._entity_state(doc_uid, [], complete))
        self._old_shared(plan)
        old = self._stored_counts(doc_uid)
        held = self._owners(plan)
        self._count(plan, old or [], -1, held)
        self._apply(plan)
        if old is None:
            self._write(internal_queries("write")["recount"].text, {})

    def _stored_counts(self, doc_uid: str) -> list[str] | None:
        """A stored document's share of the counts (its ``counts``; None: written before they
        were kept)."""
        rows = self._read(internal_queries("write")["document_support"].text, {"doc_uid": doc_uid}).rows
        if not rows or rows[0].get("counts") is None:
            return None
        return list(rows[0]["counts"])

    def ensure_counts(self) -> None:
        """Keep the graph's totals from now on: count them once by a scan when the store has none
        (written before they were kept) or counts other labels than the model declares."""
        write = internal_queries("write")
        with self._write_lock():
            rows = self._read(write["counts_state"].text, {}).rows
            if (rows and rows[0].get("labels") == list(model.COUNTED_LABELS)
                    and rows[0].get("types") == list(model.COUNTED_TYPES)):
                return
            self._write(write["recount"].text, {})

    def _count(self, plan: WritePlan, old: list[str], documents: int,
               held: dict[str, set[str]] | None = None) -> None:
        """Add the counters' change to ``plan`` (graph/model.py ``Counter``): the document's new
        share against its ``old`` one; a distinct count moves only for a pair (bureau, project)
        no other document holds, which one read per distinct counter finds out."""
        others: dict[tuple[str, str], set[str]] = {}
        write = internal_queries("write")
        for label, counter in model.counters():
            if not counter.distinct:
                continue
            pairs = sorted(distinct_pairs(plan.counts, label, counter.name)
                           ^ distinct_pairs(old, label, counter.name))
            if held is not None and (label, counter.types) == ("Bureau", ("OWNED_BY",)):
                # the other documents' OWNED_BY facts of these projects were read for the
                # ownership aggregates: a pair is held when its bureau is among them
                ends = {p: p.split("|", 1) for p in pairs}  # bureau, project
                others[(label, counter.name)] = {p for p, (b, q) in ends.items() if b in held.get(q, ())}
                pairs = [p for p in pairs if ends[p][1] not in held]
            if pairs:
                query = write[model.others_query(label, counter)].text
                rows = self._read(query, {"doc_uid": plan.doc_uid, "pairs": pairs}).rows
                others.setdefault((label, counter.name), set()).update(r["pair"] for r in rows)
        plan.params.update(counter_rows(plan.counts, old, others, plan.entity_uids))
        plan.params.update(total_changes(plan.counts, old, documents))

    def _owners(self, plan: WritePlan) -> dict[str, set[str]]:
        """Add the ownership aggregates (graph/owners.py) of the projects the document's old and
        new facts touch to ``plan``: recomputed from the OWNED_BY facts the other documents hold
        for them (one read) and the document's new ones, set by the same query that writes it.
        Returns, for each project read, the bureaus the other documents say own it (the
        bureaus' ``projects`` count moves only for a pair no other document holds)."""
        new = plan.params.get(model.rel_param(("Project", "OWNED_BY", "Bureau"))) or []
        named = [r for key in ("projects", "project_updates") for r in plan.params.get(key) or []]
        touched = {r["source"] for r in new} | {r["uid"] for r in named}
        rows = self._read(internal_queries("write")["owner_edges"].text,
                          {"doc_uid": plan.doc_uid, "projects": sorted(touched)}).rows
        edges = [r for r in rows if r.get("bureau")]
        edges += [{**r["props"], "project": r["source"], "bureau": r["target"]} for r in new]
        plan.params[model.OWNER_AGGREGATES] = owners.owner_rows({r["project"] for r in rows} | touched, edges)
        held: dict[str, set[str]] = {r["project"]: set() for r in rows}
        for r in rows:
            if r.get("bureau"):
                held[r["project"]].add(r["bureau"])
        return held

    def ensure_owners(self) -> None:
        """Keep the ownership aggregates from now on: work them out once for every project of a
        store written before the writer kept them."""
        write = internal_queries("write")
        with self._write_lock():
            if not self._read(write["owner_missing"].text, {}).rows:
                return
            edges = self._read(write["owner_all_edges"].text, {}).rows
            rows = owners.owner_rows({e["project"] for e in edges}, edges)
            for k in range(0, len(rows), 500):
                self._write(write["owner_aggregates"].text, {"rows": rows[k:k + 500]})

    def ensure_grams(self) -> None:
        """Keep the named nodes' ``grams`` (graph/keys.py) from now on: work them out once, from
        their keys, for the nodes of a store written before the writer kept them (the substring
        search starts from them and would miss those nodes)."""
        write = internal_queries("write")
        with self._write_lock():
            rows = [{"label": r["label"], "uid": r["uid"], "grams": search_grams(r.get("keys") or [])}
                    for r in self._read(write["grams_missing"].text, {}).rows]
            for k in range(0, len(rows), 500):
                self._write(write["grams_set"].text, {"rows": rows[k:k + 500]})

    def ensure_entries(self) -> None:
        """Keep the Observations' series ``entry`` and ``series`` bucket (graph/rows.py
        series_entry, series_bucket) from now on: work them out once, from their fields and
        metric, for the observations of a store written before the writer kept them
        (api_metric_series groups by the entry; both series pages read the buckets: without
        them a series would be one entry, or empty)."""
        write = internal_queries("write")
        with self._write_lock():
            rows = [{"uid": r["uid"], "entry": series_entry(r["props"]),
                     "series": series_bucket(r["metric"], r["props"].get("year_from"))}
                    for r in self._read(write["entries_missing"].text, {}).rows]
            for k in range(0, len(rows), 500):
                self._write(write["entries_set"].text, {"rows": rows[k:k + 500]})

    def remove_incomplete(self) -> list[str]:
        """Remove documents whose write never completed; returns their uids."""
        write = internal_queries("write")
        with self._write_lock():
            uids = [r["uid"] for r in self._read(write["incomplete_documents"].text, {}).rows]
            for uid in uids:
                self._delete_uid(uid, False)
        return uids

    def _entity_state(self, doc_uid: str, uids: list[str], complete: bool) -> list[EntityState]:
        """The entities a stored document names now (``uids``) or named before, with the surface
        forms the OTHER complete documents name them by: the entity's own ``forms`` counts (every
        complete document's, graph/model.py FORMS) less the stored document's ``supports`` when it
        is ``complete`` (an incomplete one was never counted). Reads what the document touched,
        never every document."""
        write = internal_queries("write")
        own: dict[str, set[str]] = {}
        for r in self._read(write["document_support"].text, {"doc_uid": doc_uid}).rows:
            for entry in r.get("supports") or []:
                uid, _, surface = entry.partition("|")
                own.setdefault(uid, set()).add(surface)
        touched = sorted(set(own) | set(uids))
        out = []
        for r in self._read(write["entity_state"].text, {"uids": touched}).rows:
            forms = dict(zip(r.get(model.FORMS) or [], r.get(model.FORM_DOCS) or [], strict=False))
            for surface in own.get(r["uid"], ()) if complete else ():
                forms[surface] = forms.get(surface, 0) - 1
            out.append(EntityState(label=r["label"], uid=r["uid"], name=r["name"], kind=r.get("kind"),
                                   forms={f: n for f, n in forms.items() if n > 0},
                                   supported_before=r["uid"] in own))
        return out

    def _old_shared(self, plan: WritePlan) -> None:
        """Add to ``plan`` the shared nodes (Year, Metric) the stored document's facts point to:
        the only ones its replace or delete can leave with nothing pointing at them; and take
        their relationships from the change of the Years' counts (model.KEPT)."""
        query = internal_queries("write")["document_shared"].text
        rows = self._read(query, {"doc_uid": plan.doc_uid}).rows
        for n in model.kept_shared():
            uids = {r["uid"] for r in rows if r["label"] == n.label}
            plan.params[model.shared_param(n.label)] = sorted(uids)
        change = {r["uid"]: r["change"] for r in plan.params.get(model.KEPT_CHANGE) or []}
        uncounted = {n.label for n in model.uncounted_shared()}
        for r in rows:
            if r["label"] in uncounted:
                change[r["uid"]] = change.get(r["uid"], 0) - r["uses"]
        plan.params[model.KEPT_CHANGE] = [{"uid": u, "change": n} for u, n in sorted(change.items()) if n]

    def ensure_kept(self) -> None:
        """Keep the Years' relationship counts on the Counts node (model.KEPT) from now on: count
        them once, by a scan, in a store written before the writer kept them."""
        write = internal_queries("write")
        with self._write_lock():
            rows = self._read(write["counts_state"].text, {}).rows
            if not rows or rows[0].get(model.KEPT) is not None:
                return
            uses = self._read(write["kept_uses"].text, {}).rows
            self._write(write["kept_set"].text, {"kept": [r["uid"] for r in uses if r["uses"]],
                                                  "kept_uses": [r["uses"] for r in uses if r["uses"]]})

    def ensure_forms(self) -> None:
        """Keep the entities' surface forms with their document counts (``forms``/``form_docs``)
        from now on: work them out once, from every complete Document's ``supports``, for the
        entities of a store written before the writer kept them."""
        write = internal_queries("write")
        with self._write_lock():
            missing = self._read(write["forms_missing"].text, {}).rows
            if not missing:
                return
            counts: dict[str, dict[str, int]] = {}
            for r in self._read(write["forms_all_supports"].text, {}).rows:
                for entry in set(r.get("supports") or []):
                    uid, _, surface = entry.partition("|")
                    forms = counts.setdefault(uid, {})
                    forms[surface] = forms.get(surface, 0) + 1
            rows = []
            for r in missing:
                forms = counts.get(r["uid"], {})
                ordered = sorted(forms)
                rows.append({"label": r["label"], "uid": r["uid"], "forms": ordered,
                             "form_docs": [forms[f] for f in ordered]})
            for k in range(0, len(rows), 500):
                self._write(write["forms_set"].text, {"rows": rows[k:k + 500]})

    def _shelve(self, plan: WritePlan) -> None:
        """Add the shelves the write changes (graph/shelves.py: the order of the name-sorted
        pages) to ``plan``: the shelves its touched entries live in or go to are read (under the
        write lock, like every read of the writer), changed here, and set by the same query."""
        wanted = shelves.entries(plan.params)
        entries = [{"of": of, "uid": uid, "key": key}
                   for of, want in wanted.items() for uid, key in want.items()]
        stored = self._read(internal_queries("write")["shelf_state"].text,
                            {"entries": entries, "sep": shelves.SEP}).rows
        moves = shelves.changes(wanted, stored)
        if moves.split:
            rows = self._read(internal_queries("write")["shelf_keys"].text, {"uids": moves.split}).rows
            moves = shelves.finish(moves, rows)
        plan.params.update(moves.params())

    def ensure_shelves(self) -> None:
        """Keep the name-sorted pages' order from now on (graph/shelves.py): build a shelved
        label's shelves again when their entries do not match its nodes (a store written before
        the writer kept them, or by a writer that did not)."""
        write = internal_queries("write")
        with self._write_lock():
            nodes: dict[str, int] = {}
            entries: dict[str, int] = {}
            for r in self._read(write["shelf_counts"].text, {}).rows:
                nodes[r["of"]] = nodes.get(r["of"], 0) + int(r["nodes"] or 0)
                entries[r["of"]] = entries.get(r["of"], 0) + int(r["entries"] or 0)
            for of in model.SHELVED:
                if nodes.get(of, 0) == entries.get(of, 0):
                    continue
                pairs = [(shelves.sort_key(r.get("value"), r["uid"]), r["uid"])
                         for r in self._read(write["shelf_entries"].text, {"of": of}).rows]
                self._write(write["shelves_clear"].text, {"of": of})
                rows = [s.row() for s in shelves.build(of, pairs)]
                for k in range(0, len(rows), 100):
                    self._write(write["shelves_set"].text, {"shelves": rows[k:k + 100]})

    def _apply(self, plan: WritePlan) -> None:
        self._shelve(plan)
        self._write(internal_queries("write")["apply_document"].text, plan.params)
        self._after_write()

    def _after_write(self) -> None:
        """Upkeep an engine needs after a document's write, under the same write lock."""

    # ---- reading
    def run_named(
        self,
        name: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_ms: int | None = None,
        row_cap: int | None = None,
    ) -> QueryResult:
        query = get_named(name, internal=True)
        bound = query.bind(params)
        timeout_ms = max(1, min(int(timeout_ms or NAMED_TIMEOUT_MS), MAX_TIMEOUT_MS))
        return self._user_read(query.text, bound, timeout_ms, max(1, int(row_cap or NAMED_ROW_CAP)))

    def run_readonly(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_ms: int = 1000,
        row_cap: int = 1000,
    ) -> QueryResult:
        if not query or not query.strip():
            raise QueryError("syntax", "empty query")
        timeout_ms = max(1, min(int(timeout_ms), MAX_TIMEOUT_MS))
        params = dict(params or {})
        self._check_readonly(query, params)
        return self._user_read(query, params, timeout_ms, max(1, int(row_cap)))

    def stats(self) -> StoreStats:
        result = self._read(get_named("stats").text, {})
        out = StoreStats()
        for row in result.rows:
            if row["count"]:
                target = out.labels if row["kind"] == "node" else out.relationships
                target[row["name"]] = int(row["count"])
        out.labels = dict(sorted(out.labels.items()))
        out.relationships = dict(sorted(out.relationships.items()))
        return out

    def export_facts(self) -> Facts:
        from graph.export import facts_from_rows

        rows = {name: self._read(q.text, {}).rows for name, q in internal_queries("export").items()}
        return facts_from_rows(rows)

    def dump_graph(self, *, with_text: bool = False) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        queries = internal_queries("graph")
        nodes = [r["node"] for r in self._read(queries["nodes"].text, {"with_text": with_text}).rows]
        rels = [{**(r.get("rel") or {}), "source": r["source"], "target": r["target"], "type": r["type"]}
                for r in self._read(queries["relationships"].text, {"with_text": with_text}).rows]
        return nodes, rels

    def link_context(self, exclude_files: Iterable[str] = ()) -> LinkContext:
        queries = internal_queries("link")
        exclude = sorted(set(exclude_files))
        names = sorted({entry.partition("|")[2]
                        for r in self._read(queries["known_names"].text, {"exclude": exclude}).rows
                        for entry in r.get("supports") or () if entry.startswith("project:")} - {""})
        owners = [StoredTaskOwner(project=r["project"], aliases=tuple(r.get("aliases") or ()),
                                  bureau=r["bureau"], doc=r.get("doc") or "", task=r.get("task"),
                                  sole=bool(r.get("sole")))
                  for r in self._read(queries["task_owners"].text, {"exclude": exclude}).rows]
        return LinkContext(project_names=names, task_owners=owners)

    def unlinked_documents(self, projects: Iterable[str], exclude_files: Iterable[str] = ()
                           ) -> list[UnlinkedDocument]:
        uids = sorted({entity_uid("Project", name) for name in projects})
        if not uids:
            return []
        rows = self._read(internal_queries("link")["unlinked_mentions"].text,
                          {"projects": uids, "exclude": sorted(set(exclude_files))}).rows
        return [UnlinkedDocument(file=r["doc"], projects=list(r["projects"])) for r in rows]

    def explain_empty(self, name: str, params: dict[str, Any] | None = None) -> str | None:
        companion = get_named(name).extra.get("when_empty")
        explain = internal_queries("explain").get(companion or "")
        if explain is None:
            return None
        own = {p.name for p in explain.params}
        given = {k: v for k, v in (params or {}).items() if k in own}
        rows = self._read(explain.text, explain.bind(given)).rows
        template = explain.extra.get("detail", "")
        return "; ".join(template.format_map(row) for row in rows) or None

    def link_families(self) -> int:
        from ingest.families import family_links

        queries = internal_queries("link")
        with self._write_lock():
            rows = self._read(queries["project_names"].text, {}).rows
            links = family_links((r["uid"], r["name"] or "", r.get("aliases") or ()) for r in rows)
            self._write(queries["part_of"].text, {"links": [link.row() for link in links]})
        return len(links)

    def documents(self) -> list[dict[str, Any]]:
        return self._read(get_named("documents").text, get_named("documents").bind({"limit": 100000})).rows

    def ping(self) -> bool:
        try:
            return self._read("RETURN 1 AS ok", {}, 2000).rows[0]["ok"] == 1
        except Exception:
            return False

    @staticmethod
    def _timed(start: float) -> float:
        return round((time.perf_counter() - start) * 1000, 3)
