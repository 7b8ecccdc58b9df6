"""Writes on missed calls: record one, and open the reminder for it or join the open one."""

import logging
from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.selectors import preferences_of
from accounts.users import User
from contacts.models import Contact, PhoneNumber
from contacts.phone import MAX_INPUT_LENGTH, normalize_number
from contacts.selectors import contact_for_number, contacts_sharing_number
from contacts.times import CLOCK_SKEW, on_wall_clock
from reminders.models import (
    ACTIVE_STATES,
    CALL_KINDS,
    MissedCall,
    Reminder,
    ReminderKind,
    ReminderState,
    Source,
)
from reminders.policy import OLDEST_CALL, Step, StepKind
from reminders.services.facts import reason_noted, reminder_facts_refresh
from reminders.services.scheduling import dispatch_soon, plan_for, schedule_plan, schedule_step

logger = logging.getLogger(__name__)


def missed_call_record(
    *,
    owner: User,
    number: str = "",
    contact: Contact | None = None,
    occurred_at: datetime | None = None,
    source: str = Source.MANUAL,
    reason: str = "",
    withheld: bool = False,
    keep_unreadable: bool = False,
) -> MissedCall:
    """Record a missed call and open the reminder for it, or join the open one.

    The number is resolved to the owner's contact when it matches one. Several calls
    from the same person while a reminder is open are one reminder with a count. A time
    without an offset is read in the owner's time zone. A call from a withheld number is
    recorded for the log, with no reminder: there is nobody to call back. (A retried
    request is answered by its idempotency key, accounts.idempotency, before it gets
    here.) With `keep_unreadable`, a number that cannot be read (a provider's From such
    as +99912345) is kept as it came, an unknown number, rather than refused: a telephony
    provider does not send a refused call again.
    """
    now = timezone.now()
    preferences = preferences_of(owner)
    occurred_at = _occurred_at(occurred_at=occurred_at, zone=preferences.zone, now=now)
    reason = _checked(source=source, reason=reason)
    call = MissedCall(owner=owner, occurred_at=occurred_at, source=source, reason=reason)
    if withheld:
        if number or contact is not None:
            raise ValidationError({"withheld": _("A withheld number has no number or contact.")})
        call.withheld = True
        call.save()
        return call
    call.number, call.contact = _caller(
        owner=owner,
        number=number,
        contact=contact,
        region=preferences.phone_region,
        keep_unreadable=keep_unreadable,
    )
    # Two calls from one person arriving at once race to open the reminder: the partial
    # unique constraint lets only one insert win, and the loser joins the winner's.
    for _attempt in range(3):
        try:
            with transaction.atomic():
                _call_save(call, now=now)
                return call
        except IntegrityError:
            continue
    raise RuntimeError("could not open or join a reminder after 3 tries")


def _occurred_at(*, occurred_at: datetime | None, zone: ZoneInfo, now: datetime) -> datetime:
    if occurred_at is None:
        return now
    # Phone automations send the time on the phone's clock: the user's time zone.
    occurred_at = on_wall_clock(occurred_at, zone)
    if occurred_at > now + CLOCK_SKEW:
        raise ValidationError({"occurred_at": _("A missed call cannot be in the future.")})
    if occurred_at < now - OLDEST_CALL:
        raise ValidationError(
            {
                "occurred_at": _("A missed call at most %(days)d days ago can be logged.")
                % {"days": OLDEST_CALL.days}
            }
        )
    return min(occurred_at, now)


def _checked(*, source: str, reason: str) -> str:
    """The reason, trimmed, once the source and reason are known to fit."""
    if source not in Source.values:
        raise ValidationError({"source": _("Unknown source “%(value)s”.") % {"value": source}})
    reason = (reason or "").strip()
    if len(reason) > 1000:
        raise ValidationError({"reason": _("A reason has at most 1000 characters.")})
    return reason


def _caller(
    *, owner: User, number: str, contact: Contact | None, region: str, keep_unreadable: bool
) -> tuple[str, Contact | None]:
    """Who called: the number in E.164 and the owner's contact with it, or the contact
    given and its first number."""
    if number:
        try:
            number = normalize_number(number, region)
        except ValidationError as error:
            if not keep_unreadable:
                raise ValidationError({"number": error.messages}) from None
            logger.warning("kept a caller number that cannot be read: %r", number)
            number = number.strip()[:MAX_INPUT_LENGTH]
    if contact is not None:
        if contact.owner_id != owner.pk:
            raise ValidationError({"contact": _("No such contact.")})
        if not number:
            first = contact.numbers.order_by("id").first()
            number = first.number if first else ""
        return number, contact
    if not number:
        raise ValidationError({"number": _("Give the number that called, or a contact.")})
    return number, contact_for_number(owner=owner, number=number)


def _call_save(call: MissedCall, *, now: datetime) -> None:
    """Store the call with the reminder it opens or joins (inside a transaction)."""
    reminder = _open_or_join(
        owner=call.owner,
        contact=call.contact,
        number=call.number,
        occurred_at=call.occurred_at,
        source=call.source,
        reason=call.reason,
        now=now,
    )
    call.pk, call.reminder = None, reminder
    call.save()
    if call.reason and reminder.latest_reason != call.reason:
        # A call logged late, older than the newest: its reason may still be the latest.
        reminder_facts_refresh(reminder=reminder)
    transaction.on_commit(partial(dispatch_soon, reminder))


def _active_reminder(*, owner: User, contact: Contact | None, number: str) -> Reminder | None:
    """The open call reminder this call joins, locked for the transaction that writes."""
    reminders = Reminder.objects.select_for_update().filter(
        owner_id=owner.pk, state__in=ACTIVE_STATES, kind__in=CALL_KINDS
    )
    if contact is not None:
        return reminders.filter(contact_id=contact.pk).first()
    return reminders.filter(contact__isnull=True, number=number).first()


