"""Writes of the relationship rhythm's reminders: open them when they come due (keep in
touch, a birthday or other day, the day after a date) and close them when a touch settles
them. When they go out is the rule book's (reminders.policy)."""

import calendar
from datetime import date, datetime, timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.models import Preferences
from accounts.selectors import preferences_by_owner, preferences_of
from accounts.users import User
from contacts.models import MAX_REMIND_DAYS_BEFORE, Contact, ContactDate, Touch, TouchChannel
from contacts.rhythm import rhythm_days
from contacts.selectors import rhythms_by_owner
from reminders import policy
from reminders.models import (
    ACTIVE_STATES,
    RHYTHM_KINDS,
    Reminder,
    ReminderKind,
    ReminderState,
    Resolution,
)
from reminders.plans import day_plan, digest_of, quiet_hours_of, rhythm_plan
from reminders.policy import Plan
from reminders.schedule import local_day
from reminders.services.scheduling import dispatch_soon

# Looked at per run: a backlog (a server down for a day) is worked off over a few runs.
OPEN_PER_RUN = 500


def rhythm_reminders_open(*, now: datetime | None = None) -> int:
    """Open the keep-in-touch and occasion reminders that have come due; how many."""
    now = now or timezone.now()
    return keep_in_touch_open_due(now=now) + occasions_open_due(now=now)


def _number_of(contact: Contact) -> str:
    """Their first number; the openers prefetch the numbers of everyone they open for."""
    numbers = sorted(contact.numbers.all(), key=lambda phone: phone.pk)
    return numbers[0].number if numbers else ""


def _open(reminder: Reminder, plan: Plan, *, now: datetime) -> Reminder | None:
    """Store a new rhythm reminder pointed at its first step; None when another run
    opened the same one first (the database's constraints decide)."""
    reminder.opened_at = now
    reminder.deadline = plan.deadline
    reminder.call_count = 0
    step = policy.first_step(plan, now=now)
    if step is None:
        reminder.schedule("", None)
    else:
        reminder.schedule(step.kind, step.at)
    try:
        with transaction.atomic():
            reminder.save()
    except IntegrityError:
        return None
    transaction.on_commit(partial(dispatch_soon, reminder))
    return reminder


def keep_in_touch_open(
    *, contact: Contact, preferences: Preferences, rhythms: dict[str, int], now: datetime
) -> Reminder | None:
    days = rhythm_days(contact.keep_in_touch_days, contact.relationship, rhythms)
    due = contact.next_touch_due
    if due is None or days is None or due > now:
        return None
    plan = policy.plan_keep_in_touch(
        due=due,
        late_from=policy.keep_in_touch_late_from(due=due, days=days),
        digest=digest_of(preferences),
        quiet=quiet_hours_of(preferences),
        now=now,
        their_zone=contact.zone,
    )
    reminder = Reminder(
        owner_id=contact.owner_id,
        contact=contact,
        number=_number_of(contact),
        kind=ReminderKind.KEEP_IN_TOUCH,
    )
    return _open(reminder, plan, now=now)


def keep_in_touch_open_due(*, now: datetime) -> int:
    """A keep-in-touch reminder for everyone whose rhythm has come due."""
    open_already = Reminder.objects.filter(
        contact=OuterRef("pk"), kind=ReminderKind.KEEP_IN_TOUCH, state__in=ACTIVE_STATES
    )
    due = list(
        Contact.objects.filter(next_touch_due__lte=now, archived=False)
        .exclude(Exists(open_already))
        .prefetch_related("numbers")
        .order_by("next_touch_due", "pk")[:OPEN_PER_RUN]
    )
    owners = {contact.owner_id for contact in due}
    preferences, rhythms = preferences_by_owner(owners), rhythms_by_owner(owners)
    opened = 0
    for contact in due:
        owner = contact.owner_id
        if keep_in_touch_open(
            contact=contact, preferences=preferences[owner], rhythms=rhythms[owner], now=now
        ):
            opened += 1
    return opened


def _reminding_on(day: date) -> Q:
    """Yearly days with a reminder on `day`: falling on it, or `remind_days_before` days
    after it (29 February falls on 28 February in the years without one)."""
    match = Q()
    for ahead in range(MAX_REMIND_DAYS_BEFORE + 1):
        target = day + timedelta(days=ahead)
        falls = Q(month=target.month, day=target.day)
        if (target.month, target.day) == (2, 28) and not calendar.isleap(target.year):
            falls |= Q(month=2, day=29)
        if ahead:
            falls &= Q(remind_days_before=ahead)
        match |= falls
    return match


