"""Pointing a reminder at its next push: the rule book decides, this writes it down."""

import logging
from datetime import datetime

from django.utils import timezone

from accounts.selectors import preferences_of
from accounts.users import User
from contacts.models import Contact
from reminders import policy
from reminders.models import Reminder
from reminders.plans import quiet_hours_of
from reminders.policy import Plan, Step, plan_callback
from reminders.selectors import windows_for

logger = logging.getLogger(__name__)


def plan_for(*, owner: User, contact: Contact | None, called_at: datetime) -> Plan:
    if contact is None:
        return plan_callback(called_at, None)
    return plan_callback(
        called_at,
        contact.relationship,
        user_windows=windows_for(owner),
        contact_window=contact.callback_window,
    )


def schedule_plan(reminder: Reminder, plan: Plan, *, now: datetime, skip_prompt: bool) -> None:
    """Point the reminder at the plan's first step still to come (or at nothing)."""
    step = policy.first_step(plan, now=now, skip_prompt=skip_prompt)
    if step is None:
        reminder.schedule("", None)
    else:
        schedule_step(reminder, step, now=now)


def schedule_step(reminder: Reminder, step: Step, *, now: datetime) -> None:
    """Point the reminder at `step`, moved out of the contact's night, then out of its
    owner's quiet hours (the user's sleep wins over the contact's)."""
    quiet = quiet_hours_of(preferences_of(reminder.owner))
    zone = reminder.contact.zone if reminder.contact is not None else None
    step = policy.outside_their_night(step, zone=zone, deadline=reminder.deadline)
    step = policy.outside_quiet_hours(step, deadline=reminder.deadline, quiet=quiet, now=now)
    reminder.schedule(step.kind, step.at)


def dispatch_soon(reminder: Reminder) -> None:
    """A step due now goes out in about a second, not at the next dispatcher run."""
    if reminder.next_step_at is None or reminder.next_step_at > timezone.now():
        return
    from reminders.tasks import dispatch_due_reminders

    try:
        # Expires: the next scheduled run makes a stale one pointless.
        dispatch_due_reminders.apply_async(expires=60)
    except Exception:
        # The row is the truth: the next dispatcher run (seconds away) sends it anyway.
        logger.warning("could not enqueue an immediate dispatch", exc_info=True)
