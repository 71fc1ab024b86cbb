"""The lists' filters are declared FilterSets: they filter, an unknown parameter or a value that does
not parse is a 400 naming it, and the schema and the browsable API show them."""
import pytest

pytestmark = pytest.mark.django_db


def test_articles_filter_by_url_outlet_and_publication_date(viewer_api, paris):
    def ids(**params):
        response = viewer_api.get("/api/v1/articles/", params)
        assert response.status_code == 200, response.json()
        return [a["id"] for a in response.json()["results"]]

    first, later = paris["first"], paris["later"]
    assert ids(url=first.url) == [first.id]
    assert ids(url="https://example.org/not-stored") == []
    assert ids(outlet="france 24") == [later.id]
    assert ids(published_after="2015-11-20") == [later.id]
    assert sorted(ids(status="processed")) == sorted([first.id, later.id])


def test_checks_filter_by_claim_and_article_on_either_side(viewer_api, paris):
    check = paris["check"]
    for params in ({"claim": paris["a"].id}, {"claim": paris["b"].id},
                   {"article": paris["first"].id}, {"article": paris["later"].id}):
        assert [c["id"] for c in viewer_api.get("/api/v1/checks/", params).json()["results"]] == [check.id], params
    assert viewer_api.get("/api/v1/checks/", {"claim": 10**12}).json()["count"] == 0


def test_updated_after_takes_any_iso_offset(viewer_api, paris):
    # +18:36 is valid ISO 8601 but beyond what PostgreSQL accepts: compared in UTC, it is no 500.
    far = viewer_api.get("/api/v1/checks/", {"updated_after": "5894-07-18T21:31:57+18:36"})
    assert far.status_code == 200 and far.json()["count"] == 0
    early = viewer_api.get("/api/v1/checks/", {"updated_after": "2000-01-01T05:00:00+14:00"})
    assert [c["id"] for c in early.json()["results"]] == [paris["check"].id]


@pytest.mark.parametrize("url, name", [
    ("/api/v1/articles/?url_contains=paris", "url_contains"),
    ("/api/v1/claims/?kindd=count", "kindd"),
    ("/api/v1/checks/?verdict=conflict&review=open", "review"),
    ("/api/v1/facts/?places=Paris", "places"),
])
def test_an_unknown_filter_parameter_is_a_400_naming_it(viewer_api, paris, url, name):
    response = viewer_api.get(url)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] and list(set(body) - {"detail"}) == [name]
    assert "Unknown filter parameter" in body[name][0]


@pytest.mark.parametrize("params, name", [
    ({"article": "abc"}, "article"), ({"article": "1.5"}, "article"), ({"article": "0"}, "article"),
    ({"value_min": "lots"}, "value_min"), ({"value_max": "inf"}, "value_max"),
    ({"kind": "weight"}, "kind"), ({"published_after": "last week"}, "published_after"),
    ({"review_status": "done"}, "review_status"), ({"q": "x" * 201}, "q"),
])
def test_a_claim_filter_value_that_does_not_parse_is_a_400_naming_it(viewer_api, params, name):
    response = viewer_api.get("/api/v1/claims/", params)
    assert response.status_code == 400, response.json()
    assert name in response.json() and response.json()["detail"]


@pytest.mark.parametrize("params, name", [
    ({"limit": "abc"}, "limit"), ({"limit": "0"}, "limit"), ({"limit": "-5"}, "limit"), ({"limit": "1_0"}, "limit"),
    ({"offset": "x"}, "offset"), ({"offset": "-1"}, "offset"), ({"offset": "9" * 30}, "offset"),
])
def test_a_page_parameter_that_does_not_parse_is_a_400_naming_it(viewer_api, params, name):
    for url in ("/api/v1/claims/", "/api/v1/outlets/"):
        response = viewer_api.get(url, params)
        assert response.status_code == 400, (url, response.json())
        assert name in response.json(), response.json()


def test_the_schema_documents_each_lists_filters(client):
    doc = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()

    def params(path):
        return {p["name"]: p for p in doc["paths"][path]["get"]["parameters"]}

    claims = params("/api/v1/claims/")
    assert {"article", "kind", "subject", "fact", "value_min", "value_max", "published_after", "published_before",
            "refers_after", "refers_before", "review_status", "q", "limit", "offset"} <= set(claims)
    assert claims["article"]["schema"]["type"] == "integer"
    assert claims["value_min"]["schema"]["type"] == "number"
    assert set(claims["kind"]["schema"]["enum"]) >= {"count", "date"}
    assert {"verdict", "status", "fact", "claim", "article", "updated_after"} <= set(params("/api/v1/checks/"))
    assert {"key", "kind", "place"} <= set(params("/api/v1/facts/"))
    assert {"url", "outlet", "status", "published_after"} <= set(params("/api/v1/articles/"))


def test_the_browsable_api_shows_the_filter_form(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader"))
    page = client.get("/api/v1/claims/", HTTP_ACCEPT="text/html").content.decode()
    assert 'name="review_status"' in page and 'name="value_min"' in page
