"""Run every extractor over one segmented document and return its ``DocumentFacts``."""

from __future__ import annotations

from ingest.types import DocumentFacts, SegmentedDocument


class DocumentExtractor:
    """Mentions → entities (resolved through the registry) → tasks, ownership, events, metrics.

    Example::

        facts = DocumentExtractor(Registry.load()).run(segment_document(read_document(path)))
    """

    def __init__(self, registry):
        self.registry = registry

    def run(self, doc: SegmentedDocument) -> DocumentFacts:
        from ingest.extract.entities import EntityExtractor
        from ingest.extract.metrics import MetricExtractor

        entities = EntityExtractor(self.registry).run(doc)
        metrics = MetricExtractor().run(doc)
        return DocumentFacts(
            document=doc.info,
            sections=doc.sections,
            sentences=doc.sentences,
            projects=entities.projects,
            bureaus=entities.bureaus,
            places=entities.places,
            tasks=entities.tasks,
            ownership=entities.ownership,
            events=entities.events,
            metrics=metrics,
            garbled=doc.garbled,
        )
