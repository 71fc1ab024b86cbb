"""Webhook subscriptions of API clients, and their deliveries."""
from __future__ import annotations

from django.db import models
from django.utils import timezone

from workbench.platform.models import ApiClient


class Webhook(models.Model):
    class Event(models.TextChoices):
        MISMATCH = "check.mismatch", "new mismatch"
        REVIEW = "review.changed", "review changed"
        ARTICLE = "article.processed", "article processed"
        DECISION = "decision.made", "decision made"
        CLAIMREVIEW = "claimreview.published", "ClaimReview published"

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=1000)
    # Kept in clear: it signs every delivery (HMAC-SHA256 over the body). Never shown by the API.
    secret = models.CharField(max_length=200)
    events = models.JSONField(default=list)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.url} ({', '.join(self.events)})"


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending"
        DELIVERED = "delivered"
        FAILED = "failed"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    # The exact bytes sent (and signed), so a client can see what was sent.
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # One entry per attempt: {"at", "status_code", "error"}.
    log = models.JSONField(default=list)
    last_error = models.CharField(max_length=500, blank=True)
    # When the next attempt is due (now, or after a failed attempt's backoff): a pending delivery
    # long past it lost its message and is queued again by the sweeper.
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The worker process making an attempt right now (blank between attempts): if it stops
    # beating, the attempt died with it and the sweeper queues the delivery at once.
    taken_by = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.event} to {self.webhook.url}: {self.status}"
