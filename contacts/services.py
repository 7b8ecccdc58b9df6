from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction

from contacts.models import Channel, Contact, PhoneNumber, Relationship


@transaction.atomic
def contact_create(
    *,
    owner,
    name: str,
    relationship: str = Relationship.OTHER,
    numbers: Iterable[tuple[str, str]] = (),
    email: str = "",
    notes: str = "",
    preferred_channel: str = Channel.CALL,
    callback_window: timedelta | None = None,
    starred: bool = False,
) -> Contact:
    """Create a contact with its numbers ((number, label) pairs, in any format)."""
    contact = Contact(
        owner=owner,
        name=name,
        relationship=relationship,
        email=email,
        notes=notes,
        preferred_channel=preferred_channel,
        callback_window=callback_window,
        starred=starred,
    )
    contact.full_clean()
    contact.save()
    for number, label in numbers:
        contact_number_add(contact=contact, number=number, label=label)
    return contact


def contact_number_add(*, contact: Contact, number: str, label: str = "") -> PhoneNumber:
    phone = PhoneNumber(owner_id=contact.owner_id, contact=contact, number=number, label=label)
    phone.full_clean()
    phone.save()
    return phone
