"""Checks: the comparison of a claim with the claims that state the same fact."""
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
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        db_table = "claims_check"  # moved from claims/ with its table
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()}: {self.explanation}"

    @property
    def is_mismatch(self) -> bool:
        return self.verdict in (self.Verdict.CONFLICT, self.Verdict.UPDATED)
