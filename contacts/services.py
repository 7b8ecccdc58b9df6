from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.selectors import phone_region_of, preferences_of
from accounts.users import User
from contacts import rhythm
from contacts.dates import YearlyDate
from contacts.models import (
    STARTING_RHYTHMS,
    Channel,
    Contact,
    ContactDate,
    Direction,
    PhoneNumber,
    Relationship,
    RelationshipRhythm,
    Touch,
    TouchSource,
)
from contacts.phone import split_number
from contacts.signals import numbers_created, touch_recorded
from contacts.times import CLOCK_SKEW, on_wall_clock


@dataclass(frozen=True)
class DateInput:
    """A contact's yearly day as given: `id` of the one it replaces, if any."""

    kind: str
    yearly: YearlyDate
    label: str = ""
    remind_days_before: int = 0
    id: int | None = None


@dataclass(frozen=True)
class NumberInput:
    """A number as given: `needs_country_code` keeps one that cannot be read as typed."""

    number: str
    label: str = ""
    extension: str = ""
    needs_country_code: bool = False
    # Already made E.164 by contacts.phone.split_number, or found unreadable by it for
    # the owner's country and flagged (the import reads each number once):
    # PhoneNumber.clean() does not read it again.
    checked: bool = False


NumberGiven = tuple[str, str] | NumberInput


def _number_input(given: NumberGiven) -> NumberInput:
    return given if isinstance(given, NumberInput) else NumberInput(*given)


def _phone(*, contact: Contact, given: NumberGiven) -> PhoneNumber:
    given = _number_input(given)
    phone = PhoneNumber(
        owner_id=contact.owner_id,
        contact=contact,
        number=given.number,
        label=given.label,
        extension=given.extension,
        needs_country_code=given.needs_country_code,
    )
    phone.checked_number = given.number if given.checked else None
    return phone


@transaction.atomic
def contact_create(
    *,
    owner: User,
    name: str,
    relationship: str = Relationship.OTHER,
    numbers: Iterable[NumberGiven] = (),
    dates: Iterable[DateInput] = (),
    email: str = "",
    greeting: str = "",
    formal: bool | None = None,
    notes: str = "",
    preferred_channel: str = Channel.CALL,
    text_channel: str = "",
    time_zone: str = "",
    callback_window: timedelta | None = None,
    keep_in_touch_days: int | None = None,
    starred: bool = False,
    archived: bool = False,
) -> Contact:
    """Create a contact with its numbers ((number, label) pairs, in any format)."""
    contact = Contact(
        owner=owner,
        name=name,
        relationship=relationship,
        email=email,
        greeting=greeting,
        formal=formal,
        notes=notes,
        preferred_channel=preferred_channel,
        text_channel=text_channel,
        time_zone=time_zone,
        callback_window=callback_window,
        keep_in_touch_days=keep_in_touch_days,
        starred=starred,
        archived=archived,
    )
    contact.full_clean()
    contact.save()
    _due_save(contact)  # the count starts when the contact was added, known once saved
    for given in numbers:
        contact_number_add(contact=contact, number=given)
    contact_dates_replace(contact=contact, dates=dates)
    return contact


@dataclass(frozen=True)
class NewContact:
    """A contact checked and ready to be written with others (contacts_create_many)."""

    contact: Contact
    numbers: list[PhoneNumber]
    dates: list[ContactDate]


def contact_new(
    *,
    owner: User,
    name: str,
    relationship: str = Relationship.OTHER,
    numbers: Iterable[NumberGiven] = (),
    dates: Iterable[DateInput] = (),
    email: str = "",
    notes: str = "",
    archived: bool = False,
) -> NewContact:
    """A new contact validated as contact_create validates one, but not yet written.

    The database's check constraints are left to the database (validating them here
    would ask it once per constraint and row; see contacts_create_many).
    """
    contact = Contact(
        owner=owner,
        name=name,
        relationship=relationship,
        email=email,
        notes=notes,
        archived=archived,
    )
    contact.full_clean(exclude=["owner"], validate_constraints=False)
    phones = []
    for number in numbers:
        phone = _phone(contact=contact, given=number)
        # The owner and contact are the ones above (validating them asks the database).
        phone.full_clean(
            exclude=["contact", "owner"], validate_unique=False, validate_constraints=False
        )
        phones.append(phone)
    rows = []
    for given in dates:
        row = ContactDate(
            contact=contact,
            kind=given.kind,
            label=given.label.strip(),
            month=given.yearly.month,
            day=given.yearly.day,
            year=given.yearly.year,
            remind_days_before=given.remind_days_before,
        )
        try:
            row.full_clean(exclude=["contact"], validate_constraints=False)
        except ValidationError as error:
            raise ValidationError({"dates": error.messages}) from None
        rows.append(row)
    return NewContact(contact=contact, numbers=phones, dates=rows)


