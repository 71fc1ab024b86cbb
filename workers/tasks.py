"""The pipeline's background steps. Each task takes ids, claims its work with a conditional UPDATE
on the article's status (so a duplicate delivery does nothing), calls a service, and queues the
next step after commit. Failures are retried a bounded number of times with backoff and jitter,
then the article is marked failed with the error for an editor to see."""
from __future__ import annotations

import logging
import random
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from claims.services import article_crosscheck, claim_crosscheck, article_internal_checks, claims_extract
from sources.models import Article
from sources.services import article_fail, article_release, article_take
from hooks.events import article_processed
from workers.queue import enqueue

log = logging.getLogger(__name__)
S = Article.Status


def backoff(attempt: int) -> float:
    """Seconds before the next attempt: exponential, with full jitter so retries spread out."""
    return random.uniform(0, min(300, 5 * 2**attempt))


def _drop_dead_connection() -> None:
    """After an error the database connection may be dead (a failover, a terminated backend):
    drop it so the bookkeeping that follows runs on a fresh one. Not inside a transaction the
    caller opened (in-process tasks under a test), which closing would end."""
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()


def _take(task, **kwargs) -> bool:
    """Claim a step. A database that cannot be reached retries the message a bounded number of
    times (the sweeper picks the article up after that); nothing is taken yet, so nothing to undo."""
    try:
        return article_take(**kwargs)
    except DatabaseError as error:
        _drop_dead_connection()
        raise task.retry(
            exc=error, countdown=backoff(task.request.retries + 1), max_retries=settings.CROSSCHECK_MAX_ATTEMPTS
        )


def _run_step(task, *, article_id: int, taken: str, work) -> None:
    """Run one step of an article claimed in status `taken`. On failure the article goes back to
    the start of the pipeline, and the retry (after a backoff) takes it with a new attempt, so
    every step's failures count against the same bound; after the last attempt the article is
    marked failed with the error, for an editor to see."""
    try:
        work()
    except Exception as error:  # noqa: BLE001  (every failure must end in a retry or a failed state)
        _drop_dead_connection()
        message = f"{type(error).__name__}: {error}"
        status, attempts = Article.objects.filter(id=article_id).values_list("status", "attempts").first() or ("", 0)
        if status != taken:
            # Another delivery finished the step meanwhile (its claims won the unique span):
            # nothing of this run was kept, and nothing is left to retry.
            log.info("article %s: a second run of '%s' gave way: %s", article_id, taken, message)
            return
        if attempts >= settings.CROSSCHECK_MAX_ATTEMPTS:
            log.exception("article %s failed after %s attempts", article_id, attempts)
            article_fail(article_id=article_id, error=message)
            return
        log.warning("article %s: attempt %s of '%s' failed, retrying: %s", article_id, attempts, taken, message)
        article_release(article_id=article_id, from_status=taken, to_status=S.RECEIVED, error=message)
        if task.request.is_eager:
            # In-process mode: try again at once; the attempt counter still bounds it.
            extract_article.apply(args=(article_id,))
            return
        # A new message rather than task.retry(): the retry of any step is the whole pipeline
        # again (extraction keeps its claims), so every failure takes one attempt. If the broker
        # is down, the sweeper queues it.
        enqueue(extract_article, article_id, countdown=backoff(attempts))


@shared_task(bind=True, name="workers.tasks.extract_article")
def extract_article(self, article_id: int) -> None:
    if not _take(self, article_id=article_id, from_status=S.RECEIVED, to_status=S.EXTRACTING, count_attempt=True):
        return

    def work():
        with transaction.atomic():
            claims_extract(article_ids=[article_id])
            if article_take(article_id=article_id, from_status=S.EXTRACTING, to_status=S.EXTRACTED):
                enqueue(crosscheck_article, article_id)
            else:
                # The sweeper gave the article to another worker meanwhile: its run decides.
                transaction.set_rollback(True)

    _run_step(self, article_id=article_id, taken=S.EXTRACTING, work=work)


@shared_task(bind=True, name="workers.tasks.crosscheck_article")
def crosscheck_article(self, article_id: int) -> None:
    if not _take(self, article_id=article_id, from_status=S.EXTRACTED, to_status=S.CHECKING):
        return

    def work():
        with transaction.atomic():
            article_crosscheck(article_id=article_id)
            if not article_take(article_id=article_id, from_status=S.CHECKING, to_status=S.PROCESSED):
                transaction.set_rollback(True)
            else:
                article_processed(article_id=article_id)

    _run_step(self, article_id=article_id, taken=S.CHECKING, work=work)


@shared_task(
    name="workers.tasks.crosscheck_claim",
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def crosscheck_claim(claim_id: int) -> None:
    """Re-run the checks one claim takes part in (after an editor's correction)."""
    from claims.models import Claim

    article_id = Claim.objects.filter(id=claim_id).values_list("article_id", flat=True).first()
    if article_id is None:
        return
    with transaction.atomic():
        claim_crosscheck(claim_id=claim_id)
        article_internal_checks(article_id=article_id)


# Where each unfinished status goes back to, and the task that takes it from there. A step left
# in progress means its worker died: it starts again from extraction, which counts an attempt, so
# an article that kills its worker every time still ends failed.
RESUME = {
    S.RECEIVED: (S.RECEIVED, extract_article),
    S.EXTRACTING: (S.RECEIVED, extract_article),
    S.EXTRACTED: (S.EXTRACTED, crosscheck_article),
    S.CHECKING: (S.RECEIVED, extract_article),
}


@shared_task(name="workers.tasks.sweep_stalled")
def sweep_stalled(older_than_seconds: int | None = None) -> int:
    """Requeue articles whose step has not moved for too long: a worker killed mid-task, or a
    message that never reached the broker. Returns the number requeued."""
    limit = older_than_seconds if older_than_seconds is not None else settings.CROSSCHECK_STALE_AFTER_SECONDS
    cutoff = timezone.now() - timedelta(seconds=limit)
    requeued = 0
    stalled = Article.objects.filter(status__in=list(RESUME), status_changed_at__lte=cutoff)
    for article_id, status, attempts in stalled.values_list("id", "status", "attempts"):
        back_to, task = RESUME[status]
        if attempts >= settings.CROSSCHECK_MAX_ATTEMPTS and status in (S.EXTRACTING, S.CHECKING):
            article_fail(article_id=article_id, error=f"stalled in '{status}' after {attempts} attempts")
            continue
        with transaction.atomic():
            # Only if no worker moved it meanwhile: the conditional UPDATE decides. Touching the
            # time also keeps the next sweep from queueing it again while it waits in the queue.
            if Article.objects.filter(
                id=article_id, status=status, status_changed_at__lte=cutoff
            ).update(status=back_to, status_changed_at=timezone.now()):
                enqueue(task, article_id)
                requeued += 1
    return requeued
