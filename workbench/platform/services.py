"""Writes of the API platform: making an API client and its key."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from workbench.platform.models import ApiClient


class ClientError(ValueError):
    """A client that cannot be made as asked (the message says why)."""


def api_client_create(*, name: str, user) -> tuple[ApiClient, str]:
    """A new client acting as `user`, and its key (the only time the key is seen). A superuser's
    key could do anything, users and settings included, so none is made for one."""
    name = name.strip()
    if not name:
        raise ClientError("an API client needs a name")
    if user.is_superuser:
        raise ClientError(f"{user.username} is a superuser: a key acts as its user, so make the "
                          "client's own user (a viewer or an editor) instead")
    if not user.is_active:
        raise ClientError(f"{user.username} is not active")
    client = ApiClient(name=name, user=user)
    key = client.set_new_key()
    client.save()
    return client, key


@transaction.atomic
def tool_user_ensure(*, username: str, group) -> object:
    """The user an API client acts as: made if missing (no password, no admin login) and put in
    `group`, whose permissions decide what the client may do."""
    user, made = get_user_model().objects.get_or_create(username=username)
    if made:
        user.set_unusable_password()
        user.save()
    user.groups.add(group)
    return user
