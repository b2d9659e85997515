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

import hashlib
import logging
import marshal
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ingest.extract.cachefiles import cache_file, write_whole
from ingest.extract.precise import PreciseTokenizer, jieba  # jieba imported the quick way (precise.py)

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


_VOCABULARY: tuple[PreciseTokenizer, dict[str, str]] | None = None
_CACHE_FORMAT = 2  # bump when what the cache file holds changes


def tokenizer() -> PreciseTokenizer:
    """The process's tokenizer: jieba's dictionary and the genre vocabulary, built on first use
    and read-only from then on."""
    return _vocabulary()[0]


def _vocabulary() -> tuple[PreciseTokenizer, dict[str, str]]:
    """The tokenizer and the part-of-speech table, read from the cache file when there is one."""
    global _VOCABULARY
    if _VOCABULARY is None:
        with _BUILD_LOCK:
            if _VOCABULARY is None:
                _VOCABULARY = _from_cache() or _build()
    return _VOCABULARY


def _build() -> tuple[PreciseTokenizer, dict[str, str]]:
    """From jieba's own dictionary (and jieba's cache of it), then written to our cache file: the
    dictionary with the genre words added, and the part-of-speech table, in one ``marshal`` blob
    that loads in a third of the time jieba's ``marshal.load`` from a file object takes (that
    reads the file a few bytes at a time)."""
    tok = PreciseTokenizer()
    tok.initialize()
    for word in sorted(_genre_vocabulary()):
        tok.add_word(word, freq=_COMMON_FREQ)
    # the table's words as the dictionary's own string objects: marshal writes a shared object
    # once (a reference the second time), so the table adds little to the file or its load
    same = {word: word for word in tok.FREQ}
    tags = {same.get(word, word): tag for word, tag in _read_word_tags().items()}
    path = _cache_path()
    if path is not None:
        write_whole(path, marshal.dumps((tok.FREQ, tok.total, tags)))
    return tok, tags


def _from_cache() -> tuple[PreciseTokenizer, dict[str, str]] | None:
    path = _cache_path()
    if path is None:
        return None
    try:
        freq, total, tags = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(freq, dict) and isinstance(total, int) and isinstance(tags, dict)):
        return None
    tok = PreciseTokenizer()
    tok.FREQ, tok.total, tok.initialized = freq, total, True
    return tok, tags


def _cache_path() -> Path | None:
    """``~/.cache/policykg/tokens-<key>.marshal`` (or under ``$XDG_CACHE_HOME``); the key covers
    jieba's version and dictionary file, the genre words and this format, so a change to any of
    them reads a new file."""
    try:
        source = _dictionary_file()
        stat = source.stat()
    except OSError:  # no dictionary file to key on
        return None
    key = repr((_CACHE_FORMAT, jieba.__version__, str(source), stat.st_size, stat.st_mtime_ns,
                _COMMON_FREQ, sorted(_genre_vocabulary())))
    return cache_file(f"tokens-{hashlib.sha256(key.encode()).hexdigest()[:16]}.marshal")


def _dictionary_file() -> Path:
    return Path(jieba.__file__).resolve().parent / jieba.DEFAULT_DICT_NAME


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


def _word_tags() -> dict[str, str]:
    """word → part of speech: the third column of jieba's dictionary, the table ``jieba.posseg``
    builds (kept in the cache file beside the dictionary)."""
    return _vocabulary()[1]


def _read_word_tags() -> dict[str, str]:
    """The table read from jieba's dictionary directly: importing ``jieba.posseg`` for it costs
    every process more than a second (its HMM tables, a second tokenizer); this costs a third."""
    source = _dictionary_file()
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
