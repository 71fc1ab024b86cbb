"""Adding work from the desk: an editor pastes a text (stored and read at once) or gives a URL (a
fetch queued for a worker); bad input is refused with the reason and stores nothing; a viewer
cannot add."""
from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from sources.models import Article, Fetch

pytestmark = pytest.mark.django_db
SUBMIT = "/admin/sources/article/submit/"


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_a_pasted_text_is_stored_read_and_shown_on_its_page(editor_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the queued work runs, in-process
        response = editor_client.post(SUBMIT, {
            "text": "Storm surges flooded 240 homes in the harbour district on Tuesday, the council said.",
            "input_format": "text", "outlet": "Harbour Gazette", "headline": "Harbour floods", "published": "2024-10-02",
        })
    article = Article.objects.get()
    assert response.status_code == 302 and response.url == reverse("admin:sources_article_change", args=[article.id])
    assert article.outlet.name == "Harbour Gazette" and str(article.published) == "2024-10-02"
    assert article.status == Article.Status.PROCESSED and article.claims.filter(value=240).exists()
    page = editor_client.get(response.url)
    assert page.status_code == 200 and "240" in page.content.decode()


def test_a_url_alone_is_queued_as_a_fetch_of_the_editor(editor_client, editor, settings):
    settings.CROSSCHECK_FETCH_ALLOW_PRIVATE = False
    response = editor_client.post(SUBMIT, {"url": "https://news.example/harbour-floods", "outlet": "Harbour Gazette"})
    fetch = Fetch.objects.get()
    assert response.status_code == 302
    assert fetch.url == "https://news.example/harbour-floods" and fetch.submitted_by == editor


@pytest.mark.parametrize("data, reason", [
    ({"text": "", "url": ""}, "paste a text or give a URL"),
    ({"text": "Ten boats sank.", "published": "2 October"}, "is not YYYY-MM-DD"),
    ({"text": "Ten boats sank.", "url": "ftp://news.example/boats"}, "is not an http(s) address"),
    ({"text": "Ten boats\x00 sank."}, "Not added"),
])
def test_bad_input_is_refused_with_the_reason_and_stores_nothing(editor_client, data, reason):
    response = editor_client.post(SUBMIT, data)
    assert response.status_code == 200
    assert reason in _messages(response)
    assert not Article.objects.exists() and not Fetch.objects.exists()


def test_a_viewer_cannot_add_articles(viewer_client):
    assert viewer_client.get(SUBMIT).status_code == 403
    assert viewer_client.post(SUBMIT, {"text": "Ten boats sank."}).status_code == 403
    assert not Article.objects.exists()
