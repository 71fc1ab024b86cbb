"""An input that crashes the extractor every time (test-only hook CROSSCHECK_FAULT_POISON: the
extractor raises on any text holding the marker)."""
import time

import pytest

from claims.models import Claim
from sources.models import Article
from tests.faults.conftest import article, queue_is_empty, wait_for, wait_until_settled

pytestmark = [pytest.mark.faults, pytest.mark.model]
MARKER = " POISON-PILL"


def test_an_input_that_always_crashes_fails_after_bounded_attempts_and_does_not_block_the_queue(workers, settings):
    workers.start(CROSSCHECK_FAULT_POISON=MARKER.strip(), CROSSCHECK_FAULT_BACKOFF_SCALE=0.3)
    poison = article(70, marker=MARKER).ingest()
    healthy = [article(n).ingest() for n in (71, 72)]

    settled = wait_until_settled([poison, *healthy], timeout=90)
    assert settled == {poison: "failed", healthy[0]: "processed", healthy[1]: "processed"}
    failed = Article.objects.get(id=poison)
    assert failed.attempts == settings.CROSSCHECK_MAX_ATTEMPTS
    assert "crashed on this input" in failed.error
    assert not Claim.objects.filter(article_id=poison).exists()
    # The healthy articles were not held up behind the poison's retries.
    done = Article.objects.filter(id__in=healthy).values_list("status_changed_at", flat=True)
    assert max(done) < failed.status_changed_at
    wait_for(queue_is_empty, timeout=15, what="an empty queue")
    time.sleep(2)
    assert Article.objects.get(id=poison).attempts == settings.CROSSCHECK_MAX_ATTEMPTS
