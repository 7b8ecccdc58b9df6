import secrets

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def give_every_user_a_feed(apps, schema_editor):
    """Users made before feeds existed get theirs now (new ones get it with the user)."""
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    CalendarFeed = apps.get_model("accounts", "CalendarFeed")
    CalendarFeed.objects.bulk_create(
        [
            CalendarFeed(owner_id=pk, secret=secrets.token_urlsafe(32))
            for pk in User.objects.filter(calendar_feed__isnull=True).values_list("pk", flat=True)
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_away_digest_and_identity"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CalendarFeed",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("secret", models.CharField(editable=False, max_length=64, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "owner",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="calendar_feed",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.RunPython(give_every_user_a_feed, migrations.RunPython.noop),
    ]
