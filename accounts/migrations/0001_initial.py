"""Accounts take over the tables reminders made for them (renamed in reminders 0005),
and every user who has no preferences or webhook secret yet gets them now: from here on
they are made with the user, and reads never create them."""

import secrets

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import accounts.models

MOVED = ("preferences", "apitoken", "telephonyhook", "actionreplay")


def take_over(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Permissions given to the members group point at these content types: keep them.
    ContentType.objects.filter(app_label="reminders", model__in=MOVED).update(app_label="accounts")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Preferences = apps.get_model("accounts", "Preferences")
    TelephonyHook = apps.get_model("accounts", "TelephonyHook")
    Preferences.objects.bulk_create(
        Preferences(user_id=pk)
        for pk in User.objects.filter(preferences__isnull=True).values_list("pk", flat=True)
    )
    TelephonyHook.objects.bulk_create(
        TelephonyHook(owner_id=pk, secret=secrets.token_urlsafe(32))
        for pk in User.objects.filter(telephony_hook__isnull=True).values_list("pk", flat=True)
    )


def give_back(apps, schema_editor):
    """Back to the release before: the content types (and the permissions on them) go
    with the tables. Preferences and secrets made on the way up stay: they are harmless."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="accounts", model__in=MOVED).update(app_label="reminders")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reminders", "0005_accounts_and_push_apps"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ApiToken",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=100)),
                        ("key_hash", models.CharField(editable=False, max_length=64, unique=True)),
                        (
                            "prefix",
                            models.CharField(
                                editable=False,
                                help_text="Shown to tell tokens apart.",
                                max_length=12,
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("last_used_at", models.DateTimeField(blank=True, null=True)),
                        ("revoked", models.BooleanField(default=False)),
                        (
                            "owner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="api_tokens",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-created_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="TelephonyHook",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("secret", models.CharField(editable=False, max_length=64, unique=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "owner",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="telephony_hook",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                ),
                migrations.CreateModel(
                    name="ActionReplay",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("key", models.CharField(max_length=200)),
                        ("path", models.CharField(max_length=200)),
                        ("status_code", models.PositiveSmallIntegerField()),
                        ("body", models.JSONField()),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "owner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("owner", "key"), name="actionreplay_unique_per_owner"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Preferences",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "time_zone",
                            models.CharField(
                                default="UTC",
                                max_length=64,
                                validators=[accounts.models.validate_time_zone],
                            ),
                        ),
                        (
                            "quiet_start",
                            models.TimeField(
                                blank=True,
                                help_text="No pushes from this time… (empty: no quiet hours)",
                                null=True,
                            ),
                        ),
                        (
                            "quiet_end",
                            models.TimeField(blank=True, help_text="…until this time.", null=True),
                        ),
                        (
                            "language",
                            models.CharField(
                                choices=[("en", "English"), ("de", "Deutsch")],
                                default="en",
                                max_length=2,
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="preferences",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "preferences",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(
                                        ("quiet_start__isnull", True), ("quiet_end__isnull", True)
                                    ),
                                    models.Q(
                                        ("quiet_start__isnull", False),
                                        ("quiet_end__isnull", False),
                                        models.Q(
                                            ("quiet_start", models.F("quiet_end")), _negated=True
                                        ),
                                    ),
                                    _connector="OR",
                                ),
                                name="preferences_quiet_hours_both_or_none",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(take_over, give_back),
    ]
