"""facts/ listening to the stage before it. Each receiver only calls a service."""
from claims.models import Claim
from claims.signals import claims_deleting
from facts.services import checks_drop_for_claims


def _claims_deleting(sender, *, claim_ids, **_):
    checks_drop_for_claims(claim_ids=claim_ids)


def connect() -> None:
    claims_deleting.connect(_claims_deleting, sender=Claim, dispatch_uid="facts.claims_deleting")