def _open_or_join(
    *,
    owner: User,
    contact: Contact | None,
    number: str,
    occurred_at: datetime,
    source: str,
    reason: str,
    now: datetime,
) -> Reminder:
    reminder = _active_reminder(owner=owner, contact=contact, number=number)
    if reminder is not None:
        # Read for it: the scheduling below needs their preferences and the contact's zone.
        reminder.owner = owner
        if contact is not None:
            reminder.contact = contact
    by_hand = source == Source.MANUAL
    if reminder is None:
        plan = plan_for(owner=owner, contact=contact, called_at=occurred_at)
        reminder = Reminder(
            owner=owner,
            contact=contact,
            number=number,
            kind=ReminderKind.CALLBACK if contact else ReminderKind.IDENTIFY,
            opened_at=now,
            first_call_at=occurred_at,
            last_call_at=occurred_at,
            deadline=plan.deadline,
            latest_reason=reason,
        )
        # Someone who logs a call by hand has just seen it: skip the first prompt.
        schedule_plan(reminder, plan, now=now, skip_prompt=by_hand and contact is not None)
        reminder.save()
        return reminder

    reminder.call_count += 1
    if reminder.last_call_at is None or occurred_at >= reminder.last_call_at:
        reason_noted(reminder, reason=reason)
    reminder.first_call_at = min(reminder.first_call_at or occurred_at, occurred_at)
    reminder.last_call_at = max(reminder.last_call_at or occurred_at, occurred_at)
    if reminder.state == ReminderState.SNOOZED:
        # Calling again cuts a snooze short: it has become more urgent.
        reminder.state, reminder.snoozed_until = ReminderState.OPEN, None
    if reminder.deadline <= now:
        # They call again after the window closed: a fresh window from this call.
        plan = plan_for(owner=owner, contact=contact, called_at=occurred_at)
        reminder.deadline = plan.deadline
        schedule_plan(reminder, plan, now=now, skip_prompt=by_hand)
    elif not by_hand:
        again = StepKind.PROMPT if reminder.contact_id else StepKind.IDENTIFY
        schedule_step(reminder, Step(again, now), now=now)
    reminder.save()
    return reminder


@transaction.atomic
def unknown_number_adopt(*, phone: PhoneNumber, now: datetime | None = None) -> Reminder | None:
    """A number saved to a contact takes over the open reminder of that unknown number:
    its calls become the contact's, and the window becomes the contact's (the calls are
    the same calls, so the deadline counts from the first). Nothing changes when the
    contact is already waiting for a call back of their own, or when the number is
    shared by several contacts (the reminder keeps asking who called)."""
    if phone.needs_country_code:
        return None  # kept as typed: no caller's number is written that way
    reminder = _active_reminder(owner=phone.owner, contact=None, number=phone.number)
    if reminder is None:
        return None
    if len(contacts_sharing_number(owner_id=phone.owner_id, number=phone.number)) > 1:
        return None
    return _adopt(reminder=reminder, contact=phone.contact, now=now or timezone.now())


def unknown_numbers_adopt(*, phones: list[PhoneNumber]) -> None:
    """unknown_number_adopt for numbers written together; one query finds the few that
    have a waiting reminder."""
    by_owner: dict[int, set[str]] = {}
    for phone in phones:
        by_owner.setdefault(phone.owner_id, set()).add(phone.number)
    waiting: set[tuple[int, str]] = set()
    for owner_id, numbers in by_owner.items():
        listed = sorted(numbers)
        for start in range(0, len(listed), 900):  # within any database's parameter limit
            rows = Reminder.objects.filter(
                owner_id=owner_id,
                state__in=ACTIVE_STATES,
                kind__in=CALL_KINDS,
                contact__isnull=True,
                number__in=listed[start : start + 900],
            ).values_list("number", flat=True)
            waiting.update((owner_id, number) for number in rows)
    for phone in phones:
        if (phone.owner_id, phone.number) in waiting:
            unknown_number_adopt(phone=phone)


@transaction.atomic
def reminder_caller_pick(*, reminder: Reminder, contact: Contact) -> Reminder:
    """The user says who called from a number (one that several contacts share, or an
    unknown one): the reminder and its calls become that contact's."""
    if contact.owner_id != reminder.owner_id:
        raise ValidationError({"contact": _("No such contact.")})
    if reminder.contact_id is not None or reminder.state not in ACTIVE_STATES:
        raise ValidationError({"contact": _("This reminder already knows who called.")})
    adopted = _adopt(reminder=reminder, contact=contact, now=timezone.now())
    if adopted is None:
        raise ValidationError(
            {"contact": _("%(name)s is already waiting for a call back.") % {"name": contact.name}}
        )
    return adopted


def _adopt(*, reminder: Reminder, contact: Contact, now: datetime) -> Reminder | None:
    owner = reminder.owner
    if Reminder.objects.active().filter(owner=owner, contact=contact, kind__in=CALL_KINDS).exists():
        return None
    reminder.contact = contact
    if reminder.kind == ReminderKind.IDENTIFY:
        reminder.kind = ReminderKind.CALLBACK
        called_at = reminder.first_call_at or reminder.opened_at
        plan = plan_for(owner=owner, contact=contact, called_at=called_at)
        reminder.deadline = plan.deadline
        schedule_plan(reminder, plan, now=now, skip_prompt=True)
    reminder.full_clean()
    reminder.save()
    MissedCall.objects.filter(reminder=reminder, contact__isnull=True).update(contact=contact)
    return reminder
