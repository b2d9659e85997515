"""Surface form → resolution key: the folding every name goes through before it is compared.

The key folds what does not distinguish two entities: script (Traditional → Simplified), width
and spacing, quotes and brackets, pinyin artefacts such as ``區(qū)``, the district prefixes
(北京市 / X区 / 区, the districts read from ``registry/beijing.yaml``) and, for projects, the
generic suffixes 项目 / 工程. Two surfaces with one key are one entity; the registry maps a key to
its canonical name.

Example::

    >>> project_key("星河灣項目") == project_key("东城区星河湾") == "星河湾"
    True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PINYIN = re.compile(r"[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]")
# punctuation that never tells two names apart (a 《》 title or “” quote around a name is the same name)
_DROP = re.compile(r"[\s\u3000\"'“”‘’《》〈〉「」【】\[\]]")
_CITY = "北京市"


@lru_cache(maxsize=1)
def _prefixes() -> tuple[str, ...]:
    """北京市X区, X区 for every district of the template, then 北京市: longest first."""
    from ingest.registry.template import district_names

    names = district_names()
    return (*(_CITY + n for n in names), *names, _CITY)
_PROJECT_SUFFIXES = ("项目", "工程")


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    """Traditional → Simplified (OpenCC t2s), NFKC width folding, pinyin artefacts removed."""
    text = _PINYIN.sub("", unicodedata.normalize("NFKC", text))
    return _converter().convert(text)


def clean(text: str) -> str:
    """The display form of a name: Simplified, no spacing or quotes; brackets kept half-width."""
    return _DROP.sub("", to_simplified(text))


@lru_cache(maxsize=65536)
def strip_prefix(name: str) -> str:
    """Drop one district prefix, keeping at least two characters of name (cached: every name of a
    run is asked for again and again, by the cross-document step most)."""
    for prefix in _prefixes():
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            return name[len(prefix):]
    # 区第九人民医院 / 区某某中心站: the bare 区 prefix means "the district's"
    if name.startswith("区") and len(name) >= 4:
        return name[1:]
    return name


@lru_cache(maxsize=65536)
def project_key(name: str) -> str:
    """Resolution key of a project: cleaned, prefix and 项目/工程 suffix dropped, and the work
    done on the site (环境整治提升, 水系连通 …) dropped, so 云杉路环境整治提升项目 and 云杉路
    are one project."""
    key = strip_prefix(clean(name)).replace("(", "").replace(")", "")
    for suffix in _PROJECT_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            key = key[: -len(suffix)]
            break
    return _strip_work(key)


def _strip_work(key: str) -> str:
    from ingest.extract.lexicon import WORK_WORDS

    changed = True
    while changed:
        changed = False
        for n in (5, 4, 3, 2):
            if len(key) - n >= 2 and key[-n:] in WORK_WORDS:
                key = key[:-n]
                changed = True
                break
    return key


@lru_cache(maxsize=65536)
def bureau_key(name: str) -> str:
    """Resolution key of a bureau or place: cleaned, the level kept (bodies of two districts, or of
    a district and the municipality, never share a key): 北京市朝阳区水务局 → 朝阳区水务局,
    北京市水务局 → 市水务局, and a bare 区 dropped (区住建委 → 住建委)."""
    text = clean(name)
    if text.startswith(_CITY) and len(text) > len(_CITY) + 1:
        rest = text[len(_CITY):]
        return rest if rest.startswith(_prefixes()) else "市" + rest
    if text.startswith("区") and len(text) >= 4:
        return text[1:]
    return text


def key_for(label: str, name: str) -> str:
    return project_key(name) if label == "Project" else bureau_key(name)


def entity_uid(label: str, name: str) -> str:
    """The node id of the Project, Bureau or Place a name resolves to."""
    from ingest.types import stable_uid

    return stable_uid(label, key_for(label, name))


def original_surface(text: str) -> str:
    """A surface as written in the original file, minus layout: line breaks, spaces, pinyin
    artefacts go; the script stays (星河灣項目 stays Traditional)."""
    return _DROP.sub("", _PINYIN.sub("", text))


class EntityTable:
    """Entities of one label keyed by canonical name; each mention adds its surfaces and source.

    Example::

        table = EntityTable("Project")
        table.add("星河湾项目", ["星河湾", "星河灣"], source, kind="棚改")
        table.entities()[0].aliases  # ['星河湾', '星河湾项目', '星河灣']
    """

    def __init__(self, label: str):
        self.label = label
        self._by_name: dict = {}
        self._seen_sources: dict[str, set[tuple[int, int]]] = {}

    def add(self, canonical: str, surfaces, source=None, kind: str | None = None):
        from ingest.types import Entity

        entity = self._by_name.get(canonical)
        if entity is None:
            # the uid comes from the resolution key, not the display name: every surface of the
            # entity, in any run, gives the same node
            entity = Entity(id=entity_uid(self.label, canonical), label=self.label, name=canonical,
                            aliases=[], kind=kind, mentions=[])
            self._by_name[canonical] = entity
            self._seen_sources[canonical] = set()
        for s in surfaces:
            if s and s not in entity.aliases:
                entity.aliases.append(s)
        if kind and not entity.kind:
            entity.kind = kind
        if source is not None:
            span = (source.start, source.end)
            if span not in self._seen_sources[canonical]:
                self._seen_sources[canonical].add(span)
                entity.mentions.append(source)
        return entity

    def adopt(self, entity) -> None:
        """Take an existing entity (another step's) into the table, to extend it in place."""
        self._by_name[entity.name] = entity
        self._seen_sources[entity.name] = {(m.start, m.end) for m in entity.mentions}

    def entities(self) -> list:
        return list(self._by_name.values())
