"""How an imported card meets the contacts the user has: which one it is (by number,
e-mail, else by name) and what it may add to it — never changing what is there."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.users import User
from contacts.dates import YearlyDate
from contacts.importing.cards import MAX_EMAILS_PER_CARD, MAX_NUMBERS_PER_CARD, Card, Problem
from contacts.models import Contact, ContactDate, DateKind, PhoneNumber
from contacts.phone import keepable_number, split_number
from contacts.services import NumberInput

CAPS = {"max": MAX_NUMBERS_PER_CARD}


@dataclass
class Prepared:
    """A card as it would be stored: numbers in E.164 (each once) or kept as typed and
    flagged, valid e-mails, and what was dropped or is doubtful, with why."""

    name: str
    numbers: list[NumberInput]
    emails: list[str]
    notes: str
    dates: list[tuple[str, YearlyDate, str]]
    relationship: str | None
    archived: bool = False
    problems: list[Problem] = field(default_factory=list)
    # The name is a stand-in (the card had none): any name matches it.
    unnamed: bool = False


def _numbers(card: Card, region: str, problems: list[Problem]) -> list[NumberInput]:
    numbers: dict[str, NumberInput] = {}
    if (over := len(card.numbers) - MAX_NUMBERS_PER_CARD) > 0:
        problems.append(
            Problem(
                ngettext("%(count)d number", "%(count)d numbers", over) % {"count": over},
                _("left out: a card takes at most %(max)d numbers") % CAPS,
            )
        )
    for raw, label in card.numbers[:MAX_NUMBERS_PER_CARD]:
        try:
            e164, extension = split_number(raw, region)
        except ValidationError:
            text = " ".join(raw.split())
            if not keepable_number(text):
                problems.append(Problem(raw[:60], _("not a phone number")))
                continue
            problems.append(Problem(text, _("kept as written: needs a country code")))
            # Read for the user's country just now, and kept: checked, not read again.
            kept = NumberInput(text, label, needs_country_code=True, checked=True)
            numbers.setdefault(text, kept)
            continue
        numbers.setdefault(e164, NumberInput(e164, label, extension=extension, checked=True))
    return list(numbers.values())


def _emails(card: Card, problems: list[Problem]) -> list[str]:
    emails: list[str] = []
    longest = Contact._meta.get_field("email").max_length
    for email in card.emails[: MAX_EMAILS_PER_CARD * 2]:
        try:
            validate_email(email)
            if len(email) > longest:  # type: ignore[operator]
                raise ValidationError("too long")
        except ValidationError:
            problems.append(Problem(email[:60], _("not an e-mail address")))
            continue
        if email.lower() not in (known.lower() for known in emails):
            emails.append(email)
    # A contact keeps one address; the others still find the person on a re-import.
    why = _("not kept: a contact has one e-mail address")
    problems.extend(Problem(email, why) for email in emails[1:MAX_EMAILS_PER_CARD])
    return emails[:MAX_EMAILS_PER_CARD]


def prepare(card: Card, *, region: str) -> Prepared:
    """The card's storable parts; a ValidationError saying why when nothing is left."""
    problems = list(card.problems)
    numbers = _numbers(card, region, problems)
    emails = _emails(card, problems)
    if not card.name:
        raise ValidationError(_("This card has no name, number or e-mail."))
    return Prepared(
        name=card.name,
        numbers=numbers,
        emails=emails,
        notes=card.notes,
        dates=card.dates,
        relationship=card.relationship,
        archived=card.archived,
        problems=problems,
        unnamed=card.unnamed,
    )


_WORD = re.compile(r"\w+")


def _words(name: str) -> list[str]:
    return _WORD.findall(name.casefold())


def _covered(words: list[str], by: list[str]) -> bool:
    # An initial ("S.") stands for any word that starts with it.
    return all(
        any(word == other or (len(word) == 1 and other.startswith(word)) for other in by)
        for word in words
    )


def names_agree(one: str, other: str) -> bool:
    """Whether two names can be one person's: every word of one is in the other
    ("Anna" and "Anna Schmidt", "Anna S." and "Anna Schmidt"), never "Max Mustermann"
    and "Erika Mustermann"."""
    first, second = _words(one), _words(other)
    if not first or not second:
        return False
    return _covered(first, second) or _covered(second, first)


