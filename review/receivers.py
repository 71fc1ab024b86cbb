"""review/ listening to the stages before it. Each receiver only calls a service."""
from claims.models import Claim
from claims.signals import claims_stored
from facts.models import Check
from facts.signals import mismatch_saved, mismatches_saved
from review.models import Review
from review.services import decisions_reattach, review_open, reviews_open
from review.signals import mismatch_opened, mismatches_opened


def _mismatch_saved(sender, *, check_id, **_):
    if review_open(check_id=check_id):
        mismatch_opened.send(sender=Review, check_id=check_id)


def _mismatches_saved(sender, *, check_ids, **_):
    opened = reviews_open(check_ids=check_ids)
    if opened:
        mismatches_opened.send(sender=Review, check_ids=opened)


def _claims_stored(sender, *, article_id, **_):
    decisions_reattach(article_id=article_id)


def connect() -> None:
    mismatch_saved.connect(_mismatch_saved, sender=Check, dispatch_uid="review.mismatch_saved")
    mismatches_saved.connect(_mismatches_saved, sender=Check, dispatch_uid="review.mismatches_saved")
    claims_stored.connect(_claims_stored, sender=Claim, dispatch_uid="review.claims_stored")
