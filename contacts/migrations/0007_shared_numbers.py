"""A number may belong to several contacts of one user (a household's landline); a
number that cannot be read is kept as typed, flagged; extensions are kept. Every row stays."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0006_rhythm_due"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="phonenumber",
            name="phonenumber_unique_per_owner",
        ),
        migrations.RemoveConstraint(
            model_name="phonenumber",
            name="phonenumber_is_e164",
        ),
        migrations.AddField(
            model_name="phonenumber",
            name="extension",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AddField(
            model_name="phonenumber",
            name="needs_country_code",
            field=models.BooleanField(default=False),
        ),
        migrations.AddIndex(
            model_name="phonenumber",
            index=models.Index(fields=["owner", "number"], name="phonenumber_owner_number_idx"),
        ),
        migrations.AddConstraint(
            model_name="phonenumber",
            constraint=models.UniqueConstraint(
                fields=("contact", "number"), name="phonenumber_unique_per_contact"
            ),
        ),
        migrations.AddConstraint(
            model_name="phonenumber",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("number__startswith", "+"), ("needs_country_code", True), _connector="OR"
                ),
                name="phonenumber_is_e164_or_flagged",
            ),
        ),
    ]