@dataclass
class Known:
    """The user's contacts by what identifies them, kept up to date while importing."""

    by_number: dict[str, list[Contact]] = field(default_factory=dict)
    by_email: dict[str, list[Contact]] = field(default_factory=dict)
    by_name: dict[str, list[Contact]] = field(default_factory=dict)
    numbers_of: dict[int, set[str]] = field(default_factory=dict)
    # (kind, month, day) of each contact's days, by id() of the contact.
    dates_of: dict[int, set[tuple[str, int, int]]] = field(default_factory=dict)
    # The stored contacts above, by their id: what is known of a contact is kept for
    # this very object (by id()), so another object of the same contact finds it here.
    by_pk: dict[int, Contact] = field(default_factory=dict)

    @classmethod
    def of(cls, owner: User) -> "Known":
        known = cls()
        contacts = {c.pk: c for c in Contact.objects.filter(owner=owner).order_by("id")}
        numbers: dict[int, list[str]] = {pk: [] for pk in contacts}
        rows = PhoneNumber.objects.filter(owner=owner).values_list("contact_id", "number")
        for contact_id, number in rows.order_by("id"):
            numbers[contact_id].append(number)
        for pk, contact in contacts.items():
            known.remember(contact, numbers=numbers[pk], emails=[contact.email])
        days = ContactDate.objects.filter(contact__owner=owner)
        for contact_id, kind, month, day in days.values_list("contact_id", "kind", "month", "day"):
            known.dates_of.setdefault(id(contacts[contact_id]), set()).add((kind, month, day))
        return known

    def remember_dates(
        self, contact: Contact, dates: Iterable[tuple[str, YearlyDate, str]]
    ) -> None:
        have = self.dates_of.setdefault(id(contact), set())
        have.update((kind, day.month, day.day) for kind, day, _label in dates)

    def remember(self, contact: Contact, *, numbers: Iterable[str], emails: Iterable[str]) -> None:
        if contact.pk is not None:
            self.by_pk.setdefault(contact.pk, contact)
        have = self.numbers_of.setdefault(id(contact), set())
        for number in numbers:
            if number not in have:
                have.add(number)
                self.by_number.setdefault(number, []).append(contact)
        for email in emails:
            if email and contact not in (found := self.by_email.setdefault(email.lower(), [])):
                found.append(contact)
        named = self.by_name.setdefault(" ".join(contact.name.casefold().split()), [])
        if contact not in named:
            named.append(contact)

    def own(self, contact: Contact) -> Contact:
        """The object this import knows for a stored contact (what it learnt is kept
        by object)."""
        return self.by_pk.get(contact.pk, contact) if contact.pk is not None else contact

    def has_number(self, contact: Contact, number: str) -> bool:
        return number in self.numbers_of.get(id(contact), ())

    def match(self, card: Prepared) -> Contact | None:
        """The contact this card is: one with a number or e-mail of the card and the same
        name (or the card has no name of its own). A shared number alone is no match: a
        household's landline belongs to each of them."""
        candidates = [c for number in card.numbers for c in self.by_number.get(number.number, [])]
        candidates += [c for email in card.emails for c in self.by_email.get(email.lower(), [])]
        for contact in candidates:
            if card.unnamed or names_agree(contact.name, card.name):
                return contact
        if not card.numbers and not card.emails:
            # Nothing else tells them apart: the same name is the same person.
            found = self.by_name.get(" ".join(card.name.casefold().split()), [])
            return found[0] if found else None
        return None

    def similar(self, card: Prepared) -> Contact | None:
        """Someone the card may be, not merged: the same name with other numbers, or
        another name on the same number or e-mail; the report proposes it."""
        found = self.by_name.get(" ".join(card.name.casefold().split()), [])
        if found:
            return found[0]
        for number in card.numbers:
            if found := self.by_number.get(number.number, []):
                return found[0]
        for email in card.emails:
            if found := self.by_email.get(email.lower(), []):
                return found[0]
        return None


@dataclass
class Additions:
    """What a card adds to a contact the user already has."""

    numbers: list[NumberInput]
    email: str | None
    notes: str | None
    dates: list[tuple[str, YearlyDate, str]]

    def __bool__(self) -> bool:
        return bool(self.numbers or self.email or self.notes or self.dates)


def additions(contact: Contact, card: Prepared, known: Known) -> Additions:
    """Numbers nobody has, an e-mail or notes where there are none, days not yet there
    (a birthday only to someone without one)."""
    have = known.dates_of.setdefault(id(contact), set())
    dates = []
    for kind, day, label in card.dates:
        if kind == DateKind.BIRTHDAY and any(had == kind for had, _m, _d in have):
            continue
        if (kind, day.month, day.day) not in have and (kind, day, label) not in dates:
            dates.append((kind, day, label))
    numbers = [given for given in card.numbers if not known.has_number(contact, given.number)]
    return Additions(
        numbers=numbers,
        email=card.emails[0] if card.emails and not contact.email else None,
        notes=card.notes if card.notes and not contact.notes.strip() else None,
        dates=dates,
    )
