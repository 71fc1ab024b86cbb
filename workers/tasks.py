"""The pipeline's background steps. Each task takes an id and calls services: the policy (what
follows, retries, the sweeper) is `sources.pipeline`'s, the work is each stage's own."""
from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, transaction

from claims.services import claims_extract
from facts.services import article_crosscheck, claim_recheck
from sources import pipeline
from sources.heartbeat import beats_prune
from sources.pipeline import Outcome
from webhooks.services import deliveries_sweep
from workbench.queue import enqueue


def _step(task, step: str, article_id: int, work) -> None:
    try:
        taken = pipeline.step_take(step=step, article_id=article_id)
    except DatabaseError as error:
        # A database that cannot be reached: retry the message a bounded number of times (the
        # sweeper picks the article up after that); nothing is taken yet, so nothing to undo.
        pipeline.drop_dead_connection()
        raise task.retry(
            exc=error, countdown=pipeline.backoff(task.request.retries + 1),
            max_retries=settings.CROSSCHECK_MAX_ATTEMPTS,
        )
    if not taken:
        return
    outcome, countdown = pipeline.step_run(step=step, article_id=article_id, work=work)
    if outcome == Outcome.RETRY:
        # The retry of any step is the whole pipeline again (extraction keeps its claims), so
        # every failure takes one attempt; in-process (the demo, tests) it runs at once.
        if task.request.is_eager:
            extract_article.apply(args=(article_id,))
        else:
            enqueue("extract_article", article_id, countdown=countdown)


@shared_task(bind=True, name="workers.tasks.extract_article")
def extract_article(self, article_id: int) -> None:
    _step(self, "extract_article", article_id, lambda: claims_extract(article_ids=[article_id]))


@shared_task(bind=True, name="workers.tasks.crosscheck_article")
def crosscheck_article(self, article_id: int) -> None:
    _step(self, "crosscheck_article", article_id, lambda: article_crosscheck(article_id=article_id))


@shared_task(
    name="workers.tasks.crosscheck_claim",
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def crosscheck_claim(claim_id: int) -> None:
    """Re-run the checks one claim takes part in (after an editor's correction)."""
    with transaction.atomic():
        claim_recheck(claim_id=claim_id)


@shared_task(name="workers.tasks.sweep_stalled")
def sweep_stalled(older_than_seconds: int | None = None) -> int:
    """Recover every kind of work left stuck (run by beat): articles, fetches, webhook deliveries.
    Returns how many were queued again."""
    beats_prune()
    return (
        pipeline.pipeline_sweep(older_than_seconds=older_than_seconds)
        + pipeline.fetches_sweep(older_than_seconds=older_than_seconds)
        + deliveries_sweep(older_than_seconds=older_than_seconds)
    )

# Steps the stages queue by name (workbench.queue).
QUEUED = ("extract_article", "crosscheck_article", "crosscheck_claim")
