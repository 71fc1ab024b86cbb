"""The pipeline's policy, in one place: which step follows which, what a failed attempt does,
and where the sweeper resumes work left unfinished. Tasks (workers/) only take an id and call
these; the steps are queued by name through `workbench.queue`.

An article moves received -> extracting -> extracted -> checking -> processed (or failed). Each
step is taken with a conditional UPDATE on the status (`article_take`), so a duplicate delivery or
a requeued message racing the original does its work once."""
from __future__ import annotations

import logging
import random
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from sources.heartbeat import alive_workers
from sources.models import Article, Fetch
from sources.services import article_fail, article_release, article_take
from sources.signals import article_processed
from workbench.errors import Permanent
from workbench.queue import enqueue

log = logging.getLogger(__name__)
S = Article.Status

# The step that takes an article in each status, and the status it moves it to.
STEPS = {
    "extract_article": (S.RECEIVED, S.EXTRACTING),
    "crosscheck_article": (S.EXTRACTED, S.CHECKING),
}
# What follows a step once its work is done: the status it ends in and the step queued next.
AFTER = {
    "extract_article": (S.EXTRACTED, "crosscheck_article"),
    "crosscheck_article": (S.PROCESSED, None),
}
# Where each unfinished status goes back to, and the step that takes it from there. A step left
# in progress means its worker died: it starts again from extraction, which counts an attempt, so
# an article that kills its worker every time still ends failed.
RESUME = {
    S.RECEIVED: (S.RECEIVED, "extract_article"),
    S.EXTRACTING: (S.RECEIVED, "extract_article"),
    S.EXTRACTED: (S.EXTRACTED, "crosscheck_article"),
    S.CHECKING: (S.RECEIVED, "extract_article"),
}


def backoff(attempt: int) -> float:
    """Seconds before the next attempt: exponential, with full jitter so retries spread out."""
    return random.uniform(0, min(300, 5 * 2**attempt))


class Outcome:
    DONE = "done"
    GAVE_WAY = "gave_way"  # another delivery finished the step meanwhile
    RETRY = "retry"
    FAILED = "failed"


def step_failed(*, article_id: int, taken: str, error: Exception) -> tuple[str, float | None]:
    """Decide what a failed attempt of the step that took the article in status `taken` does.

    The article goes back to the start of the pipeline and the retry (after a backoff) takes it
    with a new attempt, so every step's failures count against one bound; after the last attempt,
    or at once for an error no retry can help, the article is marked failed with the error, for
    an editor to see. Returns the outcome and, for a retry, its countdown."""
    message = f"{type(error).__name__}: {error}"
    status, attempts = Article.objects.filter(id=article_id).values_list("status", "attempts").first() or ("", 0)
    if status != taken:
        # Another delivery finished the step meanwhile (its claims won the unique span):
        # nothing of this run was kept, and nothing is left to retry.
        log.info("article %s: a second run of '%s' gave way: %s", article_id, taken, message)
        return Outcome.GAVE_WAY, None
    if isinstance(error, Permanent) or attempts >= settings.CROSSCHECK_MAX_ATTEMPTS:
        log.error("article %s failed after %s attempts: %s", article_id, attempts, message)
        article_fail(article_id=article_id, error=message)
        return Outcome.FAILED, None
    log.warning("article %s: attempt %s of '%s' failed, retrying: %s", article_id, attempts, taken, message)
    article_release(article_id=article_id, from_status=taken, to_status=S.RECEIVED, error=message)
    return Outcome.RETRY, backoff(attempts)


def _abandoned(*, in_progress: list[str], limit: int) -> Q:
    """Work not moved for `limit` seconds, or in progress (`in_progress` statuses) by a worker
    process that stopped beating: dead, so there is no reason to wait the full stale time."""
    now = timezone.now()
    dead_since = now - timedelta(seconds=settings.CROSSCHECK_HEARTBEAT_TIMEOUT_SECONDS)
    taken_by_dead = (
        Q(status__in=in_progress, status_changed_at__lte=dead_since)
        & ~Q(taken_by="")
        & ~Q(taken_by__in=alive_workers())
    )
    return Q(status_changed_at__lte=now - timedelta(seconds=limit)) | taken_by_dead


