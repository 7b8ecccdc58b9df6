"""Writes on missed calls and reminders: every state change goes through here."""

import hashlib
import logging
import secrets
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from webpush.models import PushInformation, SubscriptionInfo

from contacts.models import Channel, Contact, Relationship, validate_callback_window
from contacts.phone import normalize_number
from contacts.selectors import contact_for_number
from reminders.engine import quiet_hours_of
from reminders.models import (
    ACTIVE_STATES,
    FAILED_OUTCOMES,
    ActionReplay,
    ApiToken,
    Attempt,
    MissedCall,
    Preferences,
    RelationshipWindow,
    Reminder,
    ReminderKind,
    ReminderState,
    Resolution,
    Source,
    TelephonyHook,
)
from reminders.policy import Plan, Step, StepKind, plan_callback, plan_follow_up
from reminders.push_endpoints import validate_endpoint, validate_keys
from reminders.schedule import outside_quiet_hours
from reminders.selectors import preferences_for, windows_for

logger = logging.getLogger(__name__)

# Phones and servers disagree on the time by a little; a call "in the future" by less
# than this is taken as now.
CLOCK_SKEW = timedelta(minutes=2)
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


class OwnerAlreadyExists(Exception):
    """The first-run owner account can be made once, while no user exists."""


@transaction.atomic
def owner_create(*, username: str, password: str, time_zone: str = "UTC"):
    """Create the first account, a superuser, on a fresh installation."""
    User = get_user_model()
    if connection.vendor == "postgresql":
        # Two first visits at once must not both become owner.
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{User._meta.db_table}" IN EXCLUSIVE MODE')
    if User.objects.exists():
        raise OwnerAlreadyExists
    owner = User.objects.create_superuser(username=username, password=password)
    preferences = Preferences(user=owner, time_zone=time_zone)
    preferences.full_clean()
    preferences.save()
    return owner


def _plan_for(*, owner, contact: Contact | None, called_at: datetime) -> Plan:
    if contact is None:
        return plan_callback(called_at, None)
    return plan_callback(
        called_at,
        contact.relationship,
        user_windows=windows_for(owner),
        contact_window=contact.callback_window,
    )


def _schedule(reminder: Reminder, plan: Plan, *, now: datetime, skip_prompt: bool) -> None:
    """Point the reminder at the plan's next step that is still to come."""
    upcoming = [
        step
        for step in plan.steps
        if step.at >= now - CLOCK_SKEW and not (skip_prompt and step.kind == StepKind.PROMPT)
    ]
    if upcoming:
        _schedule_step(reminder, Step(upcoming[0].kind, max(upcoming[0].at, now)), now=now)
    elif plan.deadline > now:
        reminder.schedule("", None)
    else:
        # Logged after its window closed: say it is overdue, once.
        _schedule_step(reminder, Step(StepKind.OVERDUE, now), now=now)


def _schedule_step(reminder: Reminder, step: Step, *, now: datetime) -> None:
    quiet = quiet_hours_of(preferences_for(reminder.owner))
    step = outside_quiet_hours(step, deadline=reminder.deadline, quiet=quiet, now=now)
    reminder.schedule(step.kind, step.at)


def _dispatch_soon(reminder: Reminder) -> None:
    """A step due now goes out in about a second, not at the next dispatcher run."""
    if reminder.next_step_at is None or reminder.next_step_at > timezone.now():
        return
    # Imported here: the tasks module imports the services.
    from reminders.tasks import dispatch_due_reminders

    try:
        # Expires: the next scheduled run makes a stale one pointless.
        dispatch_due_reminders.apply_async(expires=60)
    except Exception:
        # The row is the truth: the next dispatcher run (seconds away) sends it anyway.
        logger.warning("could not enqueue an immediate dispatch", exc_info=True)


def missed_call_record(
    *,
    owner,
    number: str = "",
    contact: Contact | None = None,
    occurred_at: datetime | None = None,
    source: str = Source.MANUAL,
    reason: str = "",
) -> MissedCall:
    """Record a missed call and open the reminder for it, or join the open one.

    The number is resolved to the owner's contact when it matches one. Several calls
    from the same person while a reminder is open are one reminder with a count.
    """
    call, _created = missed_call_record_once(
        owner=owner,
        number=number,
        contact=contact,
        occurred_at=occurred_at,
        source=source,
        reason=reason,
    )
    return call


