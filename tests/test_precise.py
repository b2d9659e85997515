"""The one-pass precise cut gives jieba's own tokens, on real documents and on generated text."""

from __future__ import annotations

from pathlib import Path

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extract.precise import PreciseTokenizer
from ingest.extract.tokens import tokenizer
from ingest.read import read_document


def _jieba(tok: jieba.Tokenizer, text: str) -> list[tuple[str, int, int]]:
    """The reference: jieba's own precise-mode tokenize, HMM on, on the same dictionary."""
    return list(jieba.Tokenizer.tokenize(tok, text, mode="default", HMM=True))


def _texts(folder: Path) -> list[str]:
    return [read_document(p).text for p in sorted(folder.glob("*.txt"))]


def test_same_tokens_on_every_document(corpus_files: list[Path], dev_dir: Path) -> None:
    tok = tokenizer()
    texts = [read_document(p).text for p in corpus_files] + _texts(dev_dir / "docs")
    assert len(texts) >= 30
    for text in texts:
        for line in text.splitlines(keepends=True):  # line by line: a mismatch names its line
            assert tok.spans(line) == _jieba(tok, line), line


def test_offsets_are_shifted() -> None:
    tok = tokenizer()
    text = "由晨光公司负责，2025年完成"
    assert tok.spans(text, 10) == [(w, a + 10, b + 10) for w, a, b in _jieba(tok, text)]
    assert "".join(w for w, _, _ in tok.spans(text)) == text


def test_a_fresh_tokenizer_on_the_plain_dictionary() -> None:
    # no genre words: the cut is jieba's on its shipped dictionary alone
    tok = PreciseTokenizer()
    tok.initialize()
    text = "东城区推进望坛棚户区改造项目，雁栖里小区完成回迁。"
    assert tok.spans(text) == list(jieba.Tokenizer.tokenize(tok, text))


# characters that make dictionary words, unknown names, HMM runs, ASCII runs and jieba's skips
_ALPHABET = ("东城区住房建设委员会项目改造棚户完成开工竣工年月日推进望坛胡同街道办事处的了和及与"
             "雁栖里鑫垚犇淼骉" "0123456789abcXYZ.%-_#&+" " \t\r\n，。、；：（）“”《》")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_same_tokens_on_generated_text(text: str) -> None:
    tok = tokenizer()
    assert tok.spans(text) == _jieba(tok, text)


@pytest.mark.parametrize("text", ["", "。", "\r\n", "鑫", "abc123", "鑫垚犇"])
def test_edges(text: str) -> None:
    tok = tokenizer()
    assert tok.spans(text) == _jieba(tok, text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="雁栖里鑫垚犇淼骉望坛胡同的了a1.%", min_size=1, max_size=30))
def test_hmm_step_is_finalsegs(run: str) -> None:
    from jieba import finalseg

    from ingest.extract.precise import _hmm_cut

    assert _hmm_cut(run) == list(finalseg.cut(run))
