"""The institutions' pattern read from its cache file is the pattern ``re`` compiles: the same
text, flags, groups and engine code, the same matches; a missing, foreign or damaged file is
compiled again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extract import stored
from ingest.extract.names import names_pattern, names_regex
from ingest.read import read_document
from ingest.registry import Registry
from ingest.segment import segment_document


@pytest.fixture()
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    stored._stored.cache_clear()
    yield tmp_path
    stored._stored.cache_clear()


def _same_pattern(a: re.Pattern, b: re.Pattern) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)


def test_the_institutions_from_the_file_match_as_compiled(
    cache_home: Path, corpus_files: list[Path], dev_dir: Path
) -> None:
    names = Registry.load().institution_names()
    written = stored.stored_names_pattern(names)  # compiled, and the file written
    assert list(cache_home.glob("policykg/names-*.marshal"))
    stored._stored.cache_clear()
    read = stored.stored_names_pattern(names)  # from the file
    plain = names_pattern(names)
    assert written is not None and read is not None and plain is not None
    _same_pattern(read, plain)
    _same_pattern(written, plain)
    paths = [*corpus_files, *sorted((dev_dir / "docs").glob("*.txt"))]
    matched = 0
    for path in paths:
        for s in segment_document(read_document(path)).sentences:
            found = [m.span() for m in read.finditer(s.text)]
            assert found == [m.span() for m in plain.finditer(s.text)], s.text
            matched += bool(found)
    assert matched > 100


def test_the_engine_code_is_what_re_compiles() -> None:
    source = names_regex(["区住建委", "区住房城乡建设委", "区商务局", "东城区商务局"])
    assert source is not None
    _, flags, code, groups, groupindex, _ = stored.compile_arguments(source)
    from re import _compiler, _parser

    assert code == list(_compiler._code(_parser.parse(source, 0), 0))
    compiled = re.compile(source)
    assert (flags, groups, groupindex) == (compiled.flags, compiled.groups, compiled.groupindex)


def test_a_damaged_or_foreign_file_is_compiled_again(cache_home: Path) -> None:
    names = ["区住建委", "区住房城乡建设委"]
    stored.stored_names_pattern(names)
    (path,) = cache_home.glob("policykg/names-*.marshal")
    for damage in (b"", b"not marshal", path.read_bytes()[:50]):
        path.write_bytes(damage)
        stored._stored.cache_clear()
        pattern = stored.stored_names_pattern(names)
        assert pattern is not None and pattern.findall("由区住房城乡建设委牵头") == ["区住房城乡建设委"]
    # code the engine refuses (a valid file of wrong code) is compiled again, never run
    import marshal

    source, flags, code, groups, groupindex, indexgroup = marshal.loads(path.read_bytes())
    path.write_bytes(marshal.dumps((source, flags, [99999, *code], groups, groupindex, indexgroup)))
    stored._stored.cache_clear()
    assert stored.stored_names_pattern(names).findall("区住建委") == ["区住建委"]


def test_a_python_whose_private_steps_differ_gets_re_compile_and_no_file(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def changed(source: str, flags: int = 0) -> tuple:
        raise AttributeError("module 're._compiler' has no attribute '_code'")

    monkeypatch.setattr(stored, "compile_arguments", changed)
    names = ["区住建委", "区住房城乡建设委"]
    pattern = stored.stored_names_pattern(names)
    assert pattern is not None and pattern.pattern == names_regex(names)
    assert pattern.findall("由区住房城乡建设委牵头") == ["区住房城乡建设委"]
    assert not list(cache_home.glob("policykg/names-*"))


_NAME = st.text(alphabet="区住建委商务局东城甲乙丙丁园林绿化中心", min_size=1, max_size=6)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(_NAME, min_size=1, max_size=12),
    st.text(alphabet="区住建委商务局东城甲乙丙丁由牵头，", max_size=40),
)
def test_property_stored_and_compiled_patterns_agree(names: list[str], text: str) -> None:
    a = stored.compile_arguments(names_regex(names))
    import _sre

    from_code = _sre.compile(*a)
    plain = names_pattern(names)
    _same_pattern(from_code, plain)
    assert [m.span() for m in from_code.finditer(text)] == [m.span() for m in plain.finditer(text)]
