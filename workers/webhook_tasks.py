"""Webhook deliveries: one task per delivery, retried with exponential backoff and jitter; every
attempt is logged on the Delivery row (webhooks.services.deliver)."""
from __future__ import annotations

import random
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from webhooks.models import Delivery
from webhooks.services import DeliveryError, deliver
from workbench.queue import enqueue


def backoff(retries: int) -> float:
    base = settings.CROSSCHECK_WEBHOOK_BACKOFF_SECONDS
    # Capped well below CROSSCHECK_WEBHOOK_STALE_AFTER_SECONDS, so the sweeper never races a retry.
    return min(random.uniform(base, base * 2 ** (retries + 1)), 30 * 60)


@shared_task(bind=True, name="workers.webhook_tasks.deliver_webhook", max_retries=None)
def deliver_webhook(self, delivery_id: int) -> str:
    # `deliver` bounds the attempts (CROSSCHECK_WEBHOOK_MAX_ATTEMPTS) and marks the last failed.
    while True:
        try:
            return deliver(delivery_id=delivery_id)
        except DeliveryError as error:
            if not self.request.is_eager:
                raise self.retry(exc=error, countdown=backoff(self.request.retries)) from None
            # In-process mode (the demo, the tests): try again at once; the bound still holds.


@shared_task(name="workers.webhook_tasks.requeue_deliveries")
def requeue_deliveries(older_than_seconds: int | None = None) -> int:
    """Queue again the pending deliveries whose message was lost (a broker down when they were
    made, a worker killed): none attempted, or the last attempt long past any backoff. Delivery
    is at least once; receivers tell repeats apart by the X-Crosscheck-Delivery header."""
    age = older_than_seconds if older_than_seconds is not None else settings.CROSSCHECK_WEBHOOK_STALE_AFTER_SECONDS
    cutoff = timezone.now() - timedelta(seconds=age)
    stale = Delivery.objects.filter(status=Delivery.Status.PENDING, created_at__lt=cutoff)
    ids = [d.id for d in stale.only("id", "log", "attempts") if not d.log or d.log[-1]["at"] < cutoff.isoformat()]
    for delivery_id in ids:
        enqueue("deliver_webhook", delivery_id)
    return len(ids)

# Steps the stages queue by name (workbench.queue).
QUEUED = ("deliver_webhook",)
