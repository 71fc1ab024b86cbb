"""review/ listening to the stage before it. Each receiver only calls a service."""
from facts.models import Check
from facts.signals import mismatch_saved
from review.models import Review
from review.services import review_open
from review.signals import mismatch_opened


def _mismatch_saved(sender, *, check_id, **_):
    if review_open(check_id=check_id):
        mismatch_opened.send(sender=Review, check_id=check_id)


def connect() -> None:
    mismatch_saved.connect(_mismatch_saved, sender=Check, dispatch_uid="review.mismatch_saved")
