"""Writes on what the user prepared for a callback: the notes on the reminder."""

from django.db import transaction

from reminders.models import Reminder


@transaction.atomic
def reminder_notes_update(*, reminder: Reminder, notes: str) -> Reminder:
    """What to say when calling (a price they asked about…), written beforehand. Any
    state: a note on a closed reminder is still worth keeping for the history."""
    reminder = Reminder.objects.select_for_update(of=("self",)).get(pk=reminder.pk)
    reminder.notes = notes
    reminder.full_clean(validate_constraints=False)
    reminder.save(update_fields=["notes", "updated_at"])
    return reminder
