"""List endpoints cost the same number of queries whatever the page size."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api import factories
from webhooks.models import Delivery, Webhook

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/articles/", "/api/v1/claims/", "/api/v1/checks/", "/api/v1/facts/", "/api/v1/outlets/",
    "/api/v1/webhooks/", "/api/v1/deliveries/",
    "/api/v1/claims/?review_status=confirmed", "/api/v1/checks/?updated_after=2000-01-01T00:00:00Z",
]


def test_list_pages_cost_the_same_queries_whatever_their_size(viewer_api, viewer_key, settings):
    factories.many(12)
    for i in range(6):
        hook = Webhook.objects.create(client=viewer_key[0], url=f"https://example.org/{i}", secret="s" * 16, events=["check.mismatch"])
        Delivery.objects.create(webhook=hook, event="check.mismatch", body="{}", log=[{"at": "x", "status_code": 500, "error": "e"}])
    viewer_api.get("/api/v1/health/")  # the key's once-a-minute "last used" write, out of the way
    viewer_api.get("/api/v1/outlets/")
    for url in LISTS:
        counts = []
        for limit in (1, 2, 40):
            with CaptureQueriesContext(connection) as queries:
                response = viewer_api.get(url, {"limit": limit})
            assert response.status_code == 200, (url, response.json())
            page = response.json()
            assert len(page["results"]) == min(limit, page["count"]), url
            assert page["count"] >= 2, url
            counts.append(len(queries))
        assert counts[0] == counts[1] == counts[2], (url, counts)


def test_the_page_size_has_a_maximum(viewer_api, monkeypatch):
    from workbench.platform.pagination import IdsFirstPagination

    factories.many(4)
    monkeypatch.setattr(IdsFirstPagination, "max_limit", 3)
    page = viewer_api.get("/api/v1/claims/", {"limit": 1000}).json()
    assert page["count"] == 8 and len(page["results"]) == 3


def test_a_fact_of_many_claims_lists_a_bounded_number_of_ids_and_says_how_many(viewer_api, monkeypatch):
    from datetime import date

    from api import serializers
    from facts.services import fact_resolve
    from tests.admin import factories as rows

    monkeypatch.setattr(serializers, "FACT_CLAIMS_LISTED", 5)
    monkeypatch.setattr("api.views.FACT_CLAIMS_LISTED", 5)
    claims = []
    for i in range(12):
        article = rows.article(f"The quake killed {300 + i} people in Quito.", outlet=f"Outlet {i}",
                               published=date(2024, 5, 1 + i))
        claims.append(rows.claim(article, str(300 + i), value=300 + i, places=["Quito"], running_total=True))
    for claim in claims:
        fact_resolve(claim=claim)
    [fact] = viewer_api.get("/api/v1/facts/").json()["results"]
    assert fact["claims_total"] == 12
    assert fact["claims"] == sorted(c.id for c in claims)[:5]
    one = viewer_api.get(f"/api/v1/claims/?fact_id={fact['id']}&limit=50").json()
    assert one["count"] == 12
