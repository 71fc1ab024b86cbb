"""Checks and reviews: filters, polling, and reviews that only editors can change."""
import pytest

from review.models import Review, ReviewEvent

pytestmark = pytest.mark.django_db

PAYLOADS = [
    {"status": "dismissed"},
    {"status": "resolved", "note": "x", "reviewer": "vera"},
    {"review": {"status": "dismissed", "reviewer": "vera"}},
    {"status": "confirmed", "reviewed_at": "2020-01-01T00:00:00Z", "assigned_to": "vera"},
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_client_without_editor_rights_cannot_change_a_review(viewer_api, paris, payload):
    check = paris["check"]
    before = Review.objects.values().get(check_obj=check)
    for method in ("put", "post", "patch", "delete"):
        for url in (f"/api/v1/checks/{check.id}/review/", f"/api/v1/checks/{check.id}/"):
            response = getattr(viewer_api, method)(url, payload, format="json")
            assert response.status_code in (403, 405), (method, url, response.status_code)
            assert response.json()["detail"]
    assert Review.objects.values().get(check_obj=check) == before
    assert not ReviewEvent.objects.exists()


def test_an_editors_client_sets_the_review_and_is_the_reviewer(editor_api, editor_key, paris):
    check = paris["check"]
    response = editor_api.put(
        f"/api/v1/checks/{check.id}/review/",
        {"status": "confirmed", "note": "checked with the ministry", "reviewer": "someone-else"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    review = response.json()["review"]
    assert review["status"] == "confirmed" and review["note"] == "checked with the ministry"
    assert review["reviewer"] == editor_key[0].user.username and review["reviewed_at"]
    assert ReviewEvent.objects.get().actor == editor_key[0].user


def test_a_bad_review_gets_a_clear_error(editor_api, paris):
    url = f"/api/v1/checks/{paris['check'].id}/review/"
    response = editor_api.put(url, {"status": "maybe"}, format="json")
    assert response.status_code == 400 and "status" in response.json() and response.json()["detail"]
    assert editor_api.put("/api/v1/checks/999999/review/", {"status": "open"}, format="json").status_code == 404


def test_checks_filter_by_verdict_status_fact_and_poll_by_update_time(viewer_api, paris):
    check = paris["check"]
    assert [c["id"] for c in viewer_api.get("/api/v1/checks/", {"verdict": check.verdict}).json()["results"]] == [check.id]
    assert viewer_api.get("/api/v1/checks/", {"verdict": "conflict"}).json()["count"] == 0
    assert viewer_api.get("/api/v1/checks/", {"status": "open"}).json()["count"] == 1
    assert viewer_api.get("/api/v1/checks/", {"fact": check.claim.fact_key}).json()["count"] == 1
    seen = viewer_api.get("/api/v1/checks/", {"updated_after": "2000-01-01T00:00:00Z"}).json()["results"]
    assert [c["id"] for c in seen] == [check.id]
    latest = seen[-1]["updated_at"]
    assert viewer_api.get("/api/v1/checks/", {"updated_after": latest}).json()["count"] == 0
    bad = viewer_api.get("/api/v1/checks/", {"verdict": "wrong", "updated_after": "yesterday"})
    assert bad.status_code == 400 and {"verdict", "updated_after", "detail"} <= set(bad.json())


def test_claims_filter_by_article_kind_subject_value_date_status_and_search(viewer_api, paris):
    a, b = paris["a"], paris["b"]

    def ids(**params):
        response = viewer_api.get("/api/v1/claims/", params)
        assert response.status_code == 200, response.json()
        return sorted(c["id"] for c in response.json()["results"])

    assert ids(article=paris["first"].id) == [a.id]
    assert ids(kind="count") == sorted([a.id, b.id]) and ids(kind="date") == []
    assert ids(subject="peop") == sorted([a.id, b.id])
    assert ids(value_min=130) == [b.id] and ids(value_max=129.5) == [a.id]
    assert ids(published_after="2015-11-20") == [b.id] and ids(published_before="2015-11-20") == [a.id]
    assert ids(review_status="open") == sorted([a.id, b.id]) and ids(review_status="resolved") == []
    assert ids(q="Paris attacks killed") == [b.id]
    claim = viewer_api.get(f"/api/v1/claims/{a.id}/").json()
    assert claim["article"]["id"] == paris["first"].id and claim["value"] == 129


def test_article_detail_has_its_status_and_claims(viewer_api, paris):
    article = viewer_api.get(f"/api/v1/articles/{paris['later'].id}/").json()
    assert article["status"] == "processed" and article["claims"] == 1
    assert [c["quote"] for c in article["claim_list"]] == ["130"]


def test_facts_show_their_consensus_and_outlets_are_listed(viewer_api, paris):
    facts = viewer_api.get("/api/v1/facts/").json()
    assert facts["count"] == 1
    fact = facts["results"][0]
    assert 129 <= fact["consensus"]["low"] <= fact["consensus"]["best"] <= fact["consensus"]["high"] <= 130
    assert sorted(fact["claims"]) == sorted([paris["a"].id, paris["b"].id]) and fact["articles"] == 2
    outlets = viewer_api.get("/api/v1/outlets/").json()["results"]
    assert {o["name"]: o["articles"] for o in outlets} == {"France 24": 1, "Newshub": 1}
