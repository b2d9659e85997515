"""Extract documents over a pool of processes, each document on its own, results in path order.

Every document is extracted independently of the others: a worker takes a :meth:`Registry.view`
of the run's registry (the institutions, the curated merges and the names the store already
knows), so what one document discovers never changes how another is read. The caller folds the
documents' discoveries together in path order afterwards (``ingest.pipeline``), which is why the
output is the same whatever the number of workers, and the same as with none.

Workers start cheaply: with ``fork`` (Linux) they inherit the parent's memory, so jieba's
dictionary, the parsed registry and the compiled patterns are loaded once, in the parent, before
the pool starts; where only ``spawn`` exists each worker loads them once in its initialiser. A
run cannot hang: a worker that dies fails the documents it had not returned, and a pool that
returns nothing for ``stall_seconds`` is stopped, its unfinished documents named as failed.

Example::

    jobs = [DocumentJob(0, "a.txt"), DocumentJob(1, "b.txt")]
    outcomes = run_jobs(jobs, Registry.load(), workers=2)   # [outcome of a.txt, outcome of b.txt]
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field

from ingest.errors import IngestError
from ingest.manifest import DocumentMeta
from ingest.registry import Discovered, Registry
from ingest.types import DocumentFacts

STALL_SECONDS = 600.0  # no document finished for this long: the pool is stopped (CI must not hang)


@dataclass(frozen=True, slots=True)
class DocumentJob:
    """One file to extract: its place in the run (``index``), its path and manifest row."""

    index: int
    path: str
    meta: DocumentMeta | None = None


@dataclass(slots=True)
class DocumentOutcome:
    """What one document gave: its facts and the names it discovered (in the order found), or
    the cause it failed with."""

    index: int
    path: str
    facts: DocumentFacts | None = None
    discovered: list[Discovered] = field(default_factory=list)
    error: str | None = None


def default_workers() -> int:
    """All the cores this process may run on (``--jobs`` default)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def extract_job(job: DocumentJob, registry: Registry) -> DocumentOutcome:
    """Extract one document with a view of ``registry`` of its own (no process state is changed).

    Example: ``extract_job(DocumentJob(0, "a.txt"), Registry.load()).facts``
    """
    from ingest.pipeline import extract_document

    own = registry.view()
    try:
        facts = extract_document(job.path, own, job.meta)
    except IngestError as err:
        return DocumentOutcome(job.index, job.path, error=err.cause)
    return DocumentOutcome(job.index, job.path, facts, own.known("Project"))


def run_jobs(jobs: Sequence[DocumentJob], registry: Registry, workers: int = 1,
             on_outcome: Callable[[DocumentOutcome], None] | None = None,
             stall_seconds: float = STALL_SECONDS) -> list[DocumentOutcome]:
    """Extract every job, ``workers`` processes at a time (1: in this process, no pool); returns
    the outcomes in job order. ``on_outcome`` is called in this process as each document finishes
    (in the order they finish: a progress bar)."""
    with _collector_for_extraction():
        if workers <= 1 or len(jobs) <= 1:
            outcomes = []
            for job in jobs:
                outcomes.append(extract_job(job, registry))
                if on_outcome:
                    on_outcome(outcomes[-1])
            return outcomes
        return _run_pool(jobs, registry, min(workers, len(jobs)), on_outcome, stall_seconds)


_COLLECTOR_LOCK = threading.Lock()
_collector_users = 0  # runs in this process (threads of a server) inside the context below
_collector_saved: tuple[int, ...] = ()


