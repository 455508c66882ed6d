"""Property-based tests of the API from its own OpenAPI schema (schemathesis strategies driven by Hypothesis):
whatever a client sends to any operation, the server answers without a 5xx, and every error is a problem
document. Bounded: a fixed number of examples per operation, derandomized.

(schemathesis' own pytest plugin does not run on this pytest version, so the operations are parametrized here and
each one's strategy is drawn by a Hypothesis test inside the test.)
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from pleaguard.config import Settings
from pleaguard.web.app import create_app

from .helpers import SECRET, World

MAX_EXAMPLES = 12


def _operations() -> list[tuple[str, str]]:
    """(method, path) of every API operation, read from the schema of an app that needs no database."""
    app = create_app(Settings(mode="test", database_url="sqlite://", secret_key=SECRET))
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    ops = [(op.method.upper(), op.path) for op in (result.ok() for result in schema.get_all_operations())]
    app.state.engine.dispose()
    return ops


OPERATIONS = _operations()


def test_the_schema_describes_every_api_operation() -> None:
    assert len(OPERATIONS) >= 20
    assert ("POST", "/api/v1/cases/{case_id}/events") in OPERATIONS


@pytest.mark.slow
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_no_generated_request_makes_the_server_fail(method: str, path: str, world: World) -> None:
    operation = schemathesis.openapi.from_asgi("/api/v1/openapi.json", world.app)[path][method]
    seen: list[int] = []

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case: schemathesis.Case) -> None:
        for who in ("admin", "lawyer"):
            response = case.call(headers={**(case.headers or {}), **world.auth(who)})
            seen.append(response.status_code)
            assert response.status_code < 500, (method, path, case.body, case.path_parameters, response.text[:500])
            if response.status_code >= 400:
                content_type = response.headers.get("content-type") or [""]
                assert content_type[0].startswith("application/problem+json"), response.text[:300]

    check()
    assert seen
