"""What sources/ tells the later stages, which it does not import."""
from django.dispatch import Signal

# Sent with `article_id` when an article has gone through the whole pipeline (webhooks/ announce
# it), inside the transaction that marks it processed.
article_processed = Signal()

# Sent with `article_id` when an article is marked failed: claims/ drops the claims an earlier
# step stored (those an editor corrected stay), so a failed article is never compared.
article_failed = Signal()
