"""The tokenizer's cache file: what it loads is what building gives, and a bad file is rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.extract import tokens


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path


def test_the_cache_holds_what_building_gives(cache_home: Path) -> None:
    built, tags = tokens._build()
    path = tokens._cache_path()
    assert path is not None and path.is_relative_to(cache_home) and path.is_file()
    loaded = tokens._from_cache()
    assert loaded is not None
    tok, loaded_tags = loaded
    assert tok.total == built.total and tok.FREQ == built.FREQ and loaded_tags == tags
    assert tok.spans("由晨光公司负责推进片区改造") == built.spans("由晨光公司负责推进片区改造")
    assert tok.FREQ["片区"] == tokens._COMMON_FREQ  # a genre word, added before the file was written


def test_a_damaged_cache_is_not_used(cache_home: Path) -> None:
    path = tokens._cache_path()
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00not marshal")
    assert tokens._from_cache() is None
    tokens._build()  # writes a good one over it
    assert tokens._from_cache() is not None
