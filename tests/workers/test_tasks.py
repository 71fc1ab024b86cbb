from datetime import date, timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from claims.models import Claim
from sources.models import Article
from sources.services import article_ingest
from sources import pipeline
from workbench.errors import Permanent
from workers import tasks

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.model]

TEXT = (
    "Officials said on Monday that at least 40 people were killed in the floods in Bangladesh. "
    "Some 2,000 homes were destroyed, the agency said."
)


def test_a_task_delivered_twice_does_its_work_once():
    article = article_ingest(raw=TEXT, outlet="Wire", published=date(2020, 7, 1)).article
    article.refresh_from_db()
    assert article.status == Article.Status.PROCESSED and article.attempts == 1
    claims = list(Claim.objects.filter(article=article).values_list("id", flat=True))
    assert claims
    tasks.extract_article.delay(article.id)
    tasks.crosscheck_article.delay(article.id)
    article.refresh_from_db()
    assert article.attempts == 1
    assert list(Claim.objects.filter(article=article).values_list("id", flat=True)) == claims


def test_an_input_that_always_crashes_ends_failed_after_bounded_attempts(monkeypatch, settings):
    calls = []

    def crash(**kwargs):
        calls.append(kwargs)
        raise OperationalError("database went away")

    monkeypatch.setattr(tasks, "claims_extract", crash)
    article = article_ingest(raw=TEXT, outlet="Wire", published=date(2020, 7, 1)).article
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "database went away" in article.error
    assert len(calls) == settings.CROSSCHECK_MAX_ATTEMPTS == article.attempts


def test_an_error_no_retry_can_help_fails_the_article_at_once(monkeypatch, settings):
    calls = []

    def unreadable(**kwargs):
        calls.append(kwargs)
        raise Permanent("the text cannot be read")

    monkeypatch.setattr(tasks, "claims_extract", unreadable)
    article = article_ingest(raw=TEXT, outlet="Wire", published=date(2020, 7, 1)).article
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED and "cannot be read" in article.error
    assert len(calls) == 1 == article.attempts < settings.CROSSCHECK_MAX_ATTEMPTS


def test_the_sweeper_requeues_work_left_stalled_by_a_dead_worker():
    article = article_ingest(raw=TEXT, outlet="Wire", published=date(2020, 7, 1)).article
    Claim.objects.filter(article=article).delete()
    # A worker took the article and died: the status says extracting, nothing moves it.
    Article.objects.filter(id=article.id).update(
        status=Article.Status.EXTRACTING, status_changed_at=timezone.now() - timedelta(hours=1), attempts=1
    )
    assert tasks.sweep_stalled() == 1
    article.refresh_from_db()
    assert article.status == Article.Status.PROCESSED
    assert Claim.objects.filter(article=article).exists()
    assert tasks.sweep_stalled() == 0


def test_backoff_grows_and_is_jittered():
    samples = [pipeline.backoff(4) for _ in range(50)]
    assert all(0 <= s <= 80 for s in samples) and len(set(samples)) > 1
