"""The rule book applied to a stored reminder: the inputs policy.py needs, read from the
reminder, its attempts and its owner's preferences; every decision stays in the policy."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from accounts.models import Preferences
from contacts.models import Contact
from reminders import policy
from reminders.models import Reminder, ReminderKind
from reminders.policy import Away, Plan, Step, plan_callback, plan_follow_up, window_for
from reminders.schedule import DailyTime, QuietHours


def quiet_hours_of(preferences: Preferences) -> QuietHours | None:
    if preferences.quiet_start is None or preferences.quiet_end is None:
        return None
    return QuietHours(preferences.quiet_start, preferences.quiet_end, preferences.zone)


def digest_of(preferences: Preferences) -> DailyTime:
    return DailyTime(preferences.digest_time, preferences.zone)


def day_plan(
    day: date, *, preferences: Preferences, now: datetime, contact: Contact | None
) -> Plan:
    """The plan of an occasion or after-date reminder for that local day of the user (and
    out of the contact's night, when they have a zone of their own)."""
    return policy.plan_day(
        day=day,
        digest=digest_of(preferences),
        quiet=quiet_hours_of(preferences),
        now=now,
        their_zone=contact.zone if contact is not None else None,
    )


def rhythm_plan(reminder: Reminder, *, preferences: Preferences, now: datetime) -> Plan:
    """The plan of a keep-in-touch, occasion or after-date reminder, as it was opened."""
    if reminder.kind == ReminderKind.KEEP_IN_TOUCH:
        return policy.plan_keep_in_touch(
            due=reminder.opened_at,
            late_from=reminder.deadline,
            digest=digest_of(preferences),
            quiet=quiet_hours_of(preferences),
            now=now,
            their_zone=reminder.contact.zone if reminder.contact is not None else None,
        )
    assert reminder.due_on is not None
    return day_plan(reminder.due_on, preferences=preferences, now=now, contact=reminder.contact)


def last_failed_call(reminder: Reminder) -> tuple[datetime, datetime | None] | None:
    """When the latest unanswered callback was, and when the user said they are free."""
    if reminder.last_failed_at is None:
        return None
    return reminder.last_failed_at, reminder.last_failed_free_from


def reminder_plan(reminder: Reminder, *, windows: Mapping[str, timedelta]) -> Plan:
    """The plan the reminder's current deadline came from, with the owner's own windows."""
    contact = reminder.contact
    relationship = contact.relationship if contact else None
    own = contact.callback_window if contact else None
    failed = last_failed_call(reminder) if reminder.kind == ReminderKind.FOLLOW_UP else None
    if failed is not None:
        failed_at, free_from = failed
        return plan_follow_up(
            failed_at, relationship, user_windows=windows, contact_window=own, free_from=free_from
        )
    window = window_for(relationship, user_windows=windows, contact_window=own)
    called_at = reminder.deadline - window
    return plan_callback(called_at, relationship, user_windows=windows, contact_window=own)


def away_of(preferences: Preferences, *, now: datetime) -> Away | None:
    """The user's absence now, if they are away (today is on their own clock)."""
    return policy.away_now(
        until=preferences.away_until,
        contact=preferences.away_contact,
        today=now.astimezone(preferences.zone).date(),
    )


def step_after(
    reminder: Reminder,
    *,
    sent: str,
    preferences: Preferences,
    now: datetime,
    windows: Mapping[str, timedelta],
) -> Step | None:
    """What to push next once `sent` went out, moved out of the user's quiet hours;
    nothing more about a call while the user is away (policy.PUSHED_WHILE_AWAY)."""
    if reminder.is_rhythm:
        step = policy.following_step(
            rhythm_plan(reminder, preferences=preferences, now=now), sent=sent, now=now
        )
        if step is None:
            return None
        return Step(step.kind, policy.outside_quiet(step.at, quiet_hours_of(preferences)))
    step = policy.following_step(reminder_plan(reminder, windows=windows), sent=sent, now=now)
    if step is None:
        return None
    zone = reminder.contact.zone if reminder.contact is not None else None
    step = policy.outside_their_night(step, zone=zone, deadline=reminder.deadline)
    if away_of(preferences, now=now) is not None and not policy.pushed_while_away(step.kind):
        return None
    return policy.outside_quiet_hours(
        step, deadline=reminder.deadline, quiet=quiet_hours_of(preferences), now=now
    )


@dataclass(frozen=True)
class Situation:
    """Where a reminder stands for the etiquette: what its push and the API both show."""

    relationship: str | None
    failed_calls: int
    free_from: datetime | None
    away: Away | None = None
    # The user's default messenger (accounts.TextChannel); the contact's own wins.
    text_channel: str = "sms"


def situation_of(
    reminder: Reminder,
    *,
    preferences: Preferences,
    windows: Mapping[str, timedelta],
    now: datetime | None = None,
) -> Situation:
    free = None
    if reminder.kind == ReminderKind.FOLLOW_UP:
        free = policy.free_from(reminder_plan(reminder, windows=windows))
    return Situation(
        relationship=reminder.contact.relationship if reminder.contact is not None else None,
        failed_calls=reminder.failed_calls,
        free_from=free.astimezone(preferences.zone) if free else None,
        away=away_of(preferences, now=now or timezone.now()),
        text_channel=preferences.text_channel,
    )
