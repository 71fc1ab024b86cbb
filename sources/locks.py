"""A lock per URL for the length of a transaction, so that versions of one page are stored one
after another: each reads the latest version and links to it. A row lock cannot do this for a
URL seen for the first time (there is no row to lock yet)."""
from __future__ import annotations

import hashlib

from django.db import connection

# The first key of PostgreSQL's two-key advisory locks: which kind of thing is locked.
ARTICLE_URL = 0x55524C  # "URL"


def url_lock(url: str) -> None:
    """Hold the URL's lock until the current transaction ends (call it inside one)."""
    if connection.vendor == "postgresql":
        # A signed 32-bit key from the URL: two URLs sharing a key only wait for each other.
        key = int.from_bytes(hashlib.sha256(url.encode()).digest()[:4], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [ARTICLE_URL, key])
    elif connection.vendor == "sqlite":
        # SQLite has one writer at a time: a write statement (matching nothing) takes the
        # database's write lock now, before the latest version is read, rather than at the insert.
        with connection.cursor() as cursor:
            cursor.execute("UPDATE sources_outlet SET id = id WHERE 0 = 1")
