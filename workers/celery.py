"""The Celery app. Run a worker with `celery -A workers worker` and the scheduler (which runs the
sweeper) with `celery -A workers beat`; both read the same environment as the web process."""
import logging
import os
import time

from celery import Celery
from celery.signals import worker_process_init, worker_process_shutdown

from claims.nlp.pipeline import (
    get_nlp,  # plain Python over spaCy: importable before Django is set up
)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")

logger = logging.getLogger(__name__)
# Logged by each pool process once it can take a task (the benchmark waits for them all).
PROCESS_READY = "worker process ready"

app = Celery("crosscheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
# The tasks are imported by workers.apps when Django loads (in a worker, at start-up).


@worker_process_init.connect
def load_pipeline(**_) -> None:
    """Load the spaCy pipeline and the gazetteer once per worker process, before the first task
    needs them (the gazetteer takes about a second), and start the process's heartbeat (so the
    sweeper knows whose work is abandoned)."""
    # Django is set up by now, in a worker process; not when this module is first imported.
    from claims.nlp.gazetteer import gazetteer_load
    from sources.heartbeat import heartbeat_start

    started = time.perf_counter()
    heartbeat_start()
    get_nlp()
    gazetteer_load()
    logger.info("%s: pipeline and gazetteer loaded in %.1f s", PROCESS_READY, time.perf_counter() - started)


@worker_process_shutdown.connect
def end_heartbeat(**_) -> None:
    from sources.heartbeat import heartbeat_stop

    heartbeat_stop()
