from django.db import migrations


class Migration(migrations.Migration):
    """django-webpush lets one endpoint be stored many times; each copy would get
    every push. Its table belongs to that app, so the index is added here."""

    dependencies = [
        ("reminders", "0001_initial"),
        ("webpush", "0005_auto_20230614_1529"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE UNIQUE INDEX webpush_subscriptioninfo_endpoint_uniq "
            "ON webpush_subscriptioninfo (endpoint)",
            reverse_sql="DROP INDEX webpush_subscriptioninfo_endpoint_uniq",
        ),
    ]
