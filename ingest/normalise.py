"""Normalise a document's text into a Simplified working text that maps back to the original.

The working text is what extractors read; the original is what evidence and offsets refer to.
Every working character records the original index it came from (``offsets``) and the end of its
source (``ends``), so any working span maps back exactly::

    >>> wt = normalise("東城區(qū)的望壇項\\n目。")
    >>> wt.text
    '东城区的望坛项目。'
    >>> wt.original_span(4, 8)  # 望坛项目 -> 望壇項\\n目 in the original
    (8, 13)

Steps, all expressed as edits on the ORIGINAL text (deletions, 1→1 replacements, many→1
replacements) so the offset map stays exact:

* garbled stretches (mojibake) are found first and replaced by a paragraph break, so no sentence
  ever contains one (see :func:`find_garbled`);
* HTML: ``<script>``/``<style>`` blocks and comments dropped, tags dropped (block tags such as
  ``<p>``, ``<br>``, ``<div>`` become a paragraph break), entities decoded (many→1);
* ``**bold**`` markers dropped;
* pinyin artefacts ``區(qū)`` dropped (a parenthesised, tone-marked syllable after a CJK char);
* layout line breaks: a line wrapped mid-sentence is joined to the next (the break and the
  surrounding blank lines/indentation deleted); a real paragraph break becomes one ``\\n``
  (see :func:`_is_wrap`);
* spaces inside CJK text that only come from layout (``增长 4.5%``, letter-spaced ``政 府 工 作``)
  are deleted; other spaces are kept (``区甲局 区乙委`` lists two units);
* width: full-width ASCII variants (``０-９``, ``Ａ-ｚ``, ``％``, ``．`` …) become half-width,
  the ideographic space becomes a space; the CJK sentence punctuation ``，。、；：！？（）`` is kept
  full-width and half-width ``, ; : ! ?`` right after a CJK character become full-width, so
  extractors see one form of clause punctuation whatever the source used;
* script: OpenCC ``t2s`` over the whole working text at once (phrase-aware and fast); if a
  conversion changes the length, only the lines concerned fall back to char-by-char conversion,
  so the alignment is always exact.
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

# --------------------------------------------------------------------------- character classes

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{CJK}]")
TONE_LETTERS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
PINYIN_LETTERS = "a-zA-Z" + TONE_LETTERS
# A pinyin artefact: a parenthesised syllable, with a tone mark, right after a CJK character.
_PINYIN_RE = re.compile(
    f"(?<=[{CJK}])[(（][a-z{TONE_LETTERS}]{{0,6}}[{TONE_LETTERS}][a-z{TONE_LETTERS}]{{0,6}}[)）]"
)
_TONE_SET = frozenset(TONE_LETTERS)
# whether a text holds a tone letter at all, found by a scan in C (``_TONE_SET.intersection(text)``
# makes and hashes a string object for every character of the text)
_TONE_RE = re.compile(f"[{TONE_LETTERS}]")
# The tail of a pinyin artefact whose "(" was lost to mojibake: "?qū)".
_PINYIN_TAIL_RE = re.compile(f"[{PINYIN_LETTERS}]{{1,7}}[)）]")
_PINYIN_GROUP_RE = re.compile(f"[(（][{PINYIN_LETTERS}]{{1,7}}[)）]")

END_PUNCT = "。！？!?；;：:…"
CLOSERS = "”’」』）)】》"
INNER_PUNCT = "，、,；;“”‘’《》"
BULLETS = "●•■◆▲★※○◎□"

_BLOCK_TAGS = frozenset(
    [
        "p",
        "br",
        "div",
        "li",
        "ul",
        "ol",
        "tr",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "title",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "dd",
        "dt",
        "dl",
        "hr",
        "td",
        "th",
        "tbody",
        "thead",
    ]
)
_TAG_RE = re.compile(r"<!--.*?-->|</?([a-zA-Z][a-zA-Z0-9]*)\b[^<>]{0,2000}?/?>", re.S)
_SCRIPT_RE = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
_BOLD_RE = re.compile(r"\*\*")
# Spaces between a CJK char and a number (and back): typesetting, never meaningful.
_SPACE_RUN_RE = re.compile("[ \u3000\xa0]+")
_DIGIT_SIDE = frozenset("0123456789")
# Letter-spaced runs: single CJK chars (or CJK punctuation) separated by spaces, 3 or more.
_CJKP = f"[{CJK}，。、；：！？“”]"
_SPACED_RUN_RE = re.compile(f"(?<![^ \u3000\n]){_CJKP}(?:[ \u3000]+{_CJKP}){{2,}}(?![^ \u3000\n])")
_INNER_SPACE_RE = re.compile("[ \u3000]+")
_HALF_PUNCT_RE = re.compile("[,;:!?]")
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}

HEADING_RE = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇两\d]+(?:部分|章|篇)"
    r"|[一二三四五六七八九十百]+、"
    r"|[（(][一二三四五六七八九十百]+[)）]"
    r"|[" + BULLETS + r"])"
)
_LIST_START_RE = re.compile(r"^(?:——|—|[0-9]{1,2}[.、．](?![0-9])|[（(][0-9]{1,2}[)）]|[" + BULLETS + "])")
# A line's content, first to last non-space char. Form feeds (PDF page ends), vertical tabs and
# the Unicode line/paragraph separators end a line as "\n" does.
_LINE_SEPARATORS = "\n\f\v\u2028\u2029"
_LINE_CONTENT_RE = re.compile(f"\\S(?:[^{_LINE_SEPARATORS}]*\\S)?")
_LINE_SEPARATOR_RE = re.compile(f"[{_LINE_SEPARATORS}]")
_VISIBLE_STRIP_RE = re.compile(r"<[^<>]{0,2000}>|\*\*")


def _full_width_table() -> dict[int, str]:
    """Full-width ASCII variants to half-width, except the punctuation Chinese text uses as is."""
    keep = set("！（），：；？")  # the CJK clause/sentence punctuation stays full-width
    table = {0xFF01 + i: chr(0x21 + i) for i in range(0x5E) if chr(0xFF01 + i) not in keep}
    table[0x3000] = " "  # ideographic space
    table[0x00A0] = " "  # no-break space
    return table


_WIDTH_TABLE = _full_width_table()
# the characters the table maps, to find them by a scan in C: ``str.translate`` with a dict looks
# up every character of a non-ASCII text through an int object made for it, and most documents
# hold none of these characters at all
_WIDTH_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_WIDTH_TABLE)) + "]")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


@lru_cache(maxsize=1)
def common_chars() -> frozenset[str]:
    """The everyday CJK repertoire: GB2312 level 1 (3755) ∪ Big5 常用字 (5401).

    Mojibake produces characters outside it (rare ones such as 犇 or 垚) far more often than real
    text does.
    """
    chars: set[str] = set()
    for enc, his, los in (
        ("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),
        ("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)]),
    ):
        for hi in his:
            for lo in los:
                try:
                    chars.add(bytes((hi, lo)).decode(enc))
                except UnicodeDecodeError:
                    continue
    return frozenset(chars)


@lru_cache(maxsize=1)
def _uncommon_re() -> re.Pattern[str]:
    """Any one character outside :func:`common_chars`: ``set(findall)`` over a text is the text's
    characters minus the common ones, worked out in C and with string objects for those alone
    (``set(text)`` makes and hashes one for every character)."""
    return re.compile("[^" + "".join(re.escape(c) for c in sorted(common_chars())) + "]")


def uncommon_chars(text: str, start: int = 0, end: int | None = None) -> set[str]:
    """``set(text[start:end]) - common_chars()``, without a string object per character.

    Example: ``uncommon_chars("犇a中") == {"犇", "a"}``
    """
    end = len(text) if end is None else end
    return set(_uncommon_re().findall(text, start, end))


def is_cjk(ch: str) -> bool:
    """Whether ``ch`` is a CJK ideograph (basic, extension A, compatibility). ``is_cjk("區")``."""
    return bool(_CJK_RE.match(ch))


# --------------------------------------------------------------------------- the working text


@dataclass(slots=True)
class WorkingText:
    """Normalised text with a map back to the original.

    ``offsets[i]`` is the original index of working char ``i``; ``ends[i]`` the end of its source
    (``offsets[i] + 1`` except for many→1 replacements such as ``&amp;`` → ``&``).
    ``garbled`` lists the original spans judged to be mojibake (they are not in ``text``).

    Example::

        wt = normalise("望壇項\\n目")
        wt.text == "望坛项目"; wt.original_span(0, 4) == (0, 5)
    """

    text: str
    offsets: list[int]
    ends: list[int]
    garbled: list[tuple[int, int]] = field(default_factory=list)

    def original_span(self, wstart: int, wend: int) -> tuple[int, int]:
        """Original ``[start, end)`` of working ``text[wstart:wend]`` (a non-empty span)."""
        if wend <= wstart:
            raise ValueError(f"empty working span {wstart}:{wend}")
        return self.offsets[wstart], self.ends[wend - 1]


# --------------------------------------------------------------------------- garbled stretches


def _simplified_only(ch: str) -> bool:
    """A character that Traditional text would not use (卫 for 衛): suspicious in a Traditional doc."""
    return is_cjk(ch) and _s2t().convert(ch) != ch


def _suspicious(ch: str, traditional: bool) -> bool:
    if ch in "?\ufffd":
        return True
    if ch.isascii():
        return ch.isalpha() or ch in "^@`~|\\{}[]_#$*=+"  # not <>&: tags and entities
    if is_cjk(ch):
        return ch not in common_chars() or (traditional and _simplified_only(ch))
    return False


_MAX_GARBLED = 60  # a stretch longer than this is cut: we report, we do not chase


def _extend_garbled(text: str, i: int, end: int, traditional: bool) -> tuple[int, int]:
    """Scan right from index ``i`` over suspicious chars, bridging runs of ≤3 normal chars.

    Returns (last suspicious index + 1, number of suspicious chars seen).
    """
    last, count, normal = i, 0, 0
    limit = min(end, i + _MAX_GARBLED)
    while i < limit:
        ch = text[i]
        if ch in "\r\n":
            break
        m = _PINYIN_GROUP_RE.match(text, i, limit)
        if m and not ch.isalpha():  # an intact pinyin artefact is not mojibake: step over it
            normal += 1
            i = m.end()
        elif _suspicious(ch, traditional):
            last, count, normal = i + 1, count + 1, 0
            i += 1
        else:
            normal += 1
            i += 1
        if normal > 3:
            break
    # An artefact right after the stretch belongs to the mangled char: take it too.
    m = _PINYIN_GROUP_RE.match(text, last, end)
    return (m.end() if m else last), count


def _seed_pattern(uncommon: set[str]) -> re.Pattern[str] | None:
    """A pattern for the chars a garbled stretch can start at, or None when the text has none.

    ``uncommon`` is the set of the text's characters outside :func:`common_chars` (set arithmetic
    in C), so clean text costs almost nothing.
    """
    seeds = {c for c in uncommon if c in "?\ufffd" or is_cjk(c)}
    if not seeds:
        return None
    return re.compile("[" + "".join(re.escape(c) for c in sorted(seeds)) + "]")


def find_garbled(
    text: str, start: int = 0, end: int | None = None, traditional: bool = False
) -> list[tuple[int, int]]:
    """Original spans of mojibake in ``text[start:end]``, sorted and disjoint.

    Two detectors, their spans merged:

    * seeded: a stretch starts at U+FFFD, or at a ``?`` right after CJK text that is followed by
      a pinyin tail (``?qū)``) or by rare characters; it extends while suspicious characters
      (rare CJK, stray ASCII letters and symbols, Simplified-only characters in a Traditional
      text) keep coming with at most three ordinary characters between them. A real question mark
      (``是否继续?``) is left alone.
    * dense: a chain of ≥3 strongly suspicious characters (CJK outside :func:`common_chars`,
      U+FFFD, kana, hangul, Latin-1/cp1252/Cyrillic/Greek letters, box drawing, private use), each
      within 5 of the next and making up ≥40% of the chain: what UTF-8 read as GBK (``鍖烘斂搴``) or as
      Latin-1 (``åŒºæ”¿``) looks like. A lone rare character in a person's name is not one.

    Example::

        find_garbled("工程推进?lǐ)犇淼^H顺利完成") == [(4, 12)]
    """
    end = len(text) if end is None else end
    uncommon = uncommon_chars(text, start, end)
    spans = _seeded_garbled(text, start, end, traditional, uncommon)
    spans += _dense_garbled(text, start, end, uncommon)
    return _merge_spans(spans)


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _seeded_garbled(
    text: str, start: int, end: int, traditional: bool, uncommon: set[str]
) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    seeds = _seed_pattern(uncommon)
    if seeds is None:
        return spans
    common = common_chars()
    i = start
    while (m := seeds.search(text, i, end)) is not None:
        i = m.start()
        ch = text[i]
        span = None
        if ch == "\ufffd":
            stop, _ = _extend_garbled(text, i + 1, end, traditional)
            span = (i, max(stop, i + 1))
        elif ch == "?":
            if i > start and (is_cjk(text[i - 1]) or text[i - 1] in "）)"):
                tail = _PINYIN_TAIL_RE.match(text, i + 1, end)
                stop, count = _extend_garbled(text, tail.end() if tail else i + 1, end, traditional)
                if tail or count >= 2:
                    span = (i, max(stop, tail.end() if tail else i + 1))
        else:  # a rare CJK char: garbled only in a dense run
            window = text[i : min(end, i + 5)]
            if sum(1 for c in window if is_cjk(c) and c not in common) >= 3:
                stop, _ = _extend_garbled(text, i, end, traditional)
                span = (i, stop)
        if span:
            spans.append(span)
            i = span[1]
        else:
            i += 1
    return spans


# cp1252's extra characters (UTF-8 read as cp1252), minus those Chinese text uses (… “ ” – — •).
_CP1252_EXTRA = frozenset("€‚„†‡ˆ‰‹›˜™")
_LATIN1_KEEP = frozenset("·°×±÷¥\xa0\xad")  # in Chinese text: names, degrees, sums, yuan, spaces
_STRONG_RANGES = (
    (0x0080, 0x00BF),  # C1 controls and Latin-1 signs (¨ © ¿ …)
    (0x00C0, 0x00FF),  # Latin-1 letters (UTF-8 read as Latin-1/cp1252: å æ Ã …)
    (0x0100, 0x024F),  # Latin extended
    (0x0370, 0x03FF),  # Greek   (GBK and Big5 hold these: one byte off gives them)
    (0x0400, 0x04FF),  # Cyrillic
    (0x2500, 0x257F),  # box drawing
    (0x3040, 0x30FF),  # kana
    (0xAC00, 0xD7AF),  # hangul
    (0xE000, 0xF8FF),  # private use
)


def _strongly_suspicious(ch: str) -> bool:
    if ch == "\ufffd":
        return True
    if ch.isspace():
        return False  # NEL, NBSP …: layout, and line edits own whitespace
    if is_cjk(ch):
        return ch not in common_chars()
    if ch in _TONE_SET or ch in _LATIN1_KEEP:
        return False  # pinyin (an artefact, handled apart) or ordinary signs
    if ch in _CP1252_EXTRA:
        return True
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in _STRONG_RANGES)


def _dense_garbled(text: str, start: int, end: int, uncommon: set[str]) -> list[tuple[int, int]]:
    strong = {c for c in uncommon if not c.isascii() and _strongly_suspicious(c)}
    if not strong:
        return []
    pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(strong)) + "]")
    positions = [m.start() for m in pattern.finditer(text, start, end)]
    spans: list[tuple[int, int]] = []
    chain: list[int] = []
    for p in [*positions, None]:
        if p is not None and chain and p - chain[-1] <= 5 and "\n" not in text[chain[-1] : p]:
            chain.append(p)
            continue
        if len(chain) >= 3 and len(chain) >= 0.4 * (chain[-1] - chain[0] + 1):
            spans.append((chain[0], chain[-1] + 1))
        chain = [p] if p is not None else []
    return spans


# --------------------------------------------------------------------------- layout line breaks


def _visible(text: str, start: int, end: int) -> str:
    """The line ``text[start:end]`` as read: tags and bold markers removed."""
    line = text[start:end]
    if "<" in line or "*" in line:
        return _VISIBLE_STRIP_RE.sub("", line).strip()
    return line


def is_heading_line(line: str) -> bool:
    """A numbered or bulleted heading (``第一部分``, ``一、``, ``（一）``, ``●``), any script.

    Example: ``is_heading_line("（二）持續推進")`` is True, ``is_heading_line("二是推进")`` False.
    """
    return bool(HEADING_RE.match(line))


def _ends_paragraph(line: str) -> bool:
    stripped = line.rstrip(CLOSERS)
    if stripped != line and not stripped:
        return True
    return bool(stripped) and stripped[-1] in END_PUNCT


def _is_wrap(a: str, b: str, continues: bool) -> bool:
    """Whether the break between visible lines ``a`` and ``b`` is a layout wrap to be joined.

    ``continues`` says that ``a`` itself continues the line before it (a paragraph already being
    wrapped). Never joined: ``a`` ends a sentence (。！？…), either line is a numbered heading,
    ``b`` starts a list item (——, 1., ●). A ``；``/``：`` at the end of ``a`` ends the paragraph,
    except inside a narrow column (a continuing line of ≤40 chars). A line that starts a
    paragraph is joined only if one of the two lines has punctuation (so title blocks such as
    ``某区人民政府`` / ``公 报`` stay apart) and, when ``a`` has none, only if ``a`` is not
    much shorter than ``b`` (a short unpunctuated line over a text is its heading:
    ``2025年主要任务``). Blank lines between do not matter: PDF page breaks and newspaper
    columns put them inside sentences.

    Example::

        _is_wrap("我们启动了一个三年", "行动计划，完成了任务。", False) is True
    """
    if not a or not b:
        return False
    if is_heading_line(a) or is_heading_line(b) or _LIST_START_RE.match(b):
        return False
    if _BYLINE_RE.search(a) or _DATELINE_RE.search(a) or _DATELINE_RE.search(b):
        return False
    if _ends_paragraph(a):
        return continues and len(a) <= 40 and a.rstrip(CLOSERS)[-1:] in "；;：:"
    if continues:
        return True
    if _FIELD_RE.match(b):
        return False
    a_punct = any(c in _ANY_PUNCT for c in a)
    b_punct = any(c in _ANY_PUNCT for c in b)
    if a_punct:
        return True
    if _SPACED_WORDS_RE.search(a) and not any(c in "（(" for c in a):
        # "甲等出席 乙作报告 丙主持": a headline's parts, not running text (a byline in brackets,
        # "本报讯（记者 甲 乙）1月", starts running text)
        return False
    return b_punct and len(a) >= 0.7 * len(b)


_ANY_PUNCT = frozenset(INNER_PUNCT + END_PUNCT)
_SPACED_WORDS_RE = re.compile(f"[{CJK}]{{2}}[ \u3000\xa0]+[{CJK}]{{2}}")
# "…取得成效。 文/某某": a byline after the last sentence ends the article.
_BYLINE_RE = re.compile(
    r"[。！？”]\s+(?:文|图|记者|摄影|摄|编辑)?\s*[/／]?\s*[\u4e00-\u9fff]{2,4}(?:\s*摄)?$"
)
# A short line holding a full date: a page header or a dateline.
_DATELINE_RE = re.compile(r"^.{0,12}(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{0,8}$")
# "日期:2021-08-30", "来源:" — metadata fields of a web page.
_FIELD_RE = re.compile(r"^(?:[\u4e00-\u9fff][ \u3000]?){2,4}[:：]")


_Op = tuple[int, int, str, int, int]  # (start, end, replacement, its original index, its end)


def _line_ops(text: str, start: int, end: int) -> list[_Op]:
    """Edits for the line structure of ``text[start:end]``: trims, joins and paragraph breaks."""
    # content bounds of the non-blank lines: first to last non-space char of each line
    lines = [m.span() for m in _LINE_CONTENT_RE.finditer(text, start, end)]
    ops: list[_Op] = []
    if not lines:
        return [(start, end, "", start, start)] if end > start else []
    if lines[0][0] > start:
        ops.append((start, lines[0][0], "", start, start))
    continues = False
    for (a_s, a_e), (b_s, b_e) in itertools.pairwise(lines):
        at = _LINE_SEPARATOR_RE.search(text, a_e, b_s).start()  # type: ignore[union-attr]
        continues = _is_wrap(_visible(text, a_s, a_e), _visible(text, b_s, b_e), continues)
        if continues:
            left, right = text[a_e - 1], text[b_s]
            sep = " " if left.isascii() and left.isalnum() and right.isascii() and right.isalnum() else ""
            ops.append((a_e, b_s, sep, at, at + 1))
        else:
            ops.append((a_e, b_s, "\n", at, at + 1))
    if lines[-1][1] < end:
        ops.append((lines[-1][1], end, "", end, end))
    return ops


def _html_whitespace_ops(text: str, start: int, end: int) -> list[_Op]:
    """HTML renders any whitespace run as one space; between CJK chars it is dropped."""
    ops: list[_Op] = []
    for m in re.finditer(r"\s+", text[start:end]):
        s, e = start + m.start(), start + m.end()
        left = text[s - 1] if s > start else ""
        right = text[e] if e < end else ""
        keep = left.isascii() and left.isalnum() and right.isascii() and right.isalnum()
        ops.append((s, e, " " if keep else "", s, s + 1))
    return ops


# --------------------------------------------------------------------------- the other edits


def _regex_ops(pattern: re.Pattern[str], text: str, start: int, end: int, repl: str = "") -> list[_Op]:
    return [(m.start(), m.end(), repl, m.start(), m.end()) for m in pattern.finditer(text, start, end)]


def _tag_ops(text: str, start: int, end: int) -> list[_Op]:
    ops = _regex_ops(_SCRIPT_RE, text, start, end, "\n")
    for m in _TAG_RE.finditer(text, start, end):
        name = (m.group(1) or "").lower()
        ops.append((m.start(), m.end(), "\n" if name in _BLOCK_TAGS else "", m.start(), m.end()))
    return ops


def _entity_ops(text: str, start: int, end: int) -> list[_Op]:
    ops: list[_Op] = []
    for m in _ENTITY_RE.finditer(text, start, end):
        decoded = html.unescape(m.group())
        if len(decoded) == 1 and decoded != m.group():
            ops.append((m.start(), m.end(), decoded, m.start(), m.end()))
    return ops


def _space_ops(text: str, start: int, end: int) -> list[_Op]:
    ops: list[_Op] = []
    for m in _SPACE_RUN_RE.finditer(text, start, end):
        s, e = m.span()
        if s == start or e == end:
            continue
        left, right = text[s - 1], text[e]
        if (is_cjk(left) and right in _DIGIT_SIDE) or (
            (left in _DIGIT_SIDE or left == "%") and is_cjk(right)
        ):
            ops.append((s, e, "", s, s))
    for m in _SPACED_RUN_RE.finditer(text, start, end):
        ops.extend(_regex_ops(_INNER_SPACE_RE, text, m.start(), m.end()))
    return ops


def _apply(text: str, ops: list[_Op], start: int, end: int) -> tuple[list[str], list[int], list[int]]:
    """Apply non-overlapping edits (earlier start wins; ties go to the first listed)."""
    ops.sort(key=lambda op: op[0])
    pieces: list[str] = []
    offsets: list[int] = []
    ends: list[int] = []
    cursor = start
    for s, e, repl, at, at_end in ops:
        if s < cursor:
            if e <= cursor:
                continue  # inside an edit already applied
            # Overlaps the previous edit: apply what is left of it, so that nothing it covers
            # (a garbled stretch, say) slips into the working text. A decoded entity cut in two
            # means nothing any more: its rest is dropped.
            s, at, at_end = cursor, max(at, cursor), max(at_end, cursor + 1)
            repl = repl if repl in ("\n", " ") else ""
        if s > cursor:
            pieces.append(text[cursor:s])
            offsets.extend(range(cursor, s))
            ends.extend(range(cursor + 1, s + 1))
        if repl:
            pieces.append(repl)
            offsets.append(at)
            ends.append(max(at_end, at + 1))
        cursor = max(e, cursor)
    if cursor < end:
        pieces.append(text[cursor:end])
        offsets.extend(range(cursor, end))
        ends.extend(range(cursor + 1, end + 1))
    return pieces, offsets, ends


def to_simplified(text: str) -> str:
    """OpenCC t2s, guaranteed to keep the length (and so the alignment) of ``text``.

    The whole text is converted at once (phrase-aware); when OpenCC changes the length, the lines
    that changed length are converted char by char instead.

    Example::

        to_simplified("東城區") == "东城区"
    """
    if text.isascii():
        return text
    conv = _t2s()
    try:
        out = conv.convert(text)
    except UnicodeEncodeError:
        return _to_simplified_with_surrogates(text)
    if len(out) == len(text):
        return out
    fixed: list[str] = []
    for line in text.splitlines(keepends=True):
        c = conv.convert(line)
        if len(c) != len(line):
            c = "".join(ch2 if len(ch2 := conv.convert(ch)) == 1 else ch for ch in line)
        fixed.append(c)
    return "".join(fixed)


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _to_simplified_with_surrogates(text: str) -> str:
    """Lone surrogates (never from a decoded file, but a str may hold them) are kept as they are."""
    out = to_simplified(_SURROGATE_RE.sub("\ufffd", text))
    return "".join(o if not _SURROGATE_RE.match(t) else t for t, o in zip(text, out, strict=True))


def _fix_width(text: str) -> str:
    text = _WIDTH_RE.sub(_half_width, text)  # text.translate(_WIDTH_TABLE), char by char in C
    if not _HALF_PUNCT_RE.search(text):
        return text
    return _HALF_PUNCT_RE.sub(lambda m: _to_full(text, m.start()), text)


def _half_width(m: re.Match[str]) -> str:
    return _WIDTH_TABLE[ord(m.group())]


def _to_full(text: str, i: int) -> str:
    """``, ; : ! ?`` after CJK text, or between a number and CJK text ("增长9.1%,完成"), become
    full-width; never inside "1,000" or "3:00"."""
    ch = text[i]
    prev = text[i - 1] if i else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if prev and (is_cjk(prev) or prev in "”’）"):
        return _HALF_TO_FULL[ch]
    if prev and (prev.isdigit() or prev == "%") and ch in ",;:" and nxt and (is_cjk(nxt) or nxt == "“"):
        return _HALF_TO_FULL[ch]
    return ch


def looks_traditional(text: str) -> bool:
    """Whether ``text`` is written in Traditional characters (≥3% of its CJK chars change under t2s).

    Example::

        looks_traditional("東城區政府工作報告") is True
    """
    sample = text[:20000]
    converted = to_simplified(sample)
    if converted == sample:  # most pages: nothing changes, and the CJK characters need no count
        return False
    cjk = len(_CJK_RE.findall(sample))
    if not cjk:
        return False
    changed = sum(map(str.__ne__, sample, converted))
    return changed >= 0.03 * cjk


def normalise(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    html_mode: bool = False,
    traditional: bool | None = None,
) -> WorkingText:
    """Normalise ``text[start:end]``; offsets in the result index ``text`` itself.

    ``html_mode`` treats newlines as HTML does (whitespace; block tags make the paragraphs).
    ``traditional`` (detected when None) makes Simplified-only characters suspicious when
    looking for mojibake.

    Example::

        wt = normalise("a<p>東城&amp;區(qū)</p>", html_mode=True)
        wt.text == "a\\n东城&区"
    """
    end = len(text) if end is None else end
    if traditional is None:
        traditional = looks_traditional(text[start:end])
    garbled = find_garbled(text, start, end, traditional)
    ops: list[_Op] = [(s, e, "\n", s, s + 1) for s, e in garbled]
    if "<" in text[start:end]:
        ops += _tag_ops(text, start, end)
    if "&" in text[start:end]:
        ops += _entity_ops(text, start, end)
    if "**" in text[start:end]:
        ops += _regex_ops(_BOLD_RE, text, start, end)
    if _TONE_RE.search(text, start, end):
        ops += _regex_ops(_PINYIN_RE, text, start, end)
    ops += _html_whitespace_ops(text, start, end) if html_mode else _line_ops(text, start, end)
    ops += _space_ops(text, start, end)
    pieces, offsets, ends = _apply(text, ops, start, end)
    working = to_simplified(_fix_width("".join(pieces)))
    return _collapse_breaks(WorkingText(working, offsets, ends, garbled))


def _collapse_breaks(wt: WorkingText) -> WorkingText:
    """Drop spaces next to paragraph breaks, repeated breaks, and breaks/spaces at either end.

    Tags, garbled stretches and line structure can stack several breaks in a row.
    """
    text = wt.text
    if "\n\n" not in text and " \n" not in text and "\n " not in text and text.strip(" \n") == text:
        return wt
    n = len(text)
    keep = [True] * n
    prev_break = True  # breaks and spaces at the start go
    for i, ch in enumerate(text):
        if ch == "\n":
            keep[i] = not prev_break
            prev_break = True
        elif ch == " " and prev_break:
            keep[i] = False
        else:
            prev_break = False
    # spaces before a break, and breaks/spaces at the end
    i = n - 1
    trailing = True
    while i >= 0:
        ch = text[i]
        if ch == "\n":
            keep[i] = keep[i] and not trailing
            j = i - 1
            while j >= 0 and text[j] == " ":
                keep[j] = False
                j -= 1
            i = j
            continue
        if ch == " " and trailing:
            keep[i] = False
        elif ch != " ":
            trailing = False
        i -= 1
    idx = [i for i in range(n) if keep[i]]
    return WorkingText(
        "".join([text[i] for i in idx]),
        [wt.offsets[i] for i in idx],
        [wt.ends[i] for i in idx],
        wt.garbled,
    )
