"""policykg: a knowledge graph of district policy entities with exact provenance."""

__version__ = "0.1.0"
