"""Writes on channels and their messages: add, test, delete; open the fallbacks owed
(reach.selectors.unseen_pushes) and send what is due, retried like a push."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import DigestBy, Preferences
from accounts.regions import default_phone_region
from accounts.selectors import preferences_by_owner
from accounts.users import User
from contacts.selectors import contact_names_by_number
from push.messages import MAX_TRIES, retry_delay
from reach import transport
from reach.models import Channel, ChannelMessage, MessageKind, MessageStatus
from reach.secrets import seal, unseal
from reach.selectors import Unseen, unseen_pushes
from reach.texts import digest_text, fallback_text, test_text
from reminders.dispatch.deliver import DueStep
from reminders.dispatch.payload import StepContext
from reminders.models import Reminder
from reminders.plans import quiet_hours_of, situation_of
from reminders.selectors import windows_by_owner

MAX_URL_LENGTH = 2000
# A sender owns a message this long; one that died leaves it to the next run.
SEND_LEASE = timedelta(minutes=2)
SEND_LIMIT = 50


def channel_create(*, owner: User, name: str, url: str) -> Channel:
    url = url.strip()
    if not url or len(url) > MAX_URL_LENGTH:
        raise ValidationError({"url": _("An Apprise URL of at most 2000 characters.")})
    problem = transport.problem(url)
    if problem == transport.PRIVATE:
        raise ValidationError(
            {"url": _("This address is on the server's own network; the operator can allow it.")}
        )
    if problem:
        raise ValidationError(
            {"url": _("Apprise does not know this URL (e.g. ntfy://ntfy.sh/my-topic).")}
        )
    channel = Channel(
        owner=owner, name=name.strip(), url_sealed=seal(url), url_hint=transport.hint(url)
    )
    channel.full_clean(exclude=["owner"], validate_unique=False)
    try:
        with transaction.atomic():
            channel.save()
    except IntegrityError:
        raise ValidationError({"name": _("You have a channel of this name already.")}) from None
    return channel


def channel_delete(*, channel: Channel) -> None:
    channel.delete()


def channel_test(*, channel: Channel, language: str) -> transport.Sent:
    """Send a test at once and record how it went, as any send."""
    title, body = test_text(language)
    sent = transport.send(_url(channel), title=title, body=body)
    _record_on_channel(channel.pk, sent, timezone.now())
    return sent


def _url(channel: Channel) -> str:
    try:
        return unseal(channel.url_sealed)
    except ValueError:
        return ""  # the key changed: it fails as "not an Apprise URL" and says so


def _record_on_channel(channel_id: int, sent: transport.Sent, now: datetime) -> None:
    channels = Channel.objects.filter(pk=channel_id)
    if sent.ok:
        channels.update(last_sent_at=now, failing_since=None, last_error="")
    else:
        channels.update(failing_since=Coalesce("failing_since", Value(now)), last_error=sent.error)


def _outside_quiet_hours(preferences: Preferences, at: datetime) -> datetime:
    """Quiet hours hold for channels too: what falls in them waits for their end."""
    quiet = quiet_hours_of(preferences)
    period = quiet.period_around(at) if quiet is not None else None
    return period[1] if period is not None else at


def _fallback_messages(owed: list[Unseen], now: datetime) -> list[ChannelMessage]:
    by_id = {
        r.pk: r
        for r in Reminder.objects.filter(pk__in=[u.reminder_id for u in owed]).select_related(
            "contact", "contact_date", "touch"
        )
    }
    owners = {r.owner_id for r in by_id.values()}
    preferences, windows = preferences_by_owner(owners), windows_by_owner(owners)
    channels = _channel_ids(owners)
    # A number several contacts share: the message asks which of them called, as the push.
    callers = contact_names_by_number(
        {(r.owner_id, r.number) for r in by_id.values() if r.contact_id is None and r.number}
    )
    messages = []
    for unseen in owed:
        reminder = by_id[unseen.reminder_id]
        prefs = preferences[reminder.owner_id]
        situation = situation_of(
            reminder, preferences=prefs, windows=windows[reminder.owner_id], now=now
        )
        asked = tuple(callers.get((reminder.owner_id, reminder.number), ()))
        region = prefs.phone_region or default_phone_region()
        context = StepContext(unseen.step, now, prefs.language, situation, asked, region)
        text = fallback_text(reminder, context, reason=reminder.latest_reason)
        at = _outside_quiet_hours(prefs, now)
        messages += _per_channel(
            channels[reminder.owner_id], (reminder, unseen.step_seq), MessageKind.FALLBACK, text, at
        )
    return messages


def _channel_ids(owner_ids: set[int]) -> dict[int, list[int]]:
    channels: dict[int, list[int]] = defaultdict(list)
    for owner_id, channel_id in Channel.objects.filter(owner_id__in=owner_ids).values_list(
        "owner_id", "pk"
    ):
        channels[owner_id].append(channel_id)
    return channels


def _per_channel(
    channel_ids: list[int],
    step: tuple[Reminder, int],
    kind: str,
    text: tuple[str, str],
    at: datetime,
) -> list[ChannelMessage]:
    """The message to each channel about one reminder step (reminder, step_seq)."""
    (reminder, step_seq), (title, body) = step, text
    return [
        ChannelMessage(
            channel_id=channel_id, kind=kind, reminder=reminder, step_seq=step_seq,
            title=title[:250], body=body, next_try_at=at,
        )
        for channel_id in channel_ids
    ]  # fmt: skip


def _now_step(reminder: Reminder) -> tuple[Reminder, int]:
    return reminder, reminder.step_seq


def _digest_messages(
    group: list[DueStep], channel_ids: list[int], preferences: Preferences, now: datetime
) -> list[ChannelMessage]:
    """One message per channel for a user's rhythm reminders due together (the digest),
    or a lone one's own words; keyed by the first of them, so a batch redone adds none."""
    at = _outside_quiet_hours(preferences, now)
    if len(group) == 1:
        step = group[0]
        text = fallback_text(step.reminder, step.context, reason="")
        return _per_channel(channel_ids, _now_step(step.reminder), MessageKind.DIGEST, text, at)
    reminders = sorted((step.reminder for step in group), key=lambda r: r.pk)
    text = digest_text(reminders, language=preferences.language, now=now)
    return _per_channel(channel_ids, _now_step(reminders[0]), MessageKind.DIGEST, text, at)


