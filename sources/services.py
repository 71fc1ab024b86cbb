"""Writes for sources/: taking an article in. Keyword-only, typed; views, commands and tasks call it."""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from sources import fetching, syndication
from sources.cleaning import clean_text, content_hash
from sources.language import UNDETERMINED, detect_language
from sources.decoding import BinaryInput, decode_bytes
from sources.fetching import FetchError, check_url
from sources.heartbeat import current_worker
from sources.html import extract_page
from sources.locks import url_lock
from sources.models import Article, ArticleBand, Feed, Fetch, Outlet
from sources.signals import article_failed
from workbench.platform.models import ApiClient
from workbench.queue import enqueue
from workbench.validation import InvalidText, check_fields, check_text

log = logging.getLogger(__name__)

# At most this many unread paragraphs are described on an article (all are counted).
MAX_READING_ERRORS = 50


class IngestError(ValueError):
    """The input can never become an article as it is: retrying will not help."""


def _check_stored(model, **values: str) -> None:
    """The stored-text rules (workbench.validation) on what a caller gave, as an IngestError."""
    try:
        check_fields(model, **values)
    except InvalidText as error:
        raise IngestError(str(error)) from None


def _check_text(value: str, *, field: str, max_length: int | None = None) -> None:
    try:
        check_text(value, field=field, max_length=max_length)
    except InvalidText as error:
        raise IngestError(str(error)) from None


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool


def decode_input(data: bytes, *, declared: str = "") -> str:
    """Bytes from a file or a request body as text (declared or detected encoding), or a clear
    error for binary data."""
    if not data.strip():
        raise IngestError("the input is empty")
    if len(data) > settings.CROSSCHECK_MAX_ARTICLE_BYTES:
        raise IngestError(
            f"the input is {len(data):,} bytes; the limit is {settings.CROSSCHECK_MAX_ARTICLE_BYTES:,}"
        )
    try:
        return decode_bytes(data, declared=declared)[0]
    except BinaryInput as error:
        raise IngestError(str(error)) from None


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
    author: str = "",
    encoding: str = "",
) -> IngestResult:
    """Store an article and queue its processing. One article per text and per URL: the same text
    submitted again is the same article; a changed text at a known URL is a new version, linked to
    the earlier one, whose changed figures are flagged once its claims are extracted.

    Raises IngestError for input that can never be processed (empty, binary, too large, no text);
    nothing already stored is touched then."""
    url = url.strip().split("#")[0]
    _check_stored(Article, url=url, headline=headline, author=author, language=language, wire=wire,
                  encoding=encoding)
    _check_text(outlet, field="the outlet", max_length=Outlet._meta.get_field("name").max_length)
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
    _check_text(raw, field="the input")
    if not raw.strip():
        raise IngestError("the input is empty")

    site_name = ""
    extractor = "text"
    if input_format == "html":
        page = extract_page(raw, url=url)
        headline = headline or page.title
        language = language or page.language
        published = published or page.published
        author = author or page.author
        site_name = page.site_name
        outlet = outlet or site_name
        extractor = page.extractor
        text = page.text
    else:
        text = raw
    body = clean_text(text, headline=headline)
    if input_format == "html" and not any(len(line.split()) >= 6 for line in body.split("\n\n")):
        # Menus, link lists and error notices have no sentence in them; an article has.
        body = ""
    if not body.strip():
        if input_format == "html":
            raise IngestError("no article text was found in the page (only navigation, scripts or furniture)")
        raise IngestError("no article text was found in the input (only page furniture)")

    # The text decides: a page's declared language is often its template's, not its article's.
    detected = detect_language(body)
    declared = (language or "").strip().replace("_", "-").split("-")[0].lower()
    language = detected if detected != UNDETERMINED else (declared or UNDETERMINED)
    status = Article.Status.RECEIVED
    error = ""
    if language != "en":
        status = Article.Status.SKIPPED
        said = f"'{language}'" if language != UNDETERMINED else "undetermined"
        error = f"language {said} is not English: stored, but not run through the English claim extractor"

    digest = content_hash(body)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing:
        return IngestResult(existing, False)
    try:
        with transaction.atomic():
            # The latest text at this URL: this one is its next version. Read under the URL's
            # lock, so that texts submitted at once make one chain, not parallel first versions.
            if url:
                url_lock(url)
            previous = Article.objects.filter(url=url).order_by("-id").first() if url else None
            outlet_obj, _ = Outlet.objects.get_or_create(name=(outlet or "Unknown outlet")[:200])
            article = Article.objects.create(
                outlet=outlet_obj,
                url=url,
                headline=headline[:500],
                author=author[:300],
                site_name=site_name[:200],
                published=published or (previous.published if previous else None),
                language=language[:16],
                wire=wire[:100],
                previous_version=previous,
                input_format=input_format,
                encoding=encoding[:40],
                extractor=extractor,
                raw=raw,
                body=body,
                content_hash=digest,
                status=status,
                error=error,
            )
            first = article_mark_copies(article=article)
            if previous and first is None:
                # Two versions of one story are one source: their figures are compared as an
                # edit (sources/versions.py), not cross-checked as rival reports.
                article.copy_of = previous.copy_of or previous
                Article.objects.filter(id=article.id).update(copy_of=article.copy_of)
    except IntegrityError:
        # Another request stored the same text between our lookup and our insert.
        return IngestResult(Article.objects.get(content_hash=digest), False)
    if status == Article.Status.RECEIVED:
        enqueue("extract_article", article.id)
        if article.previous_version_id:
            enqueue("compare_versions", article.id)
    return IngestResult(article, True)