def missed_call_record_once(
    *,
    owner,
    client_key: str = "",
    number: str = "",
    contact: Contact | None = None,
    occurred_at: datetime | None = None,
    source: str = Source.MANUAL,
    reason: str = "",
) -> tuple[MissedCall, bool]:
    """Like missed_call_record, but a call sent again with the same client key (an
    automation retrying) returns the call made the first time. Returns (call, created)."""
    now = timezone.now()
    occurred_at = occurred_at or now
    if timezone.is_naive(occurred_at):
        raise ValidationError({"occurred_at": "Give the time with its time zone."})
    if occurred_at > now + CLOCK_SKEW:
        raise ValidationError({"occurred_at": "A missed call cannot be in the future."})
    occurred_at = min(occurred_at, now)
    if source not in Source.values:
        raise ValidationError({"source": f"Unknown source “{source}”."})
    reason = (reason or "").strip()
    if len(reason) > 1000:
        raise ValidationError({"reason": "A reason has at most 1000 characters."})
    if len(client_key) > 200:
        raise ValidationError({"client_key": "An idempotency key has at most 200 characters."})

    if number:
        try:
            number = normalize_number(number)
        except ValidationError as error:
            raise ValidationError({"number": error.messages}) from None
    if contact is not None:
        if contact.owner_id != owner.pk:
            raise ValidationError({"contact": "No such contact."})
        if not number:
            first = contact.numbers.order_by("id").first()
            number = first.number if first else ""
    elif number:
        contact = contact_for_number(owner=owner, number=number)
    else:
        raise ValidationError({"number": "Give the number that called, or a contact."})

    # Two calls from one person arriving at once race to open the reminder: the partial
    # unique constraint lets only one insert win, and the loser joins the winner's. A
    # retry racing its original loses on the client key and returns the original's call.
    for _ in range(3):
        if client_key:
            earlier = MissedCall.objects.filter(owner=owner, client_key=client_key).first()
            if earlier is not None:
                return earlier, False
        try:
            with transaction.atomic():
                reminder = _open_or_join(
                    owner=owner,
                    contact=contact,
                    number=number,
                    occurred_at=occurred_at,
                    source=source,
                    now=now,
                )
                call = MissedCall(
                    owner=owner,
                    contact=contact,
                    number=number,
                    occurred_at=occurred_at,
                    source=source,
                    reason=reason,
                    reminder=reminder,
                    client_key=client_key,
                )
                call.save()
                transaction.on_commit(lambda reminder=reminder: _dispatch_soon(reminder))
                return call, True
        except IntegrityError:
            continue
    raise RuntimeError("could not open or join a reminder after 3 tries")


def _active_reminder(*, owner, contact: Contact | None, number: str) -> Reminder | None:
    reminders = Reminder.objects.select_for_update().filter(owner=owner, state__in=ACTIVE_STATES)
    if contact is not None:
        return reminders.filter(contact=contact).first()
    return reminders.filter(contact__isnull=True, number=number).first()


def _open_or_join(
    *, owner, contact: Contact | None, number: str, occurred_at: datetime, source: str, now
) -> Reminder:
    reminder = _active_reminder(owner=owner, contact=contact, number=number)
    by_hand = source == Source.MANUAL
    if reminder is None:
        plan = _plan_for(owner=owner, contact=contact, called_at=occurred_at)
        reminder = Reminder(
            owner=owner,
            contact=contact,
            number=number,
            kind=ReminderKind.CALLBACK if contact else ReminderKind.IDENTIFY,
            opened_at=now,
            first_call_at=occurred_at,
            last_call_at=occurred_at,
            deadline=plan.deadline,
        )
        # Someone who logs a call by hand has just seen it: skip the first prompt.
        _schedule(reminder, plan, now=now, skip_prompt=by_hand and contact is not None)
        reminder.save()
        return reminder

    reminder.call_count += 1
    reminder.first_call_at = min(reminder.first_call_at, occurred_at)
    reminder.last_call_at = max(reminder.last_call_at, occurred_at)
    if reminder.state == ReminderState.SNOOZED:
        # Calling again cuts a snooze short: it has become more urgent.
        reminder.state, reminder.snoozed_until = ReminderState.OPEN, None
    if reminder.deadline <= now:
        # They call again after the window closed: a fresh window from this call.
        plan = _plan_for(owner=owner, contact=contact, called_at=occurred_at)
        reminder.deadline = plan.deadline
        _schedule(reminder, plan, now=now, skip_prompt=by_hand)
    elif not by_hand:
        again = StepKind.PROMPT if reminder.contact_id else StepKind.IDENTIFY
        _schedule_step(reminder, Step(again, now), now=now)
    reminder.save()
    return reminder


