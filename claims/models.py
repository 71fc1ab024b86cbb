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
    places_from = models.CharField(
        max_length=12, blank=True,
        help_text="where the places were read: figure (its own), sentence, before (the sentence before), article; "
                  "employer: the company whose jobs the figure counts; "
                  "organisation: no place is named, these are the organisations named instead",
    )
    refers_start = models.DateField(null=True, blank=True)
    refers_end = models.DateField(null=True, blank=True)
    running_total = models.BooleanField(default=False)
    paragraph = models.PositiveIntegerField(default=0)
    role = models.CharField(max_length=10, blank=True, help_text="part, total or share of a sum")
    event = models.CharField(max_length=100, blank=True, help_text='the event its sentence names: "earthquake", "hurricane Maria"')
    scope = models.CharField(max_length=20, blank=True, help_text="forecast, only, across, part of day, increment, part of place: not the figure it otherwise reads as")
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


class Correction(models.Model):
    """An editor's correction of a claim: every field changed with its value before and after,
    the reason, who and when. Never edited; kept if the claim goes (with the claim's place)."""

    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="corrections")
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    quote = models.CharField(max_length=300)
    # {"field": {"before": ..., "after": ...}}, dates as ISO strings.
    changes = models.JSONField(default=dict)
    reason = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.quote}: {', '.join(sorted(self.changes))}"


class ClaimPlace(models.Model):
    """A place a claim is about, with the claim's fact key and its generalisations: candidates
    for a cross-check are found by one indexed lookup on (fact key, kind, place), whatever the
    size of the store."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="place_rows")
    fact_key = models.CharField(max_length=200)
    kind = models.CharField(max_length=10)
    place = models.CharField(max_length=200, help_text="case-folded")

    class Meta:
        # The newest claims first within each (fact key, kind, place): the recent candidates of a
        # claim are an index range, also at a place holding 300,000 claims of one key.
        indexes = [models.Index(fields=["fact_key", "kind", "place", "-claim_id"], name="claimplace_recent")]
        # One row per place and per variant of the claim's key (see claims.nlp.reading.key_variants).
        constraints = [models.UniqueConstraint(fields=["claim", "fact_key", "place"], name="claim_place_key_unique")]


class EditedFigure(models.Model):
    """A figure that changed between two versions of the article at one URL: a silent edit."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="edited_figures")
    previous_article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    previous_claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10)
    subject = models.CharField(max_length=200, blank=True)
    quote_before = models.CharField(max_length=300)
    quote_after = models.CharField(max_length=300)
    sentence_before = models.TextField()
    sentence_after = models.TextField()
    start = models.PositiveIntegerField(help_text="Offset of the new figure in the new version's body.")
    end = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "sources_editedfigure"  # moved from sources/ with its table
        ordering = ["article", "start"]
        constraints = [models.UniqueConstraint(fields=["article", "start"], name="edited_figure_once")]

    def __str__(self) -> str:
        return f"{self.quote_before} → {self.quote_after}"
