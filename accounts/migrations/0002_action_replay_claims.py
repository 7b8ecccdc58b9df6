"""Idempotency keys are claimed before the action runs (a pending row) and remember a hash
of the request. Every stored answer stays: the state is added as "done" for the rows that
exist (each holds an answer), and only then does the default become "pending"."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionreplay",
            name="request_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="actionreplay",
            name="state",
            field=models.CharField(
                choices=[("pending", "In progress"), ("done", "Answered")],
                default="done",
                max_length=8,
            ),
        ),
        migrations.AlterField(
            model_name="actionreplay",
            name="state",
            field=models.CharField(
                choices=[("pending", "In progress"), ("done", "Answered")],
                default="pending",
                max_length=8,
            ),
        ),
        migrations.AlterField(
            model_name="actionreplay",
            name="body",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="actionreplay",
            name="status_code",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name="actionreplay",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("state", "pending"),
                    models.Q(("state", "done"), ("status_code__isnull", False)),
                    _connector="OR",
                ),
                name="actionreplay_done_has_answer",
            ),
        ),
    ]
