"""Reviewed checks exported as schema.org ClaimReview JSON-LD, one per check and as a feed."""
import pytest

from review.services import review_resolve

pytestmark = pytest.mark.django_db


def test_a_reviewed_check_is_a_claim_review(viewer_api, paris, editor_key):
    check = paris["check"]
    url = f"/api/v1/checks/{check.id}/claimreview/"
    assert viewer_api.get(url).status_code == 404  # still open: nothing to publish
    review_resolve(check_id=check.id, status="confirmed", note="The toll rose to 130.", actor=editor_key[0].user)
    doc = viewer_api.get(url).json()
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "ClaimReview"
    assert doc["url"].endswith(url)
    assert "130" in doc["claimReviewed"]
    assert doc["reviewRating"]["alternateName"] == "Superseded by a later figure"
    assert 1 <= doc["reviewRating"]["ratingValue"] <= 5
    item = doc["itemReviewed"]
    assert item["@type"] == "Claim" and item["datePublished"] == "2015-11-26"
    assert item["appearance"][0]["url"] == paris["later"].url
    assert item["appearance"][0]["publisher"]["name"] == "France 24"
    assert doc["author"]["@type"] == "Organization" and doc["reviewBody"] == "The toll rose to 130."
    feed = viewer_api.get("/api/v1/claimreview/").json()
    assert feed["count"] == 1 and feed["results"][0] == doc
