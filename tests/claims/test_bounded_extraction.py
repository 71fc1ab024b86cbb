"""Extraction through the pipeline within bounds: unread paragraphs counted on the article and
shown to editors and newsroom tools; an article over a limit fails at once; a failed article
leaves no claims behind to be compared."""
from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

from claims.models import Claim
from claims.nlp import pipeline
from claims.services import claim_correct
from sources.models import Article
from sources.services import article_ingest, article_requeue
from workbench.errors import Permanent
from workers import tasks

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.model]

SENTENCE = "At least {n} people were killed in Aleppo on Monday, officials said."


def ingest(text: str) -> Article:
    article = article_ingest(raw=text, outlet="Wire", published=date(2021, 3, 1)).article
    article.refresh_from_db()
    return article


@pytest.fixture
def scanner_fails_on_homs(monkeypatch):
    find = pipeline.find_quantities

    def failing(text, reference_date=None):
        if "Homs" in text:
            raise ValueError("the scanner met something it cannot read")
        return find(text, reference_date)

    monkeypatch.setattr(pipeline, "find_quantities", failing)


def test_paragraphs_that_cannot_be_read_are_counted_and_the_article_is_processed(scanner_fails_on_homs):
    article = ingest("\n\n".join([SENTENCE.format(n=5), "At least 9 people died in Homs.", "Homs: 7 hurt.", SENTENCE.format(n=8)]))
    assert article.status == Article.Status.PROCESSED and article.attempts == 1
    assert article.unread_paragraphs == 2
    assert article.unread_note == "2 paragraphs could not be read"
    assert [e["paragraph"] for e in article.reading_errors] == [1, 2]
    assert "ValueError" in article.reading_errors[0]["reason"]
    assert sorted(Claim.objects.filter(article=article, kind="count").values_list("value", flat=True)) == [5, 8]


def test_the_api_and_the_admin_tell_that_paragraphs_could_not_be_read(scanner_fails_on_homs):
    article = ingest(SENTENCE.format(n=5) + "\n\nAt least 9 people died in Homs.")
    api = APIClient()
    api.force_authenticate(get_user_model().objects.create_user("tool"))
    shown = api.get(f"/api/v1/articles/{article.id}/").json()
    assert shown["unread_paragraphs"] == 1 and shown["unread_note"] == "1 paragraph could not be read"
    listed = api.get("/api/v1/articles/").json()["results"][0]
    assert listed["unread_paragraphs"] == 1

    editor = get_user_model().objects.create_superuser("ed", "ed@example.org", "a-long-test-password-42")
    admin = Client()
    admin.force_login(editor)
    assert "1 paragraph could not be read" in admin.get("/admin/sources/article/").content.decode()
    page = admin.get(f"/admin/sources/article/{article.id}/change/").content.decode()
    assert "1 paragraph could not be read" in page and "paragraph 2: ValueError" in page


def test_reading_again_clears_what_could_not_be_read_before(scanner_fails_on_homs, monkeypatch):
    article = ingest(SENTENCE.format(n=5) + "\n\nAt least 9 people died in Homs.")
    assert article.unread_paragraphs == 1
    monkeypatch.undo()  # the scanner fixed
    article_requeue(article_id=article.id)
    article.refresh_from_db()
    assert article.unread_paragraphs == 0 and article.reading_errors == []


def test_an_article_over_the_claims_limit_fails_at_once_and_stores_no_claims(settings):
    settings.CROSSCHECK_MAX_CLAIMS_PER_ARTICLE = 5
    article = ingest("\n\n".join(SENTENCE.format(n=n) for n in range(20, 40)))
    assert article.status == Article.Status.FAILED
    assert article.attempts == 1  # Permanent: no retry spent on it
    assert "more than 5 claims" in article.error and "CROSSCHECK_MAX_CLAIMS_PER_ARTICLE" in article.error
    assert not Claim.objects.filter(article=article).exists()


def test_an_article_that_fails_after_extraction_leaves_no_claims_behind(monkeypatch):
    def crash(**kwargs):
        raise Permanent("the cross-check cannot run on this article")

    monkeypatch.setattr(tasks, "article_crosscheck", crash)
    article = ingest(SENTENCE.format(n=5) + "\n\n" + SENTENCE.format(n=6))
    assert article.status == Article.Status.FAILED
    assert not Claim.objects.filter(article=article).exists()


def test_a_failed_article_keeps_the_claims_an_editor_corrected(monkeypatch):
    article = ingest(SENTENCE.format(n=5) + "\n\n" + SENTENCE.format(n=6))
    corrected = Claim.objects.filter(article=article, kind="count").first()
    claim_correct(claim_id=corrected.id, value=50, low=50, high=None, reason="read again by hand")

    def crash(**kwargs):
        raise Permanent("the cross-check cannot run on this article")

    monkeypatch.setattr(tasks, "article_crosscheck", crash)
    article_requeue(article_id=article.id)
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert list(Claim.objects.filter(article=article).values_list("id", flat=True)) == [corrected.id]
