"""Queueing a task after the transaction that made its work commits.

When the broker is down the article is already stored with its status; the message is logged and
the sweeper (workers.tasks.sweep_stalled) queues the work again, so nothing is lost and the
caller (an API request) still answers promptly."""
from __future__ import annotations

import logging

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

log = logging.getLogger(__name__)


def enqueue(task, *args) -> None:
    def send() -> None:
        try:
            task.delay(*args)
        except BrokerError as error:
            log.warning("broker unavailable, %s%r left for the sweeper: %s", task.name, args, error)

    transaction.on_commit(send)
