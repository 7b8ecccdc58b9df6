"""Reminders follow what happens to contacts (contacts know nothing of reminders)."""

from contacts.models import PhoneNumber


def phone_number_saved(
    sender: type, instance: PhoneNumber, created: bool, raw: bool, **kwargs: object
) -> None:
    if raw:
        return
    from reminders.services.calls import unknown_number_adopt

    unknown_number_adopt(phone=instance)