@transaction.atomic
def contacts_create_many(*, contacts: Sequence[NewContact]) -> None:
    """Write contacts made by contact_new, with their numbers and days, in three
    statements (an import of a whole address book: row by row takes minutes)."""
    created = Contact.objects.bulk_create([new.contact for new in contacts])
    contacts_due_refresh(contacts=Contact.objects.filter(pk__in=[c.pk for c in created]))
    phones = PhoneNumber.objects.bulk_create([phone for new in contacts for phone in new.numbers])
    ContactDate.objects.bulk_create([row for new in contacts for row in new.dates])
    if phones:
        numbers_created.send(sender=PhoneNumber, phones=phones)


def contact_number_add(
    *, contact: Contact, number: NumberGiven | str, label: str = ""
) -> PhoneNumber:
    """Add a number (any format; a NumberInput or a (number, label) pair also)."""
    given = NumberInput(number, label) if isinstance(number, str) else number
    phone = _phone(contact=contact, given=given)
    phone.full_clean()
    phone.save()
    return phone


@transaction.atomic
def contact_update(
    *,
    contact: Contact,
    numbers: Iterable[tuple[str, str]] | None = None,
    dates: Iterable[DateInput] | None = None,
    **fields: object,
) -> Contact:
    """Change the given fields; `numbers`, when given, replaces the contact's numbers
    (a number kept keeps its id)."""
    for name, value in fields.items():
        if name in ("owner", "id", "pk"):
            raise TypeError(f"{name} cannot be changed")
        setattr(contact, name, value)
    contact.full_clean()
    contact.next_touch_due = _due(contact)
    contact.save()
    if numbers is not None:
        contact_numbers_replace(contact=contact, numbers=numbers)
    if dates is not None:
        contact_dates_replace(contact=contact, dates=dates)
    return contact


def contact_numbers_replace(*, contact: Contact, numbers: Iterable[NumberGiven]) -> None:
    """The contact's numbers become `numbers`; one kept as typed (needs a country code)
    may come back as it is."""
    flagged = {phone.number for phone in contact.numbers.all() if phone.needs_country_code}
    wanted: dict[str, NumberInput] = {}
    region = phone_region_of(contact.owner_id)
    for given in map(_number_input, numbers):
        text = given.number.strip()
        try:
            e164, extension = split_number(text, region)
        except ValidationError as error:
            if text not in flagged:
                raise ValidationError({"number": error.messages}) from None
            wanted[text] = replace(given, number=text, needs_country_code=True)
            continue
        wanted[e164] = replace(
            given, number=e164, extension=given.extension or extension, needs_country_code=False
        )
    contact.numbers.exclude(number__in=wanted).delete()
    kept = {phone.number: phone for phone in contact.numbers.all()}
    for number, given in wanted.items():
        phone = kept.get(number)
        if phone is None:
            contact_number_add(contact=contact, number=given)
            continue
        # The app's form does not carry extensions: one not given is kept.
        extension = given.extension or phone.extension
        if (phone.label, phone.extension) != (given.label, extension):
            phone.label, phone.extension = given.label, extension
            phone.full_clean()
            phone.save(update_fields=["label", "extension"])


def contact_dates_replace(*, contact: Contact, dates: Iterable[DateInput]) -> None:
    """The contact's days become `dates`: those given with an id are changed in place
    (so a reminder about one stays attached), the rest are new, the others go."""
    existing = {row.pk: row for row in contact.dates.all()}
    kept = []
    for given in dates:
        row = existing.get(given.id) if given.id is not None else None
        row = row or ContactDate(contact=contact)
        row.kind, row.label = given.kind, given.label.strip()
        row.month, row.day, row.year = given.yearly.month, given.yearly.day, given.yearly.year
        row.remind_days_before = given.remind_days_before
        try:
            row.full_clean(exclude=["contact"])
        except ValidationError as error:
            raise ValidationError({"dates": error.messages}) from None
        row.save()
        kept.append(row.pk)
    contact.dates.exclude(pk__in=kept).delete()


def contact_delete(*, contact: Contact) -> None:
    """Delete a contact with their history: missed calls, reminders and attempts."""
    contact.delete()


def touch_record(
    *,
    owner: User,
    contact: Contact,
    channel: str,
    direction: str = Direction.OUT,
    at: datetime | None = None,
    note: str = "",
    source: str = TouchSource.APP,
) -> Touch:
    """Record that they were in touch, and move the contact's last contact to it.

    A time without an offset is on the user's clock. (A retried request is answered by
    its Idempotency-Key, accounts.idempotency, before it gets here.)
    """
    now = timezone.now()
    at = on_wall_clock(at, preferences_of(owner).zone) if at else now
    if at > now + CLOCK_SKEW:
        raise ValidationError({"at": _("A touch cannot be in the future.")})
    if contact.owner_id != owner.pk:
        raise ValidationError({"contact": _("No such contact.")})
    touch = Touch(
        owner=owner,
        contact=contact,
        channel=channel,
        direction=direction,
        at=min(at, now),
        note=(note or "").strip(),
        source=source,
    )
    touch.full_clean(exclude=["owner", "contact"])
    with transaction.atomic():
        touch.save()
        stored = (
            Contact.objects.select_for_update()
            .values("last_contacted_at", "rhythm_restarted_at")
            .get(pk=contact.pk)
        )
        # Only ever forward: a touch logged late for last week leaves a newer one.
        latest = stored["last_contacted_at"]
        contact.last_contacted_at = touch.at if latest is None or latest < touch.at else latest
        contact.rhythm_restarted_at = stored["rhythm_restarted_at"]
        _due_save(contact, "last_contacted_at")
        touch_recorded.send(sender=Touch, touch=touch)
    return touch


