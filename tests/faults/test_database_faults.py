"""A database error in the middle of a task. The fault is real: the test process ends the worker's
PostgreSQL backend with pg_terminate_backend() while the task holds an open transaction (a failover,
a restarted server, a killed connection). The worker sleeps inside its transaction (test-only hook
CROSSCHECK_FAULT_SLOW_*) so the test can find it there."""
import time

import pytest

from claims.models import Claim
from sources.models import Article
from tests.faults.conftest import (
    article,
    assert_same_as_in_process_run,
    queue_is_empty,
    terminate_worker_transactions,
    wait_for,
    wait_until_settled,
    worker_in_transaction,
)

pytestmark = [pytest.mark.faults, pytest.mark.model]
FAST_RETRIES = {"CROSSCHECK_FAULT_BACKOFF_SCALE": 0.05}


def terminate_in(status: str, article_id: int) -> None:
    """Wait until the worker holds the article in `status` inside a transaction, then kill its
    database connection."""
    wait_for(
        lambda: Article.objects.filter(id=article_id, status=status).exists() and worker_in_transaction(),
        timeout=30, what=f"the worker in a transaction in '{status}'",
    )
    assert terminate_worker_transactions() >= 1


def test_a_connection_lost_mid_extraction_is_retried_and_the_article_processed_once(workers):
    workers.start(CROSSCHECK_FAULT_SLOW_EXTRACT=1.5, **FAST_RETRIES)
    article_id = article(60).ingest()
    terminate_in("extracting", article_id)

    settled = wait_until_settled([article_id], timeout=60)
    assert settled == {article_id: "processed"}
    processed = Article.objects.get(id=article_id)
    assert processed.attempts == 2
    assert_same_as_in_process_run()


@pytest.mark.parametrize("step, slow", [("extracting", "CROSSCHECK_FAULT_SLOW_EXTRACT"), ("checking", "CROSSCHECK_FAULT_SLOW_CROSSCHECK")])
def test_a_database_error_on_every_attempt_ends_failed_after_bounded_attempts(workers, settings, step, slow):
    workers.start(**{slow: 1.5}, **FAST_RETRIES)
    article_id = article(61).ingest()
    terminated = 0
    # Kill the worker's connection in every attempt, until the article gives up.
    while True:
        state = wait_for(
            lambda: "failed" if Article.objects.get(id=article_id).status == "failed"
            else "in step" if Article.objects.filter(id=article_id, status=step).exists() and worker_in_transaction()
            else None,
            timeout=30, what=f"the worker in '{step}' or the article failed",
        )
        if state == "failed":
            break
        killed_in = Article.objects.get(id=article_id).attempts
        assert terminate_worker_transactions() >= 1
        terminated += 1
        assert terminated <= settings.CROSSCHECK_MAX_ATTEMPTS, "more attempts than the limit"
        # One kill an attempt: until the worker's bookkeeping of the failure (on a fresh
        # connection) moves the article out of the step, or the retry takes it again, a worker
        # transaction is that bookkeeping, not the step.
        wait_for(lambda: (now := Article.objects.get(id=article_id)).status != step or now.attempts > killed_in,
                 timeout=30, what=f"the killed attempt to leave '{step}'")

    failed = Article.objects.get(id=article_id)
    # An editor sees why, and the attempts stopped at the limit.
    assert failed.status == "failed"
    assert "OperationalError" in failed.error or "InterfaceError" in failed.error, failed.error
    assert failed.attempts == settings.CROSSCHECK_MAX_ATTEMPTS
    assert terminated == settings.CROSSCHECK_MAX_ATTEMPTS
    # No endless loop: nothing is queued for it and nothing changes any more.
    wait_for(queue_is_empty, timeout=15, what="an empty queue")
    time.sleep(2)
    assert Article.objects.get(id=article_id).attempts == settings.CROSSCHECK_MAX_ATTEMPTS
    assert Article.objects.get(id=article_id).status == "failed"

    # The database is fine again: the next article goes through.
    after = article(62).ingest()
    assert wait_until_settled([after], timeout=60) == {after: "processed"}
    assert Claim.objects.filter(article_id=after).exists()
