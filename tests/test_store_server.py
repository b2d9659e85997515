"""The embedded server's lifecycle: started on open, shared, stopped by the last client, recovered
after a crash of the Python process or of the server itself. Health is polled, never slept on."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest
import redis

from graph import open_store
from graph.server import EmbeddedServer
from graph.synthetic import synthetic_document

REPO = Path(__file__).resolve().parent.parent


def poll(predicate, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    interval = 0.02
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
        interval = min(interval * 1.5, 0.25)
    return predicate()


def servers_for(directory: Path) -> list[psutil.Process]:
    """redis-server processes serving ``directory`` (by their socket in the command line)."""
    socket = str(EmbeddedServer(directory).socket)
    out = []
    for proc in psutil.process_iter(["cmdline"]):
        try:
            cmd = " ".join(proc.info["cmdline"] or [])
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        if "redis-server" in cmd and socket in cmd and proc.status() != psutil.STATUS_ZOMBIE:
            out.append(proc)
    return out


def test_the_server_runs_while_a_store_is_open_and_stops_when_it_closes(tmp_path):
    store = open_store(f"falkordb:{tmp_path}")
    try:
        procs = servers_for(tmp_path)
        assert len(procs) == 1
        assert store.ping()
    finally:
        store.close()
    assert poll(lambda: not servers_for(tmp_path))
    assert not (tmp_path / "falkordb.sock").exists()
    assert not (tmp_path / "falkordb.pid").exists()


def test_the_socket_is_private_and_there_is_no_tcp_port(tmp_path):
    with open_store(f"falkordb:{tmp_path}"):
        mode = stat.S_IMODE(os.stat(tmp_path / "falkordb.sock").st_mode)
        assert mode & 0o077 == 0
        (proc,) = servers_for(tmp_path)
        inet = [c for c in proc.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN]
        assert inet == []
        conn = redis.Redis(unix_socket_path=str(tmp_path / "falkordb.sock"))
        assert conn.config_get("appendonly") == {"appendonly": "yes"}
        assert conn.config_get("port") == {"port": "0"}
        conn.close()


def test_two_stores_share_one_server_which_stops_with_the_last(tmp_path):
    first = open_store(f"falkordb:{tmp_path}")
    second = open_store(f"falkordb:{tmp_path}")
    try:
        assert len(servers_for(tmp_path)) == 1
        first.write_document(synthetic_document(0))
        first.close()
        assert second.ping()
        assert len(second.documents()) == 1
    finally:
        first.close()
        second.close()
    assert poll(lambda: not servers_for(tmp_path))


def _python(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_killed_python_process_leaves_no_server_and_its_writes_stay(tmp_path):
    child = _python("""
        import sys, time
        from graph import open_store
        from graph.synthetic import synthetic_document
        store = open_store("falkordb:" + sys.argv[1])
        store.write_document(synthetic_document(0))
        print("ready", flush=True)
        time.sleep(600)
    """, str(tmp_path))
    assert child.stdout.readline().strip() == "ready"
    assert len(servers_for(tmp_path)) == 1
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    # the watchdog stops the server once its last owner is gone (no exit hook runs on SIGKILL)
    assert poll(lambda: not servers_for(tmp_path), timeout=20)
    with open_store(f"falkordb:{tmp_path}") as store:
        assert len(store.documents()) == 1


def test_a_server_with_a_live_owner_is_kept(tmp_path):
    store = open_store(f"falkordb:{tmp_path}")
    try:
        (server,) = servers_for(tmp_path)
        time.sleep(1.5)  # three watchdog rounds
        assert server.is_running()
        assert store.ping()
    finally:
        store.close()
    assert poll(lambda: not servers_for(tmp_path))


def test_after_the_server_is_killed_the_next_open_recovers_committed_documents(tmp_path):
    store = open_store(f"falkordb:{tmp_path}")
    try:
        for i in range(3):
            store.write_document(synthetic_document(i))
        before = store.stats()
        (server,) = servers_for(tmp_path)
        server.kill()
        assert poll(lambda: not server.is_running() or server.status() == psutil.STATUS_ZOMBIE)
    finally:
        store.close()  # the server is gone: close must still succeed
    with open_store(f"falkordb:{tmp_path}") as reopened:
        assert reopened.stats() == before
        assert len(reopened.documents()) == 3
    assert poll(lambda: not servers_for(tmp_path))


def test_stale_socket_and_pid_files_are_cleared_on_open(tmp_path):
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "falkordb.pid").write_text("999999\n")
    (tmp_path / "falkordb.sock").write_text("")
    (tmp_path / "clients").mkdir()
    (tmp_path / "clients" / "999999-1").write_text("999999")
    with open_store(f"falkordb:{tmp_path}") as store:
        assert store.ping()
    assert poll(lambda: not servers_for(tmp_path))
    assert list((tmp_path / "clients").iterdir()) == []


def test_a_long_data_directory_gets_a_short_private_socket(tmp_path):
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    with open_store(f"falkordb:{deep}") as store:
        assert store.ping()
        socket = store.server.socket
        assert len(str(socket)) <= 100
        assert stat.S_IMODE(os.stat(socket.parent).st_mode) == 0o700
    assert poll(lambda: not servers_for(deep))


@pytest.mark.parametrize("url", ["nosuch:x", "falkordb:", "plain"])
def test_a_bad_store_url_is_a_store_error(url):
    from graph import StoreError

    with pytest.raises(StoreError):
        open_store(url)


def test_the_schema_is_created_once_with_every_index_and_unique_constraint(tmp_path):
    from graph.schema import LABELS, _falkordb_rows, falkordb_indexes

    with open_store(f"falkordb:{tmp_path}") as store:
        conn = store._db.connection
        indexes = _falkordb_rows(conn, "policykg", "CALL db.indexes() YIELD label, properties "
                                                   "RETURN label, properties")
        constraints = _falkordb_rows(conn, "policykg", "CALL db.constraints() YIELD label, properties "
                                                       "RETURN label, properties")
        assert set(falkordb_indexes()) | {("OWNED_BY", "by_doc")} <= indexes
        assert {(label, "uid") for label in LABELS} <= constraints
        log_before = (tmp_path / "falkordb.log").read_text()
    with open_store(f"falkordb:{tmp_path}"):  # reopening issues no DDL that the server refuses
        pass
    assert "already" not in (tmp_path / "falkordb.log").read_text()[len(log_before):]


def test_a_server_whose_data_directory_was_removed_is_still_stopped(tmp_path):
    import shutil

    directory = tmp_path / "gone"
    store = open_store(f"falkordb:{directory}")
    (server,) = servers_for(directory)
    shutil.rmtree(directory)
    store.close()
    assert poll(lambda: not server.is_running() or server.status() == psutil.STATUS_ZOMBIE)


# a process that looks like our server on the socket and answers every command "still loading",
# using no CPU: what a server stuck while loading its log looks like from outside
_STUCK_LOADING = textwrap.dedent("""
    import os, socket, sys, threading
    path = sys.argv[2]
    srv = socket.socket(socket.AF_UNIX)
    srv.bind(path)
    srv.listen(8)
    def serve(conn):
        with conn:
            while conn.recv(4096):
                conn.sendall(b"-LOADING Redis is loading the dataset in memory\\r\\n")
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()
""")


def test_a_server_stuck_while_loading_is_ended_and_started_again(tmp_path, monkeypatch):
    from graph import server as server_module

    monkeypatch.setattr(server_module, "STALLED_LOAD_S", 1.0)
    embedded = EmbeddedServer(tmp_path)
    stuck = subprocess.Popen([sys.executable, "-c", _STUCK_LOADING, "redis-server", str(embedded.socket)])
    try:
        assert poll(lambda: embedded.socket.exists())
        embedded.pidfile.write_text(str(stuck.pid))
        assert poll(lambda: embedded._state() == "loading")
        started = time.monotonic()
        assert not embedded._wait_until_up(stuck.pid)  # not the 30 minutes a real load may take
        assert time.monotonic() - started < 15
        store = open_store(f"falkordb:{tmp_path}")  # ends the stuck one, starts a real server
        try:
            assert store.ping()
            assert poll(lambda: stuck.poll() is not None)
        finally:
            store.close()
    finally:
        if stuck.poll() is None:
            stuck.kill()
        stuck.wait()


def _hang_on_the_schema(monkeypatch, directory: Path, times: int) -> list[int]:
    """The store's schema step meets a hung server ``times`` times: the server is stopped
    (SIGSTOP: it answers nothing, as in the engine deadlock seen in CI) just before it."""
    from graph import falkordb_store, schema

    monkeypatch.setattr(falkordb_store, "SCHEMA_STALL_S", 1.0)
    real = schema.ensure_falkordb
    stopped: list[int] = []

    def hanging(conn, graph):
        if len(stopped) < times:
            (server,) = servers_for(directory)
            server.suspend()
            stopped.append(server.pid)
        return real(conn, graph)

    monkeypatch.setattr(schema, "ensure_falkordb", hanging)
    return stopped


def test_a_server_hung_while_the_store_opens_is_started_again_and_nothing_is_lost(tmp_path, monkeypatch):
    with open_store(f"falkordb:{tmp_path}") as store:
        doc = synthetic_document(0)
        store.write_document(doc)
    stopped = _hang_on_the_schema(monkeypatch, tmp_path, times=1)
    started = time.monotonic()
    with open_store(f"falkordb:{tmp_path}") as store:  # not the socket timeout and its retries
        assert time.monotonic() - started < 20
        assert [d["file"] for d in store.documents()] == [doc.document.file]
        (server,) = servers_for(tmp_path)
        assert stopped and server.pid != stopped[0]  # the hung one is gone, a new one serves
    assert not psutil.pid_exists(stopped[0]) or psutil.Process(stopped[0]).status() == psutil.STATUS_ZOMBIE
    log = (tmp_path / "falkordb.log").read_text(errors="replace")
    assert "stopped answering while the store opened; killed, started again" in log


def test_a_server_that_hangs_again_fails_the_open_naming_its_log(tmp_path, monkeypatch):
    from graph.store import StoreError

    stopped = _hang_on_the_schema(monkeypatch, tmp_path, times=2)
    started = time.monotonic()
    with pytest.raises(StoreError, match=r"stopped answering while the store opened, twice.*falkordb\.log"):
        open_store(f"falkordb:{tmp_path}")
    assert time.monotonic() - started < 60
    assert len(stopped) == 2
    for pid in stopped:  # none left behind, stopped or not
        if psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
            psutil.Process(pid).kill()
            pytest.fail(f"server {pid} was left running")


def test_a_hung_server_is_killed_at_close_and_its_acknowledged_writes_stay(tmp_path, monkeypatch):
    # a stopped process stands in for a hung one: it handles no command and no SIGTERM
    from graph import server as server_module

    monkeypatch.setattr(server_module, "TERM_GRACE_S", 1.0)
    store = open_store(f"falkordb:{tmp_path}")
    doc = synthetic_document(0)
    store.write_document(doc)
    (server,) = servers_for(tmp_path)
    server.send_signal(signal.SIGSTOP)
    try:
        store.close()  # does not raise, does not wait for ever
        assert poll(lambda: not server.is_running() or server.status() == psutil.STATUS_ZOMBIE)
        assert not (tmp_path / "falkordb.pid").exists()
        assert "ignored SIGTERM" in (tmp_path / "falkordb.log").read_text(errors="replace")
    finally:
        if server.is_running():
            server.send_signal(signal.SIGCONT)
    reopened = open_store(f"falkordb:{tmp_path}")
    try:
        assert [d["file"] for d in reopened.documents()] == [doc.document.file]
    finally:
        reopened.close()
