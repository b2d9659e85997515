"""ingest: documents → typed facts (read → normalise → segment → extract → resolve)."""
