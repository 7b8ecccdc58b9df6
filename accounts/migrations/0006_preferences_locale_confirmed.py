from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_calendar_feed"),
    ]

    operations = [
        # Accounts that exist already have been in use: they are not asked again.
        migrations.AddField(
            model_name="preferences",
            name="locale_confirmed",
            field=models.BooleanField(default=True),
        ),
        # From now on an account made in the admin is asked once, at its first sign-in.
        migrations.AlterField(
            model_name="preferences",
            name="locale_confirmed",
            field=models.BooleanField(
                default=False,
                help_text="Language and time zone confirmed on the phone (an account made in "
                "the admin is asked once, at its first sign-in).",
            ),
        ),
    ]
