"""Edited figures compare claims, so they moved to claims/ (claims 0003); the table stays."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("sources", "0004_feed_poll_schedule"),
        ("claims", "0003_move_models"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="EditedFigure")]),
    ]
