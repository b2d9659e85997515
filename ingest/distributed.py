"""Extraction on Dask: documents mapped over a cluster's workers, one jsonl line each (``ingest.jsonl``).

The optional extra ``[dask]`` installs it (``pip install 'policykg[dask]'``). Every worker needs
the same policykg installed: a line records its extractor's fingerprint, and ``policykg load``
uses facts from another extractor only after extracting the document again.

What a worker does is :func:`extract_one`: a plain function of the document's name, bytes and
manifest row, importable in any process. The client reads the files and ships their bytes (the
workers need no shared disk); each worker writes the bytes under their name in a private folder
and extracts them with a view of its own registry (loaded once per process from the installed
files, never changed), exactly what ``--jobs`` does in ``ingest.parallel``. The lines come back
as the documents finish and are written in path order, so the output is byte for byte the one
``policykg extract --jsonl`` writes in one process.

Example::

    with open("facts.jsonl", "w") as out:
        run = extract_jsonl_dask(paths, out, "local:2")           # a local two-worker cluster
        run = extract_jsonl_dask(paths, out, "tcp://10.0.0.5:8786")  # an existing scheduler
"""

from __future__ import annotations

import functools
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from ingest.jsonl import LinesRun, document_line
from ingest.manifest import DocumentMeta

_LOCK = threading.Lock()  # one document at a time per process: a worker may run several threads


@functools.lru_cache(maxsize=1)
def _registry():
    """The worker's registry, loaded once per process; each document takes a view of it."""
    from ingest.extract.tokens import preload
    from ingest.registry import Registry

    preload()
    return Registry.load()


def extract_one(
    index: int, name: str, data: bytes, meta: DocumentMeta | None
) -> tuple[int, str | None, str | None]:
    """Extract one document from its bytes: ``(index, line, None)``, or ``(index, None, cause)``
    when it cannot be read. Runs in a Dask worker (or anywhere): no state but the cached registry.

    Example: ``extract_one(0, "a.txt", b"...", None)[1]`` is the document's jsonl line.
    """
    from ingest.parallel import DocumentJob, extract_job

    with _LOCK, tempfile.TemporaryDirectory(prefix="policykg-dask-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        outcome = extract_job(DocumentJob(index, str(path), meta), _registry())
    if outcome.facts is None:
        return index, None, outcome.error or "failed"
    return index, document_line(name, data, meta, outcome.facts, outcome.discovered), None


@contextmanager
def dask_client(scheduler: str) -> Iterator[Any]:
    """A Dask client: ``local:N`` starts a local cluster of N worker processes (one thread each)
    and stops it after; anything else is the address of a running scheduler."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as err:  # the extra is not installed
        raise RuntimeError("Dask is not installed: pip install 'policykg[dask]'") from err
    if scheduler.startswith("local:"):
        try:
            workers = int(scheduler.removeprefix("local:"))
        except ValueError:
            raise ValueError(f"--dask {scheduler}: local:N takes a number of workers") from None
        if workers < 1:
            raise ValueError(f"--dask {scheduler}: at least one worker")
        with (
            LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
    else:
        with Client(scheduler) as client:
            yield client


def extract_jsonl_dask(
    paths: Sequence[str | Path],
    out: TextIO,
    scheduler: str | Any,
    manifest=None,
    on_document: Callable[[str, str | None], None] | None = None,
) -> LinesRun:
    """Extract ``paths`` on Dask and write their lines to ``out`` in path order, each as soon as it
    and the documents before it are done. ``scheduler``: ``local:N``, a scheduler address, or a
    ``Client``. A file that cannot be read or extracted is not written; the result names it.
    ``on_document(path, error)`` as each document finishes."""
    if isinstance(scheduler, str):
        with dask_client(scheduler) as client:
            return extract_jsonl_dask(paths, out, client, manifest, on_document)
    from dask.distributed import as_completed

    client = scheduler
    run = LinesRun()
    futures = []
    failed: dict[int, str] = {}
    for i, p in enumerate(paths):
        try:
            data = Path(p).read_bytes()
        except OSError as err:
            failed[i] = err.strerror or str(err)
            continue
        meta = manifest.for_path(p) if manifest else None
        futures.append(client.submit(extract_one, i, Path(p).name, data, meta, pure=False))
    ready: dict[int, tuple[str | None, str | None]] = {i: (None, cause) for i, cause in failed.items()}
    next_index = 0
    for i, cause in sorted(failed.items()):
        if on_document:
            on_document(str(paths[i]), cause)
    for future in as_completed(futures):
        index, line, cause = future.result()
        if on_document:
            on_document(str(paths[index]), cause)
        ready[index] = (line, cause)
        while next_index in ready:
            line, cause = ready.pop(next_index)
            if line is None:
                run.errors.append((str(paths[next_index]), cause or "failed"))
            else:
                out.write(line + "\n")
                out.flush()
                run.written += 1
            next_index += 1
    return run
