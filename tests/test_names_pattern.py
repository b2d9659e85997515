"""The trie-shaped pattern of many names finds what a flat, longest-first alternation finds."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from ingest.extract.names import names_pattern

ALPHABET = "区市住建委局东城朝阳中心"
names_st = st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=6), min_size=1, max_size=30)


@given(names=names_st, text=st.text(alphabet=ALPHABET + "，。的", max_size=80))
def test_matches_are_those_of_a_longest_first_alternation(names, text):
    flat = re.compile("|".join(map(re.escape, sorted(set(names), key=len, reverse=True))))
    trie = names_pattern(names)
    assert trie is not None
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]


def test_the_longest_name_at_a_position_wins():
    pattern = names_pattern(["区住建委", "区住房城乡建设委", "区住房"])
    assert pattern is not None
    assert pattern.findall("由区住房城乡建设委牵头，区住建委配合") == ["区住房城乡建设委", "区住建委"]


def test_no_names_no_pattern():
    assert names_pattern([]) is None
    assert names_pattern([""]) is None
