"""Background steps of ingestion from the web: fetching URLs, polling feeds, flagging silent edits.
Thin: each task takes ids and calls a service in sources/ that claims its work with a conditional
UPDATE, so a duplicate delivery does nothing.

Registered with the queue by `workers.apps`; the beat entry for `poll_due_feeds` is a django_celery_beat PeriodicTask
(migration sources 0004)."""
from __future__ import annotations

import logging

from celery import shared_task
from django.db import DatabaseError

from claims.versions import article_compare_versions
from sources.feeds import feed_poll, feeds_due
from sources.fetching import FetchError
from sources.services import fetch_run
from workbench.queue import enqueue

log = logging.getLogger(__name__)


@shared_task(
    name="workers.ingest_tasks.fetch_url",
    autoretry_for=(DatabaseError,), retry_backoff=True, retry_jitter=True, max_retries=5,
)
def fetch_url(fetch_id: int) -> None:
    """Fetch one queued URL and ingest it (its retries are queued by the service)."""
    fetch_run(fetch_id=fetch_id)


@shared_task(name="workers.ingest_tasks.poll_feed", autoretry_for=(DatabaseError,), max_retries=3)
def poll_feed(feed_id: int) -> int:
    """Poll one feed; new items are fetched by fetch_url. The error stays on the feed for editors,
    and the next poll is the retry."""
    try:
        return len(feed_poll(feed_id=feed_id))
    except FetchError as error:
        log.warning("feed %s not polled: %s", feed_id, error)
        return 0


@shared_task(name="workers.ingest_tasks.poll_due_feeds")
def poll_due_feeds() -> int:
    """Run by beat every minute: queue a poll of each feed whose own interval is up."""
    due = feeds_due()
    for feed_id in due:
        enqueue("poll_feed", feed_id)
    return len(due)


@shared_task(
    bind=True, name="workers.ingest_tasks.compare_versions",
    autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5,
)
def compare_versions(self, article_id: int) -> int:
    """Flag the figures changed against the previous version, once both have their claims. Queued
    when a new version is stored; waits (a bounded number of times) for its extraction."""
    found = article_compare_versions(article_id=article_id)
    if found is None:
        if self.request.is_eager:
            return 0  # in-process, extraction either ran already or failed; nothing to wait for
        raise self.retry(countdown=30, max_retries=40)
    return len(found)

# Steps the stages queue by name (workbench.queue).
QUEUED = ("fetch_url", "poll_feed", "compare_versions")
