"""decisions/ (viewers read, editors decide), facts/<id>/ with members, consensus, outliers and
decisions, publishing through the API, and polling that sees reviews and decisions."""
from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from facts.models import Check, FactClaim
from facts.services import fact_resolve
from review.models import Decision
from tests.admin import factories
from tests.api import factories as api_factories

pytestmark = pytest.mark.django_db


def test_editors_decide_with_a_note_and_viewers_read(viewer_api, editor_api, paris):
    claim = paris["a"]
    refused = viewer_api.post("/api/v1/decisions/", {"claim": claim.id, "kind": "wrong", "note": "n"}, format="json")
    assert refused.status_code == 403 and not Decision.objects.exists()
    made = editor_api.post("/api/v1/decisions/", {"claim": claim.id, "kind": "wrong", "note": "Police say 130."},
                           format="json")
    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["claim"] == claim.id and body["kind"] == "wrong" and body["made_by"] == "edna"
    assert body["fact"] == FactClaim.objects.get(claim=claim).fact_id
    assert body["article"] == {"id": paris["first"].id, "url": paris["first"].url} and body["quote"] == "129"
    assert [e["action"] for e in body["events"]] == ["made"]
    listed = viewer_api.get("/api/v1/decisions/", {"claim": claim.id}).json()
    assert [d["id"] for d in listed["results"]] == [body["id"]]
    assert viewer_api.get(f"/api/v1/decisions/{body['id']}/").json()["note"] == "Police say 130."


@pytest.mark.parametrize("payload, message", [
    ({"kind": "wrong", "note": "  "}, "a note is required"),
    ({"kind": "wrong"}, "This field is required."),
    ({"kind": "maybe", "note": "n"}, "is not a valid choice"),
    ({"kind": "revision", "note": "n"}, "supersedes an earlier figure"),
])
def test_a_bad_decision_is_a_400_that_says_why_and_stores_nothing(editor_api, paris, payload, message):
    response = editor_api.post("/api/v1/decisions/", {"claim": paris["a"].id, **payload}, format="json")
    assert response.status_code == 400
    assert message in str(response.json())
    assert not Decision.objects.exists()


def test_a_decision_about_a_claim_that_does_not_exist_is_a_400(editor_api):
    response = editor_api.post("/api/v1/decisions/", {"claim": 999999, "kind": "wrong", "note": "n"}, format="json")
    assert response.status_code == 400 and response.json()["detail"] == "there is no claim 999999"


