"""The events of the pipeline and the review, as one-line calls for the services and tasks."""
from __future__ import annotations

from hooks.services import emit


def _check_payload(check_id: int):
    def payload():
        from claims.models import Check
        from claims.serializers import CheckSerializer

        check = Check.objects.select_related("review__reviewer", "review__assigned_to").get(id=check_id)
        return {"check": CheckSerializer(check).data}

    return payload


def mismatch_found(*, check_id: int) -> None:
    emit("check.mismatch", _check_payload(check_id))


def review_changed(*, check_id: int) -> None:
    emit("review.changed", _check_payload(check_id))


def article_processed(*, article_id: int) -> None:
    def payload():
        from django.db.models import Count

        from sources.models import Article
        from sources.serializers import ArticleSerializer

        article = Article.objects.select_related("outlet").annotate(n_claims=Count("claims")).get(id=article_id)
        return {"article": ArticleSerializer(article).data}

    emit("article.processed", payload)
