"""Every new account starts with the usual keep-in-touch rhythms; a touch is announced to
whoever keeps reminders about the person (contacts imports nothing from them)."""

from django.dispatch import Signal

from accounts.users import User

# Sent with `touch` inside the transaction that stores it, so that a reminder it settles
# is closed in the same request, or not at all.
touch_recorded = Signal()


def user_saved(sender: type, instance: User, created: bool, raw: bool, **kwargs: object) -> None:
    if created and not raw:
        from contacts.services import rhythms_start

        rhythms_start(user=instance)
