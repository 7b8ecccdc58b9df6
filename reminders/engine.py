"""The reminder's plan read back from the database, and the step that comes after a push."""

from datetime import datetime, timedelta

from reminders.models import FAILED_OUTCOMES, Attempt, Preferences, Reminder, ReminderKind
from reminders.policy import Plan, Step, plan_callback, plan_follow_up, window_for
from reminders.schedule import QuietHours, following_step, outside_quiet_hours
from reminders.selectors import windows_for


def quiet_hours_of(preferences: Preferences) -> QuietHours | None:
    if preferences.quiet_start is None or preferences.quiet_end is None:
        return None
    return QuietHours(preferences.quiet_start, preferences.quiet_end, preferences.zone)


def last_failed_call_at(reminder: Reminder) -> datetime | None:
    attempt = (
        Attempt.objects.filter(reminder=reminder, outcome__in=FAILED_OUTCOMES)
        .order_by("-at", "-id")
        .first()
    )
    return attempt.at if attempt else None


def reminder_plan(reminder: Reminder, *, windows: dict[str, timedelta] | None = None) -> Plan:
    """The plan the reminder's current deadline came from; `windows` are the owner's
    callback windows when the caller has read them already (a batch reads them at once)."""
    contact = reminder.contact
    if contact is None:
        relationship = None
        overrides = {}
    else:
        relationship = contact.relationship
        overrides = {
            "user_windows": windows_for(reminder.owner) if windows is None else windows,
            "contact_window": contact.callback_window,
        }
    failed_at = last_failed_call_at(reminder) if reminder.kind == ReminderKind.FOLLOW_UP else None
    if failed_at is not None:
        return plan_follow_up(failed_at, relationship, **overrides)
    window = window_for(relationship, **overrides)
    return plan_callback(reminder.deadline - window, relationship, **overrides)


def step_after(
    reminder: Reminder,
    *,
    sent: str,
    preferences: Preferences,
    now: datetime,
    windows: dict[str, timedelta] | None = None,
) -> Step | None:
    """What to push next once `sent` went out, moved out of the user's quiet hours."""
    step = following_step(reminder_plan(reminder, windows=windows), sent=sent, now=now)
    if step is None:
        return None
    return outside_quiet_hours(
        step, deadline=reminder.deadline, quiet=quiet_hours_of(preferences), now=now
    )
