"""Writes that move a reminder along its life: done, dismissed, snoozed, attempted, expired."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.selectors import preferences_of
from contacts.models import Channel, Direction, Touch, TouchChannel, TouchSource
from contacts.services import contact_rhythm_restart, touch_record, touch_take_back
from contacts.times import CLOCK_SKEW, on_wall_clock
from reminders import policy
from reminders.models import (
    FAILED_OUTCOMES,
    Attempt,
    Reminder,
    ReminderKind,
    ReminderState,
    Resolution,
)
from reminders.plans import reminder_plan, rhythm_plan
from reminders.policy import OLDEST_CALL, plan_follow_up
from reminders.selectors import windows_for
from reminders.services.facts import failure_noted
from reminders.services.scheduling import dispatch_soon, schedule_plan

MAX_SNOOZE = timedelta(days=7)
# An overdue callback stays on the list for a week; after that it has expired.
EXPIRE_AFTER_DEADLINE = timedelta(days=7)

_RESOLUTION_BY_CHANNEL = {
    Channel.CALL: Resolution.CALLED_BACK,
    Channel.TEXT: Resolution.TEXTED,
    Channel.EMAIL: Resolution.EMAILED,
}


class InvalidTransition(Exception):
    """The reminder is not in a state that allows this (e.g. snoozing a done one)."""

    # The API answers it with 409 Conflict (project.api_errors).
    conflict = True


# A whole sentence per state: word order and agreement differ between languages.
_ALREADY = {
    ReminderState.DONE: _("This reminder is already done."),
    ReminderState.DISMISSED: _("This reminder is already dismissed."),
    ReminderState.EXPIRED: _("This reminder is already expired."),
}


def _already(reminder: Reminder) -> str:
    return str(_ALREADY.get(ReminderState(reminder.state), _("This reminder is no longer active.")))


def _locked(reminder: Reminder) -> Reminder:
    return (
        Reminder.objects.select_for_update(of=("self",))
        .select_related("contact")
        .get(pk=reminder.pk)
    )


def _resolve(reminder: Reminder, *, state: str, resolution: str, at: datetime) -> None:
    if not reminder.is_active:
        raise InvalidTransition(_already(reminder))
    reminder.state = state
    reminder.resolution = resolution
    reminder.resolved_at = at
    reminder.snoozed_until = None
    reminder.schedule("", None)
    reminder.save()


# A reminder done this way means they were in touch: it counts for the rhythm.
_TOUCH_BY_RESOLUTION = {
    Resolution.CALLED_BACK: TouchChannel.CALL,
    Resolution.TEXTED: TouchChannel.TEXT,
    Resolution.EMAILED: TouchChannel.EMAIL,
}


def _touched(reminder: Reminder, *, resolution: str, at: datetime) -> None:
    channel = _TOUCH_BY_RESOLUTION.get(Resolution(resolution))
    if reminder.contact is None or channel is None:
        return
    touch_record(
        owner=reminder.owner,
        contact=reminder.contact,
        channel=channel,
        direction=Direction.OUT,
        at=at,
        source=TouchSource.CALLBACK,
    )


def _rhythm_restarted(reminder: Reminder, *, at: datetime) -> None:
    # Closed without a touch: the rhythm counts again from now, so that the same
    # reminder does not open again at the next run.
    if reminder.kind == ReminderKind.KEEP_IN_TOUCH and reminder.contact is not None:
        contact_rhythm_restart(contact=reminder.contact, at=at)


@transaction.atomic
def reminder_complete(*, reminder: Reminder, resolution: str = Resolution.DONE) -> Reminder:
    """Done; called back, texted or e-mailed also count as having been in touch."""
    reminder = _locked(reminder)
    now = timezone.now()
    _resolve(reminder, state=ReminderState.DONE, resolution=resolution, at=now)
    if resolution in _TOUCH_BY_RESOLUTION:
        _touched(reminder, resolution=resolution, at=now)
    else:
        _rhythm_restarted(reminder, at=now)
    return reminder


@transaction.atomic
def reminder_dismiss(*, reminder: Reminder) -> Reminder:
    reminder = _locked(reminder)
    now = timezone.now()
    _resolve(reminder, state=ReminderState.DISMISSED, resolution=Resolution.DISMISSED, at=now)
    _rhythm_restarted(reminder, at=now)
    return reminder


@transaction.atomic
def reminder_snooze(*, reminder: Reminder, until: datetime) -> Reminder:
    now = timezone.now()
    # "Until 9:00" without an offset is nine on the user's clock.
    until = on_wall_clock(until, preferences_of(reminder.owner).zone)
    if until <= now:
        raise ValidationError({"until": _("Snooze until a time in the future.")})
    if until > now + MAX_SNOOZE:
        raise ValidationError({"until": _("Snooze for at most 7 days.")})
    reminder = _locked(reminder)
    if not reminder.is_active:
        raise InvalidTransition(_already(reminder))
    reminder.state = ReminderState.SNOOZED
    reminder.snoozed_until = until
    step = policy.snooze_step(current=reminder.next_step, until=until, deadline=reminder.deadline)
    reminder.schedule(step, until)
    reminder.save()
    return reminder


@transaction.atomic
def attempt_record(
    *,
    reminder: Reminder,
    channel: str,
    outcome: str,
    at: datetime | None = None,
    note: str = "",
    free_from: datetime | None = None,
) -> Attempt:
    """Record a try to reach them. Reaching them (or sending a text) completes the
    reminder; an unanswered call turns it into a follow-up: apologise, then retry —
    at `free_from` when the user says when they are free (the apology names it)."""
    now = timezone.now()
    at, free_from = _attempt_times(
        at=at,
        free_from=free_from,
        failed=outcome in FAILED_OUTCOMES,
        zone=preferences_of(reminder.owner).zone,
        now=now,
    )
    reminder = _locked(reminder)
    if not reminder.is_active:
        raise InvalidTransition(_already(reminder))
    attempt = Attempt(
        reminder=reminder, at=at, channel=channel, outcome=outcome, note=note, free_from=free_from
    )
    attempt.full_clean()
    attempt.save()

    contact = reminder.contact
    if outcome in FAILED_OUTCOMES:
        plan = plan_follow_up(
            at,
            contact.relationship if contact else None,
            user_windows=windows_for(reminder.owner),
            contact_window=contact.callback_window if contact else None,
            free_from=free_from,
        )
        failure_noted(reminder, attempt=attempt)
        reminder.kind = ReminderKind.FOLLOW_UP
        reminder.state, reminder.snoozed_until = ReminderState.OPEN, None
        reminder.deadline = max(reminder.deadline, plan.deadline)
        schedule_plan(reminder, plan, now=now, skip_prompt=False)
        reminder.save()
        transaction.on_commit(lambda: dispatch_soon(reminder))
    else:
        resolution = _RESOLUTION_BY_CHANNEL[Channel(channel)]
        _resolve(reminder, state=ReminderState.DONE, resolution=resolution, at=at)
        _touched(reminder, resolution=resolution, at=at)
    return attempt


def _attempt_times(
    *,
    at: datetime | None,
    free_from: datetime | None,
    failed: bool,
    zone: ZoneInfo,
    now: datetime,
) -> tuple[datetime, datetime | None]:
    """When the attempt was and when the user is free, on the user's clock, checked."""
    at = on_wall_clock(at, zone) if at else now
    if free_from is not None:
        free_from = on_wall_clock(free_from, zone)
        if not failed:
            raise ValidationError(
                {"free_from": _("When you are free only matters after a call nobody answered.")}
            )
        if not now - CLOCK_SKEW <= free_from <= now + MAX_SNOOZE:
            raise ValidationError({"free_from": _("Give a time from now to at most 7 days ahead.")})
    if at > now + CLOCK_SKEW:
        raise ValidationError({"at": _("An attempt cannot be in the future.")})
    if at < now - OLDEST_CALL:
        raise ValidationError(
            {
                "at": _("An attempt at most %(days)d days ago can be recorded.")
                % {"days": OLDEST_CALL.days}
            }
        )
    return at, free_from


