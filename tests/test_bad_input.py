"""Bad input: every unusable file gives an IngestError naming the file and a clear cause."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.errors import IngestError
from ingest.read import read_document
from ingest.segment import segment_document

_GOOD_TEXT = "一、总体情况\n今年全区完成了既定任务，重点项目有序推进。\n"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _error(path: Path) -> IngestError:
    with pytest.raises(IngestError) as info:
        read_document(path)
    err = info.value
    assert path.name in str(err), "the error must name the file"
    assert err.cause and err.cause in str(err)
    return err


def test_missing_file(tmp_path: Path):
    assert "not found" in _error(tmp_path / "nothing_here.txt").cause


def test_directory(tmp_path: Path):
    d = tmp_path / "a_directory"
    d.mkdir()
    assert "directory" in _error(d).cause


def test_empty_file(tmp_path: Path):
    assert "empty" in _error(_write(tmp_path, "empty.txt", b"")).cause


def test_whitespace_only_file(tmp_path: Path):
    assert "empty" in _error(_write(tmp_path, "blank.txt", b" \n\r\n\t\n")).cause


def test_binary_file_with_nul_bytes(tmp_path: Path):
    cause = _error(
        _write(tmp_path, "image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    ).cause
    assert "binary" in cause and "NUL" in cause


def test_utf16_without_bom_is_refused_with_a_hint(tmp_path: Path):
    cause = _error(_write(tmp_path, "u16.txt", _GOOD_TEXT.encode("utf-16-le"))).cause
    assert "NUL" in cause and "UTF-16" in cause


def test_binary_file_with_control_bytes(tmp_path: Path):
    data = bytes((i * 7) % 32 for i in range(4000)).replace(b"\x00", b"\x01")
    cause = _error(_write(tmp_path, "blob.bin", data)).cause
    assert "binary" in cause and "control" in cause


def test_truncated_utf8_is_named_as_such_not_read_as_gbk(tmp_path: Path):
    data = (_GOOD_TEXT * 3).encode("utf-8") + "区".encode()[:2]
    cause = _error(_write(tmp_path, "cut.txt", data)).cause
    assert "truncated UTF-8" in cause
    assert str(len(data) - 2) in cause  # the byte where the cut character starts


def test_truncated_gbk_is_named_as_such(tmp_path: Path):
    data = (_GOOD_TEXT * 3).encode("gbk") + "区".encode("gbk")[:1]
    cause = _error(_write(tmp_path, "cut_gbk.txt", data)).cause
    assert "truncated gbk" in cause


def test_corrupt_utf8_in_the_middle_is_named(tmp_path: Path):
    good = (_GOOD_TEXT * 5).encode("utf-8")
    data = good[:40] + b"\xff" + good[40:]
    cause = _error(_write(tmp_path, "corrupt.txt", data)).cause
    assert "invalid UTF-8" in cause and "40" in cause


def test_undetectable_encoding(tmp_path: Path):
    data = "Caf\u00e9 na\u00efve r\u00e9sum\u00e9 d\u00e9j\u00e0 vu\n".encode("latin-1") * 3
    assert "undetectable encoding" in _error(_write(tmp_path, "latin1.txt", data)).cause


def test_a_50_mb_single_line_is_refused_with_its_line_and_length(tmp_path: Path):
    data = "标题\n".encode() + b"a" * (50 * 1024 * 1024) + b"\n"
    cause = _error(_write(tmp_path, "huge_line.txt", data)).cause
    assert "line 2" in cause and str(50 * 1024 * 1024) in cause and "limit" in cause


def test_malformed_table_row_names_its_line(tmp_path: Path):
    text = "某表\n序号\t项目内容\t主责单位\t进展情况\n1\t任务一\t区甲局\t已完成。\n2\t任务二\t区乙局\n"
    cause = _error(_write(tmp_path, "table.txt", text.encode())).cause
    assert "malformed table row at line 4" in cause and "3" in cause and "4" in cause


def test_good_and_bad_files_side_by_side_segmenting_goes_on(tmp_path: Path):
    """Without the whole pipeline: the good files segment, the bad ones raise, in any order."""
    good = _write(tmp_path, "good.txt", _GOOD_TEXT.encode())
    bad = [
        _write(tmp_path, "empty.txt", b""),
        tmp_path / "missing.txt",
        _write(tmp_path, "bin.dat", b"\x00\x01"),
    ]
    done, errors = [], []
    for path in [bad[0], good, bad[1], bad[2]]:
        try:
            done.append(segment_document(read_document(path)))
        except IngestError as err:
            errors.append(err)
    assert [d.info.file for d in done] == ["good.txt"]
    assert len(errors) == 3


_PIPELINE_MODULES = ("ingest.extract.entities", "ingest.registry", "ingest.link", "ingest.merge")


def test_extract_paths_keeps_going_past_bad_files(tmp_path: Path, corpus_files: list[Path]):
    for name in _PIPELINE_MODULES:
        if importlib.util.find_spec(name) is None:
            pytest.importorskip(name, reason="the extractors of the pipeline are not there yet")
    from ingest.pipeline import extract_paths

    good = [p for p in corpus_files if p.name.startswith(("002", "004"))]
    bad = [_write(tmp_path, "empty.txt", b""), tmp_path / "missing.txt", _write(tmp_path, "bin.dat", b"\x00")]
    result = extract_paths([good[0], *bad, good[1]])
    assert [d.document.file for d in result.documents] == [p.name for p in good]
    assert sorted(Path(e.path).name for e in result.errors) == sorted(p.name for p in bad)
    assert all(e.cause for e in result.errors)


_BYTE_PIECES = st.sampled_from(
    [
        "东城区".encode(),
        "東城區".encode("big5"),
        "东城区".encode("gbk"),
        b"\x00",
        b"\x01",
        b"\xff",
        b"\xe4\xb8",
        b"\r\n",
        b"\n",
        b"\t",
        "序号\t项目内容\t主责单位\t进展情况\n".encode(),
        b"<p>",
        b"&amp;",
        b"\xef\xbb\xbf",
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(_BYTE_PIECES, st.binary(max_size=8)), max_size=30).map(b"".join))
def test_property_any_bytes_read_or_raise_ingest_error(tmp_path: Path, data: bytes):
    path = _write(tmp_path, "any.txt", data)
    try:
        raw = read_document(path)
    except IngestError as err:
        assert err.cause and "any.txt" in str(err)
        return
    doc = segment_document(raw)
    for s in doc.sentences:
        assert raw.text[s.start : s.end] == s.evidence
