import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from sources.models import Article

pytestmark = pytest.mark.django_db

TEXT = "Officials said on Monday that at least 40 people were killed in the floods in Bangladesh, the agency said."


@pytest.fixture
def client():
    api = APIClient()
    api.force_authenticate(get_user_model().objects.create_user("tool"))
    return api


def test_anonymous_callers_get_only_the_health_endpoint():
    anonymous = APIClient()
    assert anonymous.get("/api/v1/health/").json() == {"status": "ok"}
    for url in ("/api/v1/articles/", "/api/v1/claims/", "/api/v1/checks/"):
        assert anonymous.get(url).status_code == 401
    assert anonymous.post("/api/v1/articles/", {"text": TEXT, "outlet": "X"}, format="json").status_code == 401


def test_a_submitted_article_is_stored_and_processed(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/articles/", {"text": TEXT, "outlet": "Wire", "published": "2020-07-01"}, format="json")
    assert response.status_code == 201
    article = client.get(f"/api/v1/articles/{response.json()['id']}/").json()
    assert article["status"] == "processed" and article["claims"] >= 1
    again = client.post("/api/v1/articles/", {"text": TEXT, "outlet": "Wire"}, format="json")
    assert again.status_code == 200 and again.json()["id"] == article["id"]


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"outlet": "X"}, "non_field_errors"),
        ({"text": TEXT, "html": "<p>x</p>", "outlet": "X"}, "non_field_errors"),
        ({"text": TEXT}, "outlet"),
        ({"text": TEXT, "outlet": "X", "published": "last Tuesday"}, "published"),
        ({"text": "   ", "outlet": "X"}, "detail"),
        ({"text": "a\x00b", "outlet": "X"}, "text"),
    ],
)
def test_a_malformed_payload_gets_a_clear_error_and_stores_nothing(client, payload, field):
    response = client.post("/api/v1/articles/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Article.objects.count() == 0


@pytest.mark.model
def test_the_api_shows_each_facts_consensus_range(client, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", stdout=open("/dev/null", "w"))
    facts = client.get("/api/v1/facts/", {"key": "count|people|kill", "kind": "count", "place": "Paris"}).json()
    assert facts["count"] == 1
    paris = facts["results"][0]
    assert paris["consensus"]["low"] == paris["consensus"]["best"] == paris["consensus"]["high"] == 130
    assert len(paris["claims"]) == 2 and paris["consensus"]["outliers"] == []
    claims = client.get("/api/v1/claims/").json()
    assert claims["count"] > 50
    first = claims["results"][0]
    assert {"id", "article", "kind", "quote", "value", "low", "high", "qualifier", "refers_to"} <= set(first)
    checks = client.get("/api/v1/checks/").json()["results"]
    assert {c["verdict"] for c in checks} >= {"consistent", "updated"}


@pytest.mark.model
def test_list_pages_cost_the_same_queries_whatever_their_size(client, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", stdout=open("/dev/null", "w"))
    for url in ("/api/v1/claims/", "/api/v1/checks/", "/api/v1/articles/"):
        counts = []
        for limit in (2, 40):
            with CaptureQueriesContext(connection) as queries:
                page = client.get(url, {"limit": limit, "offset": 1}).json()
            assert len(page["results"]) == min(limit, page["count"] - 1)
            counts.append(len(queries))
        assert counts[0] == counts[1], (url, counts)
    deep = client.get("/api/v1/claims/", {"limit": 5000}).json()
    assert len(deep["results"]) == min(500, deep["count"])


def test_an_articles_detail_pages_its_claims_in_text_order(client, django_assert_max_num_queries):
    from claims.models import Claim
    from tests.admin import factories

    body = " ".join(f"{n} died." for n in range(1000, 1250))
    article = factories.article(body)
    Claim.objects.bulk_create([
        Claim(article=article, kind="count", quote=str(n), sentence=f"{n} died.", start=i * 10, end=i * 10 + 4,
              value=n, low=n, high=n, fact_key="count|people|die")
        for i, n in enumerate(range(1000, 1250))
    ])
    first = client.get(f"/api/v1/articles/{article.id}/").json()
    assert first["claims"] == 250
    assert [c["quote"] for c in first["claim_list"]] == [str(n) for n in range(1000, 1100)]
    assert first["claim_list_next"] == f"http://testserver/api/v1/articles/{article.id}/?claims_limit=100&claims_offset=100"
    last = client.get(first["claim_list_next"].replace("claims_limit=100", "claims_limit=500")).json()
    assert [c["quote"] for c in last["claim_list"]] == [str(n) for n in range(1100, 1250)]
    assert last["claim_list_next"] is None
    assert client.get(f"/api/v1/articles/{article.id}/", {"claims_limit": 501}).status_code == 400
    # One page costs the same whatever the article holds.
    with django_assert_max_num_queries(8):
        client.get(f"/api/v1/articles/{article.id}/", {"claims_limit": 5})


def test_a_client_reads_only_its_own_fetches_unless_it_may_see_all(viewer_key, editor_key):
    from tests.admin import factories
    from tests.api.conftest import keyed, make_key

    def submit(api, url):
        response = api.post("/api/v1/articles/", {"url": url}, format="json")
        assert response.status_code == 202, response.content
        return response.json()["fetch"]["id"]

    mine, theirs = keyed(viewer_key[1]), keyed(editor_key[1])
    # The addresses are refused when fetched (no network in tests): the fetch exists all the same.
    own = submit(mine, "https://embargoed.example/story-1")
    other = submit(theirs, "https://embargoed.example/story-2")

    assert mine.get(f"/api/v1/fetches/{own}/").status_code == 200
    assert theirs.get(f"/api/v1/fetches/{other}/").status_code == 200
    # Another client's fetch is not found, the same answer as for an id that does not exist.
    assert mine.get(f"/api/v1/fetches/{other}/").status_code == 404
    assert theirs.get(f"/api/v1/fetches/{own}/").status_code == 404
    # A second key of the same user is another client.
    _, second_key = make_key(viewer_key[0].user, "second-tool")
    assert keyed(second_key).get(f"/api/v1/fetches/{own}/").status_code == 404
    # An administrator reads every fetch.
    _, admin_key = make_key(factories.user("ada", superuser=True), "ops")
    admin = keyed(admin_key)
    assert [admin.get(f"/api/v1/fetches/{i}/").status_code for i in (own, other)] == [200, 200]
