"""A sentence's working text prepared for the rules: compacted, tokenised, with index maps.

PDF and newspaper text puts ASCII spaces between digits or Latin letters and Chinese
(``地铁6 号线``, ``34 处``); the rules read a compact copy without those spaces, and every span
found in it maps back to the working text through ``to_working``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from ingest.extract.tokens import Token, pos_of, protected_spans, tokenize

# jieba glues a connector to the next name (及西|总布) and a head to the next word (项目前期):
# such tokens are split so that rules see the connector and the head on their own.
_LEADING = ("及", "和", "与", "等", "以")


@lru_cache(maxsize=1)
def _head_start() -> re.Pattern:
    """Heads the rules look for; a token starting with one and going on is split after it."""
    from ingest.extract.lexicon import PROJECT_HEADS

    return re.compile("|".join(map(re.escape, sorted(PROJECT_HEADS, key=len, reverse=True))))


def _refine(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        w = t.word
        if len(w) >= 2 and w[0] in _LEADING and pos_of(w) is None:
            out.append(Token(w[0], t.start, t.start + 1))
            t = Token(w[1:], t.start + 1, t.end)
            w = t.word
        m = _head_start().match(w) if len(w) > 2 else None
        if m and m.end() < len(w) and (w in _COMPOUNDS or pos_of(w) is None):
            h = m.group()
            out.append(Token(h, t.start, t.start + len(h)))
            t = Token(w[len(h):], t.start + len(h), t.end)
        out.append(t)
    return out


# dictionary words that begin with a head but are a head plus another word
_COMPOUNDS = frozenset({"项目前期", "项目建设", "项目实施", "工程建设", "项目进度", "工程进度"})

# a run of spaces touching a digit/Latin character on one side (and no newline)
_LOOSE_SPACE = re.compile(r"(?<=[0-9A-Za-z])[ \u00a0]+(?=[\u4e00-\u9fff0-9A-Za-z])|"
                          r"(?<=[\u4e00-\u9fff])[ \u00a0]+(?=[0-9A-Za-z])")
_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])[ \u00a0]+(?=[\u4e00-\u9fff])")


class Prepared:
    """A sentence's compact text, tokenised on first use (most rules never need the tokens of a
    sentence without a stage word, and jieba is the expensive step)."""

    __slots__ = ("_ends", "_names", "_starts", "_tokens", "stage", "text", "to_working")

    def __init__(self, text: str, to_working: Sequence[int], names: tuple = ()):
        self.text = text  # compact text the rules read
        self.to_working = to_working  # compact index → working-text index
        self._names = names  # compiled patterns of names kept whole by the tokenizer
        self._tokens: list[Token] | None = None
        self._starts: dict[int, int] = {}
        self._ends: set[int] = set()
        # whether the text holds a stage word, once a rule asked (projects.stage_in): the two
        # passes over a document ask it of each sentence up to four times
        self.stage: bool | None = None

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            self._tokens = _refine(tokenize(self.text, protected_spans(self.text, self._names)))
            self._starts = {t.start: i for i, t in enumerate(self._tokens)}
            self._ends = {t.end for t in self._tokens}
        return self._tokens

    @property
    def starts(self) -> dict[int, int]:
        """Token start offset → token index."""
        self.tokens  # noqa: B018 - computes the boundaries
        return self._starts

    @property
    def ends(self) -> set[int]:
        self.tokens  # noqa: B018
        return self._ends

    def working_span(self, start: int, end: int) -> tuple[int, int]:
        return self.to_working[start], self.to_working[end - 1] + 1


def prepare(working: str, names: Iterable[re.Pattern | None] = ()) -> Prepared:
    """Compact ``working`` (drop layout spaces) and tokenise it once for every rule.

    ``names``: compiled patterns of the names the caller knows (the registry's institutions, the
    projects of the run); their matches stay one token each."""
    names = tuple(p for p in names if p is not None)
    if " " not in working and "\u00a0" not in working:
        return Prepared(working, range(len(working)), names)  # nothing to compact: most sentences
    keep = [True] * len(working)
    for pattern in (_LOOSE_SPACE, _CJK_SPACE):
        for m in pattern.finditer(working):
            for i in range(m.start(), m.end()):
                keep[i] = False
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(working):
        if keep[i]:
            chars.append(ch)
            index.append(i)
    return Prepared("".join(chars), index, names)
