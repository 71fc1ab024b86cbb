"""Writes for review/: editors' decisions on mismatches and their history."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from facts.models import Check
from review.models import Review, ReviewEvent
from review.signals import review_changed


class ReviewError(ValueError):
    """A review change that is not allowed (unknown status, a check that is not a mismatch)."""


@transaction.atomic
def review_resolve(*, check_id: int, status: str, note: str = "", actor=None) -> Review:
    """Set the review of a check (open, confirmed, dismissed, resolved) with a note; the change is
    kept in the history with who and when."""
    if status not in Review.Status.values:
        raise ReviewError(f"unknown review status {status!r}: use one of {', '.join(Review.Status.values)}")
    check = Check.objects.select_for_update().get(id=check_id)
    if not check.is_mismatch:
        raise ReviewError(f"check {check_id} is {check.verdict}: only mismatches are reviewed")
    review, _ = Review.objects.select_for_update().get_or_create(check_obj=check)
    previous = review.status
    review.status = status
    review.note = note
    review.reviewer = actor
    review.reviewed_at = timezone.now()
    review.save()
    ReviewEvent.objects.create(
        review=review, check_key=check.key, action="review", from_status=previous,
        to_status=status, note=note, actor=actor,
    )
    review_changed.send(sender=Review, check_id=check.id)
    return review


@transaction.atomic
def review_assign(*, check_id: int, assignee, actor=None) -> Review:
    check = Check.objects.select_for_update().get(id=check_id)
    review, _ = Review.objects.select_for_update().get_or_create(check_obj=check)
    review.assigned_to = assignee
    review.save(update_fields=["assigned_to"])
    ReviewEvent.objects.create(
        review=review, check_key=check.key, action="assign", from_status=review.status,
        to_status=review.status, note=f"assigned to {assignee}" if assignee else "unassigned",
        actor=actor,
    )
    return review


def review_open(*, check_id: int) -> bool:
    """Open a review for a mismatch that has none. True if one was opened now."""
    return Review.objects.get_or_create(check_obj_id=check_id)[1]
