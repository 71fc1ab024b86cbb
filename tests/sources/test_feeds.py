"""RSS and Atom subscriptions polled from a local server: new items fetched once."""
import datetime as dt

import pytest
from django.utils import timezone

from sources.feeds import feed_poll, feeds_due
from sources.fetching import FetchError
from sources.models import Article, Feed, Fetch, Outlet
from workers.ingest_tasks import poll_due_feeds

pytestmark = pytest.mark.django_db


def story(n: int) -> str:
    return (f"<html lang='en'><head><title>Story {n}</title></head><body><nav>Home | World</nav><article>"
            f"<p>Officials said on Monday that {n * 10} people were killed in attack number {n}, and that "
            f"the toll could rise as rescuers reach the area.</p></article></body></html>")


def rss(site, items) -> str:
    entries = "".join(
        f"<item><title>Story {n}</title><link>{site.url(f'/story/{n}')}</link><guid>urn:story:{n}</guid>"
        f"<pubDate>Mon, 0{n} Feb 2020 10:00:00 GMT</pubDate></item>" for n in items
    )
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Ledger World</title>"
            f"<link>{site.base}</link>{entries}</channel></rss>")


def atom(site, items) -> str:
    entries = "".join(
        f"<entry><title>Story {n}</title><link href='{site.url(f'/story/{n}')}'/><id>tag:ledger,2020:{n}</id>"
        f"<updated>2020-02-0{n}T10:00:00Z</updated></entry>" for n in items
    )
    return ("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>Ledger Atom</title><id>tag:ledger,2020:feed</id><updated>2020-02-03T10:00:00Z</updated>{entries}</feed>")


@pytest.mark.parametrize("kind, content_type", [(rss, "application/rss+xml"), (atom, "application/atom+xml")])
def test_a_feed_polled_twice_adds_its_items_once(site, allow_private, django_capture_on_commit_callbacks,
                                                 kind, content_type):
    for n in (1, 2, 3):
        site.page(f"/story/{n}", story(n))
    feed_url = site.page("/feed.xml", kind(site, [1, 2, 3]), content_type=content_type)
    feed = Feed.objects.create(url=feed_url, outlet=Outlet.objects.create(name="Ledger"))

    with django_capture_on_commit_callbacks(execute=True):
        first = feed_poll(feed_id=feed.id)
    assert len(first) == 3
    assert set(Fetch.objects.values_list("status", flat=True)) == {Fetch.Status.DONE}
    articles = Article.objects.order_by("url")
    assert [a.headline for a in articles] == ["Story 1", "Story 2", "Story 3"]
    assert {a.outlet.name for a in articles} == {"Ledger"}
    assert articles[0].published == dt.date(2020, 2, 1)
    assert all("Home | World" not in a.body for a in articles)

    with django_capture_on_commit_callbacks(execute=True):
        second = feed_poll(feed_id=feed.id)
    assert second == []
    assert Article.objects.count() == 3 and Fetch.objects.count() == 3
    assert all(site.hits[f"/story/{n}"] == 1 for n in (1, 2, 3))
    feed.refresh_from_db()
    assert feed.title and feed.last_polled_at and feed.last_error == ""


def test_a_new_item_in_the_feed_is_the_only_one_fetched(site, allow_private, django_capture_on_commit_callbacks):
    for n in (1, 2):
        site.page(f"/story/{n}", story(n))
    feed = Feed.objects.create(url=site.page("/feed.xml", rss(site, [1]), content_type="application/rss+xml"))
    with django_capture_on_commit_callbacks(execute=True):
        feed_poll(feed_id=feed.id)
    site.page("/feed.xml", rss(site, [2, 1]), content_type="application/rss+xml")
    with django_capture_on_commit_callbacks(execute=True):
        new = feed_poll(feed_id=feed.id)
    assert [f.url for f in new] == [site.url("/story/2")]
    assert Article.objects.count() == 2


def test_a_broken_feed_is_reported_on_the_feed(site, allow_private):
    feed = Feed.objects.create(url=site.page("/feed.xml", "<html><body>not a feed", content_type="text/html"))
    with pytest.raises(FetchError, match="not a readable RSS or Atom feed"):
        feed_poll(feed_id=feed.id)
    feed.refresh_from_db()
    assert "not a readable RSS or Atom feed" in feed.last_error
    assert Fetch.objects.count() == 0


def test_a_feed_is_due_when_its_own_interval_has_passed():
    now = timezone.now()
    never = Feed.objects.create(url="https://a.example/feed")
    fresh = Feed.objects.create(url="https://b.example/feed", poll_every_minutes=30, last_polled_at=now - dt.timedelta(minutes=10))
    stale = Feed.objects.create(url="https://c.example/feed", poll_every_minutes=5, last_polled_at=now - dt.timedelta(minutes=10))
    Feed.objects.create(url="https://d.example/feed", enabled=False)
    assert sorted(feeds_due(now=now)) == sorted([never.id, stale.id])
    # Claimed: a second beat at the same moment polls nothing.
    assert feeds_due(now=now) == []
    # An editor shortens the interval: due at once.
    Feed.objects.filter(id=fresh.id).update(poll_every_minutes=10)
    assert feeds_due(now=now) == [fresh.id]


def test_the_beat_task_polls_due_feeds(site, allow_private, django_capture_on_commit_callbacks):
    site.page("/story/1", story(1))
    Feed.objects.create(url=site.page("/feed.xml", rss(site, [1]), content_type="application/rss+xml"))
    with django_capture_on_commit_callbacks(execute=True):
        assert poll_due_feeds.delay().get() == 1
    assert Article.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert poll_due_feeds.delay().get() == 0


def test_feed_polling_is_scheduled_in_the_database():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="workers.ingest_tasks.poll_due_feeds")
    assert task.enabled and task.interval.every == 1 and task.interval.period == "minutes"