@contextmanager
def _collector_for_extraction() -> Iterator[None]:
    """The garbage collector set for extraction while the documents are read: what is loaded
    already (jieba's dictionary, the registry, the modules; with ``fork``, everything a worker
    inherits) is frozen out of its sight, and it runs every 10,000 new objects instead of 700.
    Extraction makes hundreds of thousands of short-lived objects and few cycles: about 5 % of
    a core's time went to collections that found almost nothing. Restored when the last run of
    the process (a server may run several at once) is done."""
    global _collector_users, _collector_saved
    with _COLLECTOR_LOCK:
        if _collector_users == 0:
            _collector_saved = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(10_000, *_collector_saved[1:])
        _collector_users += 1
    try:
        yield
    finally:
        with _COLLECTOR_LOCK:
            _collector_users -= 1
            if _collector_users == 0:
                gc.set_threshold(*_collector_saved)
                gc.unfreeze()


# --------------------------------------------------------------------------- the pool

_REGISTRY: Registry | None = None  # the run's registry, in a worker


def _warm() -> None:
    """Load what every document needs: jieba's dictionary, its part-of-speech table, and the
    modules a document goes through (imported on first use otherwise, once per worker)."""
    import ingest.extract.document
    import ingest.extract.entities
    import ingest.extract.metrics
    import ingest.read
    import ingest.segment  # noqa: F401
    from ingest.extract.tokens import preload

    preload()


def _init_worker(registry: Registry) -> None:
    global _REGISTRY
    _REGISTRY = registry
    # Ctrl-C is the parent's to handle (it stops the pool and says what was stored); a terminal
    # sends it to the whole process group, and a worker must not die of it mid-document
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _warm()  # a no-op after fork (the parent loaded them); loads them once per worker after spawn


def _work(job: DocumentJob) -> DocumentOutcome:
    assert _REGISTRY is not None, "the worker was not initialised"
    return extract_job(job, _REGISTRY)


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _run_pool(jobs: Sequence[DocumentJob], registry: Registry, workers: int,
              on_outcome: Callable[[DocumentOutcome], None] | None, stall_seconds: float
              ) -> list[DocumentOutcome]:
    context = _context()
    if context.get_start_method() == "fork":
        _warm()  # built once here; the workers inherit it
    registry.institution_pattern()  # likewise the institutions every view shares
    outcomes: dict[int, DocumentOutcome] = {}
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                                   initargs=(registry,))
    try:
        # the largest files first: the last document to finish is a short one, no core waits long
        order = sorted(jobs, key=lambda j: (-_size(j.path), j.index))
        # each future puts itself on one queue as it finishes: the loop waits on the queue, not on
        # every pending future each time (a waiter on each of n futures per result is n² work)
        finished: queue.SimpleQueue[Future] = queue.SimpleQueue()
        pending: dict[Future, DocumentJob] = {}
        for job in order:
            future = executor.submit(_work, job)
            pending[future] = job
            future.add_done_callback(finished.put)
        while pending:
            try:
                future = finished.get(timeout=stall_seconds)
            except queue.Empty:  # nothing finished for too long: stop, and say which documents
                for job in sorted(pending.values(), key=lambda j: j.index):
                    outcomes[job.index] = DocumentOutcome(
                        job.index, job.path, error=f"no result within {stall_seconds:.0f} s; stopped")
                    if on_outcome:
                        on_outcome(outcomes[job.index])
                _stop(executor)
                break
            job = pending.pop(future)
            try:
                outcome = future.result()
            except BrokenProcessPool:
                outcome = DocumentOutcome(job.index, job.path, error="the worker process died")
            outcomes[job.index] = outcome
            if on_outcome:
                on_outcome(outcome)
    except BaseException:
        _stop(executor)  # a bug in one document (or Ctrl-C): leave no worker behind
        raise
    executor.shutdown(wait=True)
    return [outcomes[job.index] for job in jobs]


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0  # a missing file fails in its worker, with its cause


def _stop(executor: ProcessPoolExecutor) -> None:
    """End the workers now (running ones too), then let the executor clean up."""
    for process in list((executor._processes or {}).values()):  # no public API ends running workers
        if process.is_alive():
            process.terminate()
    executor.shutdown(wait=True, cancel_futures=True)
