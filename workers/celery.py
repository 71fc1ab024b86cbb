"""The Celery app. Run a worker with `celery -A workers worker` and the scheduler (which runs the
sweeper) with `celery -A workers beat`; both read the same environment as the web process."""
import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")

app = Celery("crosscheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["workers"])
app.autodiscover_tasks(["workers"], related_name="ingest_tasks")
app.autodiscover_tasks(["workers"], related_name="webhook_tasks")


@worker_process_init.connect
def load_pipeline(**_) -> None:
    """Load the spaCy pipeline once per worker process, before the first task needs it."""
    from claims.nlp.pipeline import get_nlp

    get_nlp()
