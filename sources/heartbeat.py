"""Worker heartbeats. Each worker process (a Celery pool process) names itself, writes its
WorkerBeat row before it takes any task and then every CROSSCHECK_HEARTBEAT_SECONDS from a
thread of its own, so the beat goes on while a task runs. Work records the name of the process
that took it (`taken_by`), and the sweeper treats work whose process has not beaten for
CROSSCHECK_HEARTBEAT_TIMEOUT_SECONDS as abandoned."""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import QuerySet
from django.utils import timezone

from sources.models import WorkerBeat

log = logging.getLogger(__name__)

_name = ""
_stop = threading.Event()


def current_worker() -> str:
    """This process's name if it beats (a worker process), else '' (web, in-process tasks)."""
    return _name


def beat(name: str) -> None:
    # One autocommitted statement (an insert the first time), never an open transaction: a beat
    # must not hold locks or look like a worker inside its work.
    now = timezone.now()
    if not WorkerBeat.objects.filter(name=name).update(beat_at=now):
        WorkerBeat.objects.create(name=name, beat_at=now)


def heartbeat_start() -> str:
    """Name this process, beat once now, and keep beating from a daemon thread."""
    global _name
    _name = f"{socket.gethostname()}:{os.getpid()}:{time.time_ns()}"[:200]
    beat(_name)
    connection.close()  # the thread below and the tasks each use their own connection
    _stop.clear()
    threading.Thread(target=_beat_forever, args=(_name,), name="heartbeat", daemon=True).start()
    return _name


def heartbeat_stop() -> None:
    """A clean exit (a warm shutdown finished its tasks): the row goes at once."""
    _stop.set()
    if _name:
        WorkerBeat.objects.filter(name=_name).delete()


def _beat_forever(name: str) -> None:
    while not _stop.wait(settings.CROSSCHECK_HEARTBEAT_SECONDS):
        try:
            beat(name)
        except DatabaseError as error:
            # The database is away: the next beat tries again on a fresh connection. Missing
            # beats for longer than the timeout makes this process's work look abandoned, which
            # is the safe side: the conditional UPDATEs keep a second run from doubling it.
            log.warning("heartbeat of %s not written: %s", name, error)
            connection.close()
    connection.close()


def alive_workers() -> QuerySet:
    """Names of the processes that beat within the timeout (a subquery for the sweeper)."""
    since = timezone.now() - timedelta(seconds=settings.CROSSCHECK_HEARTBEAT_TIMEOUT_SECONDS)
    return WorkerBeat.objects.filter(beat_at__gt=since).values("name")


def beats_prune() -> int:
    """Drop rows of processes long gone (a day without a beat), so the table stays small."""
    return WorkerBeat.objects.filter(beat_at__lt=timezone.now() - timedelta(days=1)).delete()[0]
