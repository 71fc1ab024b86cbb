"""What claims/ tells the later stages, which it does not import."""
from django.dispatch import Signal

# Sent with `claim_ids` before those claims are deleted (re-extraction, a deleted article):
# facts/ drops the checks they take part in.
claims_deleting = Signal()
# Sent with `article_id` after an article's claims were stored (extracted or extracted again):
# review/ re-attaches the decisions of claims that were deleted and found again.
claims_stored = Signal()
