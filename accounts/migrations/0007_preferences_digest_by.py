from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_preferences_locale_confirmed"),
    ]

    operations = [
        # Every account keeps what it had: the digest pushed to the phones.
        migrations.AddField(
            model_name="preferences",
            name="digest_by",
            field=models.CharField(
                choices=[
                    ("push", "Push to the phones"),
                    ("channels", "The other channels"),
                    ("both", "Both"),
                ],
                default="push",
                help_text="Where those go: pushed to the phones, through the other channels "
                "(e-mail, ntfy …), or both. Without a channel they are pushed.",
                max_length=8,
            ),
        ),
    ]
