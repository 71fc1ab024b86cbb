"""A newsroom gets an API key without a superuser: `manage.py create_api_client`, or a manager
(the "API clients" permissions) in the admin. No key is made that acts as a superuser."""
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command

from tests.admin import factories
from tests.api.conftest import keyed
from workbench.platform.models import ApiClient
from workbench.platform.roles import MANAGERS

pytestmark = pytest.mark.django_db


def create_api_client(*args) -> str:
    out = io.StringIO()
    call_command("create_api_client", *args, stdout=out)
    return re.search(r"Api-Key (\S+)", out.getvalue()).group(1)


def test_the_command_makes_a_viewer_tool_account_whose_key_reads_but_cannot_review():
    paris = factories.paris_toll()
    key = create_api_client("--name", "CMS plugin")
    client = ApiClient.objects.get(name="CMS plugin")
    assert client.user.username == "api-cms-plugin" and not client.user.has_usable_password()
    api = keyed(key)
    assert api.get("/api/v1/claims/").status_code == 200
    review = api.post(f"/api/v1/checks/{paris['check'].id}/review/", {"status": "resolved"}, format="json")
    assert review.status_code == 403


def test_the_command_with_the_editor_role_makes_a_key_that_reviews():
    paris = factories.paris_toll()
    key = create_api_client("--name", "Desk bot", "--role", "editor")
    review = keyed(key).post(f"/api/v1/checks/{paris['check'].id}/review/", {"status": "resolved"}, format="json")
    assert review.status_code == 200 and review.json()["review"]["status"] == "resolved"


def test_the_command_refuses_a_key_acting_as_a_superuser():
    factories.user("root", superuser=True)
    with pytest.raises(CommandError, match="root is a superuser"):
        call_command("create_api_client", "--name", "everything", "--user", "root", stdout=io.StringIO())
    assert not ApiClient.objects.exists()


def test_create_editor_makes_a_manager_with_the_api_clients_permissions_and_no_review_right():
    call_command("create_editor", "--username", "mona", "--manager", "--password", factories.PASSWORD, stdout=io.StringIO())
    mona = get_user_model().objects.get(username="mona")
    assert [g.name for g in mona.groups.all()] == [MANAGERS] and mona.is_staff and not mona.is_superuser
    assert mona.has_perm("platform.add_apiclient") and mona.has_perm("platform.change_apiclient")
    assert not mona.has_perm("review.change_review")


def test_a_manager_makes_a_client_in_the_admin_but_not_one_acting_as_a_superuser(client):
    call_command("create_editor", "--username", "mona", "--manager", "--password", factories.PASSWORD, stdout=io.StringIO())
    root = factories.user("root", superuser=True)
    rooted = ApiClient(name="root's own", user=root)
    rooted.set_new_key()
    rooted.save()
    tool = factories.viewer("cms")
    client.force_login(get_user_model().objects.get(username="mona"))

    response = client.post("/admin/platform/apiclient/add/", {"name": "CMS plugin", "user": tool.id})
    assert response.status_code == 302
    messages = " ".join(str(m) for m in get_messages(response.wsgi_request))
    key = re.search(r"API key for CMS plugin: (\S+)", messages).group(1)
    assert keyed(key).get("/api/v1/claims/").status_code == 200

    refused = client.post("/admin/platform/apiclient/add/", {"name": "everything", "user": root.id})
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    listing = client.get("/admin/platform/apiclient/").content.decode()
    assert "CMS plugin" in listing and "root&#x27;s own" not in listing and "root's own" not in listing
    assert client.get(f"/admin/platform/apiclient/{rooted.id}/change/").status_code == 302  # not found for her
