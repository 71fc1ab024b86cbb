"""Queueing the next step of the pipeline, by name, after the transaction that made its work
commits.

The stages (sources, claims, facts, review, webhooks) name the step they want run
("extract_article", "crosscheck_claim", ...); `workers/` registers the Celery task behind each
name when it loads. So no stage imports a task, and the import graph points one way only.

When the broker is down the work is already stored with its status; the message is logged and
the sweeper (`sources.pipeline.pipeline_sweep`) queues it again, so nothing is lost and the caller
(an API request) still answers promptly."""
from __future__ import annotations

import logging

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

log = logging.getLogger(__name__)

_steps: dict[str, object] = {}


class UnknownStep(LookupError):
    """A step was queued that no worker registered: a programming error, never retried."""


def register(name: str, task) -> None:
    _steps[name] = task


def task_for(name: str):
    try:
        return _steps[name]
    except KeyError:
        raise UnknownStep(f"no task is registered for the step {name!r}") from None


def in_process() -> bool:
    """Whether tasks run in-process (no broker: the demo, most tests) rather than in workers."""
    return bool(current_app.conf.task_always_eager)


def enqueue(step: str, *args, countdown: float | None = None) -> None:
    task = task_for(step)

    def send() -> None:
        try:
            task.apply_async(args, countdown=countdown)
        except BrokerError as error:
            log.warning("broker unavailable, %s%r left for the sweeper: %s", step, args, error)
        except Exception:
            # The work is committed whatever went wrong here: a caller must not see an error for
            # it (an API client would submit again). In-process tasks still raise, for tests.
            if task.app.conf.task_always_eager:
                raise
            log.exception("could not queue %s%r, left for the sweeper", step, args)

    transaction.on_commit(send)
