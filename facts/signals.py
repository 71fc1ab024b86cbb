"""What facts/ tells the later stages (review/, webhooks/), which it does not import."""
from django.dispatch import Signal

# Sent with `check_id` whenever a check is saved as a mismatch (conflict or updated): review/
# opens a review for it if it has none, and announces a new one.
mismatch_saved = Signal()
