from django.conf import settings
from django.db import models
from django.db.models import F, Q

from sources.models import Article


class Claim(models.Model):
    """A checkable number or date in an article, read with its hedge, unit, subject and source.

    Numbers live in `value` / `low` / `high`; dates in `date_value` (ISO at the precision known)
    and `date_low` / `date_high` (the calendar interval). The API joins the two into the contract's
    `value` / `low` / `high`.
    """

    class Kind(models.TextChoices):
        COUNT = "count"
        DATE = "date"
        DURATION = "duration"
        MEASURE = "measure"
        MONEY = "money"
        PERCENT = "percent"

    class Qualifier(models.TextChoices):
        EXACT = "exact"
        APPROXIMATE = "approximate"
        AT_LEAST = "at_least", "at least"
        MORE_THAN = "more_than", "more than"
        AT_MOST = "at_most", "at most"
        LESS_THAN = "less_than", "less than"
        RANGE = "range"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    quote = models.CharField(max_length=300)
    sentence = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    value = models.FloatField(null=True, blank=True)
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)
    date_value = models.CharField(max_length=25, blank=True)
    date_low = models.DateField(null=True, blank=True)
    date_high = models.DateField(null=True, blank=True)
    qualifier = models.CharField(max_length=12, choices=Qualifier.choices, default="exact")
    unit = models.CharField(max_length=20, blank=True)
    # The SI form of measures and durations, so "60 km" and "40 miles" compare.
    si_value = models.FloatField(null=True, blank=True)
    si_low = models.FloatField(null=True, blank=True)
    si_high = models.FloatField(null=True, blank=True)
    si_unit = models.CharField(max_length=10, blank=True)

    subject = models.CharField(max_length=200, blank=True)
    predicate = models.CharField(max_length=100, blank=True)
    attributed_to = models.CharField(max_length=200, blank=True)
    places = models.JSONField(default=list, blank=True)
    refers_start = models.DateField(null=True, blank=True)
    refers_end = models.DateField(null=True, blank=True)
    running_total = models.BooleanField(default=False)
    paragraph = models.PositiveIntegerField(default=0)
    role = models.CharField(max_length=10, blank=True, help_text="part, total or share of a sum")
    # Normalised "what fact is this": candidates for a cross-check are found by equality on it.
    fact_key = models.CharField(max_length=200, db_index=True)

    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article_id", "start"]
        constraints = [
            models.UniqueConstraint(fields=["article", "start", "end"], name="claim_unique_span"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="claim_span_not_empty"),
        ]
        indexes = [models.Index(fields=["fact_key", "kind", "low", "high"])]

    def __str__(self) -> str:
        return f"{self.quote} ({self.kind}, {self.subject or '?'})"


class ClaimPlace(models.Model):
    """A place a claim is about, with the claim's fact key: candidates for a cross-check are
    found by one indexed lookup on (fact key, kind, place), whatever the size of the store."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="place_rows")
    fact_key = models.CharField(max_length=200)
    kind = models.CharField(max_length=10)
    place = models.CharField(max_length=200, help_text="case-folded")

    class Meta:
        indexes = [models.Index(fields=["fact_key", "kind", "place"])]
        constraints = [models.UniqueConstraint(fields=["claim", "place"], name="claim_place_unique")]


class Check(models.Model):
    """The comparison of a claim with one or more others.

    Pair checks compare two claims of different articles; `claim` is the higher id so that a pair
    has one row whichever article arrived first. Sum and conversion checks compare a claim with
    others of its own article ("10 ... six other ... the total to 16")."""

    class Verdict(models.TextChoices):
        CONSISTENT = "consistent"
        CONFLICT = "conflict"
        UPDATED = "updated"

    class Type(models.TextChoices):
        PAIR = "pair", "across articles"
        SUM = "sum", "parts and total"
        CONVERSION = "conversion", "unit conversion"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="checks")
    others = models.ManyToManyField(Claim, related_name="checked_against")
    check_type = models.CharField(max_length=10, choices=Type.choices, default=Type.PAIR)
    # "pair:<claim>:<other>" or "sum:<total>:<part>,<part>": unique, so a re-run never duplicates.
    key = models.CharField(max_length=255, unique=True)
    verdict = models.CharField(max_length=10, choices=Verdict.choices, db_index=True)
    score = models.FloatField()
    explanation = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()}: {self.explanation}"

    @property
    def is_mismatch(self) -> bool:
        return self.verdict in (self.Verdict.CONFLICT, self.Verdict.UPDATED)


class Review(models.Model):
    """An editor's decision on a check. Every change is kept in ReviewEvent."""

    class Status(models.TextChoices):
        OPEN = "open"
        CONFIRMED = "confirmed"
        DISMISSED = "dismissed"
        RESOLVED = "resolved"

    check_obj = models.OneToOneField(
        Check, on_delete=models.CASCADE, related_name="review", db_column="check_id"
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    note = models.TextField(blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.get_status_display()} review of check {self.check_obj_id}"


class ReviewEvent(models.Model):
    """One change to a review: who, when, what. Never edited, never deleted with the check."""

    review = models.ForeignKey(Review, null=True, on_delete=models.SET_NULL, related_name="events")
    check_key = models.CharField(max_length=255, help_text="The check's key, kept if it is deleted.")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
