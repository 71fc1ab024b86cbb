"""API clients and webhooks. A client is a Django user's key: the user's groups decide what the
client may do (an editor's client may review). Only a hash of the key is stored."""
from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

KEY_PREFIX_LENGTH = 8


def key_hash(key: str) -> str:
    # Keys are 256-bit random strings, so a plain SHA-256 is enough (no password stretching).
    return hashlib.sha256(key.encode()).hexdigest()


class ApiClient(models.Model):
    name = models.CharField(max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_clients",
        help_text="The client acts as this user: its groups decide what the client may do.",
    )
    prefix = models.CharField(max_length=KEY_PREFIX_LENGTH, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "API client"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def set_new_key(self) -> str:
        """Give the client a new key and return it: the only time it is ever seen."""
        self.prefix = secrets.token_hex(KEY_PREFIX_LENGTH // 2)
        key = f"{self.prefix}.{secrets.token_urlsafe(32)}"
        self.key_hash = key_hash(key)
        return key

    def revoke(self) -> None:
        self.revoked_at = timezone.now()


class Webhook(models.Model):
    class Event(models.TextChoices):
        MISMATCH = "check.mismatch", "new mismatch"
        REVIEW = "review.changed", "review changed"
        ARTICLE = "article.processed", "article processed"

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
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.event} to {self.webhook.url}: {self.status}"
