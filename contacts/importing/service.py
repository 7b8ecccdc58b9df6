"""Import a file of contacts into a user's own: the one write of contacts.importing."""

from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.selectors import phone_region_of
from accounts.users import User
from contacts.importing.cards import Card, Unreadable
from contacts.importing.merge import Known, Prepared, additions, prepare
from contacts.importing.reader import read_contacts
from contacts.models import Contact, Relationship
from contacts.services import (
    DateInput,
    NewContact,
    contact_dates_replace,
    contact_new,
    contact_number_add,
    contact_update,
    contacts_create_many,
)

# A phone's whole address book is well under this (and settings.CONTACT_IMPORT_MAX_BYTES,
# 5 MB by default); a larger file is a mistake.
MAX_IMPORT_CARDS = 5000
BATCH_SIZE = 500


class ImportRefused(Exception):
    """The file as a whole is refused (too many cards, not a file of contacts)."""


class ImportTooLarge(ImportRefused):
    """The file is larger than an import takes."""


def too_large() -> ImportTooLarge:
    megabytes = f"{settings.CONTACT_IMPORT_MAX_BYTES / 1024 / 1024:g}"
    return ImportTooLarge(_("A file of contacts may have at most %(mb)s MB.") % {"mb": megabytes})


@dataclass
class Skipped:
    index: int  # the card's place in the file, from 1
    name: str
    reason: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _new(*, owner: User, card: Prepared, relationship: str) -> NewContact:
    return contact_new(
        owner=owner,
        name=card.name,
        # A card from Ringback's own export keeps its relationship.
        relationship=card.relationship or relationship,
        numbers=card.numbers,
        email=card.emails[0] if card.emails else "",
        notes=card.notes,
        dates=[DateInput(kind=kind, yearly=day, label=label) for kind, day, label in card.dates],
    )


def _add(*, contact: Contact, card: Prepared, known: Known) -> bool:
    """Add what the card has and the contact lacks; False when it adds nothing."""
    found = additions(contact, card, known)
    if not found:
        return False
    if found.email is not None or found.notes is not None:
        contact_update(
            contact=contact,
            email=found.email if found.email is not None else contact.email,
            notes=found.notes if found.notes is not None else contact.notes,
        )
    for number, label in found.numbers:
        contact_number_add(contact=contact, number=number, label=label)
    if found.dates:
        kept = [
            DateInput(
                id=row.pk,
                kind=row.kind,
                yearly=row.yearly,
                label=row.label,
                remind_days_before=row.remind_days_before,
            )
            for row in contact.dates.all()
        ]
        new = [DateInput(kind=kind, yearly=day, label=label) for kind, day, label in found.dates]
        contact_dates_replace(contact=contact, dates=[*kept, *new])
    return True


def contacts_import(
    *,
    owner: User,
    data: bytes,
    relationship: str = Relationship.OTHER,
    dry_run: bool = False,
) -> ImportReport:
    """Import a vCard or CSV file: new people are created, people the user has (by
    number or e-mail) only get what they lack, cards that cannot be read are skipped
    and reported. All of it or nothing (one transaction); a dry run answers the same
    report and keeps nothing."""
    if len(data) > settings.CONTACT_IMPORT_MAX_BYTES:
        raise too_large()
    if relationship not in Relationship.values:
        raise ValidationError({"relationship": _("Not a relationship.")})
    try:
        entries = read_contacts(data)
    except ValueError as error:
        raise ImportRefused(str(error)) from None
    if len(entries) > MAX_IMPORT_CARDS:
        raise ImportRefused(
            _("A file may have at most %(max)d contacts; this one has %(count)d.")
            % {"max": MAX_IMPORT_CARDS, "count": len(entries)}
        )
    region = phone_region_of(owner.pk)
    report = ImportReport()
    # New contacts are written together, a batch at a time: the file's first import
    # makes hundreds of them.
    batch: list[NewContact] = []

    def write_batch() -> None:
        contacts_create_many(contacts=batch)
        batch.clear()

    with transaction.atomic():
        known = Known.of(owner)
        for index, entry in enumerate(entries, start=1):
            if isinstance(entry, Unreadable):
                report.skipped.append(Skipped(index, entry.name, entry.reason))
                continue
            try:
                # A savepoint per card: a card refused halfway leaves nothing behind.
                with transaction.atomic():
                    card = prepare(entry, region=region)
                    contact = known.match(card)
                    if contact is not None and contact.pk is None:
                        write_batch()  # the same person twice in the file, still unwritten
                    if contact is None:
                        new = _new(owner=owner, card=card, relationship=relationship)
                        batch.append(new)
                        contact = new.contact
                        report.created += 1
                    elif _add(contact=contact, card=card, known=known):
                        report.updated += 1
                    else:
                        report.unchanged += 1
            except ValidationError as error:
                report.skipped.append(Skipped(index, entry.name, " ".join(error.messages)))
                continue
            known.remember(contact, numbers=(number for number, _label in card.numbers))
            if len(batch) >= BATCH_SIZE:
                write_batch()
        write_batch()
        if dry_run:
            transaction.set_rollback(True)
    return report


def contact_import_card(
    *, owner: User, card: Card, known: Known, region: str, contact: Contact | None = None
) -> Contact:
    """One card, as an import of a file holding it would take it (sources/ syncing an
    address book card by card): the person it matches gets what they lack, else a new
    contact. `contact`: the one this card became before (a card changed since), which
    takes the card's name. The caller holds the transaction and `Known.of(owner)`."""
    prepared = prepare(card, region=region)
    if contact is not None and contact.name != prepared.name:
        contact_update(contact=contact, name=prepared.name)
    contact = contact or known.match(prepared)
    if contact is None:
        new = _new(owner=owner, card=prepared, relationship=Relationship.OTHER)
        contacts_create_many(contacts=[new])
        contact = new.contact
    else:
        _add(contact=contact, card=prepared, known=known)
    known.remember(contact, numbers=(number for number, _label in prepared.numbers))
    return contact
