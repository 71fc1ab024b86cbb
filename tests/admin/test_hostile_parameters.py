"""Hostile query parameters on the admin's changelists: a NUL character (PostgreSQL refuses it in
a query) or a lone surrogate is a 400 with the reason, never a 500."""
import pytest
from django.contrib import admin
from django.urls import reverse

from tests.admin import factories

pytestmark = pytest.mark.django_db


def changelists():
    return [reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist") for m in admin.site._registry]


@pytest.fixture
def admin_client(client):
    client.force_login(factories.user("root", superuser=True))
    return client


@pytest.mark.parametrize("query", [{"q": "Gaza\x00"}, {"status": "\x00"}, {"o": "1\x00"}, {"id__exact": "\x00"},
                                   {"\x00": "1"}])
def test_a_nul_in_any_changelist_parameter_is_a_400_with_the_reason(admin_client, query):
    pages = changelists()
    assert len(pages) > 10
    for page in pages:
        response = admin_client.get(page, query)
        assert response.status_code == 400, (page, query, response.status_code)
        assert b"NUL" in response.content


def test_the_changelists_still_search_and_filter(admin_client, paris):
    response = admin_client.get(reverse("admin:claims_claim_changelist"), {"q": "129"})
    assert response.status_code == 200 and b"129" in response.content
