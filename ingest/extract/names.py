"""One regular expression for a list of names, shaped as a trie.

A flat alternation ``A|B|C…`` of thousands of names (every institution of the municipality and
its 16 districts, the projects a run found) makes Python's ``re`` try each name at each position
of the text; the same names folded into a trie (``北京市(?:东城区(?:…)|朝阳区(?:…))``) are tried
one character at a time. Matches are the same: leftmost, and the longest name at that position.

Example::

    pattern = names_pattern(["区住建委", "区住房城乡建设委", "区商务局"])
    pattern.findall("由区住房城乡建设委牵头")   # ['区住房城乡建设委']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_END = ""  # marks the end of a name in a trie node


def names_pattern(names: Iterable[str]) -> re.Pattern | None:
    """A compiled pattern matching any of ``names`` (leftmost, then longest); None for no names.
    The same names give the same pattern object (compiled once: every document of a run, and every
    run on the same registry data, matches the same institutions)."""
    return _compiled(tuple(sorted({n for n in names if n})))


@lru_cache(maxsize=16)
def _compiled(names: tuple[str, ...]) -> re.Pattern | None:
    source = names_regex(names)
    return re.compile(source) if source is not None else None


def names_regex(names: Iterable[str]) -> str | None:
    """The trie-shaped regular expression of ``names`` (the text :func:`names_pattern` compiles);
    None for no names.

    Example: ``names_regex(["区商务局", "区商务委"]) == "区商务(?:委|局)"``
    """
    trie: dict = {}
    for name in names:
        if not name:
            continue
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        node[_END] = {}
    if not trie:
        return None
    return _node_regex(trie)


def _node_regex(node: dict) -> str:
    ends_here = _END in node
    branches = [re.escape(ch) + _node_regex(child) for ch, child in sorted(node.items()) if ch != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        # a name ends here and longer ones go on: the longer ones are tried first (greedy)
        return ("(?:" + body + ")?") if len(branches) == 1 else body + "?"
    return body