# --- processing state -----------------------------------------------------------------------
# Workers take an article's next step with a conditional UPDATE on its status, so a task
# delivered twice (or a requeued one racing the original) does its work once.


def article_take(*, article_id: int, from_status: str, to_status: str, count_attempt: bool = False) -> bool:
    """Move an article from one status to the next if it is still in the first; True if this
    caller won it. The step is recorded as this worker process's, for the sweeper."""
    changes = {"status": to_status, "status_changed_at": timezone.now(), "taken_by": current_worker()}
    if to_status == Article.Status.PROCESSED:
        changes["error"] = ""  # an earlier failed attempt's message no longer applies
    if count_attempt:
        changes["attempts"] = F("attempts") + 1
    return bool(Article.objects.filter(id=article_id, status=from_status).update(**changes))


def article_fail(*, article_id: int, error: str) -> None:
    """Mark an article failed with its error; the later stages drop what they built on it."""
    with transaction.atomic():
        Article.objects.filter(id=article_id).update(
            status=Article.Status.FAILED, status_changed_at=timezone.now(), error=error[:2000]
        )
        article_failed.send(sender=Article, article_id=article_id)


def article_set_reading(*, article_id: int, unread_paragraphs: int, reading_errors: list[dict]) -> None:
    """Record what extraction could not read of an article (editors see it; the API shows it)."""
    Article.objects.filter(id=article_id).update(
        unread_paragraphs=unread_paragraphs, reading_errors=reading_errors[:MAX_READING_ERRORS]
    )


def article_release(*, article_id: int, from_status: str, to_status: str, error: str) -> None:
    """Give a step back after a failed attempt, so that the retry (or the sweeper) takes it again."""
    Article.objects.filter(id=article_id, status=from_status).update(
        status=to_status, status_changed_at=timezone.now(), error=error[:2000]
    )


def article_requeue(*, article_id: int) -> None:
    """Start an article's processing again from extraction (an editor's "extract again")."""
    Article.objects.filter(id=article_id).exclude(status=Article.Status.SKIPPED).update(
        status=Article.Status.RECEIVED, status_changed_at=timezone.now(), attempts=0, error=""
    )
    enqueue("extract_article", article_id)


def article_mark_copies(*, article: Article) -> Article | None:
    """Store the article's signature bands and, if another outlet printed the same story first,
    record it as a copy of that printing. Returns the first printing, if any."""
    keys = syndication.bands(article.body) + syndication.passage_bands(article.body)
    ArticleBand.objects.bulk_create([ArticleBand(article=article, band=k) for k in keys], ignore_conflicts=True)
    suspects = (
        Article.objects.filter(bands__band__in=keys)
        .exclude(id=article.id)
        .exclude(outlet_id=article.outlet_id)
        .distinct()
        .order_by("id")[:20]
    )
    for suspect in suspects:
        if syndication.is_copy(article.body, suspect.body):
            first = suspect.copy_of or suspect
            Article.objects.filter(id=article.id).update(copy_of=first)
            article.copy_of = first
            return first
    return None


