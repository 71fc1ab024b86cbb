"""The seeds through real Redis, PostgreSQL and a separate `celery worker` process."""
import pytest
from django.core.management import call_command

from sources.models import Article, Outlet
from tests.outcomes import snapshot
from workers.celery import app as celery_app

pytestmark = [pytest.mark.services, pytest.mark.model]


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
