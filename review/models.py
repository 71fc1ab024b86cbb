"""Editors' decisions on mismatches, and their history."""
from django.conf import settings
from django.db import models

from facts.models import Check


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

    class Meta:
        db_table = "claims_review"  # moved from claims/ with its table

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
        db_table = "claims_reviewevent"  # moved from claims/ with its table
        ordering = ["-at", "-id"]
