"""jieba's precise mode (dictionary route + HMM for unknown runs), the same cuts in less time.

jieba cuts a block of Han text in two passes: ``get_DAG`` lists, for every position, the
dictionary words starting there (a dict of lists), then ``calc`` walks right to left taking, for
every position, the ``max`` of a generator over those words. Both are pure Python, and together
they are most of the tokenizer's time. :class:`PreciseTokenizer` does the same arithmetic in one
right-to-left pass: the words starting at a position are scored as they are looked up, one
dictionary lookup per fragment, no intermediate DAG and no generator. The scores are the same
floating-point expressions in the same order, and ties go to the longer word as ``max`` over
``(score, end)`` tuples sends them, so the route is the same. Runs of single characters go to
jieba's HMM (``finalseg``) with its own model tables; its Viterbi step is unrolled over the four
states with back-pointers instead of copied path lists, the same sums, the same tie-breaks.
``tests/test_precise.py`` checks the cuts against ``jieba.Tokenizer.tokenize`` on every line of
the corpus and the development pages and on generated text.

Example::

    tok = PreciseTokenizer(); tok.initialize()
    tok.spans("由晨光公司负责")   # [('由', 0, 1), ('晨光', 1, 3), ('公司', 3, 5), ('负责', 5, 7)]
"""

from __future__ import annotations

import sys
from math import log