@transaction.atomic
def touch_delete(*, touch: Touch) -> None:
    """Forget a touch logged by mistake. When it was the latest, the contact's last
    contact goes back to the latest one left (a date from before touches were kept
    stays when no touch is left)."""
    contact = Contact.objects.select_for_update().get(pk=touch.contact_id)
    touch.delete()
    if contact.last_contacted_at != touch.at:
        return
    latest = Touch.objects.filter(contact=contact).order_by("-at").first()
    if latest is not None:
        contact.last_contacted_at = latest.at
        _due_save(contact, "last_contacted_at")


def contact_rhythm_restart(*, contact: Contact, at: datetime) -> None:
    """Count the rhythm from `at`, without a touch: the user closed its reminder."""
    contact.rhythm_restarted_at = at
    _due_save(contact, "rhythm_restarted_at")


@transaction.atomic
def touch_take_back(*, touch: Touch) -> None:
    """Take back a touch recorded moments ago (an undone Done): the contact's last
    contact goes back to the latest touch left, or to none. Unlike touch_delete, no
    older date is kept: this touch was the one that set it."""
    contact = Contact.objects.select_for_update().get(pk=touch.contact_id)
    touch.delete()
    latest = Touch.objects.filter(contact=contact).order_by("-at").first()
    contact.last_contacted_at = latest.at if latest is not None else None
    _due_save(contact, "last_contacted_at")


@transaction.atomic
def rhythms_update(*, user: User, rhythms: dict[str, int | None]) -> None:
    """Set the given relationships' rhythms (days); None takes the rhythm away."""
    for relationship, days in rhythms.items():
        if relationship not in Relationship.values:
            message = _("“%(value)s” is not a relationship.") % {"value": relationship}
            raise ValidationError({"keep_in_touch_defaults": message})
        if days is None:
            RelationshipRhythm.objects.filter(owner=user, relationship=relationship).delete()
            relationship_followers_due_refresh(owner_id=user.pk, relationship=relationship)
            continue
        rhythm = RelationshipRhythm.objects.filter(owner=user, relationship=relationship).first()
        rhythm = rhythm or RelationshipRhythm(owner=user, relationship=relationship)
        rhythm.days = days
        try:
            rhythm.full_clean(exclude=["owner"], validate_constraints=False)
        except ValidationError as error:
            raise ValidationError({"keep_in_touch_defaults": error.messages}) from None
        rhythm.save()
        relationship_followers_due_refresh(owner_id=user.pk, relationship=relationship)


def rhythms_start(*, user: User) -> None:
    """A new account's starting rhythms (contacts.models.STARTING_RHYTHMS)."""
    RelationshipRhythm.objects.bulk_create(
        [
            RelationshipRhythm(owner=user, relationship=relationship, days=days)
            for relationship, days in STARTING_RHYTHMS.items()
        ],
        ignore_conflicts=True,
    )


def _due(contact: Contact) -> datetime | None:
    """contacts.rhythm.due of one contact, reading the relationship's rhythm if needed."""
    defaults: dict[str, int] = {}
    if contact.keep_in_touch_days is None:
        days = (
            RelationshipRhythm.objects.filter(
                owner_id=contact.owner_id, relationship=contact.relationship
            )
            .values_list("days", flat=True)
            .first()
        )
        if days is not None:
            defaults[contact.relationship] = days
    return rhythm.due(contact, defaults)


def _due_save(contact: Contact, *fields: str) -> None:
    """Save these fields of the contact with the rhythm's due moment they give."""
    contact.next_touch_due = _due(contact)
    contact.save(update_fields=[*fields, "next_touch_due"])


def contacts_due_refresh(*, contacts: QuerySet[Contact]) -> int:
    """Work the rhythm's due moment of these contacts out again, in one statement (the
    rule's SQL twin, contacts.rhythm.due_sql)."""
    return contacts.update(next_touch_due=rhythm.due_sql())


def relationship_followers_due_refresh(*, owner_id: int, relationship: str) -> None:
    """The relationship's rhythm changed: everyone who follows it is due anew."""
    contacts_due_refresh(
        contacts=Contact.objects.filter(
            owner_id=owner_id, relationship=relationship, keep_in_touch_days=None
        )
    )
