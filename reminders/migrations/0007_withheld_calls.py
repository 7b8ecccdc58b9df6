"""A missed call from a withheld number: no contact, no number and no reminder (there is
nobody to call back). Every existing call keeps its row, its reminder and its caller: it
gets withheld=False, which the new check constraint requires of a call with a reminder."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0001_initial"),
        ("reminders", "0006_deliveryattempt_at_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="missedcall",
            name="missedcall_has_contact_or_number",
        ),
        migrations.AddField(
            model_name="missedcall",
            name="withheld",
            field=models.BooleanField(
                default=False, help_text="The caller withheld their number (anonymous, private)."
            ),
        ),
        migrations.AlterField(
            model_name="missedcall",
            name="reminder",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="missed_calls",
                to="reminders.reminder",
            ),
        ),
        migrations.AddConstraint(
            model_name="missedcall",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("withheld", False),
                        models.Q(
                            ("contact__isnull", False),
                            models.Q(("number", ""), _negated=True),
                            _connector="OR",
                        ),
                        ("reminder__isnull", False),
                    ),
                    models.Q(
                        ("contact__isnull", True),
                        ("number", ""),
                        ("reminder__isnull", True),
                        ("withheld", True),
                    ),
                    _connector="OR",
                ),
                name="missedcall_caller_known_or_withheld",
            ),
        ),
    ]
