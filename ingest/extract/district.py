"""The district a document is about: its manifest's, else the one its own text names most.

A 区-abbreviation (区住建委, 区政府) means the body of the document's district. The manifest gives
it (``doc.info.district``); a document without one names its district itself: in the title, a
dateline or source line (北京市朝阳区人民政府, 东城区融媒体中心), and in the text (X区 …). The title
counts more than a mention in passing; a tie names no district.

Example::

    >>> detect_district("海淀区棚改启动", "海淀区今年… 朝阳区…", Template.load())
    '海淀区'
"""

from __future__ import annotations

from collections import Counter

from ingest.registry.template import Template
from ingest.resolve import to_simplified
from ingest.types import SegmentedDocument

_TITLE_WEIGHT = 3


def detect_district(title: str | None, text: str, template: Template) -> str | None:
    counts: Counter[str] = Counter()
    for d in template.districts:
        counts[d.name] += text.count(d.name) + _TITLE_WEIGHT * (title or "").count(d.name)
    ranked = [(n, name) for name, n in counts.most_common() if n > 0]
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return None
    return ranked[0][1]


def document_district(doc: SegmentedDocument, template: Template) -> str | None:
    """The manifest's district (another step sets ``doc.info.district``), else the detected one.
    A manifest that names the municipality (北京市) names no district."""
    given = getattr(doc.info, "district", None)
    if given:
        d = template.district(given)
        return d.name if d else None
    working = "".join(s.text for s in doc.sentences)
    return detect_district(to_simplified(doc.info.title or ""), working, template)
