"""Every string the API stores meets the same rules as the admin and the command line
(workbench.validation): a NUL character, a lone surrogate or a value longer than its column is a
400 naming the field, never a database error, and nothing is stored."""
import json

import pytest

from sources.models import Article, Fetch
from webhooks.models import Webhook

NUL, SURROGATE = "\\u0000", "\\ud800"  # as they are written in JSON
SECRET = "a-webhook-secret-of-some-length"


def post_raw(api, path, body: str, method="post"):
    return getattr(api, method)(path, body, content_type="application/json")


def article_body(**override) -> dict:
    return {"text": "At least 40 people were killed in the floods in the north, officials said.",
            "outlet": "Ledger", "url": "https://ledger.example/floods", "headline": "Floods", **override}


def with_bad(body: dict, field: str, bad: str) -> str:
    """The JSON of `body` with the escape `bad` written into `field`'s string (or list item)."""
    marker = "@@BAD@@"
    value = body[field]
    body = {**body, field: [v + marker for v in value] if isinstance(value, list) else value + marker}
    return json.dumps(body).replace(marker, bad)


@pytest.mark.parametrize("bad", [NUL, SURROGATE])
@pytest.mark.parametrize("field", ["text", "outlet", "url", "headline", "wire", "language"])
def test_an_article_with_an_unstorable_string_is_refused(viewer_api, field, bad):
    body = article_body(wire="AFP", language="en")
    response = post_raw(viewer_api, "/api/v1/articles/", with_bad(body, field, bad))
    assert response.status_code == 400, response.content
    assert Article.objects.count() == 0


@pytest.mark.parametrize("bad", [NUL, SURROGATE])
def test_a_url_to_fetch_with_an_unstorable_string_is_refused(viewer_api, bad):
    response = post_raw(viewer_api, "/api/v1/articles/", with_bad({"url": "https://ledger.example/a"}, "url", bad))
    assert response.status_code == 400, response.content
    assert Fetch.objects.count() == 0


@pytest.mark.parametrize("bad", [NUL, SURROGATE])
@pytest.mark.parametrize("field", ["url", "secret", "events"])
def test_a_webhook_with_an_unstorable_string_is_refused(viewer_api, field, bad):
    body = {"url": "https://hooks.example/in", "secret": SECRET, "events": ["check.mismatch"]}
    response = post_raw(viewer_api, "/api/v1/webhooks/", with_bad(body, field, bad))
    assert response.status_code == 400, response.content
    assert Webhook.objects.count() == 0


@pytest.mark.parametrize("bad", [NUL, SURROGATE])
def test_a_review_note_with_an_unstorable_string_is_refused(editor_api, paris, bad):
    check = paris["check"]
    body = with_bad({"status": "confirmed", "note": "the later toll includes a death in hospital"}, "note", bad)
    response = post_raw(editor_api, f"/api/v1/checks/{check.id}/review/", body, method="put")
    assert response.status_code == 400, response.content
    check.review.refresh_from_db()
    assert check.review.note == "" and check.review.status == "open"


def test_a_nul_in_a_filter_parameter_is_a_400(viewer_api, paris):
    response = viewer_api.get("/api/v1/claims/", {"subject": "people\x00"})
    assert response.status_code == 400 and "NUL" in response.json()["detail"]
    response = viewer_api.get("/api/v1/checks/", {"status": "\x00"})
    assert response.status_code == 400
