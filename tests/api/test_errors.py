"""Errors are JSON with a clear message: too large (413), unknown path (404), too many (429)."""
import json

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_a_body_over_the_limit_is_answered_413_in_json(viewer_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"text": "x" * 2000, "outlet": "X"})
    response = viewer_api.post("/api/v1/articles/", body, content_type="application/json")
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


def test_a_form_body_over_the_limit_is_answered_413_in_json(viewer_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = viewer_api.post("/api/v1/articles/", {"text": "x" * 2000, "outlet": "X"})
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


def test_an_unknown_path_is_a_json_404(viewer_api):
    response = viewer_api.get("/api/v1/nothing-here/")
    assert response.status_code == 404 and response.json()["detail"]
    assert viewer_api.get("/api/v1/claims/999999/").json() == {"detail": "No Claim matches the given query."}


def test_malformed_json_is_a_400_with_a_message(viewer_api):
    response = viewer_api.post("/api/v1/articles/", "{not json", content_type="application/json")
    assert response.status_code == 400 and "JSON parse error" in response.json()["detail"]


def test_clients_are_throttled_with_a_json_429(viewer_api):
    with override_settings(CROSSCHECK_API_THROTTLE_RATE="3/minute"):
        codes = [viewer_api.get("/api/v1/outlets/").status_code for _ in range(5)]
        response = viewer_api.get("/api/v1/outlets/")
    assert codes == [200, 200, 200, 429, 429]
    assert "throttled" in response.json()["detail"] and response["Retry-After"]


def test_anonymous_health_checks_are_throttled_too():
    from rest_framework.test import APIClient

    with override_settings(CROSSCHECK_API_ANON_THROTTLE_RATE="2/minute"):
        codes = [APIClient().get("/api/v1/health/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_page_size_is_capped(viewer_api):
    from workbench.platform.pagination import IdsFirstPagination

    response = viewer_api.get("/api/v1/claims/", {"limit": 100000})
    assert response.status_code == 200
    assert IdsFirstPagination.max_limit == 500


def test_an_unexpected_error_is_a_json_500(viewer_api, monkeypatch):
    from api import views as api

    def boom(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(api.OutletList, "get_queryset", boom)
    viewer_api.raise_request_exception = False
    response = viewer_api.get("/api/v1/outlets/")
    assert response.status_code == 500 and response.json() == {"detail": "Internal server error."}


def test_any_unknown_path_is_a_json_404_even_with_odd_characters(viewer_api):
    for path in ("/api/v1/checks/%0A/claimreview/", "/api/v1/claims/12345678901234567890/", "/api/v1/x%00y/"):
        for method in ("get", "post", "delete"):
            response = getattr(viewer_api, method)(path)
            assert response.status_code == 404 and response["Content-Type"] == "application/json", (method, path)


@pytest.mark.parametrize("body", [
    "[" * 5000 + "]" * 5000,
    '{"text": ' + '{"a": ' * 3000 + "1" + "}" * 3000 + ', "outlet": "X"}',
])
def test_deeply_nested_json_is_a_400_not_a_crash(viewer_api, body):
    response = viewer_api.post("/api/v1/articles/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested deeper than" in response.json()["detail"]


def test_brackets_inside_strings_and_shallow_json_pass(viewer_api):
    text = "Police said [[[" * 200 + " 40 people marched."
    response = viewer_api.post("/api/v1/articles/", json.dumps({"text": text, "outlet": "Gazette"}),
                               content_type="application/json")
    assert response.status_code in (201, 200), response.json()
