"""The persistent alias registry: institutions, curated merges, and names discovered at run time.

Three layers, consulted in this order when a surface form is resolved:

1. **curated merges** (``merges.yaml``): a person decided these names are one entity; re-applied on
   every run, so they survive re-ingests;
2. **institutions** (``institutions.yaml``): the district's bureaus and street offices, their full
   names and standard abbreviations, plus generic abbreviation rules for units no entry lists;
3. **discovered names**: projects (and units) the extractors found in this run; they join the
   registry in memory so later sentences and documents recognise bare mentions of them.

Example::

    reg = Registry.load()
    reg.bureau("区住建委").name          # '北京市东城区住房和城乡建设委员会'
    reg.discover("Project", "星河湾项目")   # '星河湾项目'
    reg.discover("Project", "星河灣")       # '星河湾项目'  (same key, first canonical kept)
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ingest.resolve import bureau_key, clean, key_for, strip_prefix

_HERE = Path(__file__).resolve().parent
_LABELS = ("Project", "Bureau", "Place")


@dataclass(frozen=True, slots=True)
class Institution:
    name: str  # full official name
    aliases: tuple[str, ...]
    kind: str

    @property
    def collective(self) -> bool:
        """各街道办事处 and the like: a column entry, never the owner of a project."""
        return self.kind == "集合"


@dataclass(slots=True)
class Discovered:
    label: str
    name: str
    kind: str | None
    aliases: set[str] = field(default_factory=set)


def preferred_name(surfaces: set[str]) -> str:
    """The canonical form among surfaces of one entity: without a district prefix, then the one
    that ends in 项目/工程 (how the documents name a project when they name it in full), then the
    shortest, then the first in code-point order. A choice from the set alone, so the order in
    which documents are read cannot change it."""
    def rank(name: str) -> tuple[bool, bool, int, str]:
        return (strip_prefix(name) != name, not name.endswith(("项目", "工程")), len(name), name)

    return min(surfaces, key=rank)


class Registry:
    """Alias registry. Build it with :meth:`load`; it is cheap to query and grows during a run."""

    def __init__(self, institutions: dict, merges: dict, directory: Path | None = None):
        self.directory = directory
        self.version = int(institutions.get("version", 0))
        self.merges_version = int(merges.get("version", 0))
        self._by_key: dict[str, Institution] = {}
        self.institutions: list[Institution] = []
        self.streets: dict[str, str] = {}  # street short name or alias → street short name
        self._rules = institutions.get("rules") or {}
        for entry in institutions.get("institutions") or []:
            self._add_institution(Institution(entry["name"], tuple(entry.get("aliases") or ()),
                                              entry.get("kind") or "委办局"))
        street_rule = self._rules.get("street", "北京市东城区人民政府{x}街道办事处")
        for entry in institutions.get("streets") or []:
            short = entry["name"]
            names = [short, *(entry.get("aliases") or ())]
            for n in names:
                self.streets[n] = short
            self._add_institution(Institution(street_rule.format(x=short),
                                              tuple(f"{n}街道" for n in names), "街道"))
        # curated merges: (label, key) → canonical name
        self._merged: dict[tuple[str, str], str] = {}
        self.merge_entries: list[dict] = list(merges.get("merges") or [])
        for entry in self.merge_entries:
            self._apply_merge(entry["label"], entry["into"], entry.get("names") or [])
        self._discovered: dict[tuple[str, str], Discovered] = {}

    # ------------------------------------------------------------------ loading and saving

    @classmethod
    def load(cls, path: str | Path | None = None) -> Registry:
        """Load ``institutions.yaml`` and ``merges.yaml`` from ``path`` (a directory; default: here).
        ``POLICYKG_MERGES`` names another merges file (a deployment's own curated merges)."""
        directory = Path(path) if path else _HERE
        if directory.is_file():
            directory = directory.parent
        institutions = _read_yaml(directory / "institutions.yaml")
        merges = _read_yaml(merges_path(directory))
        return cls(institutions, merges, directory)

    def add_merge(self, label: str, into: str, names: list[str]) -> None:
        """Record a person's decision that ``names`` are ``into``; :meth:`save_merges` keeps it."""
        entry = {"label": label, "into": clean(into), "names": [clean(n) for n in names]}
        self.merge_entries.append(entry)
        self._apply_merge(label, entry["into"], entry["names"])

    def save_merges(self, path: str | Path | None = None) -> Path:
        target = Path(path) if path else merges_path(self.directory or _HERE)
        body = {"version": self.merges_version + 1, "merges": self.merge_entries}
        target.parent.mkdir(parents=True, exist_ok=True)
        text = _MERGES_HEADER + yaml.safe_dump(body, allow_unicode=True, sort_keys=False,
                                               default_flow_style=None, width=200)
        tmp = target.with_suffix(target.suffix + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)  # a reader never sees half a file
        self.merges_version += 1
        return target

    # ------------------------------------------------------------------ institutions

    def bureau(self, surface: str) -> Institution | None:
        """The institution a surface names (full name, abbreviation, any prefix/script), if known."""
        key = bureau_key(surface)
        merged = self._merged.get(("Bureau", key))
        if merged:
            key = bureau_key(merged)
        return self._by_key.get(key)

    def expand_unit(self, surface: str) -> Institution | None:
        """Resolve an entry of a 主责单位 column: a known institution, else the generic rules.

        Only for cells that are known to list units: in running text an unknown 区X局 is more
        likely a phrase (区改革发展大局) than an office.
        """
        known = self.bureau(surface)
        if known:
            return known
        text = clean(surface)
        if text.endswith("街道") and len(text) > 3:
            short = text[:-2]
            short = self.streets.get(short, short)
            return Institution(self._rules.get("street", "{x}").format(x=short), (text,), "街道")
        if text.endswith("管委会") and len(text) > 4:
            rule = self._rules.get("committee", "{x}管理委员会")
            return Institution(rule.format(x=text[:-3]), (text,), "管委会")
        if text.startswith("区") and len(text) >= 3:
            core = text[1:]
            for suffix, pattern in (self._rules.get("bureau_suffixes") or {}).items():
                if core.endswith(suffix):
                    return Institution(pattern.format(x=core[: -len(suffix)]), (text,), "委办局")
        if text.startswith(("北京市", "东城区")):
            return Institution(text if text.startswith("北京市") else "北京市" + text, (text,), "委办局")
        return None

    def institution_names(self) -> list[str]:
        """Every full name and alias, for the gazetteer and jieba's dictionary."""
        out: list[str] = []
        for inst in self.institutions:
            out.append(inst.name)
            out.extend(inst.aliases)
        return out

    def street_of(self, surface: str) -> str | None:
        """The street short name a place surface names (景山, 永外 → 永定门外), if any."""
        text = clean(surface)
        if text.endswith("街道"):
            text = text[:-2]
        return self.streets.get(text)

    # ------------------------------------------------------------------ discovered names

    def discover(self, label: str, name: str, kind: str | None = None) -> str:
        """Register a name found at run time; returns the canonical name it resolves to."""
        if label not in _LABELS:
            raise ValueError(f"unknown label {label!r}")
        surface = clean(name)
        key = key_for(label, surface)
        merged = self._merged.get((label, key))
        if merged:
            key = key_for(label, merged)
        entry = self._discovered.get((label, key))
        if entry is None:
            entry = Discovered(label, merged or surface, kind)
            self._discovered[(label, key)] = entry
        entry.aliases.add(surface)
        if kind and not entry.kind:
            entry.kind = kind
        return entry.name

    def canonical(self, label: str, name: str) -> str | None:
        """The canonical name of a surface already known (discovered or merged), else None."""
        key = key_for(label, name)
        merged = self._merged.get((label, key))
        if merged:
            key = key_for(label, merged)
        entry = self._discovered.get((label, key))
        return entry.name if entry else merged

    def settle_names(self, label: str) -> dict[str, str]:
        """Give every name discovered in this run the canonical form :func:`preferred_name` picks
        from all its surfaces, whatever the order the documents came in; returns old → new for the
        names that changed. Curated merges keep the name a person chose."""
        curated = {entry["into"] for entry in self.merge_entries if entry["label"] == label}
        renamed: dict[str, str] = {}
        for (lab, _), entry in sorted(self._discovered.items()):
            if lab != label or entry.name in curated:
                continue
            best = preferred_name({entry.name, *entry.aliases})
            if best != entry.name:
                renamed[entry.name] = best
                entry.aliases.add(entry.name)
                entry.name = best
        return renamed

    def known(self, label: str) -> list[Discovered]:
        return [d for (lab, _), d in self._discovered.items() if lab == label]

    def names(self, label: str) -> set[str]:
        """Every surface registered for ``label`` (discovered aliases and curated merges)."""
        out: set[str] = set()
        for d in self.known(label):
            out.add(d.name)
            out.update(d.aliases)
        for entry in self.merge_entries:
            if entry["label"] == label:
                out.add(entry["into"])
                out.update(entry.get("names") or ())
        return out

    # ------------------------------------------------------------------ internals

    def _add_institution(self, inst: Institution) -> None:
        self.institutions.append(inst)
        for n in (inst.name, *inst.aliases):
            self._by_key.setdefault(bureau_key(n), inst)

    def _apply_merge(self, label: str, into: str, names: list[str]) -> None:
        for n in (into, *names):
            self._merged[(label, key_for(label, n))] = clean(into)


MERGES_ENV = "POLICYKG_MERGES"
_MERGES_HEADER = """\
# Curated merges: a person's decision that several names are one entity.
#
# Re-applied on every run, after the automatic folding (script, prefixes, suffixes). Each entry
# names the canonical name (`into`) and the surface forms folded into it; `label` is Project,
# Bureau or Place. Edit by hand, or with `policykg merge INTO NAME... --label Project`.
# POLICYKG_MERGES names another file to use instead of this one.
#
# Example:
#   - {label: Project, into: 某某街区更新, names: [某某片区, 某某街区]}
"""


def merges_path(directory: Path) -> Path:
    """The curated merges file: ``POLICYKG_MERGES``, else ``merges.yaml`` beside the institutions."""
    override = os.environ.get(MERGES_ENV, "").strip()
    return Path(override).expanduser() if override else directory / "merges.yaml"


def _read_yaml(path: Path) -> dict:
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data


# how the entries of a 主责单位 cell are separated (区规分局 区城管委 / 区商务局、区文旅局)
UNIT_SPLIT = re.compile(r"[\s、，,；;/]+")

__all__ = ["UNIT_SPLIT", "Discovered", "Institution", "Registry"]
