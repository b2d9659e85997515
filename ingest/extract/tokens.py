"""Tokens of a sentence: jieba's dictionary plus the genre's vocabulary, and names kept whole.

The tokenizer is built once and never changed afterwards: a private ``jieba.Tokenizer`` (not the
global one, so that other code importing jieba segments as it always did; ``precise.py`` gives
its cuts in one pass) holding jieba's
dictionary and the genre's common nouns (project heads such as 片区, words such as 简易楼 that the
dictionary lacks). Nothing a run finds is taught to it. Names a run knows — the registry's
institutions, the project names a document introduced — are passed with each call as spans that
must stay whole (``protected``): the text between them is cut by the dictionary, the names are one
token each. So a run's words are data it holds, not state of the process, and two runs (in one
process or two, in any order, in parallel) cut the same sentence the same way.

Example::

    tokenize("由晨光公司负责", protected=[(1, 5)])   # [由, 晨光公司, 负责]
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import jieba

from ingest.extract.precise import PreciseTokenizer

jieba.setLogLevel(logging.WARNING)

_COMMON_FREQ = 50000  # how often a genre word counts as seen: high enough that jieba never splits it
_BUILD_LOCK = threading.Lock()


class Token(NamedTuple):
    """A token and its offsets in the text cut (a tuple: sentences make tens of thousands)."""

    word: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _genre_vocabulary() -> frozenset[str]:
    from ingest.extract.lexicon import GENRE_WORDS, PROJECT_HEADS

    return frozenset(w for w in (*PROJECT_HEADS, *GENRE_WORDS) if len(w) >= 2)


_TOKENIZER: PreciseTokenizer | None = None


def tokenizer() -> PreciseTokenizer:
    """The process's tokenizer: jieba's dictionary and the genre vocabulary, built on first use
    and read-only from then on."""
    global _TOKENIZER
    if _TOKENIZER is None:
        with _BUILD_LOCK:
            if _TOKENIZER is None:
                tok = PreciseTokenizer()
                tok.initialize()
                for word in sorted(_genre_vocabulary()):
                    tok.add_word(word, freq=_COMMON_FREQ)
                _TOKENIZER = tok
    return _TOKENIZER


def preload() -> None:
    """Build the tokenizer and read the part-of-speech table now, not on first use: a parent
    process calls it before forking workers, which then share both.

    Example: ``preload(); tokenize("由晨光公司负责")`` (the first call pays nothing more)."""
    tokenizer()
    _word_tags()


def tokenize(text: str, protected: Sequence[tuple[int, int]] = ()) -> list[Token]:
    """Tokens of ``text`` with their offsets (jieba's precise mode with its HMM on: its guesses at
    unknown names, such as 雁栖里, are tokens the rules read as name-like).

    ``protected``: sorted, non-overlapping ``[start, end)`` spans that are one token each (names
    the caller knows); the text between them is cut on its own."""
    tok = tokenizer()
    out: list[Token] = []
    at = 0
    for start, end in (*protected, (len(text), len(text))):
        if start > at:
            out.extend(map(Token._make, tok.spans(text[at:start], at)))
        if end > start:
            out.append(Token(text[start:end], start, end))
        at = max(at, end)
    return out


def protected_spans(text: str, patterns: Iterable) -> list[tuple[int, int]]:
    """Non-overlapping spans of ``text`` that any of ``patterns`` (compiled regexes of names)
    matches, longer ones first: the names to keep whole."""
    found = sorted({m.span() for p in patterns if p is not None for m in p.finditer(text)},
                   key=lambda s: (s[0] - s[1], s[0]))
    chosen: list[tuple[int, int]] = []
    for s, e in found:
        if e - s >= 2 and all(e <= a or s >= b for a, b in chosen):
            chosen.append((s, e))
    return sorted(chosen)


def pos_of(word: str) -> str | None:
    """The part of speech jieba's dictionary gives ``word``; None for words it does not know
    (names its HMM found, or names a run knows), which the rules treat as proper names."""
    if word in _genre_vocabulary():
        return "n"
    return _word_tags().get(word)


@lru_cache(maxsize=1)
def _word_tags() -> dict[str, str]:
    """word → part of speech: the third column of jieba's dictionary, the table ``jieba.posseg``
    builds. Read here directly: importing ``jieba.posseg`` for it costs every process more than a
    second (its HMM tables, a second tokenizer); this costs a third of that."""
    source = Path(jieba.__file__).resolve().parent / jieba.DEFAULT_DICT_NAME
    table: dict[str, str] = {}
    with source.open(encoding="utf-8") as lines:
        for line in lines:
            parts = line.strip().split(" ")
            if len(parts) == 3:
                table[parts[0]] = parts[2]
    return table


def frequency(word: str) -> int:
    """How often jieba's dictionary saw ``word`` (0 if never)."""
    return tokenizer().FREQ.get(word, 0) or 0
