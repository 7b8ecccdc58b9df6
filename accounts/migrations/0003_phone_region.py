"""Every user gets a phone region; existing ones keep the installation's
PHONE_DEFAULT_REGION, which is what their numbers were read with so far."""

from django.db import migrations, models

import accounts.regions


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_action_replay_claims"),
    ]

    operations = [
        migrations.AddField(
            model_name="preferences",
            name="phone_region",
            field=models.CharField(
                default=accounts.regions.default_phone_region,
                help_text="Country of numbers typed without a country code (ISO 3166, e.g. DE).",
                max_length=2,
                validators=[accounts.regions.validate_phone_region],
            ),
        ),
    ]
