"""RSS and Atom subscriptions: polling a feed queues each new item once.

Which feeds are due is decided here, not by one beat entry per feed: the beat task
`workers.ingest_tasks.poll_due_feeds` runs every minute (a django_celery_beat PeriodicTask created by
migration 0004, editable in the admin) and polls each enabled feed whose `poll_every_minutes` has
passed since its last poll, so an editor changes a feed's interval on the feed itself."""
from __future__ import annotations

import datetime as dt
import logging

import feedparser
from django.db import IntegrityError, transaction
from django.utils import timezone

from sources import fetching
from sources.fetching import FEED_TYPES, HTML_TYPES, TEXT_TYPES, FetchError
from sources.models import Feed, Fetch
from sources.services import IngestError, fetch_submit

log = logging.getLogger(__name__)


def feeds_due(*, now: dt.datetime | None = None) -> list[int]:
    """Claim the feeds whose interval is up, each with a compare-and-set on `last_polled_at`, so
    that two beats (or a beat and an editor's "poll now") never poll one feed twice."""
    now = now or timezone.now()
    claimed = []
    for feed_id, last, minutes in Feed.objects.filter(enabled=True).values_list(
        "id", "last_polled_at", "poll_every_minutes"
    ):
        if last is not None and last + dt.timedelta(minutes=max(1, minutes)) > now:
            continue
        if Feed.objects.filter(id=feed_id, last_polled_at=last).update(last_polled_at=now):
            claimed.append(feed_id)
    return claimed


def feed_poll(*, feed_id: int) -> list[Fetch]:
    """Read the feed and queue a fetch for each item not seen before (by GUID, else by link).
    Returns the new items; a second poll of an unchanged feed returns none. The unique
    (feed, item_key) constraint keeps an item single even when two polls overlap.

    Raises FetchError (recorded on the feed as `last_error`) when the feed cannot be read."""
    feed = Feed.objects.select_related("outlet").get(id=feed_id)
    feed.last_polled_at = timezone.now()
    try:
        fetched = fetching.fetch(feed.url, accept=FEED_TYPES + HTML_TYPES + TEXT_TYPES)
        parsed = feedparser.parse(
            fetched.data,
            response_headers={"content-type": fetched.content_type + (f"; charset={fetched.charset}" if fetched.charset else "")},
        )
        if parsed.bozo and not parsed.entries:
            raise FetchError(f"{feed.url} is not a readable RSS or Atom feed ({parsed.get('bozo_exception')})")
    except FetchError as error:
        feed.last_error = str(error)[:2000]
        feed.save(update_fields=["last_polled_at", "last_error"])
        raise
    feed.title = feed.title or (parsed.feed.get("title") or "")[:300]
    feed.last_error = ""
    feed.save(update_fields=["last_polled_at", "last_error", "title"])

    new: list[Fetch] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        key = (entry.get("id") or link).strip()
        if not link or not key or key in seen:
            continue
        seen.add(key)
        if Fetch.objects.filter(feed=feed, item_key=key[:1000]).exists():
            continue
        try:
            with transaction.atomic():
                new.append(fetch_submit(
                    # The feed's own GUID and title, cut to their columns (the link is checked whole).
                    url=link, outlet=feed.outlet.name if feed.outlet else "", feed=feed, item_key=key[:1000],
                    title=(entry.get("title") or "")[:500], published=_entry_date(entry),
                ))
        except IntegrityError:
            continue  # another poll recorded it first
        except IngestError as error:
            log.warning("feed %s: item %r skipped: %s", feed.id, link[:200], error)
    return new


def _entry_date(entry) -> dt.date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    try:
        return dt.date(*parsed[:3])
    except (TypeError, ValueError):
        return None