def test_an_editor_publishes_and_withdraws_a_claim_review_through_the_api(viewer_api, editor_api, paris):
    decision = editor_api.post("/api/v1/decisions/", {"claim": paris["b"].id, "kind": "revision",
                                                      "other_claim": paris["a"].id, "note": "The toll rose to 130."},
                               format="json").json()
    path = f"/api/v1/decisions/{decision['id']}/claimreview/"
    assert viewer_api.post(path, {"rating": "outdated"}, format="json").status_code == 403
    no_url = editor_api.post(path, {"rating": "outdated", "publish": True}, format="json")
    assert no_url.status_code == 400 and "public URL" in no_url.json()["detail"]
    made = editor_api.post(path, {"rating": "outdated", "publish": True,
                                  "url": "https://newsroom.example.org/checks/paris"}, format="json")
    assert made.status_code == 201 and made.json()["state"] == "published"
    [element] = viewer_api.get("/api/v1/claimreview/").json()["itemListElement"]
    assert "130" in element["item"]["claimReviewed"] and element["item"]["reviewRating"]["alternateName"] == "Outdated"
    withdrawn = editor_api.post(f"/api/v1/claimreview/{made.json()['id']}/withdraw/", {"note": "Superseded."}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    assert viewer_api.get("/api/v1/claimreview/").json()["itemListElement"] == []
    history = viewer_api.get(f"/api/v1/decisions/{decision['id']}/").json()
    assert history["claim_reviews"][0]["state"] == "withdrawn"


def test_a_draft_is_published_later_with_its_url(editor_api, paris):
    decision = editor_api.post("/api/v1/decisions/", {"claim": paris["a"].id, "kind": "wrong", "note": "129 is wrong."},
                               format="json").json()
    draft = editor_api.post(f"/api/v1/decisions/{decision['id']}/claimreview/", {"rating": "false"}, format="json").json()
    assert draft["state"] == "draft"
    published = editor_api.post(f"/api/v1/claimreview/{draft['id']}/publish/",
                                {"url": "https://newsroom.example.org/c/1"}, format="json")
    assert published.status_code == 200 and published.json()["state"] == "published"
    again = editor_api.post(f"/api/v1/claimreview/{draft['id']}/publish/", {}, format="json")
    assert again.status_code == 400 and "only a draft is published" in again.json()["detail"]


def test_polling_checks_sees_a_review_change_and_a_decision(viewer_api, editor_api, paris):
    check = paris["check"]
    seen = viewer_api.get(f"/api/v1/checks/{check.id}/").json()["updated_at"]
    assert viewer_api.get("/api/v1/checks/", {"updated_after": seen}).json()["results"] == []
    editor_api.post(f"/api/v1/checks/{check.id}/review/", {"status": "confirmed", "note": "rose"}, format="json")
    changed = viewer_api.get("/api/v1/checks/", {"updated_after": seen}).json()["results"]
    assert [c["id"] for c in changed] == [check.id] and changed[0]["review"]["status"] == "confirmed"
    seen = changed[0]["updated_at"]
    editor_api.post("/api/v1/decisions/", {"claim": paris["a"].id, "kind": "wrong", "note": "129 was early."},
                    format="json")
    assert [c["id"] for c in viewer_api.get("/api/v1/checks/", {"updated_after": seen}).json()["results"]] == [check.id]
    decisions = viewer_api.get("/api/v1/decisions/", {"updated_after": "2000-01-01T00:00:00Z"}).json()["results"]
    assert len(decisions) == 1


def _lyon():
    tolls = []
    for outlet, value, day in (("Le Courrier", 40, 2), ("Radio Rhône", 41, 3), ("Alpes Matin", 41, 3)):
        article = factories.article(f"The flood in Lyon killed {value} people.", outlet=outlet,
                                    published=date(2021, 3, day), url=f"https://example.org/{outlet[:5]}")
        claim = factories.claim(article, f"{value} people", value=value, places=["Lyon"], running_total=True,
                                attributed_to="the prefecture" if outlet == "Radio Rhône" else "")
        fact_resolve(claim=claim)
        tolls.append(claim)
    return tolls


def test_a_fact_shows_its_members_consensus_outliers_and_decisions(viewer_api, editor_api):
    early, a, b = _lyon()
    fact_id = FactClaim.objects.get(claim=early).fact_id
    editor_api.post("/api/v1/decisions/", {"claim": early.id, "kind": "revision", "other_claim": a.id,
                                           "note": "40 was the morning's count."}, format="json")
    fact = viewer_api.get(f"/api/v1/facts/{fact_id}/").json()
    assert fact["consensus"]["best"] == 41 and fact["outliers"] == [early.id]
    members = {m["id"]: m for m in fact["members"]}
    assert set(members) == {early.id, a.id, b.id}
    assert members[early.id]["outlier"] is True and members[a.id]["outlier"] is False
    assert members[a.id]["article"]["outlet"] == "Radio Rhône" and members[a.id]["attributed_to"] == "the prefecture"
    assert members[early.id]["sentence"].endswith("flood in Lyon killed 40 people.") and members[early.id]["value"] == 40
    assert [(d["claim"], d["kind"]) for d in fact["decisions"]] == [(early.id, "revision")]
    missing = viewer_api.get("/api/v1/facts/999999/")
    assert missing.status_code == 404


def test_decisions_and_a_fact_cost_the_same_queries_whatever_their_size(viewer_api):
    from review.services import decision_make

    api_factories.many(8)
    viewer_api.get("/api/v1/health/")
    counts = []
    for n in (1, 2, 6):
        for claim_id in Check.objects.values_list("claim_id", flat=True)[:n]:
            if not Decision.objects.filter(claim_id=claim_id, status="active").exists():
                decision_make(claim_id=claim_id, kind="disagree", note="Both stand.")
        fact_id = FactClaim.objects.values_list("fact_id", flat=True).first()
        with CaptureQueriesContext(connection) as listed:
            viewer_api.get("/api/v1/decisions/", {"limit": 40})
        with CaptureQueriesContext(connection) as one:
            viewer_api.get(f"/api/v1/facts/{fact_id}/")
        counts.append((len(listed), len(one)))
    assert counts[0] == counts[1] == counts[2], counts


def test_a_large_fact_shows_its_first_members_and_says_how_many(viewer_api, monkeypatch):
    from api import serializers

    early, a, b = _lyon()
    fact_id = FactClaim.objects.get(claim=early).fact_id
    monkeypatch.setattr(serializers, "FACT_MEMBERS_SHOWN", 2)
    shown = viewer_api.get(f"/api/v1/facts/{fact_id}/").json()
    assert shown["members_total"] == 3 and len(shown["members"]) == 2
    assert shown["members"][0]["id"] == early.id  # by date: the earliest first
