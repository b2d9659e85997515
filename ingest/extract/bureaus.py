"""Bureau mentions: institutions named in running text, and the units of a 主责单位 cell.

Running text is matched against the registry (the template's bodies of the municipality and of
every district, full names and standard abbreviations, and each district's own bodies), resolved in
the document's district (区住建委 in a 朝阳区 page is 北京市朝阳区住房和城乡建设委员会), and read by
the grammar of organisations no list holds (``orgs.py``: companies, 指挥部, 领导小组, street offices
…). A phrase such as 区改革发展大局 is neither, so it is never an office. A 主责单位 cell is a list of
units by construction, so there the registry's generic rules expand abbreviations no entry lists.

Example::

    spotter = BureauSpotter(Registry.load())
    [h.institution.name for h in spotter.find(prepare("由区住建委牵头"), "朝阳区")]
    # ['北京市朝阳区住房和城乡建设委员会']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extract.orgs import ACTOR_VERBS, DISTRICT_VERBS, OrgHit, acting, find_orgs
from ingest.extract.text import Prepared
from ingest.extract.tokens import frequency
from ingest.registry import UNIT_SPLIT, Institution, Registry


@dataclass(frozen=True, slots=True)
class BureauHit:
    start: int  # compact-text offsets
    end: int
    institution: Institution


# A government or party committee, and a municipal body, is a unit only where the sentence gives
# it a role (区委、区政府 and 市教委《…》 in a report are formulas and references, not units).
_MUNICIPAL_VERBS = (*DISTRICT_VERBS, "发布", "印发", "公布", "确认", "批复", "表示", "介绍", "会同",
                    "作为", "对")

# a 区-unit no list holds, followed by a verb of responsibility
_UNLISTED = re.compile(r"区[\u4e00-\u9fff]{1,6}?(?:局|委|办|中心)(?=牵头|负责|组织实施|承担|具体实施)")
# a source or byline line names the publisher, not a unit that acts
_BYLINE = re.compile(r"(?:来源|稿源|供稿|出品|编辑|作者|记者|通讯员|转自|摘自)\s*[:：]?\s*$")
# a short name the text defines right after the full one: （以下简称北投集团） / （北投集团）
_DEFINED = re.compile(r"[（(](?:以下简称|下称|简称)?[“\"]?([\u4e00-\u9fffA-Za-z]{2,10}?)[”\"]?[）)]")
_GRAMMAR_KINDS = frozenset({"企业", "指挥部", "领导小组", "管委会", "中心", "村委会"})

# the core of a 指挥部 / 领导小组 that says only "the project's": it refers to the one the page names
_GENERIC_CORE = re.compile(r"^(?:该|此|本)?(?:项目|现场|工作|征收|改造项目)?$")


class BureauSpotter:
    """Example: ``BureauSpotter(reg).find(prepare("由区住建委牵头"), "东城区")`` → one hit."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self._pattern = registry.institution_pattern()  # compiled once per registry, not per document

    @property
    def names_pattern(self) -> re.Pattern:
        """Every institution name and abbreviation the spotter knows: names the tokenizer keeps whole."""
        return self._pattern

    def find(self, prep: Prepared, district: str | None = None,
             known: list[Institution] | None = None) -> list[BureauHit]:
        """Units named in a sentence. ``district``: the document's; ``known``: units found earlier
        in the document, which a short form (首开东成公司, 现场指挥部) may refer back to."""
        text = prep.text
        out: list[BureauHit] = []
        for m in self._pattern.finditer(text):
            inst = self.registry.bureau(m.group(), district)
            if inst is None or inst.collective or not self._stands_alone(prep, m.start(), m.group()):
                continue  # a collective (各街道办事处) is a unit only in a table's unit column
            if _BYLINE.search(text, 0, m.start()):
                continue  # 来源：某区融媒体中心: who published the page, not a unit that acts
            if inst.kind in ("人民政府", "党委"):
                if not acting(text, m.start(), m.end(), (*DISTRICT_VERBS, "对")):
                    continue
            elif inst.district is None and not acting(text, m.start(), m.end(), _MUNICIPAL_VERBS):
                continue
            if inst.kind == "街道" and not m.group().endswith(("办事处", "街道办")) \
                    and not text.startswith(ACTOR_VERBS, m.end()):
                continue  # 景山街道 in running text is the area (a Place), not the office
            out.append(BureauHit(m.start(), m.end(), inst))
        taken = [(h.start, h.end) for h in out]
        for org in find_orgs(text, self.registry.template):
            if any(org.start < e and s < org.end for s, e in taken) or _BYLINE.search(text, 0, org.start):
                continue
            inst = self._institution(org, district, known or [])
            if inst is not None:
                out.append(BureauHit(org.start, org.end, inst))
                taken.append((org.start, org.end))
                short = _DEFINED.match(text, org.end)
                if short and inst.kind in _GRAMMAR_KINDS:  # X有限公司（以下简称Y）: Y names X from here on
                    inst = Institution(inst.name, (*inst.aliases, short.group(1)), inst.kind, inst.district)
                    out[-1] = BureauHit(org.start, org.end, inst)
                    out.append(BureauHit(short.start(1), short.end(1), inst))
                    taken.append((short.start(1), short.end(1)))
        out += self._unlisted(text, district, taken)
        out += self._known_again(text, known or [], taken)
        return sorted(out, key=lambda h: h.start)

    def _unlisted(self, text: str, district: str | None, taken: list[tuple[int, int]]) -> list[BureauHit]:
        """区X局 / 区X委 / 区X办 that no list holds, where the sentence makes it responsible
        (由区征收办负责…, 区重大项目办牵头…): the generic rules of a unit column expand it. Without
        such a verb it stays a phrase (服务区改革发展大局)."""
        out: list[BureauHit] = []
        for m in _UNLISTED.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            before = text[m.start() - 1] if m.start() else ""
            if before and "\u4e00" <= before <= "\u9fff" and before not in "由和及与经":
                continue
            inst = self.registry.expand_unit(m.group(), district)
            if inst is not None:
                out.append(BureauHit(m.start(), m.end(), inst))
                taken.append((m.start(), m.end()))
        return out

    @staticmethod
    def _known_again(text: str, known: list[Institution], taken: list[tuple[int, int]]) -> list[BureauHit]:
        """A unit the grammar found earlier in the document, named again by any of its forms (a
        short form it defined, 北投集团, without a verb of doing this time)."""
        out: list[BureauHit] = []
        for inst in known:
            if inst.kind not in _GRAMMAR_KINDS:
                continue
            for form in sorted({inst.name, *inst.aliases}, key=len, reverse=True):
                if len(form) < 3:
                    continue
                # every occurrence, left to right, none overlapping the one before (as a regex
                # of the form finds them), by str.find: no pattern built per form and sentence
                at = text.find(form)
                while at >= 0:
                    end = at + len(form)
                    if all(end <= s or at >= e for s, e in taken):
                        out.append(BureauHit(at, end, inst))
                        taken.append((at, end))
                    at = text.find(form, end)
        return out

    def _stands_alone(self, prep: Prepared, start: int, form: str) -> bool:
        """A short form starting with 区/市/各 is not the tail of a word (社区委员会 ≠ 区委)."""
        if start == 0 or form[0] not in "区市各":
            return True
        prev = prep.text[start - 1]
        if not ("\u4e00" <= prev <= "\u9fff"):
            return True
        return frequency(prev + form[0]) == 0

    def _institution(self, org: OrgHit, district: str | None,
                     known: list[Institution]) -> Institution | None:
        reg = self.registry
        if org.kind == "街道":
            return reg.street_office(org.short or org.surface, org.district or district)
        if org.kind == "乡镇":
            short = org.short or org.surface
            return reg.town_government(short[:-1], short[-1], org.district or district)
        if org.kind == "人民政府":
            return reg.bureau(f"{org.district}人民政府")
        if org.kind in ("指挥部", "领导小组"):
            core = re.sub(r"(?:现场)?指挥部|领导小组.*$", "", org.surface)
            if _GENERIC_CORE.match(core):
                same = [k for k in known if k.kind == org.kind]
                return same[0] if len(same) == 1 else None
        if org.kind == "企业" and not org.surface.endswith("有限公司"):
            core = re.sub(r"(?:集团|公司)$", "", org.surface)
            for k in known:
                if k.kind == "企业" and core in k.name and k.name != org.surface:
                    return Institution(k.name, (*k.aliases, org.surface), k.kind, k.district)
        known_inst = reg.bureau(org.surface, district)
        if known_inst is not None:
            return known_inst
        return Institution(org.surface, (org.surface,), org.kind, org.district)


def split_units(cell_text: str) -> list[str]:
    """The entries of a 主责单位 cell: ``区规分局 区城管委`` → [区规分局, 区城管委]."""
    return [u for u in UNIT_SPLIT.split(re.sub(r"<[^>]+>", " ", cell_text)) if u]


def resolve_units(registry: Registry, cell_text: str,
                  district: str | None = None) -> list[tuple[str, Institution]]:
    """(surface, institution) for each unit of a cell that the registry or its rules resolve."""
    out = []
    for unit in split_units(cell_text):
        inst = registry.expand_unit(unit, district)
        if inst is not None:
            out.append((unit, inst))
    return out