def occasion_open(*, row: ContactDate, preferences: Preferences, now: datetime) -> Reminder | None:
    """The reminder of a yearly day, when the user's today is the day or its reminder."""
    today = local_day(now, preferences.zone)
    ahead = (row.yearly.next_from(today) - today).days
    if ahead not in (0, row.remind_days_before):
        return None
    plan = day_plan(today, preferences=preferences, now=now, contact=row.contact)
    reminder = Reminder(
        owner_id=row.contact.owner_id,
        contact=row.contact,
        number=_number_of(row.contact),
        kind=ReminderKind.OCCASION,
        contact_date=row,
        due_on=today,
    )
    return _open(reminder, plan, now=now)


def occasions_open_due(*, now: datetime) -> int:
    """The reminders of the yearly days that are today (or reminded of today) somewhere:
    every user's today is one of the three days around the UTC one."""
    utc_today = now.date()
    days = [utc_today - timedelta(days=1), utc_today, utc_today + timedelta(days=1)]
    match = Q()
    for day in days:
        match |= _reminding_on(day)
    rows = list(
        ContactDate.objects.filter(match, contact__archived=False)
        .select_related("contact")
        .prefetch_related("contact__numbers")
        .order_by("pk")
    )
    preferences = preferences_by_owner({row.contact.owner_id for row in rows})
    done = set(
        Reminder.objects.filter(
            kind=ReminderKind.OCCASION, contact_date__in=rows, due_on__in=days
        ).values_list("contact_date_id", "due_on")
    )
    opened = 0
    for row in rows:
        mine = preferences[row.contact.owner_id]
        if (row.pk, local_day(now, mine.zone)) in done:
            continue
        if occasion_open(row=row, preferences=mine, now=now):
            opened += 1
    return opened


def after_date_open(*, touch: Touch, now: datetime | None = None) -> Reminder | None:
    """Went out with someone: call (or at least text) the next day."""
    now = now or timezone.now()
    preferences = preferences_of(touch.owner)
    day = policy.after_date_day(touch.at, preferences.zone)
    plan = day_plan(day, preferences=preferences, now=now, contact=touch.contact)
    if plan.deadline <= now:
        return None  # logged too late: the next day is over
    reminder = Reminder(
        owner=touch.owner,
        contact=touch.contact,
        number=_number_of(touch.contact),
        kind=ReminderKind.AFTER_DATE,
        touch=touch,
        due_on=day,
    )
    return _open(reminder, plan, now=now)


def _settles(reminder: Reminder, touch: Touch, *, preferences: Preferences) -> bool:
    """Whether being in touch like this is what the reminder asked for."""
    if reminder.kind == ReminderKind.KEEP_IN_TOUCH:
        # A touch logged for long ago may leave the rhythm due: then it stays open.
        due = touch.contact.next_touch_due
        return due is None or due > timezone.now()
    if reminder.kind == ReminderKind.AFTER_DATE:
        date_at = reminder.touch.at if reminder.touch is not None else reminder.opened_at
        return touch.channel != TouchChannel.DATE and touch.at > date_at
    # An occasion: being in touch on the day itself (not on the days before it).
    assert reminder.contact_date is not None and reminder.due_on is not None
    occasion_day = reminder.contact_date.yearly.next_from(reminder.due_on)
    return local_day(touch.at, preferences.zone) >= occasion_day


def rhythm_reminders_settle(*, touch: Touch) -> int:
    """Close what this touch settles, and after a date open the next day's reminder.
    Runs inside the transaction that stores the touch."""
    preferences = preferences_of(touch.owner)
    now = timezone.now()
    closed = 0
    waiting = (
        Reminder.objects.select_for_update(of=("self",))
        .filter(contact_id=touch.contact_id, state__in=ACTIVE_STATES)
        .filter(kind__in=RHYTHM_KINDS)
        .select_related("touch", "contact_date")
    )
    for reminder in waiting:
        if reminder.touch_id == touch.pk or not _settles(reminder, touch, preferences=preferences):
            continue
        reminder.state = ReminderState.DONE
        reminder.resolution = Resolution.IN_TOUCH
        reminder.resolved_at = now
        reminder.snoozed_until = None
        reminder.schedule("", None)
        reminder.save()
        closed += 1
    if touch.channel == TouchChannel.DATE:
        after_date_open(touch=touch, now=now)
    return closed


def rhythm_reminders_reschedule(*, owner: User) -> int:
    """The user moved their digest time (or zone, or quiet hours): the rhythm's pushes
    still to come move with it. A snoozed one keeps the moment the user chose."""
    preferences = preferences_of(owner)
    now = timezone.now()
    moved = 0
    waiting = Reminder.objects.select_for_update().filter(
        owner=owner,
        state=ReminderState.OPEN,
        kind__in=RHYTHM_KINDS,
        next_step_at__gt=now,
    )
    for reminder in waiting:
        plan = rhythm_plan(reminder, preferences=preferences, now=now)
        step = next((s for s in plan.steps if s.kind == reminder.next_step), None)
        if step is not None and step.at != reminder.next_step_at:
            reminder.schedule(step.kind, step.at)
            reminder.save(update_fields=["next_step", "next_step_at", "step_seq", "updated_at"])
            moved += 1
    return moved
