"""Reminders follow what happens to contacts (contacts know nothing of reminders): thin
receivers that call services."""

from contacts.models import Contact, PhoneNumber, Touch


def touch_recorded(sender: type, touch: Touch, **kwargs: object) -> None:
    """They were in touch: close the rhythm's reminders it settles, at once."""
    from reminders.services.rhythms import rhythm_reminders_settle

    rhythm_reminders_settle(touch=touch)


def phone_number_saved(
    sender: type, instance: PhoneNumber, created: bool, raw: bool, **kwargs: object
) -> None:
    if raw:
        return
    from reminders.services.calls import unknown_number_adopt

    unknown_number_adopt(phone=instance)


def numbers_created(sender: type, phones: list[PhoneNumber], **kwargs: object) -> None:
    """Numbers written in bulk (an import): each adopts its waiting reminder exactly as
    a number saved one by one does."""
    from reminders.services.calls import unknown_numbers_adopt

    unknown_numbers_adopt(phones=phones)


def contacts_merging(sender: type, keep: Contact, other: Contact, **kwargs: object) -> None:
    from reminders.services.merging import contact_reminders_merge

    contact_reminders_merge(keep=keep, other=other)
