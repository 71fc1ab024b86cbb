"""Recovery without waiting the stale time: a worker killed with SIGKILL mid-step stops beating,
and the sweeper gives its work to a live worker as soon as the heartbeat times out; a fetch
submitted while the broker cannot be reached is stored, and the sweeper queues it."""
import os
import subprocess
import sys
import time

import pytest

from sources.models import Article, Fetch, WorkerBeat
from tests.conftest import ROOT, database_url
from tests.faults.conftest import article, queue_is_empty, wait_for, worker_in_transaction
from tests.sources.conftest import site  # noqa: F401  (the local web server fixture)
from workers.tasks import sweep_stalled

pytestmark = [pytest.mark.faults, pytest.mark.model]
# The sweeper's heartbeat timeout in this test (the default is 30 s; the worker beats every second).
HEARTBEAT_TIMEOUT = int(os.environ.get("CROSSCHECK_RECOVERY_HEARTBEAT_TIMEOUT", 6))
CLOSED_PORT = 1  # nothing listens on tcpmux


def test_work_of_a_worker_killed_mid_step_is_recovered_after_the_heartbeat_timeout(workers, settings):
    settings.CROSSCHECK_HEARTBEAT_TIMEOUT_SECONDS = HEARTBEAT_TIMEOUT
    assert settings.CROSSCHECK_STALE_AFTER_SECONDS == 15 * 60  # the default: never reached here
    doomed = workers.start(CROSSCHECK_FAULT_SLOW_EXTRACT=60, CROSSCHECK_HEARTBEAT_SECONDS=1)
    article_id = article(60).ingest()
    wait_for(
        lambda: Article.objects.filter(id=article_id, status="extracting").exists() and worker_in_transaction(),
        timeout=30, what="the article in extraction",
    )
    workers.start(CROSSCHECK_HEARTBEAT_SECONDS=1)  # a live worker to take the work over
    # Both pool processes beat (once they are forked): a live worker's slow step is left alone.
    wait_for(lambda: WorkerBeat.objects.count() == 2, timeout=30, what="both worker processes beating")
    time.sleep(HEARTBEAT_TIMEOUT + 1)
    assert sweep_stalled() == 0
    assert Article.objects.get(id=article_id).status == "extracting"

    doomed.kill()
    killed_at = time.monotonic()
    requeued_after = None
    # As `celery beat` runs the sweeper (every second here), with the default stale time.
    while time.monotonic() - killed_at < 60:
        if sweep_stalled() and requeued_after is None:
            requeued_after = time.monotonic() - killed_at
        if Article.objects.get(id=article_id).status in ("processed", "failed"):
            break
        time.sleep(1)
    recovered_after = time.monotonic() - killed_at
    row = Article.objects.get(id=article_id)
    print(f"\nkill -9 mid-extraction: requeued after {requeued_after:.1f}s, processed after "
          f"{recovered_after:.1f}s (heartbeat timeout {HEARTBEAT_TIMEOUT}s, sweep every 1s)")
    assert row.status == "processed" and row.attempts == 2, (row.status, row.attempts, row.error)
    assert requeued_after is not None and HEARTBEAT_TIMEOUT - 1 <= requeued_after <= HEARTBEAT_TIMEOUT + 5
    assert row.claims.count() > 0


def test_a_fetch_submitted_while_the_broker_is_unreachable_is_queued_by_the_sweeper(workers, site):  # noqa: F811
    url = site.page("/world/floods", (
        "<html lang='en'><head><title>Floods</title></head><body><article><p>At least 40 people were "
        "killed in the floods in the north, officials said on Monday, and 2,000 homes were damaged.</p>"
        "</article></body></html>"
    ))
    # A web process whose broker is a closed port: the fetch is stored and the call returns.
    submitted = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         f"from sources.services import fetch_submit; print(fetch_submit(url={url!r}).id)"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "DATABASE_URL": database_url(),
             "CELERY_BROKER_URL": f"redis://127.0.0.1:{CLOSED_PORT}/0", "LOG_LEVEL": "WARNING"},
    )
    assert submitted.returncode == 0, submitted.stderr[-2000:]
    assert "broker unavailable" in submitted.stderr and "left for the sweeper" in submitted.stderr
    fetch_id = int(submitted.stdout.split()[-1])
    assert Fetch.objects.get(id=fetch_id).status == "queued"
    assert queue_is_empty()  # the message never reached a broker

    workers.start(CROSSCHECK_FETCH_ALLOW_PRIVATE=1)
    time.sleep(2)
    assert Fetch.objects.get(id=fetch_id).status == "queued" and site.hits == {}
    assert sweep_stalled(older_than_seconds=0) == 1
    fetch = wait_for(
        lambda: Fetch.objects.filter(id=fetch_id, status__in=["done", "failed"]).first(),
        timeout=60, what="the fetch to finish",
    )
    assert fetch.status == "done", fetch.error
    assert site.hits == {"/world/floods": 1} and fetch.article.url == url
