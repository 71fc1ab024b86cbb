"""Deep pages and counts of large lists: an unfiltered list of a large table is counted from
PostgreSQL's estimate, says so, and still tells the next page exactly; filtered lists and small
tables are counted exactly."""
import pytest
from django.db import connection

from tests.api import factories
from workbench.platform import pagination

pytestmark = pytest.mark.django_db


def test_small_lists_are_counted_exactly(viewer_api):
    factories.many(3)
    body = viewer_api.get("/api/v1/claims/", {"limit": 2}).json()
    assert body["count"] == 6 and "count_estimated" not in body


@pytest.mark.skipif(connection.vendor != "postgresql", reason="estimates are PostgreSQL's")
def test_a_large_unfiltered_list_is_counted_from_the_estimate_and_pages_exactly(viewer_api, monkeypatch):
    factories.many(5)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
    monkeypatch.setattr(pagination, "ESTIMATE_ABOVE", 0)
    seen, url = [], "/api/v1/claims/?limit=3"
    while url:
        body = viewer_api.get(url).json()
        assert body["count_estimated"] is True and body["count"] >= 0
        seen += [c["id"] for c in body["results"]]
        url = body["next"]
    # Every claim once, and no "next" after the last page, whatever the estimate said.
    assert len(seen) == len(set(seen)) == 10
    filtered = viewer_api.get("/api/v1/claims/", {"kind": "count", "limit": 3}).json()
    assert filtered["count"] == 10 and "count_estimated" not in filtered
