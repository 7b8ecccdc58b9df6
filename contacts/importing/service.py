"""Import a file of contacts into a user's own: the one write of contacts.importing."""

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.selectors import phone_region_of
from accounts.users import User
from contacts.importing.cards import Entry, Unreadable
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
from project.body_limit import file_too_large_message

# A phone's whole address book is well under this (and settings.CONTACT_IMPORT_MAX_BYTES,
# 5 MB by default); a larger file is a mistake.
MAX_IMPORT_CARDS = 5000
BATCH_SIZE = 500


RESULTS = {
    "created": gettext_lazy("new"),
    "updated": gettext_lazy("completed"),
    "unchanged": gettext_lazy("unchanged"),
    "skipped": gettext_lazy("skipped"),
}


class ImportRefused(Exception):
    """The file as a whole is refused (too many cards, not a file of contacts)."""


class ImportTooLarge(ImportRefused):
    """The file is larger than an import takes."""


def too_large() -> ImportTooLarge:
    return ImportTooLarge(file_too_large_message(settings.CONTACT_IMPORT_MAX_BYTES))


@dataclass
class Skipped:
    index: int  # the card's place in the file, from 1
    name: str
    reason: str


@dataclass
class CardResult:
    """What became of one card: created, updated, unchanged or skipped, and each value
    left out or doubtful, with why; `similar`: someone the card may be (not merged)."""

    index: int
    name: str
    result: str
    problems: list[dict[str, str]] = field(default_factory=list)
    similar: str = ""

    @property
    def result_label(self) -> str:
        return str(RESULTS[self.result])


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    cards: list[CardResult] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def add(self, index: int, card: Prepared, result: str, similar: Contact | None) -> None:
        setattr(self, result, getattr(self, result) + 1)
        problems = [{"value": p.value, "reason": p.reason} for p in card.problems]
        name = similar.name if similar is not None else ""
        self.cards.append(CardResult(index, card.name, result, problems, name))

    def skip(self, index: int, name: str, reason: str) -> None:
        self.skipped.append(Skipped(index, name, reason))
        self.cards.append(CardResult(index, name, "skipped", [{"value": "", "reason": reason}]))


def _new(*, owner: User, card: Prepared, relationship: str) -> NewContact:
    return contact_new(
        owner=owner,
        name=card.name,
        # A card from Ringback's own export keeps its relationship.
        relationship=card.relationship or relationship,
        numbers=card.numbers,
        email=card.emails[0] if card.emails else "",
        notes=card.notes,
        archived=card.archived,
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
    for number in found.numbers:
        contact_number_add(contact=contact, number=number)
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
    """Import a vCard or CSV file: new people are created, people the user has (by name
    and number or e-mail) only get what they lack, cards that cannot be read are skipped
    and reported. Written a batch of cards per transaction, so that the database is
    never held for long (a missed call arriving meanwhile waits at most for one batch);
    an import stopped halfway is completed by importing the file again. A dry run
    writes nothing and answers the same report."""
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
    run = _Run(
        owner=owner,
        region=phone_region_of(owner.pk),
        relationship=relationship,
        dry_run=dry_run,
        known=Known.of(owner),
    )
    for start in range(0, len(entries), BATCH_SIZE):
        # Cards are read and checked outside any transaction; each batch of new contacts
        # is then written in one short one (and each completed contact in its own).
        for index, entry in enumerate(entries[start : start + BATCH_SIZE], start=start + 1):
            run.card(index, entry)
        run.write()
    return run.report


@dataclass
class _Run:
    """One import on its way through the file: what is known, what waits to be written."""

    owner: User
    region: str
    relationship: str
    dry_run: bool
    known: Known
    report: ImportReport = field(default_factory=ImportReport)
    batch: list[NewContact] = field(default_factory=list)

    def write(self) -> None:
        if not self.dry_run:
            contacts_create_many(contacts=self.batch)
        self.batch.clear()

    def card(self, index: int, entry: Entry, before: Contact | None = None) -> Contact | None:
        """Take one card; `before`: the contact it became at an address book's last sync
        (the card changed since), which takes its name. The contact it is now."""
        if isinstance(entry, Unreadable):
            self.report.skip(index, entry.name, entry.reason)
            return before
        try:
            card = prepare(entry, region=self.region)
            contact = self.known.match(card) if before is None else self.known.own(before)
            if contact is None:
                similar = self.known.similar(card)
                new = _new(owner=self.owner, card=card, relationship=self.relationship)
                self.batch.append(new)
                contact, result = new.contact, "created"
            else:
                changed = self._complete(contact, card, renamed=before is not None)
                result, similar = ("updated" if changed else "unchanged"), None
        except ValidationError as error:
            self.report.skip(index, entry.name, " ".join(error.messages))
            return before
        self.report.add(index, card, result, similar)
        numbers = (given.number for given in card.numbers)
        self.known.remember(contact, numbers=numbers, emails=card.emails)
        self.known.remember_dates(contact, card.dates)
        return contact

    def _complete(self, contact: Contact, card: Prepared, *, renamed: bool = False) -> bool:
        renamed = renamed and contact.name != card.name
        if self.dry_run:
            return renamed or bool(additions(contact, card, self.known))
        if contact.pk is None:
            self.write()  # the same person twice in the file, still unwritten
        # Its own transaction: a card refused halfway leaves nothing behind.
        with transaction.atomic():
            if renamed:
                contact_update(contact=contact, name=card.name)
            return _add(contact=contact, card=card, known=self.known) or renamed


def contacts_import_cards(
    *, owner: User, cards: Sequence[tuple[Entry, Contact | None]], known: Known | None = None
) -> tuple[list[Contact | None], ImportReport]:
    """Cards of an address book (sources/ syncing one), taken as an import of a file
    holding them takes them, in the same batches: each card with the contact it became
    at the last sync, or None for a new card. The contact each card is now (stored), or
    its old one when it is skipped. `known`: what an earlier book of the same sync left."""
    run = _Run(
        owner=owner,
        region=phone_region_of(owner.pk),
        relationship=Relationship.OTHER,
        dry_run=False,
        known=known or Known.of(owner),
    )
    found: list[Contact | None] = []
    for start in range(0, len(cards), BATCH_SIZE):
        for index, (entry, before) in enumerate(cards[start : start + BATCH_SIZE], start + 1):
            found.append(run.card(index, entry, before))
        run.write()
    return found, run.report
