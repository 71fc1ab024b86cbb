"""Published ClaimReviews as schema.org JSON-LD (https://schema.org/ClaimReview), the shape search
engines and fact-check aggregators read: one item per editor's decision about one claim, rated
on the fixed scale of review/rules/ratings.json, authored by the newsroom
(CROSSCHECK_CLAIMREVIEW_PUBLISHER) and pointing at its public fact-check page."""
from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet

from facts.models import Check
from review.models import ClaimReview
from review.ratings import scale

CONTEXT = "https://schema.org"


def published() -> QuerySet[ClaimReview]:
    """Published ClaimReviews, newest first, with what their JSON-LD reads joined."""
    return (
        ClaimReview.objects.filter(state=ClaimReview.State.PUBLISHED)
        .select_related("decision__made_by")
        .order_by("-published_at", "-id")
    )


def published_for_check(check: Check) -> QuerySet[ClaimReview]:
    """The published ClaimReviews of decisions about the claims a check compares."""
    claim_ids = [check.claim_id, *check.others.values_list("id", flat=True)]
    return published().filter(Q(decision__claim_id__in=claim_ids))


def _publisher() -> dict:
    author = {"@type": "Organization", "name": settings.CROSSCHECK_CLAIMREVIEW_PUBLISHER}
    if settings.CROSSCHECK_CLAIMREVIEW_PUBLISHER_URL:
        author["url"] = settings.CROSSCHECK_CLAIMREVIEW_PUBLISHER_URL
    return author


def claim_review(review: ClaimReview, *, context: bool = True) -> dict:
    """One published ClaimReview. What it rates was copied from the claim when it was published."""
    rating = scale().get(review.rating)
    where = review.appearance or {}
    appearance = {"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": where.get("outlet", "")}}
    for field in ("url", "headline", "datePublished"):
        if where.get(field):
            appearance[field] = where[field]
    # The claim's author is who made it: the person or body quoted, else the outlet that printed it.
    item = {
        "@type": "Claim",
        "author": {"@type": "Organization" if review.claim_author_is_outlet else "Person", "name": review.claim_author},
        "appearance": [appearance],
    }
    if review.claim_date:
        item["datePublished"] = review.claim_date.isoformat()
    doc = {
        "@type": "ClaimReview",
        "@id": review.url,
        "identifier": f"crosscheck-claimreview-{review.id}",
        "url": review.url,
        "datePublished": review.published_at.date().isoformat(),
        "author": _publisher(),
        "claimReviewed": review.claim_reviewed,
        "reviewRating": {
            "@type": "Rating", "ratingValue": rating.value, "bestRating": scale().best,
            "worstRating": scale().worst, "alternateName": rating.alternate_name,
        },
        "reviewBody": review.decision.note,
        "itemReviewed": item,
    }
    if review.headline:
        doc["headline"] = review.headline
    return {"@context": CONTEXT, **doc} if context else doc


def item_list(reviews: list[ClaimReview], *, total: int, offset: int = 0) -> dict:
    """ClaimReviews as one JSON-LD document: a schema.org ItemList."""
    return {
        "@context": CONTEXT,
        "@type": "ItemList",
        "numberOfItems": total,
        "itemListElement": [
            {"@type": "ListItem", "position": offset + i + 1, "item": claim_review(r, context=False)}
            for i, r in enumerate(reviews)
        ],
    }
