"""docker-compose.yml: Neo4j 5 community with a health check and a volume, and the API on it."""

from __future__ import annotations

from pathlib import Path

import yaml

COMPOSE = Path(__file__).resolve().parent.parent / "docker-compose.yml"


def test_compose_starts_neo4j_5_with_a_health_check_and_a_volume():
    services = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]
    neo4j = services["neo4j"]
    assert neo4j["image"] == "neo4j:5-community"
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    assert any(v.endswith(":/data") for v in neo4j["volumes"])
    assert "7687:7687" in neo4j["ports"]


def test_compose_serves_the_api_on_the_neo4j_store_once_it_is_healthy():
    api = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]["api"]
    assert "policykg serve" in api["command"]
    assert api["environment"]["POLICYKG_STORE"].startswith("neo4j://neo4j:")
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
