"""Institutions of the municipality and of every district, instantiated from one template.

``beijing.yaml`` lists the districts and the standard bodies (委办局) with their name patterns and
abbreviation cores; this module turns them into ``Institution`` records and the surface forms that
name each of them:

* *explicit* forms name one body whatever the document: its full name, the full name without
  北京市, 市住建委 / 北京市住建委 (municipal), 朝阳区住建委 / 北京市朝阳区住建委 (a district's);
* *contextual* forms need the document's district: 区住建委, 区住房和城乡建设委员会, 区规分局.

Example::

    >>> t = Template.load()
    >>> t.explicit["朝阳区水务局"].name
    '北京市朝阳区水务局'
    >>> t.contextual[("海淀区", "区政府")].name
    '北京市海淀区人民政府'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class Institution:
    name: str  # full official name (or the form as written, when nothing more is certain)
    aliases: tuple[str, ...]
    kind: str
    district: str | None = None  # the district whose body it is; None for municipal or unknown

    @property
    def collective(self) -> bool:
        """各街道办事处 and the like: a column entry, never the owner of a project."""
        return self.kind == "集合"


@dataclass(frozen=True, slots=True)
class District:
    name: str  # 朝阳区
    short: str  # 朝阳
    former: bool = False  # merged into another district (崇文区, 宣武区)


@dataclass(slots=True, eq=False)
class Template:
    """The instantiated template: institutions and the surfaces that name them."""

    version: int
    city: str
    districts: list[District]
    rules: dict
    institutions: list[Institution] = field(default_factory=list)
    explicit: dict[str, Institution] = field(default_factory=dict)
    contextual: dict[tuple[str, str], Institution] = field(default_factory=dict)
    # the abbreviation forms a 区-prefixed surface may take, whatever the district (for "as written")
    district_forms: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path | None = None) -> Template:
        return _load(str(path or _HERE / "beijing.yaml"))

    def district(self, name: str) -> District | None:
        for d in self.districts:
            if name in (d.name, d.short):
                return d
        return None

    def format(self, pattern: str, district: District | None = None, **extra: str) -> str:
        values = {"city": self.city, "district": district.name if district else "",
                  "short": district.short if district else "", **extra}
        return pattern.format(**values)


@lru_cache(maxsize=4)
def _load(path: str) -> Template:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    city = data["city"]["name"]
    districts = [District(d["name"], d["short"], bool(d.get("former"))) for d in data.get("districts") or []]
    t = Template(int(data.get("version", 0)), city, districts, data.get("rules") or {})
    for body in data.get("bodies") or []:
        _instantiate(t, body)
    return t


def _instantiate(t: Template, body: dict) -> None:
    kind = body.get("kind") or "委办局"
    abbr = list(body.get("abbr") or [])
    full = list(body.get("full") or [])
    also = body.get("also") or {}
    if body.get("city"):
        name = t.format(body["city"])
        forms = {name, *(f"市{a}" for a in abbr + full), *(f"{t.city}{a}" for a in abbr)}
        forms |= {t.format(f) for f in also.get("city") or []}
        _add(t, Institution(name, tuple(sorted(forms - {name})), kind), forms, set())
    if body.get("district"):
        for d in t.districts:
            name = t.format(body["district"], d)
            explicit = {name, name.removeprefix(t.city)}
            explicit |= {f"{d.name}{a}" for a in abbr + full} | {f"{t.city}{d.name}{a}" for a in abbr}
            contextual = {f"区{a}" for a in abbr + full}
            for f in also.get("district") or []:
                form = t.format(f, d)
                (contextual if form.startswith(("区", "各")) else explicit).add(form)
            inst = Institution(name, tuple(sorted((explicit | contextual) - {name})), kind, d.name)
            _add(t, inst, explicit, {(d.name, c) for c in contextual})
            t.district_forms |= contextual


def _add(t: Template, inst: Institution, explicit: set[str], contextual: set[tuple[str, str]]) -> None:
    t.institutions.append(inst)
    for form in explicit:
        t.explicit.setdefault(form, inst)
    for key in contextual:
        t.contextual.setdefault(key, inst)


def district_names() -> tuple[str, ...]:
    """Full names of the districts (朝阳区 …), longest first: the prefixes a name may carry."""
    t = Template.load()
    return tuple(sorted((d.name for d in t.districts), key=len, reverse=True))
