"""The production Celery app with faults that only tests switch on, so production code stays clean.

Start a worker with `celery -A tests.faults.faultapp worker` and these environment variables:
- CROSSCHECK_FAULT_SLOW_EXTRACT=<seconds>: extraction sleeps this long after storing the claims,
  inside its transaction, so a test can land a kill or a SIGTERM in the middle of it;
- CROSSCHECK_FAULT_SLOW_CROSSCHECK=<seconds>: the same for the cross-check step;
- CROSSCHECK_FAULT_POISON=<marker>: the extractor crashes on every article whose text contains it;
- CROSSCHECK_FAULT_BACKOFF_SCALE=<factor>: retries wait this fraction of the real backoff, so a
  test sees every attempt in seconds rather than minutes (the jitter stays).
"""
from __future__ import annotations

import os
import time

from celery.signals import worker_process_init

from workers.celery import app

__all__ = ("app",)


def _seconds(name: str) -> float:
    return float(os.environ.get(name) or 0)


@worker_process_init.connect
def install_faults(**_) -> None:
    from claims import services as claims_services
    from sources import pipeline
    from workers import tasks

    slow_extract = _seconds("CROSSCHECK_FAULT_SLOW_EXTRACT")
    if slow_extract:
        claims_extract = tasks.claims_extract

        def slow_claims_extract(**kwargs):
            result = claims_extract(**kwargs)
            time.sleep(slow_extract)
            return result

        tasks.claims_extract = slow_claims_extract

    slow_check = _seconds("CROSSCHECK_FAULT_SLOW_CROSSCHECK")
    if slow_check:
        article_crosscheck = tasks.article_crosscheck

        def slow_article_crosscheck(**kwargs):
            result = article_crosscheck(**kwargs)
            time.sleep(slow_check)
            return result

        tasks.article_crosscheck = slow_article_crosscheck

    poison = os.environ.get("CROSSCHECK_FAULT_POISON", "")
    if poison:
        read = claims_services.read

        def crashing_read(articles, **kwargs):
            articles = list(articles)
            if any(poison in article.text for article in articles):
                raise ValueError("the extractor crashed on this input (injected fault)")
            return read(articles, **kwargs)

        claims_services.read = crashing_read

    scale = _seconds("CROSSCHECK_FAULT_BACKOFF_SCALE")
    if scale:
        backoff = pipeline.backoff
        pipeline.backoff = lambda attempt: backoff(attempt) * scale
