"""The sweeper recovers every kind of stuck work: articles, fetches and webhook deliveries, after
the stale time, or at once (after the heartbeat timeout) when the worker process that took the
work stopped beating."""
from datetime import date, timedelta

import pytest
from django.utils import timezone

from sources.models import Article, Fetch, WorkerBeat
from sources.services import article_ingest
from webhooks.models import Delivery, Webhook
from workbench.platform.models import ApiClient
from workers import tasks

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.model]

TEXT = "At least 40 people were killed in the floods in the north on Monday, officials said."
DEAD, ALIVE = "host:101:1", "host:202:2"


@pytest.fixture
def beats(settings):
    settings.CROSSCHECK_HEARTBEAT_TIMEOUT_SECONDS = 30
    now = timezone.now()
    WorkerBeat.objects.create(name=DEAD, beat_at=now - timedelta(minutes=2))
    WorkerBeat.objects.create(name=ALIVE, beat_at=now)
    return now


def taken(model, obj, *, status, by, seconds_ago, **more):
    model.objects.filter(id=obj.id).update(
        status=status, taken_by=by, status_changed_at=timezone.now() - timedelta(seconds=seconds_ago), **more
    )


def test_a_step_of_a_dead_worker_is_recovered_without_waiting_the_stale_time(beats, settings):
    settings.CROSSCHECK_STALE_AFTER_SECONDS = 15 * 60
    dead = article_ingest(raw=TEXT, outlet="Wire", published=date(2020, 7, 1)).article
    alive = article_ingest(raw=TEXT.replace("40", "41"), outlet="Wire", published=date(2020, 7, 1)).article
    fresh = article_ingest(raw=TEXT.replace("40", "42"), outlet="Wire", published=date(2020, 7, 1)).article
    taken(Article, dead, status=Article.Status.EXTRACTING, by=DEAD, seconds_ago=60, attempts=1)
    taken(Article, alive, status=Article.Status.EXTRACTING, by=ALIVE, seconds_ago=60, attempts=1)
    # Taken by the dead process a moment ago: not yet past the heartbeat timeout.
    taken(Article, fresh, status=Article.Status.EXTRACTING, by=DEAD, seconds_ago=5, attempts=1)

    assert tasks.sweep_stalled() == 1
    statuses = dict(Article.objects.values_list("id", "status"))
    assert statuses == {dead.id: "processed", alive.id: "extracting", fresh.id: "extracting"}


def test_fetches_queued_while_the_broker_was_down_or_left_by_a_dead_worker_are_recovered(beats, settings):
    settings.CROSSCHECK_STALE_AFTER_SECONDS = 600
    # Unresolvable hosts: a recovered fetch runs (in-process here) to its last attempt and fails.
    lost = Fetch.objects.create(url="https://lost.invalid/a")
    Fetch.objects.filter(id=lost.id).update(status_changed_at=timezone.now() - timedelta(hours=1))
    waiting = Fetch.objects.create(url="https://waiting.invalid/b")
    dead = Fetch.objects.create(url="https://dead.invalid/c")
    taken(Fetch, dead, status=Fetch.Status.FETCHING, by=DEAD, seconds_ago=60, attempts=1)
    alive = Fetch.objects.create(url="https://alive.invalid/d")
    taken(Fetch, alive, status=Fetch.Status.FETCHING, by=ALIVE, seconds_ago=60, attempts=1)
    spent = Fetch.objects.create(url="https://spent.invalid/e")
    taken(Fetch, spent, status=Fetch.Status.FETCHING, by=DEAD, seconds_ago=60,
          attempts=settings.CROSSCHECK_MAX_ATTEMPTS)

    assert tasks.sweep_stalled() == 2  # lost and dead
    now = {f.id: f for f in Fetch.objects.all()}
    assert now[lost.id].status == now[dead.id].status == "failed"
    for recovered in (lost, dead):
        assert "cannot resolve" in now[recovered.id].error
        assert now[recovered.id].attempts == settings.CROSSCHECK_MAX_ATTEMPTS
    assert now[waiting.id].status == "queued" and now[alive.id].status == "fetching"
    assert now[spent.id].status == "failed" and "stalled in 'fetching' after 3 attempts" in now[spent.id].error


def test_deliveries_lost_or_left_by_a_dead_worker_are_queued_again_and_a_retry_waits_its_turn(beats, settings):
    settings.CROSSCHECK_WEBHOOK_STALE_AFTER_SECONDS = 600
    settings.CROSSCHECK_WEBHOOK_ALLOW_PRIVATE = False
    from tests.admin import factories

    client = ApiClient(name="tool", user=factories.viewer("vic"))
    client.set_new_key()
    client.save()
    # A receiver on a documentation address is refused: the attempt is logged and the delivery fails.
    hook = Webhook.objects.create(client=client, url="https://192.0.2.10/hook", secret="s", events=["check.mismatch"])
    now = timezone.now()

    def delivery(**fields):
        made = Delivery.objects.create(webhook=hook, event="check.mismatch", body="{}")
        Delivery.objects.filter(id=made.id).update(**fields)
        return made

    lost = delivery(next_attempt_at=now - timedelta(hours=1))
    died = delivery(next_attempt_at=now - timedelta(seconds=60), taken_by=DEAD)
    sending = delivery(next_attempt_at=now - timedelta(seconds=60), taken_by=ALIVE)
    retry_later = delivery(next_attempt_at=now + timedelta(minutes=20), attempts=2)

    assert tasks.sweep_stalled() == 2
    after = {d.id: d for d in Delivery.objects.all()}
    assert after[lost.id].status == after[died.id].status == "failed"
    assert "not a public address" in after[lost.id].log[-1]["error"]
    assert after[sending.id].status == after[retry_later.id].status == "pending"
    assert after[sending.id].attempts == 0
