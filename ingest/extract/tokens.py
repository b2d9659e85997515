"""One jieba tokenizer for the process, its dictionary loaded once, registry names added to it.

A private ``jieba.Tokenizer`` (not the global one) so that the names we add do not change how other
code that imports jieba segments text. Names are taught per run (per ``Registry`` object): when a
new registry starts using the tokenizer, the names an earlier run taught it are taken back, so the
same input gives the same tokens — and the same graph — in a fresh process or a long-lived one.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import jieba

jieba.setLogLevel(logging.WARNING)

_LOCK = threading.Lock()
_TOKENIZER: jieba.Tokenizer | None = None
_HMM = True  # its guesses at unknown names (雁栖里) are tokens the rules read as name-like
_ADDED: set[str] = set()  # names taught to the tokenizer (proper nouns)
_COMMON: set[str] = set()  # vocabulary taught to the tokenizer (common nouns)
# how to take the names back: (word, its frequency before, or None if it was absent), and the total
_UNDO: list[tuple[str, int | None]] = []
_TOTAL_BEFORE_NAMES: int | None = None
_OWNER: list[object] = []  # the registry whose names the tokenizer holds (a list: no global stmt)


@dataclass(frozen=True, slots=True)
class Token:
    word: str
    start: int
    end: int


def tokenizer() -> jieba.Tokenizer:
    global _TOKENIZER
    with _LOCK:
        if _TOKENIZER is None:
            tok = jieba.Tokenizer()
            tok.initialize()
            _TOKENIZER = tok
        return _TOKENIZER


def add_words(words, common: bool = False, keep_total: bool = False) -> None:
    """Teach the tokenizer names (institutions, discovered projects) so it never splits them.

    ``common=True`` for vocabulary (heads such as 片区, genre words such as 简易楼): tokens, but
    common nouns, not names; vocabulary stays for the life of the process, names for one run.
    ``keep_total=True`` leaves the dictionary's total count as it was: for a long list (the
    thousands of institution names of every district) that would otherwise make every other word
    look rarer and change how unrelated text is cut (重点|项目 → 重点项目)."""
    global _TOTAL_BEFORE_NAMES
    tok = tokenizer()
    with _LOCK:
        for w in words:
            if not w or len(w) < 2 or w in _ADDED or w in _COMMON:
                continue
            if common:
                _COMMON.add(w)
            else:
                if _TOTAL_BEFORE_NAMES is None:
                    _TOTAL_BEFORE_NAMES = tok.total
                _ADDED.add(w)
                for i in range(1, len(w) + 1):
                    frag = w[:i]
                    _UNDO.append((frag, tok.FREQ.get(frag)))
            tok.add_word(w, freq=50000)
            if keep_total:
                tok.total -= 50000


def names_for(owner: object) -> None:
    """Start (or continue) the run of ``owner`` (a Registry): a new owner takes back the names
    the previous one taught, so runs do not leak into each other."""
    global _TOTAL_BEFORE_NAMES
    if _OWNER and _OWNER[0] is owner:
        return
    tok = tokenizer()
    with _LOCK:
        for word, freq in reversed(_UNDO):
            if freq is None:
                tok.FREQ.pop(word, None)
            else:
                tok.FREQ[word] = freq
        if _TOTAL_BEFORE_NAMES is not None:
            tok.total = _TOTAL_BEFORE_NAMES
        _UNDO.clear()
        _ADDED.clear()
        _TOTAL_BEFORE_NAMES = None
        _OWNER[:] = [owner]


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` with their offsets (precise mode, HMM on for unknown names)."""
    out: list[Token] = []
    for word, start, end in tokenizer().tokenize(text, mode="default", HMM=_HMM):
        out.append(Token(word, start, end))
    return out


def pos_of(word: str) -> str | None:
    """The part of speech jieba's dictionary gives ``word``; None for words it does not know
    (names its HMM found, or names we added), which the rules treat as proper names."""
    if word in _COMMON:
        return "n"
    if word in _ADDED:
        return None
    return _word_tags().get(word)


def _word_tags() -> dict[str, str]:
    global _TAGS
    if _TAGS is None:
        import jieba.posseg

        _TAGS = jieba.posseg.dt.word_tag_tab
    return _TAGS


_TAGS: dict[str, str] | None = None


def frequency(word: str) -> int:
    """How often jieba's dictionary saw ``word`` (0 if never)."""
    if word in _COMMON:
        return 50000
    return tokenizer().FREQ.get(word, 0) or 0
