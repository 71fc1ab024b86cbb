"""The events of the pipeline and the review that webhooks announce. The stages before this one
send signals (they do not import webhooks/); the receivers here build the payload only when a
subscriber listens (`emit` takes a callable)."""
from __future__ import annotations

from django.db.models import Count

from claims.serializers import ArticleSerializer
from facts.models import Check
from review import claimreview
from review.models import ClaimReview, Decision, Review
from review.selectors import decisions
from review.serializers import CheckSerializer, DecisionSerializer
from review.signals import claimreview_published, decision_made, mismatch_opened, mismatches_opened, review_changed
from sources.models import Article
from sources.signals import article_processed as article_done
from webhooks.services import emit, emit_each


def _check_payload(check_id: int):
    def payload():
        check = Check.objects.select_related("review__reviewer", "review__assigned_to").get(id=check_id)
        return {"check": CheckSerializer(check).data}

    return payload


def mismatch_found(*, check_id: int) -> None:
    emit("check.mismatch", _check_payload(check_id))


def mismatches_found(*, check_ids: list[int]) -> None:
    """New mismatches saved together: the subscriptions are read once, the checks in one query."""
    def payloads():
        checks = {c.id: c for c in Check.objects.select_related("review__reviewer", "review__assigned_to")
                  .prefetch_related("others").filter(id__in=check_ids)}
        return [{"check": CheckSerializer(checks[i]).data} for i in check_ids if i in checks]

    emit_each("check.mismatch", payloads)


def review_updated(*, check_id: int) -> None:
    emit("review.changed", _check_payload(check_id))


def _claim_ref(claim) -> dict | None:
    """A claim as a newsroom tool shows it: the quote in its sentence, the outlet, the link."""
    if claim is None:
        return None
    article = claim.article
    return {"id": claim.id, "quote": claim.quote, "sentence": claim.sentence, "attributed_to": claim.attributed_to,
            "article": {"id": article.id, "url": article.url, "outlet": article.outlet.name,
                        "published": article.published}}


def decision_announced(*, decision_id: int) -> None:
    def payload():
        decision = decisions().select_related("claim__article__outlet", "other_claim__article__outlet", "fact").get(id=decision_id)
        return {
            "decision": DecisionSerializer(decision).data,
            "claim": _claim_ref(decision.claim),
            "other_claim": _claim_ref(decision.other_claim),
            "fact": {"id": decision.fact.id, "about": decision.fact.about} if decision.fact else None,
        }

    emit("decision.made", payload)


def claimreview_announced(*, claim_review_id: int) -> None:
    def payload():
        review = ClaimReview.objects.select_related("decision").get(id=claim_review_id)
        return {"claim_review": claimreview.claim_review(review), "decision": review.decision_id}

    emit("claimreview.published", payload)


def article_processed(*, article_id: int) -> None:
    def payload():
        article = Article.objects.select_related("outlet").annotate(n_claims=Count("claims")).get(id=article_id)
        return {"article": ArticleSerializer(article).data}

    emit("article.processed", payload)


def connect() -> None:
    mismatch_opened.connect(
        lambda sender, *, check_id, **_: mismatch_found(check_id=check_id),
        sender=Review, weak=False, dispatch_uid="webhooks.mismatch_opened",
    )
    mismatches_opened.connect(
        lambda sender, *, check_ids, **_: mismatches_found(check_ids=check_ids),
        sender=Review, weak=False, dispatch_uid="webhooks.mismatches_opened",
    )
    review_changed.connect(
        lambda sender, *, check_id, **_: review_updated(check_id=check_id),
        sender=Review, weak=False, dispatch_uid="webhooks.review_changed",
    )
    decision_made.connect(
        lambda sender, *, decision_id, **_: decision_announced(decision_id=decision_id),
        sender=Decision, weak=False, dispatch_uid="webhooks.decision_made",
    )
    claimreview_published.connect(
        lambda sender, *, claim_review_id, **_: claimreview_announced(claim_review_id=claim_review_id),
        sender=ClaimReview, weak=False, dispatch_uid="webhooks.claimreview_published",
    )
    article_done.connect(
        lambda sender, *, article_id, **_: article_processed(article_id=article_id),
        sender=Article, weak=False, dispatch_uid="webhooks.article_processed",
    )
