"""`policykg extract --jsonl` then `policykg load`: the graph `policykg ingest` of the same files gives.

End to end on the real corpus (and the development pages with their manifest); the lines decode
to the very facts the extractor made; the service's identity rules hold for loaded lines; a bad
line is named with its file and line and loses nothing stored. Small documents are our own
sentences, the names invented.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph import open_store
from ingest import jsonl
from ingest.jsonl import LineError, facts_from_json, facts_to_json, parse_line, read_jsonl
from ingest.parallel import DocumentJob, run_jobs
from ingest.registry import Registry

CLI = Path(sys.executable).with_name("policykg")
REPO = Path(__file__).resolve().parent.parent

FIRST = "政府工作报告\n\n2024年工作回顾\n\n启动雾凇湾项目建设，由区住建委负责。晨光里片区腾退完成。\n"
SECOND = "政府工作报告\n\n2025年工作回顾\n\n雾凇湾回迁楼全部交付，晨光里完成验收。\n"
THIRD = "区政府工作要点\n\n2025年，推进月桂坊项目开工，完成雾凇湾项目收尾。\n"


def _cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=600)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def _docs(folder: Path, texts=(("a.txt", FIRST), ("b.txt", SECOND), ("c.txt", THIRD))) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in texts:
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    return paths


def _graph(url: str) -> dict:
    """Everything a store holds, and the answers of a few named queries (names taken from it)."""
    with open_store(url) as store:
        stats = store.stats()
        nodes, edges = store.dump_graph(with_text=True)
        out = {
            "stats": (stats.labels, stats.relationships),
            "nodes": sorted(json.dumps(n, ensure_ascii=False, sort_keys=True) for n in nodes),
            "edges": sorted(json.dumps(e, ensure_ascii=False, sort_keys=True) for e in edges),
            "facts": store.export_facts().to_json(),
            "documents": store.run_named("documents").rows,
        }
        bureaus = store.run_named("bureaus_ranked", {"limit": 3}).rows
        projects = store.run_named("viz_top_projects", {"limit": 3}).rows
        for row in bureaus:
            answer = store.run_named("bureau_projects", {"bureau": row["uid"]})
            out[f"bureau_projects {row['uid']}"] = answer.rows
        for row in projects:
            uid, name = row["node"]["uid"], row["node"]["name"]
            out[f"project_history {uid}"] = store.run_named("project_history", {"project": uid}).rows
            out[f"project_bureaus {uid}"] = store.run_named("project_bureaus", {"project": uid}).rows
            out[f"search {name[:2]}"] = store.run_named("search", {"q": name[:2]}).rows
        out["asked"] = len(bureaus) + len(projects)
    return out


# --------------------------------------------------------------------------- the lines


def test_a_line_decodes_to_the_facts_the_extractor_made(corpus_files, dev_dir):
    """Every document of the corpus, the dev pages and the samples (a task table, Big5 text)."""
    paths = [
        *map(str, corpus_files),
        *sorted(map(str, (dev_dir / "docs").glob("*.txt"))),
        *sorted(str(p) for p in (REPO / "samples").iterdir() if p.suffix in (".txt", ".tsv")),
    ]
    outcomes = run_jobs([DocumentJob(i, p) for i, p in enumerate(paths)], Registry.load(), 2)
    assert all(o.facts is not None for o in outcomes)
    for o in outcomes:
        data = Path(o.path).read_bytes()
        line = jsonl.document_line(Path(o.path).name, data, None, o.facts, o.discovered)
        doc = parse_line(line, "x.jsonl", 1)
        assert doc.facts == o.facts, o.path
        assert doc.data == data and doc.name == Path(o.path).name
        assert [(d.label, d.name, d.kind, d.aliases) for d in doc.discovered] == [
            (d.label, d.name, d.kind, d.aliases) for d in o.discovered
        ]
        # and it is JSON in the record shapes of FACTS.md
        record = json.loads(line)
        assert record["facts"]["documents"][0]["file"] == Path(o.path).name
        assert set(record["facts"]) >= {
            "documents",
            "projects",
            "bureaus",
            "places",
            "tasks",
            "ownership",
            "events",
            "metrics",
        }
    big5 = next(o for o in outcomes if o.path.endswith("big5.txt"))
    assert (
        "base64"
        in json.loads(
            jsonl.document_line("x.txt", Path(big5.path).read_bytes(), None, big5.facts, big5.discovered)
        )["source"]
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10_000), max_size=60))
def test_offsets_runs_round_trip(offsets):
    runs = jsonl._runs(offsets)
    back = [o for first, count in runs for o in range(first, first + count)]
    assert back == offsets
    assert all(count >= 1 for _first, count in runs)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_a_line_or_a_named_line_error(text):
    try:
        parse_line(text, "f.jsonl", 7)
    except LineError as err:
        assert str(err).startswith("f.jsonl, line 7: ")


def test_facts_from_json_rejects_what_is_not_the_facts(tmp_path):
    (path,) = _docs(tmp_path, (("a.txt", FIRST),))
    (outcome,) = run_jobs([DocumentJob(0, str(path))], Registry.load(), 1)
    good = facts_to_json(outcome.facts)
    assert facts_from_json(json.loads(json.dumps(good))) == outcome.facts
    for broken, needle in (
        ({**good, "documents": []}, "0 documents"),
        ({**good, "events": [{**good["events"][0], "tense": "someday"}]}, "someday"),
        ({**good, "projects": [{**good["projects"][0], "colour": "red"}]}, "colour"),
        ({k: v for k, v in good.items() if k != "sentences"}, "sentences is missing"),
        ({**good, "sentences": [{**good["sentences"][0], "section": "nowhere"}]}, "nowhere"),
    ):
        with pytest.raises(ValueError, match=needle):
            facts_from_json(broken)


def test_lines_are_in_path_order_and_the_same_whatever_jobs(tmp_path):
    paths = _docs(tmp_path / "docs")
    one = _cli("extract", *map(str, paths), "--jsonl", "--jobs", "1").stdout
    two = _cli("extract", *map(str, paths), "--jsonl", "--jobs", "2", "-o", str(tmp_path / "two.jsonl"))
    two = two.stdout
    assert two == ""
    assert (tmp_path / "two.jsonl").read_text(encoding="utf-8") == one
    assert [json.loads(line)["name"] for line in one.splitlines()] == ["a.txt", "b.txt", "c.txt"]


def test_each_line_is_written_as_its_document_finishes(tmp_path):
    """Streaming: a line goes out (flushed) when its document and those before it are done, not at
    the end of the run."""
    paths = _docs(tmp_path / "docs")
    finished: list[str] = []
    seen_at_write: list[int] = []

    class Out:
        def write(self, text: str) -> None:
            seen_at_write.append(len(finished))

        def flush(self) -> None:
            pass

    run = jsonl.extract_lines(paths, Out(), jobs=1, on_document=lambda path, _e: finished.append(path))
    assert run.written == 3 and seen_at_write == [1, 2, 3]


def test_a_file_that_fails_is_named_and_the_others_are_written(tmp_path):
    paths = _docs(tmp_path / "docs")
    empty = tmp_path / "docs" / "empty.txt"
    empty.write_bytes(b"")
    done = _cli("extract", str(paths[0]), str(empty), str(paths[1]), "--jsonl", check=False)
    assert done.returncode == 1
    assert "empty.txt" in done.stderr
    assert [json.loads(line)["name"] for line in done.stdout.splitlines()] == ["a.txt", "b.txt"]


def test_usage_errors(tmp_path):
    paths = _docs(tmp_path / "docs")
    assert _cli("extract", str(paths[0]), "--jsonl", "--json", check=False).returncode == 2
    assert _cli("extract", str(paths[0]), "-o", str(tmp_path / "x"), check=False).returncode == 2
    assert _cli("extract", str(paths[0]), "--dask", "local:2", check=False).returncode == 2


# --------------------------------------------------------------------------- load = ingest


@pytest.mark.slow
def test_extract_jsonl_then_load_gives_the_graph_ingest_gives(corpus_files, dev_dir, tmp_path):
    """The corpus and the dev pages (with their manifest): stats, every node and relationship, the
    exported facts and named queries' answers are the same."""
    files = [*map(str, corpus_files), *sorted(map(str, (dev_dir / "docs").glob("*.txt")))]
    manifest = str(dev_dir / "manifest.csv")
    lines = tmp_path / "facts.jsonl"
    _cli("extract", *files, "--manifest", manifest, "--jsonl", "-o", str(lines), "-q")
    _cli("ingest", *files, "--manifest", manifest, "--store", f"falkordb:{tmp_path / 'ingested'}", "-q")
    done = _cli("load", str(lines), "--store", f"falkordb:{tmp_path / 'loaded'}", "-q")
    assert "extracted here again" not in done.stderr  # the facts were used as they are
    assert f"stored {len(files)} document(s) (0 failed)" in done.stderr
    ingested, loaded = _graph(f"falkordb:{tmp_path / 'ingested'}"), _graph(f"falkordb:{tmp_path / 'loaded'}")
    assert ingested["asked"] == 6 and len(ingested["documents"]) == len(files)
    assert loaded == ingested
    # in two loads, the second one linked with what the first stored: the graph two ingests of the
    # same halves give (the one a single run gives, but for the order of some aliases)
    half = len(files) // 2
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    all_lines = lines.read_text(encoding="utf-8").splitlines(keepends=True)
    first.write_text("".join(all_lines[half:]), encoding="utf-8")
    second.write_text("".join(all_lines[:half]), encoding="utf-8")
    _cli("load", str(first), "--store", f"falkordb:{tmp_path / 'two-loads'}", "-q")
    _cli("load", str(second), "--store", f"falkordb:{tmp_path / 'two-loads'}", "-q")
    for part in (files[half:], files[:half]):
        _cli("ingest", *part, "--manifest", manifest, "--store", f"falkordb:{tmp_path / 'two-ingests'}", "-q")
    assert _graph(f"falkordb:{tmp_path / 'two-loads'}") == _graph(f"falkordb:{tmp_path / 'two-ingests'}")


