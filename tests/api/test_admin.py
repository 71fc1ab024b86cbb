"""API clients are made and revoked in the admin; the key is shown once and only its hash kept."""
import re

import pytest
from django.contrib.messages import get_messages

from tests.admin import factories
from tests.api.conftest import keyed
from workbench.platform.models import ApiClient

pytestmark = pytest.mark.django_db


def test_an_admin_creates_a_client_sees_the_key_once_and_revokes_it(client):
    admin = factories.user("root", superuser=True)
    tool_user = factories.viewer("cms")
    client.force_login(admin)
    response = client.post("/admin/platform/apiclient/add/", {"name": "CMS plugin", "user": tool_user.id})
    assert response.status_code == 302
    messages = " ".join(str(m) for m in get_messages(response.wsgi_request))
    key = re.search(r"API key for CMS plugin: (\S+)", messages).group(1)
    made = ApiClient.objects.get()
    assert key not in made.key_hash and made.user == tool_user
    assert keyed(key).get("/api/v1/claims/").status_code == 200
    assert key in client.get(response.url).content.decode()  # shown once, after the redirect
    assert key not in client.get(f"/admin/platform/apiclient/{made.id}/change/").content.decode()

    client.post("/admin/platform/apiclient/", {"action": "revoke", "_selected_action": [made.id]})
    made.refresh_from_db()
    assert made.revoked_at is not None
    refused = keyed(key).get("/api/v1/claims/")
    assert refused.status_code in (401, 403) and refused.json()["detail"] == "This API key has been revoked."


def test_deliveries_are_listed_read_only_in_the_admin(client):
    client.force_login(factories.user("root", superuser=True))
    assert client.get("/admin/hooks/delivery/").status_code == 200
    assert client.get("/admin/hooks/webhook/").status_code == 200
    assert client.get("/admin/hooks/delivery/add/").status_code == 403
