"""API clients. A client is a Django user's key: the user's groups decide what the client may
do (an editor's client may review). Only a hash of the key is stored."""
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
        db_table = "hooks_apiclient"  # moved from hooks/ with its table
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
