"""A touch may come from a calendar or a mailbox (sources/)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0007_shared_numbers"),
    ]

    operations = [
        migrations.AlterField(
            model_name="touch",
            name="source",
            field=models.CharField(
                choices=[
                    ("app", "Logged in the app"),
                    ("api", "Automation / API"),
                    ("callback", "A callback done"),
                    ("admin", "Admin"),
                    ("calendar", "A meeting in the calendar"),
                    ("mailbox", "An e-mail in the mailbox"),
                ],
                default="app",
                max_length=8,
            ),
        ),
    ]