# Closed in a way an undo can take back; an expired reminder was closed by the clock.
_REOPENABLE = (ReminderState.DONE, ReminderState.DISMISSED)


def _untouched(reminder: Reminder, *, resolved_at: datetime) -> None:
    """Take back what closing it recorded: the attempt that reached them (or the text
    sent) and the touch that counted for the keep-in-touch rhythm."""
    Attempt.objects.filter(reminder=reminder, at=resolved_at).exclude(
        outcome__in=FAILED_OUTCOMES
    ).delete()
    if reminder.contact is None:
        return
    touch = (
        Touch.objects.filter(contact=reminder.contact, source=TouchSource.CALLBACK, at=resolved_at)
        .order_by("-id")
        .first()
    )
    if touch is not None:
        touch_take_back(touch=touch)


@transaction.atomic
def reminder_reopen(*, reminder: Reminder) -> Reminder:
    """Undo a Done or a dismiss of moments ago (policy.REOPEN_WINDOW): open again, with
    its steps rescheduled from now as a new occurrence, so that pushes go out again."""
    now = timezone.now()
    reminder = _locked(reminder)
    if reminder.is_active:
        raise InvalidTransition(_("This reminder is still open."))
    if reminder.state not in _REOPENABLE:
        raise InvalidTransition(_already(reminder))
    resolved_at = reminder.resolved_at
    if resolved_at is None or not policy.can_reopen(resolved_at=resolved_at, now=now):
        raise InvalidTransition(_("This reminder was closed too long ago to undo."))
    _untouched(reminder, resolved_at=resolved_at)
    reminder.state, reminder.resolution, reminder.resolved_at = ReminderState.OPEN, "", None
    if reminder.is_rhythm:
        plan = rhythm_plan(reminder, preferences=preferences_of(reminder.owner), now=now)
    else:
        plan = reminder_plan(reminder, windows=windows_for(reminder.owner))
    # The first prompt went out before the Done; the steps still to come go out again.
    schedule_plan(reminder, plan, now=now, skip_prompt=True)
    try:
        with transaction.atomic():
            reminder.save()
    except IntegrityError:
        # Another call from them opened a new reminder meanwhile: that one is the obligation.
        raise InvalidTransition(_("A newer reminder for them is open: act on that one.")) from None
    transaction.on_commit(lambda: dispatch_soon(reminder))
    return reminder


def reminders_expire(*, now: datetime | None = None) -> int:
    """Close what can no longer be acted on: unknown numbers after their window, a day's
    reminder (a birthday, the day after a date) when the day is over, and callbacks a
    week after their deadline; keeping in touch never expires. Returns how many expired."""
    now = now or timezone.now()
    stale = Reminder.objects.active().filter(
        Q(kind__in=[ReminderKind.IDENTIFY, ReminderKind.OCCASION, ReminderKind.AFTER_DATE])
        & Q(deadline__lte=now)
        | Q(kind__in=[ReminderKind.CALLBACK, ReminderKind.FOLLOW_UP])
        & Q(deadline__lte=now - EXPIRE_AFTER_DEADLINE)
    )
    return stale.update(
        state=ReminderState.EXPIRED,
        resolution=Resolution.EXPIRED,
        resolved_at=now,
        snoozed_until=None,
        next_step="",
        next_step_at=None,
        updated_at=now,
    )
