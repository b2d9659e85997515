"""Search keys: how a name is folded so that any alias, in any script, finds its node.

A node of a named entity stores ``keys`` (every folded variant of its name and aliases),
``search`` (the keys joined by ``|``, for ``CONTAINS``) and ``grams`` (the keys' characters and
character pairs, indexed: a substring search starts from the nodes holding its first pair).
A query parameter of type ``name`` is folded the same way by the named-query runner
(:mod:`graph.queries`), so Traditional input (區住建委), a district prefix (东城区…) or a
missing 项目 suffix still meets the stored name.

The folding itself is the ingest resolver's (:mod:`ingest.resolve`): one definition of "the same
name" for the whole project.
"""

from __future__ import annotations

from collections.abc import Iterable

from ingest.resolve import bureau_key, clean, project_key

SEPARATOR = "|"


def fold(text: str) -> str:
    """The full search key of a text: Simplified, width-folded, no spacing or quotes."""
    return clean(text).replace(SEPARATOR, "")


def variants(text: str) -> list[str]:
    """Every key a name may be stored under: full form, prefix-less, suffix-less."""
    out = {fold(text), project_key(text), bureau_key(text)}
    return sorted(k.replace(SEPARATOR, "") for k in out if k)


def name_keys(names: Iterable[str]) -> list[str]:
    """The ``keys`` property of a node named by ``names`` (its name and its aliases)."""
    out: set[str] = set()
    for name in names:
        if name:
            out.update(variants(name))
    return sorted(out)


def search_grams(keys: Iterable[str]) -> list[str]:
    """The ``grams`` property: every character and every pair of neighbouring characters of each
    key (never across two keys), indexed, so that a substring search reads only the nodes holding
    the first pair (:func:`query_gram`) of what it looks for before ``search CONTAINS`` confirms.

    >>> search_grams(["望坛", "坛"])
    ['坛', '望', '望坛']
    """
    out: set[str] = set()
    for key in keys:
        out.update(key)
        out.update(key[i : i + 2] for i in range(len(key) - 1))
    return sorted(out)


def query_gram(key: str) -> str:
    """The gram a substring search for ``key`` looks up: its first two characters (the key
    itself when it has one), which every node whose ``search`` contains ``key`` holds.

    >>> query_gram("望坛项目"), query_gram("坛")
    ('望坛', '坛')
    """
    return key[:2]


def search_text(keys: Iterable[str]) -> str:
    """The ``search`` property: keys joined so that ``search CONTAINS fold(q)`` finds substrings."""
    return SEPARATOR + SEPARATOR.join(keys) + SEPARATOR
