"""The store never lies (issue 9): one document per name, durable writes or a named failure, the
same graph in any order, clean answers to hostile parameters, no orphaned server.

The documents written here are our own sentences; the order tests use the real seeds and
development pages, read from ../shared (they skip when those are missing)."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from api.app import create_app
from api.settings import Settings
from graph import open_store
from tests.test_store_server import poll, servers_for

REPO = Path(__file__).resolve().parent.parent
POLICYKG = str(Path(sys.executable).with_name("policykg"))
SHARED = REPO.parent / "shared"
TOKEN = {"Authorization": "Bearer secret"}

REPORT = ("2031年区政府工作报告\n一、过去一年工作回顾\n"
          "青松里棚户区改造项目完成征收，启动安置房建设。\n"
          "由区住房和城乡建设委员会牵头，白杨街区更新项目开工建设。\n")
REPORT_2 = REPORT + "二、明年工作安排\n推进青松里棚户区改造项目安置房竣工。\n"


def cli(*args: str, store: Path, check: bool = False, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run([POLICYKG, *args, "--store", f"falkordb:{store}"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=900, check=check, **kw)


def app_for(store_dir: Path):
    store = open_store(f"falkordb:{store_dir}")
    settings = dataclasses.replace(Settings.from_env(store=store.url), token="secret")
    return store, TestClient(create_app(settings, store))


def upload(client: TestClient, name: str, data: bytes):
    return client.post("/api/v1/documents", files={"file": (name, data)}, headers=TOKEN)


# --------------------------------------------------------------------------- API rows


def test_a_server_started_on_an_empty_store_serves_the_documents_uploaded_later(tmp_path):
    store, client = app_for(tmp_path / "s")
    try:
        assert client.get("/api/v1/projects/project:0000000000000000").status_code == 404
        assert client.get("/api/v1/projects/project:0000000000000000/history").status_code == 404
        assert upload(client, "report.txt", REPORT.encode()).status_code == 201
        items = client.get("/api/v1/projects").json()["items"]
        assert items
        for item in items:
            detail = client.get(f"/api/v1/projects/{item['uid']}")
            assert detail.status_code == 200, detail.text
            assert all(m["doc"] == "report.txt" for m in detail.json()["mentions"])
            assert client.get(f"/api/v1/projects/{item['uid']}/history").status_code == 200
    finally:
        store.close()


def test_every_key_and_type_the_writer_uses_is_registered_when_a_store_opens(corpus_store):
    """A key or type missing from graph/schema.py would read null in plans cached before it
    first appears (the empty-store 500): a new property must join PROPERTY_KEYS."""
    from graph.schema import PROPERTY_KEYS, RELATIONSHIP_TYPES

    keys = {r["k"] for r in corpus_store._read("CALL db.propertyKeys() YIELD propertyKey "
                                               "RETURN propertyKey AS k", {}).rows}
    types = {r["t"] for r in corpus_store._read("CALL db.relationshipTypes() YIELD relationshipType "
                                                "RETURN relationshipType AS t", {}).rows}
    assert keys <= set(PROPERTY_KEYS), sorted(keys - set(PROPERTY_KEYS))
    assert types <= set(RELATIONSHIP_TYPES), sorted(types - set(RELATIONSHIP_TYPES))


@pytest.mark.parametrize("url", ["/api/v1/projects/%00", "/api/v1/projects/a%01b/history",
                                 "/api/v1/bureaus/%00", "/api/v1/search?q=%00", "/api/v1/search?q=x%1f"])
def test_control_characters_in_a_parameter_answer_4xx_without_query_internals(tmp_path, url):
    store, client = app_for(tmp_path / "s")
    try:
        answer = client.get(url)
        assert answer.status_code in (404, 422)
        assert "errCtx" not in answer.text and "CYPHER" not in answer.text
    finally:
        store.close()


def test_deleting_a_name_with_a_nul_is_not_found(tmp_path):
    store, client = app_for(tmp_path / "s")
    try:
        answer = client.delete("/api/v1/documents/%00", headers=TOKEN)
        assert answer.status_code == 404
    finally:
        store.close()


def test_one_name_is_one_document_and_the_same_content_elsewhere_is_a_duplicate(tmp_path):
    store, client = app_for(tmp_path / "s")
    try:
        first = upload(client, "report.txt", REPORT.encode())
        assert first.status_code == 201 and first.json()["status"] == "stored"
        again = upload(client, "report.txt", REPORT.encode()).json()
        assert again["status"] == "unchanged"
        copy = upload(client, "copy_of_report.txt", REPORT.encode())
        assert copy.status_code == 200
        assert copy.json()["status"] == "duplicate" and copy.json()["duplicate_of"] == "report.txt"
        assert [d["file"] for d in store.documents()] == ["report.txt"]
        provenance = store.export_facts()
        assert {e.source.doc for e in provenance.events} == {"report.txt"}
        replaced = upload(client, "report.txt", REPORT_2.encode()).json()
        assert replaced["status"] == "replaced" and replaced["replaced"] is True
        docs = store.documents()
        assert [d["file"] for d in docs] == ["report.txt"]
        assert upload(client, "other.txt", REPORT.encode()).json()["status"] == "stored"
        assert client.delete("/api/v1/documents/report.txt", headers=TOKEN).status_code == 200
        assert [d["file"] for d in store.documents()] == ["other.txt"]
    finally:
        store.close()


@given(st.text(max_size=40))
def test_a_text_parameter_is_refused_exactly_when_it_holds_a_control_character(text):
    from graph.queries import Param
    from graph.store import QueryError

    bad = any((ord(c) < 32 and c not in "\t\n\r") or c == "\x7f" for c in text)
    try:
        value = Param("q", "str", required=True).convert(text)
    except QueryError as err:
        assert bad and err.reason == "parameter"
    else:
        assert not bad and "\x00" not in value


# --------------------------------------------------------------------------- CLI rows


def test_a_query_that_matches_nothing_exits_1_and_a_bad_parameter_exits_2(tmp_path):
    store = tmp_path / "s"
    nothing = cli("query", "project_bureaus", "--param", "project=没有这个项目", store=store)
    assert nothing.returncode == 1, nothing.stderr
    assert "nothing matched" in nothing.stderr
    bad = cli("query", "project_bureaus", "--param", "nosuch=1", store=store)
    assert bad.returncode == 2, bad.stderr


def test_a_store_path_that_is_a_file_is_one_line_and_exit_3(tmp_path):
    path = tmp_path / "afile"
    path.write_text("not a store")
    proc = cli("stats", store=path)
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    assert "is a file" in proc.stderr


@pytest.fixture
def mounted(tmp_path):
    """A tmpfs of 3 MB at tmp_path/mnt (skips where mount is not permitted)."""
    point = tmp_path / "mnt"
    point.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(point)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({proc.stderr.strip()}): needs root")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def test_a_read_only_store_is_read_and_a_write_into_it_exits_3(mounted, tmp_path):
    store = mounted / "db"
    doc = tmp_path / "report.txt"
    doc.write_text(REPORT, encoding="utf-8")
    cli("ingest", str(doc), store=store, check=True)
    subprocess.run(["mount", "-o", "remount,ro", str(mounted)], check=True)
    stats = cli("stats", "--json", store=store)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["documents"] == 1
    write = cli("ingest", str(doc), store=store)
    assert write.returncode == 3
    assert "read-only" in write.stderr and "Traceback" not in write.stderr


def test_a_read_only_store_written_before_the_grams_is_searched_through_them(mounted, tmp_path):
    store = mounted / "db"
    doc = tmp_path / "report.txt"
    doc.write_text(REPORT, encoding="utf-8")
    cli("ingest", str(doc), store=store, check=True)
    with open_store(f"falkordb:{store}") as s:  # as a store written before the writer kept them
        for label in ("Project", "Bureau", "Place", "Metric"):
            s._write(f"MATCH (n:{label}) REMOVE n.grams", {})
    assert poll(lambda: not servers_for(store), timeout=20)
    subprocess.run(["mount", "-o", "remount,ro", str(mounted)], check=True)
    found = cli("query", "search", "--param", "q=青松里", "--json", store=store)
    assert found.returncode == 0, found.stderr
    assert "青松里棚户区改造项目" in found.stdout


def test_a_full_disk_fails_the_ingest_naming_the_cause_and_keeps_what_was_reported(mounted, corpus_files):
    subprocess.run(["mount", "-o", "remount,size=2m", str(mounted)], check=True)
    store = mounted / "db"
    proc = cli("ingest", *map(str, corpus_files), store=store)
    assert proc.returncode == 3, proc.stderr
    assert re.search(r"no space left|aof|append", proc.stderr, re.I), proc.stderr
    reported = int(re.search(r"stored (\d+) of", proc.stderr).group(1))
    assert poll(lambda: not servers_for(store), timeout=20)
    stats = cli("stats", "--json", store=store)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["documents"] == reported


def _pages() -> list[Path]:
    pages = sorted((SHARED / "corpus").glob("*.txt")) + sorted((SHARED / "dev" / "docs").glob("*.txt"))
    if not pages:
        pytest.skip("../shared/corpus and ../shared/dev/docs are missing")
    return pages


def test_ctrl_c_during_ingest_says_how_many_were_stored_and_leaves_them_whole(tmp_path):
    # eight copies of every page, each with a line of its own (so each is a document of its own):
    # enough work that the interrupt lands during the run, not after it
    pages = []
    for copy in range(8):
        for page in _pages():
            target = tmp_path / "pages" / f"{copy}_{page.name}"
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(page.read_bytes() + f"\n（副本{copy}）\n".encode())
            pages.append(target)
    store = tmp_path / "s"
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    proc = subprocess.Popen([POLICYKG, "ingest", *map(str, pages), "--store", f"falkordb:{store}"],
                            cwd=REPO, env=env, stderr=subprocess.PIPE, text=True)
    assert poll(lambda: (store / "falkordb.sock").exists() or proc.poll() is not None, timeout=60)
    time.sleep(2.0)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=300)
    if proc.returncode == 0:
        pytest.skip("the ingest finished before the interrupt")
    assert proc.returncode == 130, err
    found = re.search(r"interrupted: (\d+) of (\d+) documents stored", err)
    assert found, err
    assert int(found.group(2)) == len(pages)
    stats = json.loads(cli("stats", "--json", store=store, check=True).stdout)
    assert stats["documents"] == int(found.group(1))


def test_kill_9_of_serve_does_not_leave_the_embedded_server_running(tmp_path):
    store = tmp_path / "s"
    env = {**os.environ, "NO_COLOR": "1"}
    serve = subprocess.Popen([POLICYKG, "serve", "--store", f"falkordb:{store}", "--port", "0"],
                             cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert poll(lambda: bool(servers_for(store)), timeout=60)
        (server,) = servers_for(store)
        serve.send_signal(signal.SIGKILL)
        serve.wait(timeout=30)
        assert poll(lambda: not server.is_running() or server.status() == psutil.STATUS_ZOMBIE, timeout=20)
    finally:
        if serve.poll() is None:
            serve.kill()


def test_relink_applies_a_curated_merge_to_the_stored_documents(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYKG_MERGES", str(tmp_path / "merges.yaml"))
    store = tmp_path / "s"
    doc = tmp_path / "report.txt"
    doc.write_text(REPORT, encoding="utf-8")
    cli("ingest", str(doc), store=store, check=True)

    def projects() -> set[str]:
        return {p["name"] for p in json.loads(_export(store))["projects"]}

    before = projects()
    assert {"青松里棚户区改造项目", "白杨街区更新项目"} <= before, before
    merged = subprocess.run([POLICYKG, "merge", "青松里棚户区改造项目", "白杨街区更新项目"], cwd=REPO,
                            capture_output=True, text=True, timeout=60, check=False)
    assert merged.returncode == 0, merged.stderr
    relinked = cli("relink", store=store, check=True)
    assert "relinked report.txt" in relinked.stderr
    assert projects() == before - {"白杨街区更新项目"}
    assert "0 document(s) changed" in cli("relink", store=store, check=True).stderr


# --------------------------------------------------------------------------- the same graph


def _export(store: Path) -> str:
    return cli("export", "--format", "facts", store=store, check=True).stdout


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_seeds_and_dev_pages_give_the_same_graph_in_any_order(tmp_path):
    """One run (files given backwards); one `policykg ingest` per file forwards (a process each:
    nothing a process keeps can help); one IngestService call per file backwards."""
    from graph.service import IngestService, Source

    pages = _pages()
    one = tmp_path / "one"
    cli("ingest", *map(str, reversed(pages)), "-q", store=one, check=True)
    expected = _export(one)
    forwards = tmp_path / "forwards"
    for page in pages:
        proc = cli("ingest", str(page), "-q", store=forwards)
        assert proc.returncode in (0, 1), proc.stderr
    assert _export(forwards) == expected, "one at a time forwards differs from one run"
    backwards = tmp_path / "backwards"
    with open_store(f"falkordb:{backwards}") as store:
        service = IngestService(store)
        for page in reversed(pages):
            service.ingest([Source.from_path(page)])
    assert _export(backwards) == expected, "one at a time backwards differs from one run"


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_uploads_in_any_order_give_the_graph_of_one_run(tmp_path):
    pages = _pages()
    one = tmp_path / "one"
    cli("ingest", *map(str, pages), "-q", store=one, check=True)
    expected = _export(one)
    for label, order in (("forwards", pages), ("backwards", list(reversed(pages)))):
        store_dir = tmp_path / label
        store, client = app_for(store_dir)
        try:
            for page in order:
                answer = upload(client, page.name, page.read_bytes())
                assert answer.status_code in (200, 201, 422), answer.text
        finally:
            store.close()
        assert _export(store_dir) == expected, f"uploads {label} differ from one run"


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_readers_while_two_uploads_and_a_cli_ingest_write_see_no_5xx_and_lose_nothing(tmp_path):
    pages = _pages()
    one = tmp_path / "one"
    cli("ingest", *map(str, pages), "-q", store=one, check=True)
    expected = _export(one)
    store_dir = tmp_path / "shared"
    store, client = app_for(store_dir)
    statuses: list[int] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            for url in ("/api/v1/projects", "/api/v1/documents", "/api/v1/bureaus", "/api/v1/search?q=项目"):
                statuses.append(client.get(url).status_code)

    def write(part: list[Path]) -> None:
        for page in part:
            statuses.append(upload(client, page.name, page.read_bytes()).status_code)

    readers = [threading.Thread(target=read) for _ in range(8)]
    third = len(pages) // 3
    writers = [threading.Thread(target=write, args=(pages[:third],)),
               threading.Thread(target=write, args=(pages[third:2 * third],))]
    try:
        for t in readers + writers:
            t.start()
        proc = cli("ingest", *map(str, pages[2 * third:]), "-q", store=store_dir)
        for t in writers:
            t.join(timeout=900)
        stop.set()
        for t in readers:
            t.join(timeout=60)
        assert proc.returncode in (0, 1), proc.stderr
        assert not [s for s in statuses if s >= 500]
        assert len(store.documents()) == len(pages)
    finally:
        stop.set()
        store.close()
    assert _export(store_dir) == expected


# --------------------------------------------------------------------------- no hangs


def test_every_test_has_a_time_limit(request):
    assert float(request.config.getini("timeout")) > 0


def test_a_stalled_server_fails_a_call_instead_of_hanging_it(tmp_path, monkeypatch):
    import graph.falkordb_store as falkordb_store
    from graph import StoreError

    monkeypatch.setattr(falkordb_store, "SOCKET_TIMEOUT_S", 2.0)
    store = open_store(f"falkordb:{tmp_path / 's'}")
    (server,) = servers_for(tmp_path / "s")
    try:
        server.suspend()  # SIGSTOP: the engine answers nothing, as in a stall
        started = time.monotonic()
        with pytest.raises(StoreError, match="did not answer"):
            store.stats()
        assert time.monotonic() - started < 30
    finally:
        server.resume()
        store.close()
