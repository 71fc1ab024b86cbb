"""The OpenAPI schema, fuzzed in-process with schemathesis: no server error and no response that
breaks the schema, on every operation, as an editor's client (who may call every operation)."""
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from review.services import review_resolve
from tests.admin import factories
from tests.api import factories as api_factories
from tests.api.conftest import make_key
from workbench.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """As Django's test client does: requests through the WSGI app must not close the connection
    that holds the test's transaction (on PostgreSQL it would be gone for the next request)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_key(db, settings):
    settings.CROSSCHECK_API_THROTTLE_RATE = "100000/minute"
    user = factories.editor("fuzz")
    paris = api_factories.paris_toll()
    review_resolve(check_id=paris["check"].id, status="resolved", note="ok", actor=user)
    api_factories.many(3)
    return make_key(user, "fuzzer")[1]


def test_the_schema_is_served_to_anyone_with_the_security_scheme(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["openapi"].startswith("3.")
    assert doc["components"]["securitySchemes"]["ApiKey"]["name"] == "Authorization"
    paths = set(doc["paths"])
    assert {"/api/v1/articles/", "/api/v1/claims/", "/api/v1/checks/", "/api/v1/checks/{id}/review/",
            "/api/v1/facts/", "/api/v1/outlets/", "/api/v1/webhooks/", "/api/v1/claimreview/"} <= paths
    assert client.get("/api/v1/docs/").status_code == 200


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("CROSSCHECK_FUZZ_EXAMPLES", 25)), deadline=None,
    suppress_health_check=list(HealthCheck), database=None,
)
def test_api_fuzz(case, fuzz_key):
    case.call_and_validate(
        headers={"Authorization": f"Api-Key {fuzz_key}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
