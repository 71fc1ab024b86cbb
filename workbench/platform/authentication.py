"""`Authorization: Api-Key <key>`: the key's client acts as its Django user."""
from __future__ import annotations

import hmac
from datetime import timedelta

from django.utils import timezone
from rest_framework import authentication, exceptions

from workbench.platform.models import KEY_PREFIX_LENGTH, ApiClient, key_hash

KEYWORD = "Api-Key"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        scheme, _, key = header.partition(" ")
        if scheme.lower() != KEYWORD.lower():
            return None
        key = key.strip()
        if not key:
            raise exceptions.AuthenticationFailed("No API key given after 'Api-Key'.")
        prefix = key.split(".", 1)[0][:KEY_PREFIX_LENGTH]
        client = ApiClient.objects.select_related("user").filter(prefix=prefix).first()
        if client is None or not hmac.compare_digest(client.key_hash, key_hash(key)):
            raise exceptions.AuthenticationFailed("Invalid API key.")
        if not client.is_active:
            raise exceptions.AuthenticationFailed("This API key has been revoked.")
        if not client.user.is_active:
            raise exceptions.AuthenticationFailed("The user of this API key is inactive.")
        now = timezone.now()
        # At most one write a minute per client, not one per request.
        if client.last_used_at is None or now - client.last_used_at > timedelta(minutes=1):
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        return client.user, client

    def authenticate_header(self, request):
        return KEYWORD
