"""A lock per fact key and place for the length of a transaction, so that two articles founding
facts of the same keys at the same moment take turns. Without it each inserts one key's fact and
then waits on the other's uncommitted insert of the next (the unique key and number of facts)
until PostgreSQL breaks the deadlock and one article is retried after a backoff."""
from __future__ import annotations

import hashlib

from django.db import connection

# The first key of PostgreSQL's two-key advisory locks: which kind of thing is locked.
FACT_KEY = 0x464B4559  # "FKEY"


def founding_locks(keys: set[tuple[str, str, str]]) -> None:
    """Hold the lock of each (kind, fact key, place key) until the current transaction ends
    (call it inside one), taken in one order by every caller so that two callers never hold one
    each and wait for the other's."""
    if connection.vendor != "postgresql" or not keys:
        return
    # Signed 32-bit keys: two keys sharing one only wait for each other.
    numbers = sorted({int.from_bytes(hashlib.sha256("\x1f".join(key).encode()).digest()[:4], "big", signed=True)
                      for key in keys})
    with connection.cursor() as cursor:
        # unnest yields the sorted array in order, so the locks are taken in that order.
        cursor.execute("SELECT pg_advisory_xact_lock(%s, number) FROM unnest(%s::int[]) AS number", [FACT_KEY, numbers])