def _locked(reminder: Reminder) -> Reminder:
    return (
        Reminder.objects.select_for_update(of=("self",))
        .select_related("contact")
        .get(pk=reminder.pk)
    )


def _resolve(reminder: Reminder, *, state: str, resolution: str, at: datetime) -> None:
    if not reminder.is_active:
        raise InvalidTransition(f"This reminder is already {reminder.get_state_display().lower()}.")
    reminder.state = state
    reminder.resolution = resolution
    reminder.resolved_at = at
    reminder.snoozed_until = None
    reminder.schedule("", None)
    reminder.save()


@transaction.atomic
def reminder_complete(*, reminder: Reminder, resolution: str = Resolution.DONE) -> Reminder:
    reminder = _locked(reminder)
    _resolve(reminder, state=ReminderState.DONE, resolution=resolution, at=timezone.now())
    return reminder


@transaction.atomic
def reminder_dismiss(*, reminder: Reminder) -> Reminder:
    reminder = _locked(reminder)
    _resolve(
        reminder, state=ReminderState.DISMISSED, resolution=Resolution.DISMISSED, at=timezone.now()
    )
    return reminder


@transaction.atomic
def reminder_snooze(*, reminder: Reminder, until: datetime) -> Reminder:
    now = timezone.now()
    if timezone.is_naive(until):
        raise ValidationError({"until": "Give the time with its time zone."})
    if until <= now:
        raise ValidationError({"until": "Snooze until a time in the future."})
    if until > now + MAX_SNOOZE:
        raise ValidationError({"until": "Snooze for at most 7 days."})
    reminder = _locked(reminder)
    if not reminder.is_active:
        raise InvalidTransition(f"This reminder is already {reminder.get_state_display().lower()}.")
    reminder.state = ReminderState.SNOOZED
    reminder.snoozed_until = until
    step = reminder.next_step
    if until >= reminder.deadline:
        step = StepKind.OVERDUE
    elif not step or step == StepKind.PROMPT:
        step = StepKind.NUDGE
    # The user chose this moment themselves: quiet hours do not move it.
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
) -> Attempt:
    """Record a try to reach them. Reaching them (or sending a text) completes the
    reminder; an unanswered call turns it into a follow-up: apologise, then retry."""
    now = timezone.now()
    at = at or now
    if at > now + CLOCK_SKEW:
        raise ValidationError({"at": "An attempt cannot be in the future."})
    reminder = _locked(reminder)
    if not reminder.is_active:
        raise InvalidTransition(f"This reminder is already {reminder.get_state_display().lower()}.")
    attempt = Attempt(reminder=reminder, at=at, channel=channel, outcome=outcome, note=note)
    attempt.full_clean()
    attempt.save()

    contact = reminder.contact
    if outcome in FAILED_OUTCOMES:
        plan = plan_follow_up(
            at,
            contact.relationship if contact else None,
            user_windows=windows_for(reminder.owner),
            contact_window=contact.callback_window if contact else None,
        )
        reminder.kind = ReminderKind.FOLLOW_UP
        reminder.state, reminder.snoozed_until = ReminderState.OPEN, None
        reminder.deadline = max(reminder.deadline, plan.deadline)
        _schedule(reminder, plan, now=now, skip_prompt=False)
        reminder.save()
        transaction.on_commit(lambda: _dispatch_soon(reminder))
    else:
        _resolve(
            reminder,
            state=ReminderState.DONE,
            resolution=_RESOLUTION_BY_CHANNEL[channel],
            at=at,
        )
        if contact is not None:
            Contact.objects.filter(pk=contact.pk).update(last_contacted_at=at)
    return attempt


