"""Reads for sources/ that carry a rule: who may see which fetch."""
from __future__ import annotations

from django.db.models import QuerySet

from sources.models import Fetch
from workbench.platform.models import ApiClient


def fetches_visible(*, user, client) -> QuerySet[Fetch]:
    """The fetches a caller may read: staff who may see every fetch in the admin (the
    `sources.view_fetch` permission, superusers) all of them; an API key the ones it submitted; a
    signed-in user (no key) the ones they submitted without a key. Desk editors are `is_staff`
    for the admin, but that alone does not open other newsrooms' tools' fetches."""
    fetches = Fetch.objects.all()
    if user.has_perm("sources.view_fetch"):
        return fetches
    if isinstance(client, ApiClient):
        return fetches.filter(client=client)
    return fetches.filter(client__isnull=True, submitted_by=user)
