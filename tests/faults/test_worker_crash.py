"""Workers that die: SIGKILL in the middle of extraction (a crashed machine, an OOM kill), and
SIGTERM during a deployment (a warm shutdown)."""
import signal

import pytest

from sources.models import Article
from tests.faults.conftest import (
    article,
    assert_same_as_in_process_run,
    queue_is_empty,
    wait_for,
    wait_until_settled,
    worker_in_transaction,
)
from workers.tasks import sweep_stalled

pytestmark = [pytest.mark.faults, pytest.mark.model]


def submit(numbers):
    return [article(n).ingest() for n in numbers]


def test_a_worker_killed_mid_extraction_leaves_one_set_of_claims_after_a_restart(workers):
    doomed = workers.start(CROSSCHECK_FAULT_SLOW_EXTRACT=30)
    ids = submit(range(6))
    # The worker holds the first article in an open transaction, its claims written, not committed.
    caught = wait_for(
        lambda: Article.objects.filter(id__in=ids, status=Article.Status.EXTRACTING).values_list("id", flat=True).first(),
        timeout=30, what="an article in extraction",
    )
    wait_for(worker_in_transaction, timeout=15, what="extraction in progress")
    doomed.kill()

    assert Article.objects.get(id=caught).status == Article.Status.EXTRACTING
    assert set(Article.objects.filter(id__in=ids).values_list("status", flat=True)) <= {"extracting", "received"}
    # The dead worker's messages sit unacknowledged in Redis until the visibility timeout; the
    # sweeper (run by `celery beat` in production) puts the work back in the queue.
    assert sweep_stalled(older_than_seconds=0) == len(ids)

    workers.start()
    settled = wait_until_settled(ids, timeout=90)
    assert set(settled.values()) == {"processed"}
    attempts = dict(Article.objects.filter(id__in=ids).values_list("id", "attempts"))
    assert attempts[caught] == 2 and all(attempts[i] == 1 for i in ids if i != caught), attempts
    assert_same_as_in_process_run()


def test_sigterm_during_extraction_finishes_the_task_and_runs_everything_once(workers):
    deploying = workers.start(CROSSCHECK_FAULT_SLOW_EXTRACT=3)
    ids = submit(range(10, 15))
    wait_for(
        lambda: Article.objects.filter(id__in=ids, status=Article.Status.EXTRACTING).exists(),
        timeout=30, what="an article in extraction",
    )
    deploying.stop(signal.SIGTERM)
    assert deploying.process.returncode == 0, deploying.output()[-2000:]
    # A warm shutdown finishes the task in hand and gives the rest back: nothing is left in a step.
    now = dict(Article.objects.filter(id__in=ids).values_list("id", "status"))
    assert not {"extracting", "checking"} & set(now.values()), now
    assert any(s != "received" for s in now.values()), now

    workers.start()  # the new release; no sweeper is needed after a clean shutdown
    settled = wait_until_settled(ids, timeout=90)
    assert set(settled.values()) == {"processed"}
    assert set(Article.objects.filter(id__in=ids).values_list("attempts", flat=True)) == {1}
    wait_for(queue_is_empty, timeout=10, what="an empty queue")
    assert_same_as_in_process_run()