def test_load_keeps_the_identity_rules(tmp_path):
    a, b, c = _docs(tmp_path / "docs")
    lines = tmp_path / "abc.jsonl"
    _cli("extract", str(a), str(b), str(c), "--jsonl", "-o", str(lines))
    store = f"falkordb:{tmp_path / 'store'}"
    assert "stored 3 document(s) (0 failed)" in _cli("load", str(lines), "--store", store).stderr
    before = _graph(store)
    again = _cli("load", str(lines), "--store", store)  # same names, same content: nothing to do
    assert "stored 3 document(s)" in again.stderr
    assert _graph(store) == before
    # the same content under another name: a duplicate, nothing changes
    copy = _docs(tmp_path / "copy", (("d.txt", THIRD),))
    dup = tmp_path / "dup.jsonl"
    _cli("extract", str(copy[0]), "--jsonl", "-o", str(dup))
    assert "duplicate" in _cli("load", str(dup), "--store", store).stderr
    assert _graph(store) == before
    # the same name with new content: replaced, as ingest replaces it
    changed = _docs(tmp_path / "new", (("c.txt", THIRD.replace("月桂坊", "云杉里")),))
    new = tmp_path / "new.jsonl"
    _cli("extract", str(changed[0]), "--jsonl", "-o", str(new))
    _cli("load", str(new), "--store", store)
    reference = f"falkordb:{tmp_path / 'reference'}"
    _cli("ingest", str(a), str(b), str(changed[0]), "--store", reference)
    assert _graph(store) == _graph(reference)


