import django.db.models.deletion
from django.db import migrations, models


def record_existing(apps, schema_editor):
    """Every subscription stored so far gets its row (endpoints are unique already:
    reminders' migration 0002 put a unique index on django-webpush's table)."""
    SubscriptionInfo = apps.get_model("webpush", "SubscriptionInfo")
    Subscription = apps.get_model("push", "Subscription")
    Subscription.objects.bulk_create(
        Subscription(info_id=pk, endpoint=endpoint)
        for pk, endpoint in SubscriptionInfo.objects.values_list("pk", "endpoint")
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("webpush", "0005_auto_20230614_1529"),
    ]

    operations = [
        migrations.CreateModel(
            name="Subscription",
            fields=[
                (
                    "info",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="ringback",
                        serialize=False,
                        to="webpush.subscriptioninfo",
                    ),
                ),
                ("endpoint", models.CharField(max_length=500, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.RunPython(record_existing, migrations.RunPython.noop),
    ]
