"""Queueing a task after the transaction that made its work commits.

When the broker is down the article is already stored with its status; the message is logged and
the sweeper (workers.tasks.sweep_stalled) queues the work again, so nothing is lost and the
caller (an API request) still answers promptly."""
from __future__ import annotations

import logging

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

log = logging.getLogger(__name__)


def enqueue(task, *args, countdown: float | None = None) -> None:
    def send() -> None:
        try:
            task.apply_async(args, countdown=countdown)
        except BrokerError as error:
            log.warning("broker unavailable, %s%r left for the sweeper: %s", task.name, args, error)
        except Exception:
            # The work is committed whatever went wrong here: a caller must not see an error for
            # it (an API client would submit again). In-process tasks still raise, for tests.
            if task.app.conf.task_always_eager:
                raise
            log.exception("could not queue %s%r, left for the sweeper", task.name, args)

    transaction.on_commit(send)
