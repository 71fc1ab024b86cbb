"""The seeds through real Redis, PostgreSQL and a separate `celery worker` process."""
import pytest
from django.core.management import call_command

from claims.models import Check, Claim
from sources.models import Article, Outlet
from workbench import celery_app

pytestmark = [pytest.mark.services, pytest.mark.model]


def snapshot():
    claims = sorted(
        Claim.objects.values_list(
            "article__url", "start", "end", "kind", "value", "low", "high", "date_value", "qualifier",
            "subject", "predicate", "attributed_to", "fact_key",
        )
    )
    span = lambda c: (c.article.url, c.start)  # noqa: E731
    # Which claim of a pair is `claim` follows ids, which follow arrival order: compare spans.
    checks = sorted(
        ((span(c.claim),), tuple(sorted(span(o) for o in c.others.all())), c.check_type, c.verdict, c.score)
        if c.check_type != "pair"
        else (tuple(sorted([span(c.claim), *(span(o) for o in c.others.all())])), (), "pair", c.verdict, c.score)
        for c in Check.objects.select_related("claim__article").prefetch_related("others__article")
    )
    return claims, checks


def test_a_worker_process_gets_the_same_claims_and_checks_as_in_process(celery_worker_process):
    call_command("load_seeds", "--timeout", "300", stdout=open("/dev/null", "w"))
    statuses = set(Article.objects.values_list("status", flat=True))
    assert statuses == {Article.Status.PROCESSED}, statuses
    through_worker = snapshot()
    assert through_worker[0] and through_worker[1]

    Article.objects.all().delete()
    Outlet.objects.all().delete()
    celery_app.conf.task_always_eager = True
    call_command("load_seeds", stdout=open("/dev/null", "w"))
    assert snapshot() == through_worker
