"""The beat entry that polls feeds: a django_celery_beat PeriodicTask, so operators see and change
it in the admin (Periodic tasks). Each feed's own interval is Feed.poll_every_minutes."""
from django.db import migrations

NAME = "Poll due feeds"
TASK = "workers.ingest_tasks.poll_due_feeds"


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={"task": TASK, "interval": every_minute, "enabled": True,
                  "description": "Polls every enabled feed whose interval (Feed.poll_every_minutes) is up."},
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME, task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0003_ingestion"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
