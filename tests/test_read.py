"""Reading files: encodings, formats, identity."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.read import decode_bytes, detect_format, read_document

# --------------------------------------------------------------------------- the corpus


def test_every_corpus_file_reads_as_utf8_with_its_sha256(corpus_files: list[Path]):
    for path in corpus_files:
        raw = read_document(path)
        assert raw.file == path.name
        assert raw.encoding == "utf-8"
        assert raw.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert raw.text == path.read_bytes().decode("utf-8")


def test_corpus_formats(corpus_files: list[Path]):
    formats = {p.name[:3]: read_document(p).format for p in corpus_files}
    assert formats["003"] == "table"
    assert {formats[k] for k in ("000", "001", "002", "004")} == {"text"}


# --------------------------------------------------------------------------- encodings

_SIMPLIFIED = "关于本区发展计划执行情况的报告：全区经济运行平稳，重点项目有序推进。\n"
_TRADITIONAL = "關於本區發展計劃執行情況的報告：全區經濟運行平穩，重點項目有序推進。\n"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_gbk_file_is_detected(tmp_path: Path):
    raw = read_document(_write(tmp_path, "gbk.txt", (_SIMPLIFIED * 5).encode("gbk")))
    assert raw.encoding == "gbk"
    assert raw.text == _SIMPLIFIED * 5


def test_gb18030_only_characters_are_reported_as_gb18030(tmp_path: Path):
    text = _SIMPLIFIED * 3 + "罕见字𠀀也能读。\n"
    raw = read_document(_write(tmp_path, "gb18030.txt", text.encode("gb18030")))
    assert raw.encoding == "gb18030"
    assert raw.text == text


def test_big5_file_is_detected(tmp_path: Path):
    raw = read_document(_write(tmp_path, "big5.txt", (_TRADITIONAL * 5).encode("big5")))
    assert raw.encoding == "big5"
    assert raw.text == _TRADITIONAL * 5


def test_short_big5_and_gbk_texts_are_told_apart():
    assert decode_bytes("東城區政府工作報告".encode("big5")) == ("big5", "東城區政府工作報告")
    assert decode_bytes("东城区政府工作报告".encode("gbk")) == ("gbk", "东城区政府工作报告")


def test_utf8_bom_is_dropped_and_crlf_kept(tmp_path: Path):
    raw = read_document(_write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + "第一行\r\n第二行\r\n".encode()))
    assert raw.encoding == "utf-8"
    assert raw.text == "第一行\r\n第二行\r\n"
    # the identity is that of the bytes as stored, BOM included
    assert raw.sha256 == hashlib.sha256(b"\xef\xbb\xbf" + "第一行\r\n第二行\r\n".encode()).hexdigest()


def test_utf16_with_bom_is_read(tmp_path: Path):
    raw = read_document(_write(tmp_path, "u16.txt", "\ufeff第一行\n".encode("utf-16-le")))
    assert raw.encoding == "utf-16-le"
    assert raw.text == "第一行\n"


# --------------------------------------------------------------------------- formats


def test_table_format_is_detected_from_its_header():
    text = (
        "某年任务进展表\n\n序号\t项目内容\t主责单位\t进展情况\n1\t<p>一项任务</p>\t区某局\t<p>已完成。</p>\n"
    )
    assert detect_format(text) == "table"


def test_tabs_without_a_known_header_are_text():
    assert detect_format("甲\t乙\n丙\t丁\n") == "text"


def test_html_page_is_detected():
    assert detect_format("<!DOCTYPE html><html><body><p>正文</p></body></html>") == "html"
    assert detect_format("<div><p>一</p><p>二</p><p>三</p><br><span>四</span></div>") == "html"


def test_plain_text_is_text():
    assert detect_format("一、总体情况\n今年完成了任务。\n") == "text"
