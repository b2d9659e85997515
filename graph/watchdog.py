"""The embedded server's watchdog: it stops the server once no live process holds the store.

Every process that opens a store registers a client file (:mod:`graph.server`) and removes it on
close; the last one out stops the server. A process killed with SIGKILL removes nothing, so
without this the server would run on, orphaned, until some later command opened the store.
Whoever starts a server first starts one watchdog for it (``python -m graph.watchdog DIR``, in a
session of its own), so that no moment exists when a server runs unwatched. Every
:data:`INTERVAL_S` it takes the server lock (which the starter holds until the server answers),
prunes the client files of dead processes and, when none is left, stops the server as the last
client would (compact the log, SIGTERM), then exits. It also exits when the server it saw ends by
other means (a later start has a watchdog of its own), or the directory goes.

Example (what ``EmbeddedServer._start`` runs)::

    python -m graph.watchdog /data/policykg
"""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path

INTERVAL_S = 0.5


def watch(directory: Path) -> None:
    """Return once the server of ``directory`` has stopped, stopping it when it has no owner."""
    from graph.server import START_TIMEOUT_S, EmbeddedServer, _alive
    from graph.store import StoreError

    server = EmbeddedServer(directory)
    seen: int | None = None
    started = time.monotonic()
    while True:
        time.sleep(INTERVAL_S)
        if not directory.is_dir():  # the data directory was removed under the server
            if seen is not None and _alive(seen):
                with contextlib.suppress(Exception):
                    import psutil

                    psutil.Process(seen).terminate()
            return
        pid = server.pid()
        if seen is None and pid is not None and _alive(pid):
            seen = pid
        if seen is not None and (not _alive(seen) or pid not in (None, seen)):
            return  # it ended, or another server (a restart) has a watchdog of its own
        if seen is None and time.monotonic() - started > START_TIMEOUT_S:
            return  # the start failed
        try:
            if server.stop_if_unowned():
                return
        except (OSError, StoreError):
            continue  # tried again next round; the server still has no owner


def main(argv: list[str]) -> int:
    watch(Path(argv[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
