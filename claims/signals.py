"""What claims/ tells the later stages, which it does not import."""
from django.dispatch import Signal

# Sent with `claim_ids` before those claims are deleted (re-extraction, a deleted article):
# facts/ drops the checks they take part in.
claims_deleting = Signal()