def pipeline_sweep(*, older_than_seconds: int | None = None) -> int:
    """Requeue articles whose step has not moved for too long (a message that never reached the
    broker, a step stuck past every time limit), or at once when the worker process that took
    the step has stopped beating (killed). Returns the number requeued."""
    limit = older_than_seconds if older_than_seconds is not None else settings.CROSSCHECK_STALE_AFTER_SECONDS
    requeued = 0
    stalled = Article.objects.filter(status__in=list(RESUME)).filter(
        _abandoned(in_progress=[S.EXTRACTING, S.CHECKING], limit=limit)
    )
    for article_id, status, changed_at, attempts in stalled.values_list("id", "status", "status_changed_at", "attempts"):
        back_to, step = RESUME[status]
        if attempts >= settings.CROSSCHECK_MAX_ATTEMPTS and status in (S.EXTRACTING, S.CHECKING):
            article_fail(article_id=article_id, error=f"stalled in '{status}' after {attempts} attempts")
            continue
        with transaction.atomic():
            # Only if no worker moved it meanwhile: the conditional UPDATE on the time it was
            # seen with decides. Touching the time also keeps the next sweep from queueing it
            # again while it waits in the queue.
            if Article.objects.filter(id=article_id, status=status, status_changed_at=changed_at).update(
                status=back_to, status_changed_at=timezone.now(), taken_by=""
            ):
                enqueue(step, article_id)
                requeued += 1
    return requeued


def fetches_sweep(*, older_than_seconds: int | None = None) -> int:
    """The same for fetches: queued ones whose message was lost (the broker was down) are queued
    again; one left `fetching` by a dead worker (or past every time limit) is queued again, or
    failed with the reason once its attempts are spent. Returns the number requeued."""
    F_ = Fetch.Status
    limit = older_than_seconds if older_than_seconds is not None else settings.CROSSCHECK_STALE_AFTER_SECONDS
    stalled = Fetch.objects.filter(status__in=[F_.QUEUED, F_.FETCHING]).filter(
        _abandoned(in_progress=[F_.FETCHING], limit=limit)
    )
    requeued = 0
    for fetch_id, status, changed_at, attempts in stalled.values_list("id", "status", "status_changed_at", "attempts"):
        same = Fetch.objects.filter(id=fetch_id, status=status, status_changed_at=changed_at)
        if status == F_.FETCHING and attempts >= settings.CROSSCHECK_MAX_ATTEMPTS:
            same.update(
                status=F_.FAILED, status_changed_at=timezone.now(), taken_by="",
                error=f"stalled in 'fetching' after {attempts} attempts (the worker stopped or timed out)",
            )
            continue
        with transaction.atomic():
            if same.update(status=F_.QUEUED, status_changed_at=timezone.now(), taken_by=""):
                enqueue("fetch_url", fetch_id)
                requeued += 1
    return requeued


def step_take(*, step: str, article_id: int) -> bool:
    """Claim a step of an article; False if it is not (or no longer) in the status the step
    takes. Extraction, the start of every attempt, counts one."""
    from_status, to_status = STEPS[step]
    return article_take(
        article_id=article_id, from_status=from_status, to_status=to_status,
        count_attempt=step == "extract_article",
    )


def step_run(*, step: str, article_id: int, work) -> tuple[str, float | None]:
    """Run the work of a step already taken, and in the same transaction move the article on and
    queue what follows; a failure is decided by `step_failed`."""
    _, taken = STEPS[step]
    done, following = AFTER[step]
    try:
        with transaction.atomic():
            work()
            if not article_take(article_id=article_id, from_status=taken, to_status=done):
                # The sweeper gave the article to another worker meanwhile: its run decides.
                transaction.set_rollback(True)
                return Outcome.GAVE_WAY, None
            if following:
                enqueue(following, article_id)
            else:
                article_processed.send(sender=Article, article_id=article_id)
    except Exception as error:  # noqa: BLE001  (every failure must end in a retry or a failed state)
        drop_dead_connection()
        return step_failed(article_id=article_id, taken=taken, error=error)
    return Outcome.DONE, None


def drop_dead_connection() -> None:
    """After an error the database connection may be dead (a failover, a terminated backend):
    drop it so the bookkeeping that follows runs on a fresh one. Not inside a transaction the
    caller opened (in-process tasks under a test), which closing would end."""
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()
