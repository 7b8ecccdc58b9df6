from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from contacts.models import Channel, Contact, PhoneNumber, Relationship
from contacts.phone import normalize_number


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
    archived: bool = False,
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
        archived=archived,
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


@transaction.atomic
def contact_update(
    *, contact: Contact, numbers: Iterable[tuple[str, str]] | None = None, **fields
) -> Contact:
    """Change the given fields; `numbers`, when given, replaces the contact's numbers
    (a number kept keeps its id)."""
    for name, value in fields.items():
        if name in ("owner", "id", "pk"):
            raise TypeError(f"{name} cannot be changed")
        setattr(contact, name, value)
    contact.full_clean()
    contact.save()
    if numbers is not None:
        contact_numbers_replace(contact=contact, numbers=numbers)
    return contact


def contact_numbers_replace(*, contact: Contact, numbers: Iterable[tuple[str, str]]) -> None:
    wanted: dict[str, str] = {}
    for number, label in numbers:
        try:
            wanted[normalize_number(number)] = label
        except ValidationError as error:
            raise ValidationError({"number": error.messages}) from None
    contact.numbers.exclude(number__in=wanted).delete()
    kept = {phone.number: phone for phone in contact.numbers.all()}
    for number, label in wanted.items():
        phone = kept.get(number)
        if phone is None:
            contact_number_add(contact=contact, number=number, label=label)
        elif phone.label != label:
            phone.label = label
            phone.full_clean()
            phone.save(update_fields=["label"])


def contact_delete(*, contact: Contact) -> None:
    """Delete a contact with their history: missed calls, reminders and attempts."""
    contact.delete()
