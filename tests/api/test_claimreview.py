"""ClaimReview is published only from an editor's decision about one claim, and the feed is a
JSON-LD document of the published ones, each item carrying what schema.org and the fact-check
search engines require."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from review.models import ClaimReview
from review.ratings import scale
from review.services import (
    DecisionError,
    claimreview_draft,
    claimreview_publish,
    claimreview_withdraw,
    decision_make,
    decision_withdraw,
    review_resolve,
)
from tests.admin import factories
from tests.api import factories as api_factories

pytestmark = pytest.mark.django_db

FACT_CHECK = "https://newsroom.example.org/fact-checks/paris-toll"


def assert_valid_claim_review(item: dict) -> None:
    """The fields schema.org's ClaimReview and the fact-check search engines require."""
    assert item["@type"] == "ClaimReview"
    assert isinstance(item["claimReviewed"], str) and item["claimReviewed"].strip()
    assert item["url"].startswith(("https://", "http://"))
    date.fromisoformat(item["datePublished"])
    assert item["author"]["@type"] in ("Organization", "Person") and item["author"]["name"]
    rating = item["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"]
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    claim = item["itemReviewed"]
    assert claim["@type"] == "Claim"
    date.fromisoformat(claim["datePublished"])
    assert claim["author"]["@type"] in ("Organization", "Person") and claim["author"]["name"]
    assert claim["appearance"] and all(a["url"].startswith("http") for a in claim["appearance"])


def feed_items(api) -> list[dict]:
    response = api.get("/api/v1/claimreview/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/ld+json")
    doc = json.loads(response.content)
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "ItemList"
    items = [element["item"] for element in doc["itemListElement"]]
    assert doc["numberOfItems"] == len(items)
    for item in items:
        assert_valid_claim_review(item)
    return items


@pytest.fixture
def wire_vs_prefecture(db):
    """A wire text says 137 died in the Paris attacks; a later report says 130, the official toll."""
    wire = factories.article("The wire said 137 people were killed in the Paris attacks.", outlet="Wire Service",
                             published=date(2015, 11, 20), url="https://wire.example.org/paris")
    later = factories.article("The Paris attacks killed 130 people, the prefecture said.", outlet="France 24",
                              published=date(2015, 11, 26), url="https://france24.example.org/paris")
    w = factories.claim(wire, "137 people", value=137, places=["Paris"], running_total=True)
    p = factories.claim(later, "130 people", value=130, places=["Paris"], running_total=True, attributed_to="the prefecture")
    check = api_factories.check(w, [p], verdict="conflict", explanation="137 against 130")
    return dict(wire=wire, later=later, w=w, p=p, check=check)


def test_marking_137_wrong_publishes_a_review_of_the_137_claim_not_the_130(viewer_api, wire_vs_prefecture, editor_key):
    editor = editor_key[0].user
    case = wire_vs_prefecture
    review_resolve(check_id=case["check"].id, status="confirmed", note="137 is wrong", actor=editor)
    decision = decision_make(claim_id=case["w"].id, kind="wrong", note="137 is wrong: the prefecture counts 130.",
                             actor=editor)
    draft = claimreview_draft(decision_id=decision.id, rating="false", actor=editor)
    assert feed_items(viewer_api) == []  # a draft is not published
    claimreview_publish(claim_review_id=draft.id, url=FACT_CHECK, actor=editor)

    [item] = feed_items(viewer_api)
    assert "137" in item["claimReviewed"] and "130" not in item["claimReviewed"]
    assert item["reviewRating"]["alternateName"] == "False" and item["reviewRating"]["ratingValue"] == 1
    assert item["url"] == FACT_CHECK
    assert item["reviewBody"] == "137 is wrong: the prefecture counts 130."
    claim = item["itemReviewed"]
    assert claim["appearance"][0]["url"] == "https://wire.example.org/paris"
    assert claim["appearance"][0]["publisher"]["name"] == "Wire Service"
    assert claim["author"] == {"@type": "Organization", "name": "Wire Service"}
    assert claim["datePublished"] == "2015-11-20"
    assert item["author"] == {"@type": "Organization", "name": "Crosscheck"}
    assert [e.to_state for e in ClaimReview.objects.get().events.all()] == ["draft", "published"]

    one = viewer_api.get(f"/api/v1/claimreview/{draft.id}/")
    assert one["Content-Type"].startswith("application/ld+json")
    assert one.json() == {"@context": "https://schema.org", **item}
    # The old per-check URL answers with the reviews about the check's claims.
    by_check = viewer_api.get(f"/api/v1/checks/{case['check'].id}/claimreview/").json()
    assert [e["item"] for e in by_check["itemListElement"]] == [item]


