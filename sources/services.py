"""Writes for sources/: taking an article in. Keyword-only, typed; views, commands and tasks call it."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from sources.cleaning import clean_text, content_hash, looks_english, read_html
from sources import syndication
from sources.models import Article, ArticleBand, Outlet


class IngestError(ValueError):
    """The input can never become an article as it is: retrying will not help."""


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool


def decode_input(data: bytes) -> str:
    """Bytes from a file or a request body as text, or a clear error for binary data."""
    if b"\x00" in data[:65536]:
        raise IngestError("the input is binary (it contains NUL bytes), not text or HTML")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def article_ingest(
    *,
    raw: str,
    input_format: str = "text",
    outlet: str = "",
    url: str = "",
    headline: str = "",
    published: dt.date | None = None,
    language: str = "",
    wire: str = "",
) -> IngestResult:
    """Store an article and queue its processing; the same text submitted again is the same article.

    Raises IngestError for input that can never be processed (empty, binary, too large, no text)."""
    if url and not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE):
        raise IngestError(f"the URL {url[:100]!r} is not an http(s) address")
    if input_format not in ("text", "html"):
        raise IngestError(f"unknown input format {input_format!r}: use 'text' or 'html'")
    size = len(raw.encode("utf-8", errors="replace"))
    if size > settings.CROSSCHECK_MAX_ARTICLE_BYTES:
        raise IngestError(
            f"the input is {size:,} bytes; the limit is {settings.CROSSCHECK_MAX_ARTICLE_BYTES:,}"
        )
    if "\x00" in raw:
        raise IngestError("the input is binary (it contains NUL characters), not text or HTML")
    if not raw.strip():
        raise IngestError("the input is empty")

    if input_format == "html":
        page = read_html(raw)
        headline = headline or page.title
        language = language or page.language
        published = published or _meta_date(page.meta)
        outlet = outlet or page.meta.get("og:site_name", "")
        text = page.text
    else:
        text = raw
    body = clean_text(text, headline=headline)
    if not body.strip():
        raise IngestError("no article text was found in the input")

    english = looks_english(body)
    if not language:
        language = "en" if english else "und"
    status = Article.Status.RECEIVED
    error = ""
    if language != "en" or not english:
        status = Article.Status.SKIPPED
        error = f"language '{language}' is not English: stored, but not run through the extractor"

    digest = content_hash(body)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing:
        return IngestResult(existing, False)
    try:
        with transaction.atomic():
            outlet_obj, _ = Outlet.objects.get_or_create(name=(outlet or "Unknown outlet")[:200])
            article = Article.objects.create(
                outlet=outlet_obj,
                url=url,
                headline=headline[:500],
                published=published,
                language=language[:16],
                wire=wire[:100],
                input_format=input_format,
                raw=raw,
                body=body,
                content_hash=digest,
                status=status,
                error=error,
            )
            article_mark_copies(article=article)
    except IntegrityError:
        # Another request stored the same text between our lookup and our insert.
        return IngestResult(Article.objects.get(content_hash=digest), False)
    if status == Article.Status.RECEIVED:
        from workers.queue import enqueue
        from workers.tasks import extract_article

        enqueue(extract_article, article.id)
    return IngestResult(article, True)


# --- processing state -----------------------------------------------------------------------
# Workers take an article's next step with a conditional UPDATE on its status, so a task
# delivered twice (or a requeued one racing the original) does its work once.


def article_take(*, article_id: int, from_status: str, to_status: str, count_attempt: bool = False) -> bool:
    """Move an article from one status to the next if it is still in the first; True if this
    caller won it."""
    changes = {"status": to_status, "status_changed_at": timezone.now()}
    if count_attempt:
        changes["attempts"] = F("attempts") + 1
    return bool(Article.objects.filter(id=article_id, status=from_status).update(**changes))


def article_fail(*, article_id: int, error: str) -> None:
    Article.objects.filter(id=article_id).update(
        status=Article.Status.FAILED, status_changed_at=timezone.now(), error=error[:2000]
    )


def article_release(*, article_id: int, from_status: str, to_status: str, error: str) -> None:
    """Give a step back after a failed attempt, so that the retry (or the sweeper) takes it again."""
    Article.objects.filter(id=article_id, status=from_status).update(
        status=to_status, status_changed_at=timezone.now(), error=error[:2000]
    )


def article_requeue(*, article_id: int) -> None:
    """Start an article's processing again from extraction (an editor's "extract again")."""
    from workers.queue import enqueue
    from workers.tasks import extract_article

    Article.objects.filter(id=article_id).exclude(status=Article.Status.SKIPPED).update(
        status=Article.Status.RECEIVED, status_changed_at=timezone.now(), attempts=0, error=""
    )
    enqueue(extract_article, article_id)


def article_mark_copies(*, article: Article) -> Article | None:
    """Store the article's signature bands and, if another outlet printed the same story first,
    record it as a copy of that printing. Returns the first printing, if any."""
    keys = syndication.bands(article.body)
    ArticleBand.objects.bulk_create([ArticleBand(article=article, band=k) for k in keys])
    suspects = (
        Article.objects.filter(bands__band__in=keys)
        .exclude(id=article.id)
        .exclude(outlet_id=article.outlet_id)
        .distinct()
        .order_by("id")[:20]
    )
    for suspect in suspects:
        if syndication.similarity(article.body, suspect.body) >= syndication.COPY_THRESHOLD:
            first = suspect.copy_of or suspect
            Article.objects.filter(id=article.id).update(copy_of=first)
            article.copy_of = first
            return first
    return None


def _meta_date(meta: dict[str, str]) -> dt.date | None:
    for key in ("article:published_time", "datepublished", "date", "pubdate"):
        value = meta.get(key, "")[:10]
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            continue
    return None
