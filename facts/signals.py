"""What facts/ tells the later stages (review/, webhooks/), which it does not import."""
from django.dispatch import Signal

# Sent with `check_id` whenever a check is saved as a mismatch (conflict or updated): review/
# opens a review for it if it has none, and announces a new one.
mismatch_saved = Signal()
# Sent once per batch of checks saved (an article's cross-checking) with `check_ids`, those of
# them that are mismatches: review/ opens the reviews in bulk and announces the new ones together.
mismatches_saved = Signal()