def _jieba_without_pkg_resources() -> None:
    """Import jieba for the first time without ``pkg_resources``, a tenth of a second of every
    run's start-up: jieba's ``_compat`` imports it only to open its own package files, and falls
    back to ``open`` beside its ``__file__`` when the import fails (the files are the same)."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        return
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
    try:
        import jieba  # noqa: F401
    finally:
        if sys.modules.get("pkg_resources", False) is None:
            del sys.modules["pkg_resources"]  # anything else imports the real one as usual


_jieba_without_pkg_resources()

import jieba  # noqa: E402
from jieba import finalseg  # noqa: E402

# jieba's own block and skip patterns for precise mode, so that text is split where jieba splits it
_HAN = jieba.re_han_default
_SKIP = jieba.re_skip_default


class PreciseTokenizer(jieba.Tokenizer):
    """A ``jieba.Tokenizer`` (same dictionary, same ``add_word``) whose :meth:`spans` gives the
    tokens of ``tokenize(text, mode="default", HMM=True)`` faster."""

    def spans(self, text: str, offset: int = 0) -> list[tuple[str, int, int]]:
        """``(word, start, end)`` of every token of ``text``, offsets shifted by ``offset``."""
        self.check_initialized()
        out: list[tuple[str, int, int]] = []
        at = offset
        for block in _HAN.split(text):
            if not block:
                continue
            if _HAN.match(block):
                words = self._cut_block(block)
            else:  # whitespace runs whole, anything else one character at a time
                words = [w for part in _SKIP.split(block) if part
                         for w in ((part,) if _SKIP.match(part) else part)]
            for word in words:
                end = at + len(word)
                out.append((word, at, end))
                at = end
        return out

    def _cut_block(self, block: str) -> list[str]:
        """One block of Han text (and the ASCII letters and digits jieba keeps with it)."""
        get = self.FREQ.get
        n = len(block)
        logtotal = log(self.total)
        # score[k]: the best route's log-probability from k to the end; last[k]: its first word's last index
        score = [0.0] * (n + 1)
        last = list(range(n + 1))
        for k in range(n - 1, -1, -1):
            f = get(block[k])
            if f is None:  # a character the dictionary lacks: a word of its own, frequency 1
                score[k] = -logtotal + score[k + 1]
                continue
            best = None
            end = k
            if f:
                best = log(f) - logtotal + score[k + 1]
            i = k + 1
            while i < n:
                f = get(block[k:i + 1])
                if f is None:  # no dictionary word starts with this fragment: none longer either
                    break
                if f:  # zero: only a prefix of longer words
                    s = log(f) - logtotal + score[i + 1]
                    if best is None or s >= best:  # a tie goes to the longer word, as max() sends it
                        best, end = s, i
                i += 1
            score[k] = -logtotal + score[k + 1] if best is None else best
            last[k] = end
        words: list[str] = []
        run = ""  # consecutive single characters: jieba's HMM may join them into unknown words
        x = 0
        while x < n:
            y = last[x] + 1
            if y - x == 1:
                run += block[x]
            else:
                if run:
                    self._flush(run, words)
                    run = ""
                words.append(block[x:y])
            x = y
        if run:
            self._flush(run, words)
        return words

    def _flush(self, run: str, words: list[str]) -> None:
        if len(run) == 1:
            words.append(run)
        elif not self.FREQ.get(run):
            words.extend(_hmm_cut(run))
        else:  # a dictionary word the route split: its characters, as jieba gives them
            words.extend(run)


# ---------------------------------------------------------------------------- HMM for unknown runs

_MIN = finalseg.MIN_FLOAT
_START = finalseg.start_P
_EMIT_B, _EMIT_M, _EMIT_E, _EMIT_S = (finalseg.emit_P[state] for state in "BMES")
_T = {(a, b): finalseg.trans_P[a].get(b, _MIN) for a in "BMES" for b in "BMES"}


def _hmm_cut(run: str) -> list[str]:
    """``list(finalseg.cut(run))``: Han stretches by the HMM, anything else as finalseg splits it."""
    out: list[str] = []
    for block in finalseg.re_han.split(run):
        if finalseg.re_han.match(block):
            for word in _hmm_words(block):
                if word in finalseg.Force_Split_Words:
                    out.extend(word)
                else:
                    out.append(word)
        else:
            out.extend(x for x in finalseg.re_skip.split(block) if x)
    return out


def _hmm_words(text: str) -> list[str]:
    """Words of a Han stretch by the B/M/E/S tags of its most probable state sequence."""
    tags = _viterbi(text)
    words: list[str] = []
    begin = after = 0
    for i, tag in enumerate(tags):
        if tag == "B":
            begin = i
        elif tag == "E":
            words.append(text[begin:i + 1])
            after = i + 1
        elif tag == "S":
            words.append(text[i])
            after = i + 1
    if after < len(text):
        words.append(text[after:])
    return words


def _viterbi(obs: str) -> str:
    """finalseg.viterbi's state sequence. Each state has two possible predecessors (B after E or S,
    M after M or B, E after B or M, S after S or E); on equal scores ``max`` over ``(score, state)``
    picks the later letter, and so does every comparison here."""
    t_eb, t_sb, t_mm, t_bm = _T["E", "B"], _T["S", "B"], _T["M", "M"], _T["B", "M"]
    t_be, t_me, t_ss, t_es = _T["B", "E"], _T["M", "E"], _T["S", "S"], _T["E", "S"]
    c = obs[0]
    v_b = _START["B"] + _EMIT_B.get(c, _MIN)
    v_m = _START["M"] + _EMIT_M.get(c, _MIN)
    v_e = _START["E"] + _EMIT_E.get(c, _MIN)
    v_s = _START["S"] + _EMIT_S.get(c, _MIN)
    back: list[tuple[str, str, str, str]] = []
    for c in obs[1:]:
        em = _EMIT_B.get(c, _MIN)
        a, b = v_e + t_eb + em, v_s + t_sb + em
        n_b, p_b = (b, "S") if b >= a else (a, "E")
        em = _EMIT_M.get(c, _MIN)
        a, b = v_m + t_mm + em, v_b + t_bm + em
        n_m, p_m = (a, "M") if a >= b else (b, "B")
        em = _EMIT_E.get(c, _MIN)
        a, b = v_b + t_be + em, v_m + t_me + em
        n_e, p_e = (b, "M") if b >= a else (a, "B")
        em = _EMIT_S.get(c, _MIN)
        a, b = v_s + t_ss + em, v_e + t_es + em
        n_s, p_s = (a, "S") if a >= b else (b, "E")
        v_b, v_m, v_e, v_s = n_b, n_m, n_e, n_s
        back.append((p_b, p_m, p_e, p_s))
    state = "S" if v_s >= v_e else "E"
    tags = [state]
    for step in reversed(back):
        state = step["BMES".index(state)]
        tags.append(state)
    return "".join(reversed(tags))
