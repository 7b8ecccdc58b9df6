"""What reminders do when something happens in another app: thin, they call services."""

from contacts.models import Touch


def touch_recorded(sender: type, touch: Touch, **kwargs: object) -> None:
    """They were in touch: close the rhythm's reminders it settles, at once."""
    from reminders.services.rhythms import rhythm_reminders_settle

    rhythm_reminders_settle(touch=touch)