# --- fetching URLs ----------------------------------------------------------------------------


def fetch_submit(*, url: str, outlet: str = "", feed: Feed | None = None, item_key: str = "",
                 title: str = "", published: dt.date | None = None, client: ApiClient | None = None,
                 submitted_by: AbstractBaseUser | None = None) -> Fetch:
    """Queue a URL to be fetched and ingested by a worker, on behalf of `client` (an API key) or
    `submitted_by` (a signed-in user), who alone may read it back. The address itself is checked
    when the worker fetches it (and at every redirect), since DNS can change in between."""
    url = url.strip()
    _check_stored(Fetch, url=url, outlet=outlet, item_key=item_key, title=title)
    try:
        check_url(url)
    except FetchError as error:
        raise IngestError(str(error)) from None
    fetch = Fetch.objects.create(
        url=url, outlet=outlet, feed=feed, item_key=item_key, title=title, published=published,
        client=client, submitted_by=submitted_by,
    )
    _enqueue_fetch(fetch.id)
    return fetch


def _enqueue_fetch(fetch_id: int, countdown: float | None = None) -> None:
    enqueue("fetch_url", fetch_id, countdown=countdown)


def fetch_run(*, fetch_id: int) -> Fetch | None:
    """Fetch a queued URL and ingest the page. Returns None if another worker has it already.

    Every failure ends on the Fetch with an error an editor can read: a transient one (timeout,
    connection refused, HTTP 5xx) is queued again a bounded number of times; the rest fail at once.
    An article already stored from the same URL is never touched by a failed fetch."""
    taken = Fetch.objects.filter(id=fetch_id, status=Fetch.Status.QUEUED).update(
        status=Fetch.Status.FETCHING, status_changed_at=timezone.now(), attempts=F("attempts") + 1,
        taken_by=current_worker(),
    )
    if not taken:
        return None
    fetch = Fetch.objects.select_related("feed__outlet").get(id=fetch_id)
    try:
        page = fetching.fetch(fetch.url)
        raw = page.text()
        result = article_ingest(
            raw=raw,
            input_format=page.input_format,
            outlet=fetch.outlet or (fetch.feed.outlet.name if fetch.feed and fetch.feed.outlet else ""),
            url=page.url,
            headline=fetch.title if page.input_format == "text" else "",
            published=fetch.published,
            encoding=page.charset or "",
        )
    except FetchError as error:
        if error.transient and fetch.attempts < settings.CROSSCHECK_MAX_ATTEMPTS:
            _fetch_set(fetch, Fetch.Status.QUEUED, f"{error} (attempt {fetch.attempts}, will retry)")
            _enqueue_fetch(fetch.id, countdown=30 * 2**fetch.attempts)
        else:
            _fetch_set(fetch, Fetch.Status.FAILED, str(error))
        return fetch
    except IngestError as error:
        _fetch_set(fetch, Fetch.Status.FAILED, f"{page.url}: {error}")
        return fetch
    except Exception as error:  # noqa: BLE001  (a fetch must never stay 'fetching': it is retried or failed)
        log.exception("fetch %s of %s: unexpected error", fetch.id, fetch.url[:200])
        message = f"{type(error).__name__}: {error}"
        if fetch.attempts < settings.CROSSCHECK_MAX_ATTEMPTS:
            _fetch_set(fetch, Fetch.Status.QUEUED, f"{message} (attempt {fetch.attempts}, will retry)")
            _enqueue_fetch(fetch.id, countdown=30 * 2**fetch.attempts)
        else:
            _fetch_set(fetch, Fetch.Status.FAILED, message)
        return fetch
    _fetch_set(fetch, Fetch.Status.DONE, "", article=result.article)
    return fetch


def _fetch_set(fetch: Fetch, status: str, error: str, article: Article | None = None) -> None:
    fetch.status, fetch.error, fetch.article = status, error[:2000], article or fetch.article
    Fetch.objects.filter(id=fetch.id).update(
        status=status, error=fetch.error, article=fetch.article, status_changed_at=timezone.now()
    )
