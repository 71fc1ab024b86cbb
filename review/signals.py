"""What review/ tells the later stages (webhooks/), which it does not import."""
from django.dispatch import Signal

# Sent with `check_id` when a review opens for a new mismatch.
mismatch_opened = Signal()
# Sent with `check_ids` when reviews open for new mismatches saved together (one article's
# checks): webhooks read their subscriptions once for all of them.
mismatches_opened = Signal()
# Sent with `check_id` after an editor changed a review.
review_changed = Signal()
# Sent with `decision_id` after an editor's decision about a claim was committed.
decision_made = Signal()
# Sent with `claim_review_id` after a ClaimReview was published.
claimreview_published = Signal()
