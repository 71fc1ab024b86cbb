"""The pipeline's layout: checks move to facts/, reviews to review/, edited figures from sources/
to claims/, API clients from hooks/ to the API platform. Every table stays where it is (each
model names its old table), so no row moves; only Django's picture of which app owns which model
changes, and the content types follow, so the groups' permissions on them are kept."""
import django.db.models.deletion
from django.db import migrations, models

MOVED = [
    # (old app label, new app label, model)
    ("claims", "facts", "check"),
    ("claims", "review", "review"),
    ("claims", "review", "reviewevent"),
    ("sources", "claims", "editedfigure"),
    ("hooks", "platform", "apiclient"),
]


def move_content_types(apps, schema_editor, *, backwards=False):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old, new, model in MOVED:
        source, target = (new, old) if backwards else (old, new)
        if ContentType.objects.filter(app_label=target, model=model).exists():
            continue  # made already (a database created at the new layout); nothing refers to the old
        ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("claims", "0002_claim_places"),
        ("sources", "0004_feed_poll_schedule"),
        ("facts", "0001_initial"),
        ("review", "0001_initial"),
        ("platform", "0001_initial"),
        ("hooks", "0002_alter_webhook_client_delete_apiclient"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name="EditedFigure",
                fields=[
                    ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                    ("kind", models.CharField(max_length=10)),
                    ("subject", models.CharField(blank=True, max_length=200)),
                    ("quote_before", models.CharField(max_length=300)),
                    ("quote_after", models.CharField(max_length=300)),
                    ("sentence_before", models.TextField()),
                    ("sentence_after", models.TextField()),
                    ("start", models.PositiveIntegerField(help_text="Offset of the new figure in the new version's body.")),
                    ("end", models.PositiveIntegerField()),
                    ("created_at", models.DateTimeField(auto_now_add=True)),
                    ("article", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="edited_figures", to="sources.article")),
                    ("claim", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="claims.claim")),
                    ("previous_article", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="sources.article")),
                    ("previous_claim", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="claims.claim")),
                ],
                options={
                    "db_table": "sources_editedfigure",
                    "ordering": ["article", "start"],
                    "constraints": [models.UniqueConstraint(fields=("article", "start"), name="edited_figure_once")],
                },
            ),
            migrations.DeleteModel(name="ReviewEvent"),
            migrations.DeleteModel(name="Review"),
            migrations.DeleteModel(name="Check"),
        ]),
        migrations.RunPython(
            move_content_types,
            lambda apps, schema_editor: move_content_types(apps, schema_editor, backwards=True),
        ),
    ]
