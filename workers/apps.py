from django.apps import AppConfig


class WorkersConfig(AppConfig):
    """The Celery app and its tasks. Loaded with Django, so that a web process queues work with
    the same app and settings as the workers, and every task is registered with the queue under
    the name the stages use."""

    name = "workers"
    verbose_name = "Workers"

    def ready(self) -> None:
        from workbench.queue import register
        from workers import ingest_tasks, tasks, webhook_tasks
        from workers.celery import app  # noqa: F401  (the app the tasks bind to)

        for module in (tasks, ingest_tasks, webhook_tasks):
            for name in module.QUEUED:
                register(name, getattr(module, name))
