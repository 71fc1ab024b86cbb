"""Two articles founding facts of the same keys at once take turns instead of deadlocking."""
from __future__ import annotations

import pytest
from django.db import connection, transaction

from facts.locks import FACT_KEY, founding_locks

# The locks last as long as a real transaction: not inside the one a test otherwise runs in.
pytestmark = pytest.mark.django_db(transaction=True)


def _held() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s "
                       "AND pid = pg_backend_pid() AND granted", [FACT_KEY])
        return cursor.fetchone()[0]


def test_the_founding_locks_of_an_articles_keys_are_held_until_its_transaction_ends():
    if connection.vendor != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's (SQLite has one writer at a time)")
    keys = {("count", "count|people|kill", "nepal"), ("count", "count|people|injure", "nepal")}
    with transaction.atomic():
        founding_locks(keys)
        founding_locks(keys)  # taken again by the same transaction: no wait
        assert _held() == 2
    assert _held() == 0
