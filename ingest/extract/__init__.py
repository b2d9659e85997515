"""Extractors: one module per kind of fact, each a small class with ``run()``."""
