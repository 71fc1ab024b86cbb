"""Checks: the comparison of a claim with the claims that state the same fact."""
from django.conf import settings
from django.db import models

from claims.models import Claim


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
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "claims_check"  # moved from claims/ with its table
        ordering = ["-updated_at", "-id"]
        # Polling (`checks/?updated_after=`, oldest change first) reads a range of this index.
        indexes = [models.Index(fields=["updated_at", "id"], name="check_updated")]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()}: {self.explanation}"

    @property
    def is_mismatch(self) -> bool:
        return self.verdict in (self.Verdict.CONFLICT, self.Verdict.UPDATED)


class Fact(models.Model):
    """One thing counted, dated or measured about one place, reported by many articles; the claims
    that state it are its members (each claim belongs to at most one fact). Maintained as claims
    are checked, so lists of facts are read from this table and paginated in SQL."""

    kind = models.CharField(max_length=10)
    fact_key = models.CharField(max_length=200)
    place = models.CharField(max_length=200, blank=True)
    place_key = models.CharField(max_length=200, blank=True, help_text="case-folded")
    # One key and place can hold several facts (the war's dead in Syria and the earthquake's):
    # the first is 0, each other founded beside it the next number.
    seq = models.PositiveSmallIntegerField(default=0)
    event = models.CharField(max_length=200, blank=True, help_text="the event, as its founding claim names it")
    about = models.CharField(max_length=300, blank=True, help_text="readable: what, where, when")
    unit = models.CharField(max_length=20, blank=True)
    event_date = models.DateField(null=True, blank=True)
    consensus_low = models.FloatField(null=True, blank=True)
    consensus_best = models.FloatField(null=True, blank=True)
    consensus_high = models.FloatField(null=True, blank=True)
    outliers = models.JSONField(default=list, blank=True)
    articles = models.PositiveIntegerField(default=0)
    outlets = models.PositiveIntegerField(default=0)
    # An editor merged this fact into another: it keeps no members, and a claim that would
    # found or join it again goes to the fact it was merged into (facts/editing.py).
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged")
    # Kept with `articles` and `outlets` by what each resolution changed (facts.writes), so a
    # fact of 300,000 claims is never counted again.
    claims_total = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-articles", "-updated_at", "id"]
        constraints = [models.UniqueConstraint(fields=["kind", "fact_key", "place_key", "seq"], name="fact_unique_key_seq")]
        indexes = [
            models.Index(fields=["articles", "updated_at"]),
            # The API's facts list (reported by two articles or more, in its order): a page at any
            # depth is a range of this index, and its count an index-only scan.
            models.Index(fields=["-articles", "-updated_at", "id"], name="fact_list", condition=models.Q(articles__gte=2)),
        ]

    def __str__(self) -> str:
        return self.about or f"{self.fact_key} · {self.place}"


class FactClaim(models.Model):
    """A claim's membership of its fact. One an editor placed ("not this fact", a merge) is kept
    when the claim is resolved again: resolution does not move it back."""

    fact = models.ForeignKey(Fact, on_delete=models.CASCADE, related_name="members")
    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="fact_membership")
    joined_at = models.DateTimeField(auto_now_add=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    placed_at = models.DateTimeField(null=True, blank=True)
    placed_note = models.TextField(blank=True)

    @property
    def placed(self) -> bool:
        return self.placed_at is not None

    class Meta:
        indexes = [
            # A fact's newest members (its consensus window) and its first claims by id (the
            # facts list): ranges of these, also for a fact of 300,000 claims.
            models.Index(fields=["fact", "-id"], name="factclaim_recent"),
            models.Index(fields=["fact", "claim"], name="factclaim_claims"),
        ]
