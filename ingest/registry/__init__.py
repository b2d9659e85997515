"""The persistent alias registry: institutions, curated merges, and names discovered at run time.

Three layers, consulted in this order when a surface form is resolved:

1. **curated merges** (``merges.yaml``): a person decided these names are one entity; re-applied on
   every run, so they survive re-ingests;
2. **institutions**: the bodies of the municipality and of every district from one template
   (``beijing.yaml``: full names, standard abbreviations, generic rules for units no entry lists)
   and each district's own bodies and street offices (``institutions.yaml``); a 区-abbreviation
   resolves in the document's district;
3. **discovered names**: projects (and units) the extractors found in this run; they join the
   registry in memory so later sentences and documents recognise bare mentions of them.

Example::

    reg = Registry.load()
    reg.bureau("区住建委", "朝阳区").name  # '北京市朝阳区住房和城乡建设委员会'
    reg.bureau("市住建委").name            # '北京市住房和城乡建设委员会'
    reg.discover("Project", "星河湾项目")   # '星河湾项目'
    reg.discover("Project", "星河灣")       # '星河湾项目'  (same key, first canonical kept)
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ingest.registry.template import District, Institution, Template
from ingest.resolve import bureau_key, clean, key_for, strip_prefix

_HERE = Path(__file__).resolve().parent
_LABELS = ("Project", "Bureau", "Place")


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

    def __init__(self, institutions: dict, merges: dict, directory: Path | None = None,
                 template: Template | None = None):
        self.directory = directory
        self.template = template or Template.load()
        self.version = int(institutions.get("version", 0)) + self.template.version
        self.merges_version = int(merges.get("version", 0))
        self.institutions: list[Institution] = list(self.template.institutions)
        self._explicit: dict[str, Institution] = dict(self.template.explicit)
        self._contextual: dict[tuple[str, str], Institution] = dict(self.template.contextual)
        self._by_name: dict[str, Institution] = {i.name: i for i in self.institutions}
        self.streets: dict[str, str] = {}  # street short name or alias → street short name
        self._street_district: dict[str, str] = {}  # street short name → its district
        self._rules = self.template.rules
        for district, local in (institutions.get("local") or {}).items():
            self._add_local(district, local or {})
        # curated merges: (label, key) → canonical name
        self._merged: dict[tuple[str, str], str] = {}
        self.merge_entries: list[dict] = list(merges.get("merges") or [])
        for entry in self.merge_entries:
            self._apply_merge(entry["label"], entry["into"], entry.get("names") or [])
        self._discovered: dict[tuple[str, str], Discovered] = {}
        self._institution_names: list[str] | None = None
        self._institution_pattern: re.Pattern | None = None

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

    def view(self) -> Registry:
        """A registry of its own for one document: the same institutions and curated merges (shared,
        never changed during a run), a copy of the names discovered so far, and nothing the
        document then discovers reaches this one. Cheap: no YAML is read, no table rebuilt.

        Example::

            doc_registry = run_registry.view()
            doc_registry.discover("Project", "月桂商务楼")
            run_registry.canonical("Project", "月桂商务楼")   # None
        """
        self.institution_pattern()  # built once here, shared by every view
        clone = object.__new__(Registry)
        for name in _SHARED:
            setattr(clone, name, getattr(self, name))
        clone._merged = dict(self._merged)
        clone.merge_entries = list(self.merge_entries)
        clone._discovered = {k: Discovered(d.label, d.name, d.kind, set(d.aliases))
                             for k, d in self._discovered.items()}
        return clone

    def adopt(self, discovered: Iterable[Discovered]) -> dict[str, str]:
        """Fold names another registry discovered (a document's :meth:`view`, its :meth:`known`
        entries in the order it found them) into this one; returns each of those canonical names
        that this registry calls otherwise (an earlier document introduced the entity first, under
        another surface).

        Example::

            renamed = run_registry.adopt(doc_registry.known("Project"))   # {'星河灣': '星河湾项目'}
        """
        renamed: dict[str, str] = {}
        for entry in discovered:
            name = self.discover(entry.label, entry.name, entry.kind)
            for alias in sorted(entry.aliases):
                self.discover(entry.label, alias, entry.kind)
            if name != entry.name:
                renamed[entry.name] = name
        return renamed

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

    def bureau(self, surface: str, district: str | None = None) -> Institution | None:
        """The institution a surface names (full name, abbreviation, any prefix/script), if known.

        ``district`` is the document's district: it expands 区住建委 to that district's body.
        Without it a 区-abbreviation of the template stays as written (区住建委), a unit whose
        district nobody knows."""
        text = clean(surface)
        merged = self._merged.get(("Bureau", bureau_key(text)))
        if merged:
            return self._by_name.get(merged) or self.bureau(merged, district)
        found = self._explicit.get(text)
        if found is None and text.startswith(self.template.city):
            found = self._explicit.get(text[len(self.template.city):])
        if found is None and district:
            found = self._contextual.get((district, text))
        if found is None and not district and text in self.template.district_forms:
            found = Institution(text, (text,), self._kind_of_form(text))
        return found

    def expand_unit(self, surface: str, district: str | None = None) -> Institution | None:
        """Resolve an entry of a 主责单位 column: a known institution, else the generic rules.

        Only for cells that are known to list units: in running text an unknown 区X局 is more
        likely a phrase (区改革发展大局) than an office.
        """
        known = self.bureau(surface, district)
        if known:
            return known
        text = clean(surface)
        d = self.template.district(district) if district else None
        if text.endswith("街道") and len(text) > 3:
            return self.street_office(text[:-2], district)
        if text.endswith("街道办事处") and len(text) > 6:
            return self.street_office(text[:-5], district)
        if text.endswith("管委会") and len(text) > 4:
            name = self.template.format(self._rules["committee"], d, x=text[:-3]) if d else text
            return Institution(name, (text,), "管委会", district)
        if text.startswith("区") and len(text) >= 3:
            core = text[1:]
            for suffix, pattern in (self._rules.get("bureau_suffixes") or {}).items():
                if core.endswith(suffix):
                    if d is None:
                        return Institution(text, (text,), "委办局")
                    name = self.template.format(pattern, d, x=core[: -len(suffix)])
                    return Institution(name, (text,), "委办局", district)
        for dd in self.template.districts:
            if text.startswith((dd.name, self.template.city + dd.name)):
                name = text if text.startswith(self.template.city) else self.template.city + text
                return Institution(name, (text,), "委办局", dd.name)
        if text.startswith(self.template.city):
            return Institution(text, (text,), "委办局")
        return None

    def street_office(self, short: str, district: str | None = None) -> Institution:
        """The office of street ``short`` (紫竹院 → 北京市海淀区人民政府紫竹院街道办事处); a street of a
        district's list knows its district, another street takes the document's; without a
        district, the form as written."""
        short = self.streets.get(short, short)
        district = self._street_district.get(short, district)
        d = self.template.district(district) if district else None
        surface = f"{short}街道"
        if d is None:
            return Institution(f"{short}街道办事处", (surface,), "街道")
        name = self.template.format(self._rules["street"], d, x=short)
        existing = self._by_name.get(name)
        return existing or Institution(name, (surface,), "街道", d.name)

    def town_government(self, short: str, suffix: str, district: str | None = None) -> Institution:
        """The government of town (镇) or township (乡) ``short``: 北京市通州区X镇人民政府."""
        d = self.template.district(district) if district else None
        rule = self._rules["town" if suffix == "镇" else "township"]
        name = self.template.format(rule, d, x=short) if d else f"{short}{suffix}人民政府"
        return Institution(name, (f"{short}{suffix}",), "乡镇", d.name if d else None)

    def institution_names(self) -> list[str]:
        """Every full name and alias, for the gazetteer and jieba's dictionary."""
        if self._institution_names is None:  # the institutions never change once loaded
            out: set[str] = set(self._explicit)
            out.update(form for _d, form in self._contextual)
            out.update(self._by_name)
            self._institution_names = sorted(out)
        return list(self._institution_names)

    def institution_pattern(self) -> re.Pattern:
        """One compiled pattern of every institution name and alias (:func:`names_pattern`), built
        once and shared by every :meth:`view`: each document's spotter uses it, none rebuilds it."""
        if self._institution_pattern is None:
            from ingest.extract.stored import stored_names_pattern

            # names_pattern's pattern, its code kept across runs (ingest.extract.stored)
            self._institution_pattern = (stored_names_pattern(self.institution_names())
                                         or re.compile(r"(?!)"))
        return self._institution_pattern

    def contextual_forms(self) -> set[str]:
        """Forms that need the document's district (区住建委 …)."""
        return {form for _d, form in self._contextual}

    def district_of(self, name: str) -> District | None:
        return self.template.district(name)

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

    def _add_local(self, district: str, local: dict) -> None:
        """A district's own bodies and street offices (institutions.yaml ``local``)."""
        for entry in local.get("institutions") or []:
            aliases = tuple(entry.get("aliases") or ())
            inst = Institution(entry["name"], aliases, entry.get("kind") or "委办局", district)
            self._add_institution(inst, district)
        for entry in local.get("streets") or []:
            short = entry["name"]
            names = [short, *(entry.get("aliases") or ())]
            for n in names:
                self.streets[n] = short
            self._street_district[short] = district
            d = self.template.district(district)
            name = self.template.format(self._rules["street"], d, x=short)
            forms = tuple(f"{n}{s}" for n in names for s in ("街道", "街道办事处", "街道办"))
            self._add_institution(Institution(name, forms, "街道", district), district)

    def _add_institution(self, inst: Institution, district: str) -> None:
        self.institutions.append(inst)
        self._by_name.setdefault(inst.name, inst)
        for form in (inst.name, *inst.aliases):
            if form.startswith("区"):
                self._contextual.setdefault((district, form), inst)
            else:
                self._explicit.setdefault(form, inst)

    def _kind_of_form(self, form: str) -> str:
        for (_d, f), inst in self._contextual.items():
            if f == form:
                return inst.kind
        return "委办局"

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


# what a view shares with the registry it was taken from: built once, read-only during a run
_SHARED = ("directory", "template", "version", "merges_version", "institutions", "_explicit", "_contextual",
           "_by_name", "streets", "_street_district", "_rules", "_institution_names",
           "_institution_pattern")


def _read_yaml(path: Path) -> dict:
    """The mapping in ``path`` ({} if there is none), parsed once per process and file version.

    The parsed data is cached, never a registry (registries grow during a run): every load builds
    its own tables from a deep copy, so nothing a caller does to one reaches the next."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return {}
    return copy.deepcopy(_parsed_yaml(str(path), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=8)
def _parsed_yaml(path: str, _mtime_ns: int, _size: int) -> dict:
    # mtime and size are part of the key: a file rewritten (policykg merge) is read again
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data


# how the entries of a 主责单位 cell are separated (区规分局 区城管委 / 区商务局、区文旅局)
UNIT_SPLIT = re.compile(r"[\s、，,；;/]+")

__all__ = ["UNIT_SPLIT", "Discovered", "District", "Institution", "Registry"]
