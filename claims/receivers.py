"""claims/ listening to the stage before it. Each receiver only calls a service."""
from claims.services import claims_discard
from sources.models import Article
from sources.signals import article_failed


def _article_failed(sender, *, article_id, **_):
    claims_discard(article_id=article_id)


def connect() -> None:
    article_failed.connect(_article_failed, sender=Article, dispatch_uid="claims.article_failed")