def test_a_quoted_source_is_the_claims_author(viewer_api, wire_vs_prefecture, editor_key):
    editor = editor_key[0].user
    decision = decision_make(claim_id=wire_vs_prefecture["p"].id, kind="disagree", note="Both counts stand.", actor=editor)
    claimreview_publish(claim_review_id=claimreview_draft(decision_id=decision.id, rating="disputed").id, url=FACT_CHECK)
    [item] = feed_items(viewer_api)
    assert item["itemReviewed"]["author"] == {"@type": "Person", "name": "the prefecture"}
    assert item["reviewRating"]["alternateName"] == "Disputed"


def test_dismissing_a_check_publishes_nothing(viewer_api, wire_vs_prefecture, editor_key):
    check = wire_vs_prefecture["check"]
    review_resolve(check_id=check.id, status="dismissed", note="Two different counts.", actor=editor_key[0].user)
    assert feed_items(viewer_api) == []
    response = viewer_api.get(f"/api/v1/checks/{check.id}/claimreview/")
    assert response.status_code == 404
    assert "published from an editor's decision about one claim" in response.json()["detail"]


def test_publishing_needs_the_newsrooms_fact_check_url_and_a_rating_from_the_scale(wire_vs_prefecture, editor_key):
    decision = decision_make(claim_id=wire_vs_prefecture["w"].id, kind="wrong", note="137 is wrong.")
    with pytest.raises(DecisionError, match="unknown rating 'pants-on-fire'"):
        claimreview_draft(decision_id=decision.id, rating="pants-on-fire")
    draft = claimreview_draft(decision_id=decision.id, rating="false")
    for url in ("", "   ", "newsroom.example.org/check", "javascript:alert(1)"):
        with pytest.raises(DecisionError, match="public URL"):
            claimreview_publish(claim_review_id=draft.id, url=url)
    draft.refresh_from_db()
    assert draft.state == "draft" and draft.published_at is None
    assert list(draft.events.values_list("to_state", flat=True)) == ["draft"]


def test_decisions_that_rate_no_figure_are_not_published(wire_vs_prefecture):
    decision = decision_make(claim_id=wire_vs_prefecture["w"].id, kind="not_this_fact", note="Another attack.")
    with pytest.raises(DecisionError, match="rates no figure"):
        claimreview_draft(decision_id=decision.id, rating="false")
    assert not ClaimReview.objects.exists()


def test_withdrawn_reviews_leave_the_feed_and_say_so(viewer_api, wire_vs_prefecture, editor_key):
    decision = decision_make(claim_id=wire_vs_prefecture["w"].id, kind="wrong", note="137 is wrong.")
    review = claimreview_publish(claim_review_id=claimreview_draft(decision_id=decision.id, rating="false").id,
                                 url=FACT_CHECK)
    with pytest.raises(DecisionError, match="a note is required"):
        claimreview_withdraw(claim_review_id=review.id, note="")
    claimreview_withdraw(claim_review_id=review.id, note="The wire corrected itself.", actor=editor_key[0].user)
    assert feed_items(viewer_api) == []
    gone = viewer_api.get(f"/api/v1/claimreview/{review.id}/")
    assert gone.status_code == 410 and "withdrawn" in gone.json()["detail"]
    assert [e.to_state for e in review.events.all()] == ["draft", "published", "withdrawn"]
    with pytest.raises(DecisionError, match="only a draft is published"):
        claimreview_publish(claim_review_id=review.id, url=FACT_CHECK)


def test_withdrawing_a_decision_withdraws_its_published_review(viewer_api, wire_vs_prefecture):
    decision = decision_make(claim_id=wire_vs_prefecture["w"].id, kind="wrong", note="137 is wrong.")
    claimreview_publish(claim_review_id=claimreview_draft(decision_id=decision.id, rating="false").id, url=FACT_CHECK)
    decision_withdraw(decision_id=decision.id, note="Wrong claim picked.")
    assert feed_items(viewer_api) == []
    assert ClaimReview.objects.get().state == "withdrawn"


def test_a_draft_is_not_found_and_the_message_says_so(viewer_api, wire_vs_prefecture):
    decision = decision_make(claim_id=wire_vs_prefecture["w"].id, kind="wrong", note="137 is wrong.")
    draft = claimreview_draft(decision_id=decision.id, rating="false")
    response = viewer_api.get(f"/api/v1/claimreview/{draft.id}/")
    assert response.status_code == 404 and response.json()["detail"] == f"No published ClaimReview {draft.id}."