def test_a_bad_line_is_named_and_loses_nothing(tmp_path):
    a, b, c = _docs(tmp_path / "docs")
    store = f"falkordb:{tmp_path / 'store'}"
    _cli("ingest", str(a), "--store", store)
    lines = _cli("extract", str(b), str(c), "--jsonl").stdout.splitlines()
    tampered = json.loads(lines[1])
    tampered["source"]["text"] += "。"  # its bytes no longer have its sha256
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        "\n".join([lines[0], "{not json", json.dumps(tampered, ensure_ascii=False)]) + "\n", encoding="utf-8"
    )
    done = _cli("load", str(bad), "--store", store, check=False)
    assert done.returncode == 1
    assert f"{bad}, line 2: not JSON" in done.stderr.replace("\n", "")
    assert f"{bad}, line 3: the source of c.txt does not have its sha256" in done.stderr.replace("\n", "")
    reference = f"falkordb:{tmp_path / 'reference'}"
    _cli("ingest", str(a), str(b), "--store", reference)
    assert _graph(store) == _graph(reference)  # a.txt kept, b.txt stored, c.txt not
    errors = [x for x in read_jsonl([bad, tmp_path / "missing.jsonl"]) if isinstance(x, LineError)]
    assert [(e.line, Path(e.file).name) for e in errors] == [
        (2, "bad.jsonl"),
        (3, "bad.jsonl"),
        (0, "missing.jsonl"),
    ]


