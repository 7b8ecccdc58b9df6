"""Writes on missed calls: record one, and open the reminder for it or join the open one."""

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
from contacts.phone import normalize_number
from contacts.selectors import contact_for_number
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


def missed_call_record(
    *,
    owner: User,
    number: str = "",
    contact: Contact | None = None,
    occurred_at: datetime | None = None,
    source: str = Source.MANUAL,
    reason: str = "",
    withheld: bool = False,
) -> MissedCall:
    """Record a missed call and open the reminder for it, or join the open one.

    The number is resolved to the owner's contact when it matches one. Several calls
    from the same person while a reminder is open are one reminder with a count. A time
    without an offset is read in the owner's time zone. A call from a withheld number is
    recorded for the log, with no reminder: there is nobody to call back. (A retried
    request is answered by its idempotency key, accounts.idempotency, before it gets
    here.)
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
        owner=owner, number=number, contact=contact, region=preferences.phone_region
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
    *, owner: User, number: str, contact: Contact | None, region: str
) -> tuple[str, Contact | None]:
    """Who called: the number in E.164 and the owner's contact with it, or the contact
    given and its first number."""
    if number:
        try:
            number = normalize_number(number, region)
        except ValidationError as error:
            raise ValidationError({"number": error.messages}) from None
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
        reminder.owner = owner  # read for it: the scheduling below needs their preferences
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
    contact is already waiting for a call back of their own."""
    now = now or timezone.now()
    reminder = _active_reminder(owner=phone.owner, contact=None, number=phone.number)
    if reminder is None:
        return None
    contact = phone.contact
    if (
        Reminder.objects.active()
        .filter(owner=phone.owner, contact=contact, kind__in=CALL_KINDS)
        .exists()
    ):
        return None
    reminder.contact = contact
    reminder.number = phone.number
    if reminder.kind == ReminderKind.IDENTIFY:
        reminder.kind = ReminderKind.CALLBACK
        called_at = reminder.first_call_at or reminder.opened_at
        plan = plan_for(owner=phone.owner, contact=contact, called_at=called_at)
        reminder.deadline = plan.deadline
        schedule_plan(reminder, plan, now=now, skip_prompt=True)
    reminder.full_clean()
    reminder.save()
    MissedCall.objects.filter(reminder=reminder, contact__isnull=True).update(contact=contact)
    return reminder