def due_steps_take(*, steps: list[DueStep], now: datetime) -> set[int]:
    """The dispatcher's due steps that go through the channels: a callback step when no
    phone is left, the digest when no phone is left or the user wants it there. Returns
    the reminders taken instead of the phones (the digest of a user who wants it in the
    channels only). A user without channels: nothing taken, the phones get it."""
    channels = _channel_ids({step.reminder.owner_id for step in steps})
    steps = [step for step in steps if channels.get(step.reminder.owner_id)]
    preferences = preferences_by_owner({step.reminder.owner_id for step in steps})
    messages: list[ChannelMessage] = []
    rhythm: dict[int, list[DueStep]] = defaultdict(list)
    for step in steps:
        reminder, owner_id = step.reminder, step.reminder.owner_id
        if reminder.is_rhythm:
            if step.devices == 0 or preferences[owner_id].digest_by != DigestBy.PUSH:
                rhythm[owner_id].append(step)
        elif step.devices == 0:
            text = fallback_text(reminder, step.context, reason=reminder.latest_reason)
            at = _outside_quiet_hours(preferences[owner_id], now)
            messages += _per_channel(
                channels[owner_id], _now_step(reminder), MessageKind.FALLBACK, text, at
            )
    taken = set()
    for owner_id, group in rhythm.items():
        messages += _digest_messages(group, channels[owner_id], preferences[owner_id], now)
        if preferences[owner_id].digest_by == DigestBy.CHANNELS:
            taken |= {step.reminder.pk for step in group}
    ChannelMessage.objects.bulk_create(messages, ignore_conflicts=True)
    return taken


def fallbacks_open(*, now: datetime) -> int:
    """A message per channel for every callback push no phone showed in time."""
    owed = unseen_pushes(now=now)
    if not owed:
        return 0
    messages = _fallback_messages(owed, now)
    ChannelMessage.objects.bulk_create(messages, ignore_conflicts=True)
    return len(messages)


def _claim(pk: int, now: datetime) -> bool:
    # One conditional UPDATE: of two senders, one gets it (healthchecks' sendalerts).
    claimed = ChannelMessage.objects.filter(
        pk=pk, status=MessageStatus.PENDING, next_try_at__lte=now
    ).update(next_try_at=now + SEND_LEASE)
    return claimed == 1


def _send_one(message: ChannelMessage, now: datetime) -> None:
    closed = message.reminder is not None and not message.reminder.is_active
    # A digest names others too: it goes even when the one it is filed under was closed.
    if closed and message.kind == MessageKind.FALLBACK:
        message.status = MessageStatus.CANCELLED
        message.save(update_fields=["status"])
        return
    sent = transport.send(_url(message.channel), title=message.title, body=message.body)
    message.tries += 1
    if sent.ok:
        message.status, message.sent_at, message.error = MessageStatus.SENT, now, ""
    elif message.tries < MAX_TRIES:
        retry_at = now + retry_delay(tries=message.tries, retry_after=None)
        owner_preferences = preferences_by_owner({message.channel.owner_id})
        message.next_try_at = _outside_quiet_hours(
            owner_preferences[message.channel.owner_id], retry_at
        )
        message.error = sent.error
    else:
        message.status, message.error = MessageStatus.FAILED, sent.error
    message.save(update_fields=["status", "sent_at", "error", "tries", "next_try_at"])
    _record_on_channel(message.channel_id, sent, now)


def channel_messages_send(*, now: datetime | None = None) -> int:
    """Send the messages due now (SEND_LIMIT at most; the next run takes the rest)."""
    now = now or timezone.now()
    due = list(
        ChannelMessage.objects.filter(status=MessageStatus.PENDING, next_try_at__lte=now)
        .order_by("next_try_at", "pk")
        .values_list("pk", flat=True)[:SEND_LIMIT]
    )
    sent = 0
    for pk in due:
        if not _claim(pk, now):
            continue
        message = ChannelMessage.objects.select_related("channel", "reminder").get(pk=pk)
        _send_one(message, now)
        sent += message.status == MessageStatus.SENT
    return sent
