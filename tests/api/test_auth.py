"""Who may call what: anonymous callers get the schema, the docs and the health check only;
API keys are checked, revoked keys refused with a JSON message."""
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.api.conftest import keyed

pytestmark = pytest.mark.django_db

ALLOWED = {"/api/v1/", "/api/v1/health/", "/api/v1/schema/"}


def operations():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, item in schema["paths"].items():
        for method in item:
            yield path, method


def test_every_operation_but_the_allow_list_refuses_anonymous_callers():
    anonymous = APIClient()
    seen = 0
    for path, method in operations():
        url = path.replace("{id}", "1").replace("{pk}", "1").replace("{webhook}", "1")
        response = getattr(anonymous, method)(url, {}, format="json")
        if path in ALLOWED:
            assert response.status_code == 200, (method, path)
            continue
        seen += 1
        assert response.status_code == 401, (method, path, response.status_code)
        assert "credentials" in response.json()["detail"]
    assert seen >= 15
    assert anonymous.get("/api/v1/docs/").status_code == 200


def test_an_api_key_authenticates_as_its_user(viewer_key):
    client, key = viewer_key
    response = keyed(key).get("/api/v1/claims/")
    assert response.status_code == 200
    client.refresh_from_db()
    assert client.last_used_at is not None


@pytest.mark.parametrize("header", ["Api-Key nope.nope", "Api-Key ", "Api-Key abcdefgh.wrong-secret"])
def test_a_wrong_key_is_refused_with_a_json_message(viewer_key, header):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=header)
    response = api.get("/api/v1/claims/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Api-Key"
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_a_revoked_key_is_refused_with_a_json_message(viewer_key):
    client, key = viewer_key
    client.revoked_at = timezone.now()
    client.save()
    response = keyed(key).get("/api/v1/claims/")
    assert response.status_code == 401
    assert response.json() == {"detail": "This API key has been revoked."}


def test_only_a_hash_of_the_key_is_stored(viewer_key):
    client, key = viewer_key
    assert key not in (client.key_hash, client.prefix) and key.startswith(client.prefix)
    assert len(client.key_hash) == 64


def test_session_login_works_for_the_browsable_api(client):
    from tests.admin import factories

    client.force_login(factories.viewer("sam"))
    response = client.get("/api/v1/claims/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and b"Claim List" in response.content


def test_the_browsable_api_has_a_login_page():
    response = APIClient().get("/api/v1/auth/login/")
    assert response.status_code == 200 and b"password" in response.content


def test_no_key_is_a_401_with_the_challenge_and_a_known_caller_without_the_right_a_403(viewer_key):
    response = APIClient().get("/api/v1/claims/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Api-Key"
    client, key = viewer_key
    # A viewer's key is known but may not review: forbidden, not unauthenticated.
    refused = keyed(key).patch("/api/v1/checks/999999/review/", {"status": "confirmed"}, format="json")
    assert refused.status_code == 403 and "WWW-Authenticate" not in refused


def test_the_api_root_lists_the_entry_points_to_anyone():
    response = APIClient().get("/api/v1/")
    assert response.status_code == 200
    body = response.json()
    assert body["lists"]["claim"].endswith("/api/v1/claims/") and body["schema"].endswith("/api/v1/schema/")