def reminders_expire(*, now: datetime | None = None) -> int:
    """Close what can no longer be acted on: unknown numbers after their window, and
    callbacks a week after their deadline. Returns how many expired."""
    now = now or timezone.now()
    stale = Reminder.objects.active().filter(
        Q(kind=ReminderKind.IDENTIFY, deadline__lte=now)
        | Q(deadline__lte=now - EXPIRE_AFTER_DEADLINE)
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


def _browser_name(user_agent: str) -> str:
    agent = user_agent.lower()
    for needle, name in (
        ("edg/", "edge"),
        ("firefox/", "firefox"),
        ("chrome/", "chrome"),
        ("safari/", "safari"),
    ):
        if needle in agent:
            return name
    return "other"


def push_subscription_save(
    *, user, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
) -> SubscriptionInfo:
    """Store a browser's push subscription for this user, once per endpoint.

    Posting the same endpoint again updates its keys; an endpoint another account of
    this installation had (the same phone, a different login) moves to this user.
    """
    validate_endpoint(endpoint)
    validate_keys(p256dh=p256dh, auth=auth)
    fields = {
        "p256dh": p256dh,
        "auth": auth,
        "user_agent": user_agent[:500],
        "browser": _browser_name(user_agent),
    }
    for _ in range(3):
        try:
            with transaction.atomic():
                subscription, _created = (
                    SubscriptionInfo.objects.select_for_update().update_or_create(
                        endpoint=endpoint, defaults=fields
                    )
                )
                PushInformation.objects.filter(subscription=subscription).exclude(
                    user=user
                ).delete()
                PushInformation.objects.get_or_create(user=user, subscription=subscription)
                return subscription
        except IntegrityError:
            # Posted twice at once: the unique index on the endpoint let one insert win.
            continue
    raise RuntimeError("could not store the push subscription after 3 tries")


@transaction.atomic
def push_subscription_delete(*, user, endpoint: str) -> bool:
    """Forget this user's subscription with that endpoint; False if they had none."""
    deleted, _ = SubscriptionInfo.objects.filter(
        endpoint=endpoint, webpush_info__user=user
    ).delete()
    return deleted > 0


_UNSET = object()


@transaction.atomic
def preferences_update(
    *,
    user,
    time_zone: str | None = None,
    language: str | None = None,
    quiet_start: time | None | object = _UNSET,
    quiet_end: time | None | object = _UNSET,
    windows: dict[str, timedelta | None] | None = None,
) -> Preferences:
    """Change what is given; a window of None removes the user's own for that relationship."""
    preferences = Preferences.objects.select_for_update().get(pk=preferences_for(user).pk)
    if time_zone is not None:
        preferences.time_zone = time_zone
    if language is not None:
        preferences.language = language
    if quiet_start is not _UNSET:
        preferences.quiet_start = quiet_start
    if quiet_end is not _UNSET:
        preferences.quiet_end = quiet_end
    preferences.full_clean()
    preferences.save()
    for relationship, window in (windows or {}).items():
        if relationship not in Relationship.values:
            raise ValidationError({"windows": f"“{relationship}” is not a relationship."})
        if window is None:
            RelationshipWindow.objects.filter(owner=user, relationship=relationship).delete()
            continue
        try:
            validate_callback_window(window)
        except ValidationError as error:
            raise ValidationError({"windows": error.messages}) from None
        RelationshipWindow.objects.update_or_create(
            owner=user, relationship=relationship, defaults={"window": window}
        )
    return preferences


TOKEN_PREFIX = "rb_"


def token_hash(secret: str) -> str:
    # The secret has 256 random bits: a plain SHA-256 cannot be reversed by guessing.
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, owner, name: str) -> tuple[ApiToken, str]:
    """A new personal token and its secret, which is not stored and shown only now."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        owner=owner, name=name, key_hash=token_hash(secret), prefix=secret[: len(TOKEN_PREFIX) + 6]
    )
    token.full_clean()
    token.save()
    return token, secret


def api_token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk).update(revoked=True)


# Recording every use would make each automated request a write; a minute is precise
# enough to tell whether a token is in use.
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def api_token_mark_used(*, token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or token.last_used_at < now - TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def telephony_hook_ensure(*, owner) -> TelephonyHook:
    hook, _ = TelephonyHook.objects.get_or_create(
        owner=owner, defaults={"secret": secrets.token_urlsafe(32)}
    )
    return hook


def action_replay_save(*, owner, key: str, path: str, status_code: int, body) -> None:
    """Keep the first answer to an action with this key; a concurrent twin's is dropped."""
    try:
        with transaction.atomic():
            ActionReplay.objects.create(
                owner=owner, key=key, path=path, status_code=status_code, body=body
            )
    except IntegrityError:
        pass


# The app replays actions queued offline when it is back online; a phone can stay
# offline for days, so answers are kept a week.
ACTION_REPLAY_KEPT = timedelta(days=7)


def action_replays_prune(*, now: datetime | None = None) -> int:
    """Forget stored answers to idempotent actions older than a week."""
    cutoff = (now or timezone.now()) - ACTION_REPLAY_KEPT
    deleted, _ = ActionReplay.objects.filter(created_at__lt=cutoff).delete()
    return deleted
