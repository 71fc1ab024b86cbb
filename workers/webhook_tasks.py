"""Webhook deliveries: one task per delivery, retried with exponential backoff and jitter; every
attempt is logged on the Delivery row (webhooks.services.deliver)."""
from __future__ import annotations

from celery import shared_task

from webhooks.services import DeliveryError, deliver, deliveries_sweep


@shared_task(bind=True, name="workers.webhook_tasks.deliver_webhook", max_retries=None)
def deliver_webhook(self, delivery_id: int) -> str:
    # `deliver` bounds the attempts (CROSSCHECK_WEBHOOK_MAX_ATTEMPTS), marks the last failed, and
    # says when the next is due (the sweeper queues it again if this retry's message is lost).
    while True:
        try:
            return deliver(delivery_id=delivery_id)
        except DeliveryError as error:
            if not self.request.is_eager:
                raise self.retry(exc=error, countdown=error.countdown) from None
            # In-process mode (the demo, the tests): try again at once; the bound still holds.


@shared_task(name="workers.webhook_tasks.requeue_deliveries")
def requeue_deliveries(older_than_seconds: int | None = None) -> int:
    """Queue again the pending deliveries whose message was lost (webhooks.services.deliveries_sweep)."""
    return deliveries_sweep(older_than_seconds=older_than_seconds)

# Steps the stages queue by name (workbench.queue).
QUEUED = ("deliver_webhook",)
