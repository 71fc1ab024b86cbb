"""The events of the pipeline and the review that webhooks announce. The stages before this one
send signals (they do not import webhooks/); the receivers here build the payload only when a
subscriber listens (`emit` takes a callable)."""
from __future__ import annotations

from django.db.models import Count

from claims.serializers import ArticleSerializer
from facts.models import Check
from review.models import Review
from review.serializers import CheckSerializer
from review.signals import mismatch_opened, review_changed
from sources.models import Article
from sources.signals import article_processed as article_done
from webhooks.services import emit


def _check_payload(check_id: int):
    def payload():
        check = Check.objects.select_related("review__reviewer", "review__assigned_to").get(id=check_id)
        return {"check": CheckSerializer(check).data}

    return payload


def mismatch_found(*, check_id: int) -> None:
    emit("check.mismatch", _check_payload(check_id))


def review_updated(*, check_id: int) -> None:
    emit("review.changed", _check_payload(check_id))


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
    review_changed.connect(
        lambda sender, *, check_id, **_: review_updated(check_id=check_id),
        sender=Review, weak=False, dispatch_uid="webhooks.review_changed",
    )
    article_done.connect(
        lambda sender, *, article_id, **_: article_processed(article_id=article_id),
        sender=Article, weak=False, dispatch_uid="webhooks.article_processed",
    )
