from django.db import migrations, models

COUNT = ("UPDATE facts_fact SET claims_total = "
         "(SELECT COUNT(*) FROM facts_factclaim WHERE facts_factclaim.fact_id = facts_fact.id)")


class Migration(migrations.Migration):

    dependencies = [
        ('facts', '0003_factclaim_placed_by'),
    ]

    operations = [
        migrations.AddField(
            model_name='fact',
            name='claims_total',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunSQL(COUNT, migrations.RunSQL.noop),
    ]
