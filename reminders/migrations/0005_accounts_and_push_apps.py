"""Accounts and push get apps of their own; nothing stored is lost.

- Preferences, ApiToken, TelephonyHook and ActionReplay move to `accounts`: their
  tables are renamed, rows and ids kept (accounts 0001 takes them over in its state).
- A delivery points at push's own subscription row, which has the same id as
  django-webpush's, so every stored delivery keeps its device.
- The unique index that 0002 put on django-webpush's table goes: push.Subscription
  keeps the endpoint unique now, in a table of ours.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ("preferences", "apitoken", "telephonyhook", "actionreplay")


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0004_engine"),
        ("push", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="delivery",
            name="subscription",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="push.subscription",
            ),
        ),
        migrations.RunSQL(
            "DROP INDEX IF EXISTS webpush_subscriptioninfo_endpoint_uniq",
            reverse_sql="CREATE UNIQUE INDEX webpush_subscriptioninfo_endpoint_uniq "
            "ON webpush_subscriptioninfo (endpoint)",
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name, f"accounts_{name}") for name in MOVED
            ],
            state_operations=[
                migrations.RemoveField(model_name="apitoken", name="owner"),
                migrations.RemoveField(model_name="preferences", name="user"),
                migrations.RemoveField(model_name="telephonyhook", name="owner"),
                migrations.RemoveField(model_name="actionreplay", name="owner"),
                *(migrations.DeleteModel(name) for name in MOVED),
            ],
        ),
    ]
