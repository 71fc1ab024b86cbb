"""Reviewed checks as schema.org ClaimReview (https://schema.org/ClaimReview) JSON-LD, the shape
search engines and fact-check aggregators read."""
from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from claims.models import Claim
from facts.models import Check
from review.models import Review

# (verdict, review status) -> (rating 1-5, alternateName). 5: the figure stands; 1: contradicted.
RATINGS = {
    ("conflict", "confirmed"): (1, "Contradicted by other reports"),
    ("conflict", "resolved"): (3, "Conflicting figures, resolved by the editors"),
    ("conflict", "dismissed"): (5, "Consistent with other reports"),
    ("updated", "confirmed"): (4, "Superseded by a later figure"),
    ("updated", "resolved"): (4, "Superseded by a later figure"),
    ("updated", "dismissed"): (5, "Consistent with other reports"),
}
DEFAULT_RATING = (3, "Reviewed")


def reviewed_checks() -> QuerySet[Check]:
    """Mismatches an editor has decided on (any status but open), with everything joined."""
    return (
        Check.objects.filter(review__reviewed_at__isnull=False)
        .exclude(review__status=Review.Status.OPEN)
        .select_related("claim__article__outlet", "review__reviewer")
        .prefetch_related(Prefetch("others", queryset=Claim.objects.select_related("article__outlet").order_by("id")))
    )


def _appearance(claim: Claim) -> dict:
    article = claim.article
    work = {"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": article.outlet.name}}
    if article.url:
        work["url"] = article.url
    if article.headline:
        work["headline"] = article.headline
    if article.published:
        work["datePublished"] = article.published.isoformat()
    return work


def claim_review(check: Check, *, request=None) -> dict:
    review = check.review
    claim = check.claim
    rating, name = RATINGS.get((check.verdict, review.status), DEFAULT_RATING)
    path = reverse("check-claimreview", args=[check.id])
    url = request.build_absolute_uri(path) if request is not None else path
    item = {
        "@type": "Claim",
        "appearance": [_appearance(claim)],
        "author": {
            "@type": "Organization" if not claim.attributed_to else "Thing",
            "name": claim.attributed_to or claim.article.outlet.name,
        },
    }
    if claim.article.published:
        item["datePublished"] = claim.article.published.isoformat()
    reviewer = review.reviewer.get_full_name() or review.reviewer.get_username() if review.reviewer else ""
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "identifier": f"crosscheck-check-{check.id}",
        "claimReviewed": claim.sentence or claim.quote,
        "datePublished": review.reviewed_at.date().isoformat(),
        "author": {"@type": "Organization", "name": settings.CROSSCHECK_CLAIMREVIEW_PUBLISHER,
                   **({"employee": {"@type": "Person", "name": reviewer}} if reviewer else {})},
        "reviewRating": {
            "@type": "Rating", "ratingValue": rating, "bestRating": 5, "worstRating": 1,
            "alternateName": name,
        },
        "reviewBody": review.note or check.explanation,
        "itemReviewed": item,
        "isBasedOn": [_appearance(other) for other in check.others.all()],
    }
