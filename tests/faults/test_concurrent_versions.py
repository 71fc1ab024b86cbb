"""Newsroom tools submitting different texts at one new URL at the same moment, on PostgreSQL:
the versions form one chain (one first version, each later one pointing at the one before), not
parallel histories cross-checked as independent sources."""
import threading

import pytest
from django.db import connection

from sources.models import Article
from sources.services import article_ingest

pytestmark = [pytest.mark.faults]
SUBMITTERS = 10


def versions_of(url: str) -> list[Article]:
    return list(Article.objects.filter(url=url).order_by("id"))


def test_ten_texts_at_one_new_url_at_once_make_one_version_chain(broker):
    # `broker`: the processing each version queues goes to Redis (no worker takes it), so the
    # submitters race on ingestion alone, each on its own database connection.
    assert connection.vendor == "postgresql"
    url = "https://ledger.example/live/floods-latest"
    start = threading.Barrier(SUBMITTERS)
    stored, errors = [], []

    def submit(n: int) -> None:
        try:
            start.wait(timeout=30)
            text = (f"At least {40 + n} people were killed in the floods in the north, officials said in "
                    f"update number {n}. Rescue teams reached {n + 3} villages cut off by the water.")
            stored.append(article_ingest(raw=text, outlet="Ledger", url=url).article.id)
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(SUBMITTERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert len(set(stored)) == SUBMITTERS

    chain = versions_of(url)
    assert len(chain) == SUBMITTERS
    firsts = [a.id for a in chain if a.previous_version_id is None]
    assert len(firsts) == 1, f"{len(firsts)} articles at one URL have no previous version"
    # Each version has one next version at most: following the links visits every one in order.
    by_previous = {a.previous_version_id: a for a in chain}
    assert len(by_previous) == SUBMITTERS
    walked, at = [], firsts[0]
    while at is not None:
        walked.append(at)
        at = by_previous[at].id if at in by_previous else None
    assert walked == [a.id for a in chain]
    # All are one story: the later versions are copies of the first, never rival sources.
    assert {a.copy_of_id for a in chain[1:]} == {firsts[0]}
