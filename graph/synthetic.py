"""Synthetic documents for the store's tests and benchmark, written from templates in our own words.

``synthetic_document(i)`` gives the ``DocumentFacts`` of an imaginary district report number ``i``:
a few sections with time context, sentences whose offsets are real offsets into the generated
text, projects shared with neighbouring documents (so entities have several supporting
documents), bureaus from a small pool (with a Traditional alias), a task row, ownership, events
over single years and a five-year span, and metrics. Deterministic in ``i`` and ``seed``.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any

from ingest.types import (
    DocumentFacts,
    DocumentInfo,
    Entity,
    Event,
    Metric,
    Ownership,
    Section,
    Sentence,
    Source,
    Task,
    TimeContext,
    stable_uid,
)

BUREAUS = [
    ("北京市东城区住房和城乡建设委员会", ["区住建委", "區住建委"]),
    ("北京市东城区发展和改革委员会", ["区发展改革委", "區發展改革委"]),
    ("北京市东城区城市管理委员会", ["区城市管理委", "區城市管理委"]),
    ("北京市东城区文化和旅游局", ["区文化旅游局", "區文化旅遊局"]),
    ("北京市东城区商务局", ["区商务局", "區商務局"]),
    ("北京市东城区教育委员会", ["区教委", "區教委"]),
]
PLACES = ["景山街道", "天坛街道", "永定门外街道", "龙潭街道", "和平里街道", "东直门街道"]
PROJECT_STEMS = ["望坛", "光明楼", "西打磨厂", "草厂", "北新桥", "南锣鼓巷", "隆福寺", "东四",
                 "天坛周边", "簋街", "永外", "崇雍"]
PROJECT_KINDS = ["棚改项目", "更新项目", "地块", "片区", "街区", "商圈"]
STAGES = ["启动征收", "完成签约", "拆迁收尾", "开工建设", "主体完工", "回迁安置", "竣工验收"]
METRICS = [("地区生产总值", "亿元"), ("一般公共预算收入", "亿元"), ("城镇登记失业率", "%"),
           ("棚户区改造", "户"), ("绿化面积", "万平方米")]

# names the synthetic reports hold, as the named queries' parameters take them (the benches and
# the tests that run every named query on a synthetic store)
SAMPLE_PARAMETERS = {
    "bureau": BUREAUS[0][1][0],
    "project": PROJECT_STEMS[0] + PROJECT_KINDS[0],
    "metric": METRICS[0][0],
    "q": "住建",
    "doc": "synthetic_00001.txt",
    "node": PROJECT_STEMS[0] + PROJECT_KINDS[0],
}


def sample_parameters(store: Any) -> dict[str, dict[str, Any]]:
    """Each named query's required parameters on a store of synthetic reports (the uids an
    ``api_*`` query takes looked up in it): what the benches and the plan tests run every
    named query with."""
    from graph.queries import all_named

    project = store.run_named("search", {"q": "望坛", "label": "Project"}).rows[0]["uid"]
    uids = {
        "api_bureau": store.run_named("search", {"q": "住建", "label": "Bureau"}).rows[0]["uid"],
        "api_metric": store.run_named("search", {"q": "地区生产总值", "label": "Metric"}).rows[0]["uid"],
        "api_document": store.documents()[1]["uid"],
    }
    out = {}
    for name, q in sorted(all_named().items()):
        uid = next((u for prefix, u in uids.items() if name.startswith(prefix)), project)
        given = {**SAMPLE_PARAMETERS, "uid": uid, "uids": uid}
        params = {p.name: given.get(p.name, "x") for p in q.params if p.required}
        if name == "neighbourhood":
            params["depth"] = 2
        out[name] = params
    return out


def project_name(j: int) -> str:
    stem = PROJECT_STEMS[j % len(PROJECT_STEMS)]
    kind = PROJECT_KINDS[(j // len(PROJECT_STEMS)) % len(PROJECT_KINDS)]
    return f"{stem}{j // len(PROJECT_STEMS)}号{kind}" if j >= len(PROJECT_STEMS) else f"{stem}{kind}"


class _Text:
    """Builds a document's text and gives every appended sentence its real offsets."""

    def __init__(self, file: str, doc_id: str):
        self.file = file
        self.doc_id = doc_id
        self.parts: list[str] = []
        self.length = 0
        self.sentences: list[Sentence] = []

    def heading(self, text: str, level: int, ctx: TimeContext) -> Section:
        start = self.length
        self._append(text + "\n")
        return Section(uid=stable_uid("Section", self.doc_id, start), heading=text, level=level,
                       start=start, end=start + len(text), context=ctx)

    def sentence(self, text: str, section: Section) -> Sentence:
        start = self.length
        self._append(text + "\n")
        s = Sentence(uid=stable_uid("Sentence", self.doc_id, start), doc=self.file,
                     index=len(self.sentences), text=text, evidence=text, start=start,
                     end=start + len(text), offsets=(), section=section, paragraph=len(self.sentences))
        self.sentences.append(s)
        return s

    def _append(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def synthetic_document(i: int, seed: int = 7, projects_in_pool: int | None = None) -> DocumentFacts:
    """The facts of imaginary report ``i`` (its projects overlap those of reports i±1, i±2)."""
    rng = random.Random(seed * 1_000_003 + i)
    pool = projects_in_pool or max(12, i // 2 + 12)
    file = f"synthetic_{i:05d}.txt"
    doc_id = stable_uid("Document", file)
    year = 2018 + i % 7
    text = _Text(file, doc_id)
    review = text.heading("过去五年工作回顾", 1, TimeContext(year=f"{year - 5}-{year - 1}", tense="done",
                                                         period="五年累计"))
    plan = text.heading(f"{year}年重点工作", 1, TimeContext(year=year, tense="planned", period="全年"))

    chosen = sorted({(i + k) % pool for k in range(rng.randint(3, 6))} | {rng.randrange(pool)})
    projects: dict[str, Entity] = {}
    bureaus: dict[str, Entity] = {}
    places: dict[str, Entity] = {}
    ownership: list[Ownership] = []
    events: list[Event] = []
    tasks: list[Task] = []
    metrics: list[Metric] = []

    def entity(store: dict[str, Entity], label: str, name: str, aliases: list[str], kind: str,
               src: Source) -> Entity:
        if name not in store:
            store[name] = Entity(id=stable_uid(label, name), label=label, name=name,  # type: ignore[arg-type]
                                 aliases=list(aliases), kind=kind)
        store[name].mentions.append(src)
        return store[name]

    for j in chosen:
        pname = project_name(j)
        bname, baliases = BUREAUS[j % len(BUREAUS)]
        place = PLACES[j % len(PLACES)]
        short = pname[: len(PROJECT_STEMS[j % len(PROJECT_STEMS)])]
        s1 = text.sentence(
            f"{short}项目位于{place}，由{baliases[0]}牵头负责，{year - 2}年{STAGES[j % 7]}。", review)
        s2 = text.sentence(f"推进{pname}{STAGES[(j + 1) % 7]}，{baliases[0]}负责组织实施。", plan)
        src1, src2 = s1.source(), s2.source()
        entity(projects, "Project", pname, [short, f"{short}项目"], "棚改", src1)
        entity(projects, "Project", pname, [], "棚改", src2)
        balias = [baliases[0]] + ([baliases[1]] if i % 3 == 0 else [])
        entity(bureaus, "Bureau", bname, balias, "委办局", src1)
        entity(places, "Place", place, [], "街道", src1)
        ownership.append(Ownership(project=pname, bureau=bname, basis="stated", source=src2))
        events.append(Event(project=pname, year=year - 2, stage=STAGES[j % 7], tense="done", source=src1))
        events.append(Event(project=pname, year=year, stage=STAGES[(j + 1) % 7], tense="planned",
                            source=src2))
        if j % 4 == 0:
            events.append(Event(project=pname, year=f"{year - 5}-{year - 1}", stage="累计推进",
                                tense="done", source=src1))
        if j % 3 == 0:
            tasks.append(Task(id=f"重点任务第{j}项", doc=file, bureaus=[bname], projects=[pname],
                              source=src2, text=s2.text))
    for k, (mname, unit) in enumerate(METRICS[: 2 + i % 3]):
        value = round(100 + rng.random() * 900, 1)
        s = text.sentence(f"{mname}预计达到{value}{unit}。", plan if k % 2 else review)
        metrics.append(Metric(name=mname, value=value, unit=unit,
                              year=year if k % 2 else f"{year - 5}-{year - 1}",
                              period="全年" if k % 2 else "五年累计", qualifier="预计", subject="东城区",
                              source=s.source()))
    info = DocumentInfo(id=doc_id, file=file, title=f"东城区{year}年工作报告（合成{i}）",
                        date=f"{year}-01-08", kind="政府工作报告",
                        sha256=hashlib.sha256(text.text.encode()).hexdigest())
    return DocumentFacts(document=info, sections=[review, plan], sentences=text.sentences,
                         projects=list(projects.values()), bureaus=list(bureaus.values()),
                         places=list(places.values()), tasks=tasks, ownership=ownership, events=events,
                         metrics=metrics)


def synthetic_text(i: int, seed: int = 7) -> str:
    """The text the facts of :func:`synthetic_document` were read from (for file-based benches)."""
    facts = synthetic_document(i, seed)
    lines = {}
    for s in facts.sections:
        lines[s.start] = s.heading
    for s in facts.sentences:
        lines[s.start] = s.text
    return "\n".join(lines[k] for k in sorted(lines)) + "\n"
