"""Folders: `policykg extract|ingest DIR` recurse, skip what is not a document, find the manifest."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.collect import collect_documents, is_document_name, skipped_note
from tests.documents_support import DEV, dev_docs, require, write_docx, write_pdf

CLI = Path(sys.executable).with_name("policykg")


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_folder_is_walked_in_sorted_order_with_subfolders(tmp_path: Path):
    root = _tree(tmp_path, {"b.txt": "乙。", "a/2.txt": "丙。", "a/1.tsv": "丁。", "c.html": "<p>戊</p>"})
    assert [p.relative_to(root).as_posix() for p in collect_documents([root]).files] == [
        "a/1.tsv", "a/2.txt", "b.txt", "c.html",
    ]  # fmt: skip


def test_readme_images_data_and_hidden_files_in_a_folder_are_skipped_with_a_count(tmp_path: Path):
    root = _tree(tmp_path, {"doc.txt": "甲。", "README.md": "# 说明", "SOURCES.md": "来源",
                            "gold.json": "{}", "table.csv": "a,b", ".hidden.txt": "隐藏",
                            ".git/x.txt": "版本", "notes.yaml": "k: v"})
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    collected = collect_documents([root])
    assert [p.name for p in collected.files] == ["doc.txt"]
    assert len(collected.skipped) == 6  # hidden files and folders are not even looked at
    assert skipped_note(collected).startswith("skipped 6 files that are not documents (")


def test_a_manifest_in_the_folder_is_found_not_read_as_a_document(tmp_path: Path):
    root = _tree(tmp_path, {"docs/a.txt": "甲。", "manifest.csv": "file,date\n",
                            "docs/manifest.csv": "file\n"})
    collected = collect_documents([root])
    assert collected.manifest == root / "manifest.csv"  # the one nearest the top
    assert [p.name for p in collected.files] == ["a.txt"]
    assert collected.skipped == [root / "docs" / "manifest.csv"]


def test_files_named_on_the_command_line_are_read_whatever_their_suffix_except_readmes(tmp_path: Path):
    root = _tree(tmp_path, {"page.md": "甲。", "README.md": "说明", "data.bin": "乙"})
    named = [root / "page.md", root / "README.md", root / "data.bin", root / "gone.txt"]
    collected = collect_documents(named)
    # gone.txt is kept: the run names it as missing
    assert [p.name for p in collected.files] == ["page.md", "data.bin", "gone.txt"]
    assert [p.name for p in collected.skipped] == ["README.md"]


def test_a_file_given_twice_is_read_once(tmp_path: Path):
    root = _tree(tmp_path, {"a.txt": "甲。"})
    assert collect_documents([root / "a.txt", root, root / "a.txt"]).files == [root / "a.txt"]


def test_document_names():
    assert is_document_name(Path("report.pdf"), True) and is_document_name(Path("t.docx"), True)
    assert not is_document_name(Path("README"), False) and not is_document_name(Path("readme.txt"), True)
    assert not is_document_name(Path("notes.md"), True) and is_document_name(Path("notes.md"), False)
    # a project's NOTICE file is not a document; a user's notice.txt (a 通知) is
    assert not is_document_name(Path("NOTICE"), True) and not is_document_name(Path("NOTICE.txt"), False)
    assert is_document_name(Path("notice.txt"), True) and is_document_name(Path("Notice_2031.txt"), True)


def test_a_folder_of_pdf_word_and_text_files_is_extracted_whole(tmp_path: Path):
    text = "某区2030年工作报告\n上半年完成投资12.5亿元。"
    write_pdf(text, tmp_path / "a.pdf")
    (tmp_path / "sub").mkdir()
    write_docx(text, tmp_path / "sub" / "b.docx")
    (tmp_path / "c.txt").write_text(text, encoding="utf-8")
    (tmp_path / "README.md").write_text("说明", encoding="utf-8")
    out = subprocess.run([str(CLI), "extract", str(tmp_path), "--json"], capture_output=True, text=True,
                         timeout=300, check=False)
    assert out.returncode == 0, out.stderr
    assert [d["file"] for d in json.loads(out.stdout)["documents"]] == ["a.pdf", "c.txt", "b.docx"]
    assert "skipped 1 file that is not a document (README.md)" in out.stderr


def test_an_empty_folder_is_an_error_that_names_it(tmp_path: Path):
    (tmp_path / "README.md").write_text("说明", encoding="utf-8")
    out = subprocess.run([str(CLI), "extract", str(tmp_path)], capture_output=True, text=True, timeout=120,
                         check=False)
    assert out.returncode == 1 and "no documents" in out.stderr and str(tmp_path) in out.stderr


# --------------------------------------------------------------------------- the dev set as a folder


@pytest.fixture(scope="module")
def dev_folder_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, Path]:
    """``policykg extract DIR --json`` over a copy of ../shared/dev (docs, manifest, gold, a README)."""
    require(DEV / "manifest.csv", "the dev set (../shared/dev)")
    copy = tmp_path_factory.mktemp("dev") / "dev"
    shutil.copytree(DEV, copy)
    if not (copy / "README.md").exists():
        (copy / "README.md").write_text("说明", encoding="utf-8")
    out = subprocess.run([str(CLI), "extract", str(copy), "--json"], capture_output=True, text=True,
                         timeout=600, check=False)
    return out, copy


def test_extract_over_the_dev_folder_reads_exactly_its_28_documents(dev_folder_run):
    out, _copy = dev_folder_run
    assert out.returncode == 0, out.stderr
    documents = json.loads(out.stdout)["documents"]
    assert sorted(d["file"] for d in documents) == sorted(p.name for p in dev_docs())
    assert len(documents) == 28
    assert "skipped" in out.stderr and "README.md" in out.stderr


def test_extract_over_the_dev_folder_gives_each_document_its_manifest_date(dev_folder_run):
    out, copy = dev_folder_run
    with (copy / "manifest.csv").open(encoding="utf-8") as f:
        manifest = {row["file"]: row["date"] for row in csv.DictReader(f)}
    dates = {d["file"]: d["date"] for d in json.loads(out.stdout)["documents"]}
    for file, date in manifest.items():
        if len(date) == 10:  # a full date; the manifest also has YYYY-MM and empty ones
            assert dates[file] == date, file
