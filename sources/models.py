from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from workbench.platform.models import ApiClient


class Outlet(models.Model):
    """Who published an article (not who said a figure: that is a claim's `attributed_to`)."""

    name = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        EXTRACTING = "extracting", "Extracting claims"
        EXTRACTED = "extracted", "Claims extracted"
        CHECKING = "checking", "Cross-checking"
        PROCESSED = "processed", "Processed"
        SKIPPED = "skipped", "Not processed"
        FAILED = "failed", "Failed"

    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="articles")
    url = models.URLField(max_length=1000, blank=True, db_index=True)
    headline = models.CharField(max_length=500, blank=True)
    author = models.CharField(max_length=300, blank=True)
    site_name = models.CharField(max_length=200, blank=True, help_text="As the page names its site.")
    published = models.DateField(null=True, blank=True, db_index=True)
    language = models.CharField(max_length=16, default="en")
    # The news agency behind the story (AFP, Reuters...): copies of one wire story are one source.
    wire = models.CharField(max_length=100, blank=True)
    # The first printing of the same story by another outlet (sources/syndication.py): copies are
    # one source, so their claims never confirm or contradict each other.
    copy_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    # The earlier text at the same URL: an edited page is a new version, both are kept.
    previous_version = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_versions"
    )
    input_format = models.CharField(max_length=10, default="text")
    encoding = models.CharField(max_length=40, blank=True, help_text="How the input bytes were decoded.")
    extractor = models.CharField(max_length=20, blank=True, help_text="What took the article out of the page.")
    raw = models.TextField(help_text="The input exactly as received.")
    body = models.TextField(help_text="The cleaned article text that claims point into.")
    content_hash = models.CharField(max_length=64, unique=True)

    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    status_changed_at = models.DateTimeField(auto_now_add=True)
    # The worker process that took the current step (a WorkerBeat name; blank in-process): the
    # sweeper recovers the step as soon as that worker stops beating.
    taken_by = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    # Paragraphs extraction could not read (a failure, a runaway, a data dump): the article is
    # processed without them, and editors are told. `reading_errors` says which and why.
    unread_paragraphs = models.PositiveIntegerField(default=0)
    reading_errors = models.JSONField(default=list, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published", "-id"]
        indexes = [models.Index(fields=["status", "status_changed_at"])]

    def __str__(self) -> str:
        return self.headline or self.url or f"Article {self.pk}"

    @property
    def unread_note(self) -> str:
        """What editors are told about paragraphs that could not be read ('' if none)."""
        n = self.unread_paragraphs
        if not n:
            return ""
        return f"{n} paragraph{'s' if n != 1 else ''} could not be read"

    @property
    def story_id(self) -> int:
        """The same for every printing of one story."""
        return self.copy_of_id or self.id


class ArticleBand(models.Model):
    """One band of an article's MinHash signature: articles sharing a band may be copies."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bands")
    band = models.CharField(max_length=40, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "band"], name="article_band_unique")]


class Feed(models.Model):
    """An RSS or Atom subscription, polled every `poll_every_minutes` by the beat task
    `workers.ingest_tasks.poll_due_feeds` (itself a django_celery_beat PeriodicTask)."""

    url = models.URLField(max_length=1000, unique=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="feeds",
                               help_text="Leave empty to use each page's own site name.")
    title = models.CharField(max_length=300, blank=True)
    enabled = models.BooleanField(default=True)
    poll_every_minutes = models.PositiveIntegerField(
        default=30, validators=[MinValueValidator(1)], help_text="How often to look for new items."
    )
    # Also the compare-and-set token that lets one beat, not two, poll a feed that is due.
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "url"]

    def __str__(self) -> str:
        return self.title or self.url


class Fetch(models.Model):
    """One URL to fetch and ingest: submitted through the API or found in a feed. A feed item is
    fetched once: (feed, item_key) is unique, the key being the entry's GUID or else its link."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        FETCHING = "fetching", "Fetching"
        DONE = "done", "Ingested"
        FAILED = "failed", "Failed"

    url = models.URLField(max_length=1000)
    outlet = models.CharField(max_length=200, blank=True)
    feed = models.ForeignKey(Feed, null=True, blank=True, on_delete=models.CASCADE, related_name="items")
    item_key = models.CharField(max_length=1000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    published = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)
    taken_by = models.CharField(max_length=200, blank=True)  # as on Article
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="fetches")
    # Who asked for it (none for a feed item): a client reads only its own fetches, since a URL
    # submitted for checking may be unpublished or embargoed. Staff read all of them.
    client = models.ForeignKey(ApiClient, null=True, blank=True, on_delete=models.SET_NULL, related_name="fetches")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="fetches"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["feed", "item_key"], condition=models.Q(feed__isnull=False), name="feed_item_once"
            )
        ]

    def __str__(self) -> str:
        return self.title or self.url


class WorkerBeat(models.Model):
    """A worker process that is alive: each one updates its row every few seconds while it runs
    (sources/heartbeat.py), busy or not. Work taken by a process whose beat has stopped (killed,
    out of memory, its machine gone) is recovered by the sweeper at once, without waiting the
    full stale time meant for slow work of a live worker."""

    name = models.CharField(max_length=200, unique=True)  # host:pid:start
    beat_at = models.DateTimeField(db_index=True)
    started_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name