def test_facts_of_another_extractor_are_extracted_again(tmp_path):
    paths = _docs(tmp_path / "docs")
    lines = _cli("extract", *map(str, paths), "--jsonl").stdout.splitlines()
    other = []
    for line in lines:
        record = json.loads(line)
        record["extractor"] = "ex1:another"
        record["facts"]["events"] = []  # what another extractor made is not what is stored
        other.append(json.dumps(record, ensure_ascii=False))
    path = tmp_path / "other.jsonl"
    path.write_text("\n".join(other) + "\n", encoding="utf-8")
    store, reference = f"falkordb:{tmp_path / 'store'}", f"falkordb:{tmp_path / 'reference'}"
    done = _cli("load", str(path), "--store", store)
    assert done.stderr.count("extracted here again") == 3
    _cli("ingest", *map(str, paths), "--store", reference)
    assert _graph(store) == _graph(reference)


def test_pdf_word_and_web_pages_load_as_they_ingest(tmp_path):
    """Their bytes travel as base64 (PDF, Word) or text (a web page); facts keep their pages."""
    from tests.documents_support import web_page, write_docx, write_pdf

    docs = tmp_path / "docs"
    docs.mkdir()
    report = (
        "某区2030年计划上半年执行情况的报告\n\n上半年，启动雾凇湾项目建设，由区住建委负责。\n\n"
        "下半年将推进月桂坊项目开工。"
    )
    pdf = write_pdf(report, docs / "report.pdf", page_breaks=(2,))
    word = write_docx(report.replace("雾凇湾", "晨光里"), docs / "report.docx")
    page = docs / "page.html"
    page.write_text(
        web_page(report.replace("雾凇湾", "云杉里"), "雾凇湾简讯", "2030-07-01"), encoding="utf-8"
    )
    lines = tmp_path / "docs.jsonl"
    _cli("extract", str(pdf), str(word), str(page), "--jsonl", "-o", str(lines))
    sources = [json.loads(line)["source"] for line in lines.read_text(encoding="utf-8").splitlines()]
    assert ["base64" in s for s in sources] == [True, True, False]
    store, reference = f"falkordb:{tmp_path / 'store'}", f"falkordb:{tmp_path / 'reference'}"
    assert "extracted here again" not in _cli("load", str(lines), "--store", store).stderr
    _cli("ingest", str(pdf), str(word), str(page), "--store", reference)
    assert _graph(store) == _graph(reference)


def test_a_line_whose_facts_are_of_other_bytes_is_refused(tmp_path):
    a, b, _c = _docs(tmp_path / "docs")
    first, second = (json.loads(x) for x in _cli("extract", str(a), str(b), "--jsonl").stdout.splitlines())
    first["source"], first["sha256"] = second["source"], second["sha256"]
    with pytest.raises(LineError, match=r"x.jsonl, line 4: the facts of a.txt are of other bytes"):
        parse_line(json.dumps(first, ensure_ascii=False), "x.jsonl", 4)
