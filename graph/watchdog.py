"""The embedded server's watchdog: it stops the server once no live process holds the store.

Every process that opens a store registers a client file (:mod:`graph.server`) and removes it on
close; the last one out stops the server. A process killed with SIGKILL removes nothing, so
without this the server would run on, orphaned, until some later command opened the store. The
server's starter runs one watchdog per server (``python -m graph.watchdog DIR SERVER_PID``, in a
session of its own); every :data:`INTERVAL_S` it takes the server lock, prunes the client files of
dead processes and, when none is left, stops the server as the last client would (compact the
log, SIGTERM) — then it exits. It also exits when the server ends by other means, or the
directory goes.

Example (what ``EmbeddedServer._start`` runs)::

    python -m graph.watchdog /data/policykg 12345
"""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path

INTERVAL_S = 0.5


def watch(directory: Path, server_pid: int) -> None:
    """Return once the server ``server_pid`` of ``directory`` has stopped (stopping it when it
    has no owner left)."""
    from graph.server import EmbeddedServer, _alive
    from graph.store import StoreError

    server = EmbeddedServer(directory)
    while _alive(server_pid):
        time.sleep(INTERVAL_S)
        if not directory.is_dir():  # the data directory was removed under the server
            with contextlib.suppress(Exception):
                import psutil

                psutil.Process(server_pid).terminate()
            return
        if server.pid() not in (None, server_pid):
            return  # another server (a restart) has its own watchdog
        try:
            if server.stop_if_unowned():
                return
        except (OSError, StoreError):
            continue  # a stop that failed is tried again; the server still has no owner


def main(argv: list[str]) -> int:
    directory, pid = Path(argv[0]), int(argv[1])
    watch(directory, pid)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
