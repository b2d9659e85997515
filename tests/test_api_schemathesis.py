"""Schemathesis against the app's own OpenAPI document, in process, over the real corpus store:
no server errors, and every response conforms to the schema (status, content type, body).

The operations are driven one by one with Hypothesis here rather than through
``schemathesis.pytest.from_fixture``, whose lazy loader sets ``Function._nodeid``, which pytest 9
no longer has. Every check runs but ``positive_data_acceptance``: a schema-valid string is not a
valid cursor (cursors are opaque and bound to their list), and a 400 for it is the contract.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from api.app import create_app
from api.settings import Settings
from graph.store import GraphStore

pytestmark = pytest.mark.slow

EXAMPLES = 12


@pytest.fixture(scope="module")
def operations(corpus_store: GraphStore) -> list[schemathesis.APIOperation]:
    app = create_app(Settings(store=corpus_store.url, timeout_ms=200), corpus_store)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app).include(path_regex="^/api/v1/")
    return [result.ok() for result in schema.get_all_operations()]


def test_every_api_operation_conforms_to_its_openapi(operations: list[schemathesis.APIOperation]) -> None:
    assert len(operations) >= 20
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        try:
            check()
        except Exception as err:  # collect every operation's failure, then report them together
            failures.append(f"{operation.method.upper()} {operation.path}: {err}")
    assert not failures, "\n\n".join(failures)
