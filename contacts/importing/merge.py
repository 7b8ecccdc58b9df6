"""How an imported card meets the contacts the user has: which one it is (by number,
e-mail, else by name) and what it may add to it — never changing what is there."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from accounts.users import User
from contacts.dates import YearlyDate
from contacts.importing.cards import Card
from contacts.models import Contact, ContactDate, DateKind, PhoneNumber
from contacts.phone import normalize_number


@dataclass
class Prepared:
    """A card as it would be stored: numbers in E.164 (each once), valid e-mails."""

    name: str
    numbers: list[tuple[str, str]]
    emails: list[str]
    notes: str
    dates: list[tuple[str, YearlyDate, str]]
    relationship: str | None


def prepare(card: Card, *, region: str) -> Prepared:
    """The card's storable parts; a ValidationError saying why when nothing is left."""
    numbers: dict[str, str] = {}
    refused: list[str] = []
    for raw, label in card.numbers:
        try:
            numbers.setdefault(normalize_number(raw, region), label)
        except ValidationError as error:
            refused.extend(error.messages)
    emails = []
    for email in card.emails:
        try:
            validate_email(email)
        except ValidationError:
            continue
        if len(email) <= Contact._meta.get_field("email").max_length:  # type: ignore[operator]
            emails.append(email)
    if not card.name:
        raise ValidationError(_("This card has no name, number or e-mail."))
    if refused and not numbers and not emails:
        # A card that was only a number, and not a valid one: nothing to call.
        raise ValidationError(refused[0])
    return Prepared(
        name=card.name,
        numbers=list(numbers.items()),
        emails=emails,
        notes=card.notes,
        dates=card.dates,
        relationship=card.relationship,
    )


@dataclass
class Known:
    """The user's contacts by what identifies them, kept up to date while importing."""

    by_number: dict[str, Contact] = field(default_factory=dict)
    by_email: dict[str, Contact] = field(default_factory=dict)
    by_name: dict[str, Contact] = field(default_factory=dict)

    @classmethod
    def of(cls, owner: User) -> "Known":
        known = cls()
        contacts = {c.pk: c for c in Contact.objects.filter(owner=owner).order_by("id")}
        for contact in contacts.values():
            known.remember(contact, numbers=())
        numbers = PhoneNumber.objects.filter(owner=owner).values_list("number", "contact_id")
        for number, contact_id in numbers:
            known.by_number[number] = contacts[contact_id]
        return known

    def remember(self, contact: Contact, *, numbers: Iterable[str]) -> None:
        for number in numbers:
            self.by_number.setdefault(number, contact)
        if contact.email:
            self.by_email.setdefault(contact.email.lower(), contact)
        self.by_name.setdefault(contact.name.casefold(), contact)

    def match(self, card: Prepared) -> Contact | None:
        for number, _label in card.numbers:
            if number in self.by_number:
                return self.by_number[number]
        for email in card.emails:
            if email.lower() in self.by_email:
                return self.by_email[email.lower()]
        if not card.numbers and not card.emails:
            # Nothing else tells them apart: the same name is the same person.
            return self.by_name.get(card.name.casefold())
        return None


@dataclass
class Additions:
    """What a card adds to a contact the user already has."""

    numbers: list[tuple[str, str]]
    email: str | None
    notes: str | None
    dates: list[tuple[str, YearlyDate, str]]

    def __bool__(self) -> bool:
        return bool(self.numbers or self.email or self.notes or self.dates)


def additions(contact: Contact, card: Prepared, known: Known) -> Additions:
    """Numbers nobody has, an e-mail or notes where there are none, days not yet there
    (a birthday only to someone without one)."""
    have: list[ContactDate] = list(contact.dates.all())
    dates = []
    for kind, day, label in card.dates:
        if kind == DateKind.BIRTHDAY and any(row.kind == kind for row in have):
            continue
        same = ((row.kind, row.month, row.day) for row in have)
        if (kind, day.month, day.day) not in same and (kind, day, label) not in dates:
            dates.append((kind, day, label))
    numbers = [(number, label) for number, label in card.numbers if number not in known.by_number]
    return Additions(
        numbers=numbers,
        email=card.emails[0] if card.emails and not contact.email else None,
        notes=card.notes if card.notes and not contact.notes.strip() else None,
        dates=dates,
    )