def test_the_publisher_is_the_documented_setting(viewer_api, wire_vs_prefecture, settings):
    settings.CROSSCHECK_CLAIMREVIEW_PUBLISHER = "Le Desk"
    settings.CROSSCHECK_CLAIMREVIEW_PUBLISHER_URL = "https://desk.example.org/"
    decision = decision_make(claim_id=wire_vs_prefecture["w"].id, kind="wrong", note="137 is wrong.")
    claimreview_publish(claim_review_id=claimreview_draft(decision_id=decision.id, rating="false").id, url=FACT_CHECK)
    [item] = feed_items(viewer_api)
    assert item["author"] == {"@type": "Organization", "name": "Le Desk", "url": "https://desk.example.org/"}


@pytest.mark.parametrize("environment, expected", [
    ({"CROSSCHECK_API_PUBLISHER": "Old Name"}, "Old Name"),
    ({"CROSSCHECK_API_PUBLISHER": "Old Name", "CROSSCHECK_CLAIMREVIEW_PUBLISHER": "New Name"}, "New Name"),
    ({}, "Crosscheck"),
])
def test_the_old_publisher_setting_is_still_read_as_a_fallback(environment, expected):
    env = {k: v for k, v in os.environ.items() if k not in ("CROSSCHECK_API_PUBLISHER", "CROSSCHECK_CLAIMREVIEW_PUBLISHER")}
    out = subprocess.run(
        [sys.executable, "-c", "from workbench import settings; print(settings.CROSSCHECK_CLAIMREVIEW_PUBLISHER)"],
        env={**env, **environment}, capture_output=True, text=True, check=True,
    )
    assert out.stdout.strip() == expected


def test_the_scale_is_data_and_in_order():
    ratings = scale().ratings
    assert ratings["false"].value == scale().worst and ratings["true"].value == scale().best
    assert all(scale().worst <= r.value <= scale().best for r in ratings.values())


def test_the_feed_pages_and_costs_the_same_queries_whatever_its_page_size(viewer_api):
    for i in range(6):
        article = factories.article(f"Officials said {10 + i} people were hurt in Nantes.", outlet=f"Outlet {i}",
                                    url=f"https://example.org/nantes-{i}")
        claim = factories.claim(article, f"{10 + i} people", value=10 + i, places=["Nantes"])
        decision = decision_make(claim_id=claim.id, kind="wrong", note=f"Not {10 + i}.")
        claimreview_publish(claim_review_id=claimreview_draft(decision_id=decision.id, rating="mostly_false").id,
                            url=f"https://newsroom.example.org/check/{i}")
    viewer_api.get("/api/v1/health/")  # the key's "last used" write, out of the way
    counts = []
    for limit in (1, 2, 40):
        with CaptureQueriesContext(connection) as queries:
            response = viewer_api.get("/api/v1/claimreview/", {"limit": limit})
        doc = response.json()
        assert len(doc["itemListElement"]) == min(limit, 6) and doc["numberOfItems"] == 6
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2], counts
    second = viewer_api.get("/api/v1/claimreview/", {"limit": 2, "offset": 2})
    assert 'rel="next"' in second["Link"] and 'rel="prev"' in second["Link"]
    assert [e["position"] for e in second.json()["itemListElement"]] == [3, 4]


def test_a_claim_from_an_article_without_a_url_cannot_be_published_and_says_why():
    pasted = factories.article("Officials said 44 people were hurt in Rennes.", outlet="Desk paste", url="")
    pasted.url = ""
    pasted.save(update_fields=["url"])
    claim = factories.claim(pasted, "44 people", value=44, places=["Rennes"])
    decision = decision_make(claim_id=claim.id, kind="wrong", note="It was 40.")
    draft = claimreview_draft(decision_id=decision.id, rating="false")
    with pytest.raises(DecisionError, match="has no URL: a ClaimReview needs the public page"):
        claimreview_publish(claim_review_id=draft.id, url=FACT_CHECK)
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_an_undated_articles_claim_is_dated_by_when_it_was_received(viewer_api):
    undated = factories.article("Officials said 52 people were hurt in Rennes.", outlet="Rennes FM", published=None,
                                url="https://example.org/rennes")
    claim = factories.claim(undated, "52 people", value=52, places=["Rennes"])
    decision = decision_make(claim_id=claim.id, kind="wrong", note="It was 50.")
    claimreview_publish(claim_review_id=claimreview_draft(decision_id=decision.id, rating="false").id, url=FACT_CHECK)
    [item] = feed_items(viewer_api)
    assert item["itemReviewed"]["datePublished"] == undated.created_at.date().isoformat()
    assert "datePublished" not in item["itemReviewed"]["appearance"][0]
