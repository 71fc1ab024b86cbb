"""The pipeline as deployed: articles ingested here, queued on the broker, extracted and
cross-checked by a real `celery worker` with two processes on PostgreSQL."""
from __future__ import annotations

import time

from django.conf import settings

from bench.throughput.scratch import child_env
from bench.throughput.servers import celery_worker, task_seconds, worker_children_vmhwm
from bench.throughput.texts import NewsText
from claims.models import Claim
from facts.models import Check
from sources.models import Article
from sources.services import article_ingest
from workers.celery import app

SETTLED = ("processed", "failed", "skipped")


def pipeline_through_worker(texts: list[NewsText], *, database_url: str, concurrency: int, timeout: float) -> dict:
    """Articles per second from the first `article_ingest` to the last article settled
    (processed, failed or skipped), the worker started (and its model loaded) before the clock;
    the peak memory (VmHWM) of each of the worker's pool processes afterwards, and the time spent
    in each task."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        raise RuntimeError("the pipeline figure needs a broker: set CELERY_BROKER_URL")
    app.control.purge()  # nothing left over from an earlier run may take the workers' time
    worker = celery_worker(child_env(database_url), concurrency=concurrency)
    try:
        before = set(Article.objects.values_list("id", flat=True))
        start = time.perf_counter()
        ids = []
        for text in texts:
            result = article_ingest(raw=text.raw, outlet=text.outlet, url=text.url, headline=text.headline,
                                    published=text.published)
            ids.append(result.article.id)
        ingested = time.perf_counter() - start
        new = [i for i in ids if i not in before]
        deadline = time.monotonic() + timeout
        while Article.objects.filter(id__in=new).exclude(status__in=SETTLED).exists():
            worker.check_alive()
            if time.monotonic() > deadline:
                raise RuntimeError(f"the worker did not settle {len(new)} articles in {timeout:.0f}s")
            time.sleep(0.1)
        seconds = time.perf_counter() - start
        memory = worker_children_vmhwm(worker)
        tasks = task_seconds(worker)
    finally:
        worker.stop()
    statuses = {s: Article.objects.filter(id__in=new, status=s).count() for s in SETTLED}
    return {
        "articles": len(new),
        "concurrency": concurrency,
        "seconds": round(seconds, 2),
        "ingest_seconds": round(ingested, 2),
        "articles_per_s": round(len(new) / seconds, 2) if seconds else None,
        "statuses": statuses,
        "claims": Claim.objects.filter(article_id__in=new).count(),
        "checks": Check.objects.filter(claim__article_id__in=new).count(),
        "worker_vmhwm_mb": max(memory) if memory else None,
        "worker_processes_vmhwm_mb": memory,
        # Where the workers' time goes: each task's share of the time spent in tasks.
        "task_seconds": tasks,
        "task_share": {name: round(t / sum(tasks.values()), 3) for name, t in tasks.items()} if tasks else {},
    }
