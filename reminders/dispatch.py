"""Sending due reminder steps: claim with a lease, deliver once per device, advance.

The database is the schedule. A dispatcher run claims due reminders in batches (a lease
with a token), a worker sends each claimed reminder's step to every device of its owner
and records a Delivery per (reminder, step occurrence, subscription) — unique, so that
a batch redone after a crash or a second dispatcher sends only what is still pending.
A worker that dies loses its lease; the next run claims the reminders again.
"""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Min, Q
from django.utils import timezone
from webpush.models import SubscriptionInfo

from contacts.models import Channel
from reminders.engine import reminder_plan, step_after
from reminders.models import (
    ACTIVE_STATES,
    FAILED_OUTCOMES,
    Attempt,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    Heartbeat,
    Reminder,
    ReminderKind,
    ReminderState,
)
from reminders.payload import StepContext, is_business, payload_bytes
from reminders.policy import StepKind
from reminders.selectors import DISPATCHER, preferences_for
from reminders.transport import MAX_TRIES, Message, Outcome, Result, retry_delay, send_all, ttl_for

logger = logging.getLogger(__name__)

# One run hands out at most this many batches; the next run takes the rest.
MAX_BATCHES_PER_RUN = 20

Enqueue = Callable[[list[int], str], None]


def _due(now: datetime):
    return Reminder.objects.filter(state__in=ACTIVE_STATES, next_step_at__lte=now).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )


@transaction.atomic
def reminders_claim_due(*, now: datetime, limit: int, lease: timedelta) -> tuple[str, list[int]]:
    """Claim up to `limit` due reminders for one batch; two dispatchers never share one."""
    token = uuid.uuid4().hex
    due = _due(now).order_by("next_step_at")
    if connection.features.has_select_for_update_skip_locked:
        ids = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
        Reminder.objects.filter(pk__in=ids).update(claim_token=token, claimed_until=now + lease)
        return token, ids
    # SQLite has no row locks: one conditional UPDATE (the database is locked while it
    # runs) claims only rows still unclaimed, then we read back which ones we got.
    candidates = list(due.values_list("pk", flat=True)[:limit])
    _due(now).filter(pk__in=candidates).update(claim_token=token, claimed_until=now + lease)
    return token, list(Reminder.objects.filter(claim_token=token).values_list("pk", flat=True))


def reminders_dispatch(*, enqueue: Enqueue, now: datetime | None = None) -> int:
    """One dispatcher run: record the heartbeat, claim due reminders, hand out batches.
    Returns how many reminders were claimed."""
    now = now or timezone.now()
    Heartbeat.objects.update_or_create(name=DISPATCHER, defaults={"beat_at": now})
    lease = timedelta(seconds=settings.REMINDER_CLAIM_LEASE_SECONDS)
    claimed = 0
    for _ in range(MAX_BATCHES_PER_RUN):
        with transaction.atomic():
            token, ids = reminders_claim_due(
                now=now, limit=settings.REMINDER_BATCH_SIZE, lease=lease
            )
            if ids:
                enqueue(ids, token)
        claimed += len(ids)
        if len(ids) < settings.REMINDER_BATCH_SIZE:
            break
    return claimed


@dataclass
class _Claimed:
    reminder_id: int
    step_seq: int
    due: bool


def _failed_calls(reminder: Reminder) -> int:
    return Attempt.objects.filter(
        reminder=reminder, channel=Channel.CALL, outcome__in=FAILED_OUTCOMES
    ).count()


def _context(reminder: Reminder, *, now: datetime) -> StepContext:
    preferences = preferences_for(reminder.owner)
    free_from = None
    if reminder.kind == ReminderKind.FOLLOW_UP:
        retry = next((s for s in reminder_plan(reminder).steps if s.kind == StepKind.RETRY), None)
        free_from = retry.at.astimezone(preferences.zone) if retry else None
    return StepContext(
        step=reminder.next_step,
        now=now,
        language=preferences.language,
        failed_calls=_failed_calls(reminder),
        free_from=free_from,
    )


def _prepare(reminder_id: int, token: str, now: datetime) -> tuple[_Claimed, list] | None:
    """Open the step's deliveries and build the messages still to send."""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(of=("self",))
            .select_related("contact", "owner")
            .filter(pk=reminder_id, claim_token=token)
            .first()
        )
        if reminder is None:
            return None
        claimed = _Claimed(reminder.pk, reminder.step_seq, due=False)
        if not (reminder.is_active and reminder.next_step and reminder.next_step_at <= now):
            return claimed, []
        if reminder.state == ReminderState.SNOOZED:
            # The snooze is over: the reminder is back on the list.
            reminder.state, reminder.snoozed_until = ReminderState.OPEN, None
            reminder.save(update_fields=["state", "snoozed_until", "updated_at"])
        subscriptions = SubscriptionInfo.objects.filter(webpush_info__user=reminder.owner)
        Delivery.objects.bulk_create(
            [
                Delivery(
                    reminder=reminder,
                    step_seq=reminder.step_seq,
                    step=reminder.next_step,
                    subscription=subscription,
                    endpoint=subscription.endpoint,
                )
                for subscription in subscriptions
            ],
            ignore_conflicts=True,
        )
    claimed.due = True
    deliveries = (
        Delivery.objects.filter(
            reminder=reminder,
            step_seq=reminder.step_seq,
            status=DeliveryStatus.PENDING,
            subscription__isnull=False,
        )
        .filter(Q(next_try_at__isnull=True) | Q(next_try_at__lte=now))
        .select_related("subscription")
    )
    if not deliveries:
        return claimed, []
    data = payload_bytes(reminder, _context(reminder, now=now))
    urgent = is_business(reminder) or reminder.next_step == StepKind.OVERDUE
    messages = [
        (
            (reminder.pk, delivery.pk),
            Message(
                endpoint=delivery.subscription.endpoint,
                p256dh=delivery.subscription.p256dh,
                auth=delivery.subscription.auth,
                data=data,
                ttl=ttl_for(deadline=reminder.deadline, now=now),
                urgency="high" if urgent else "normal",
                topic=f"reminder-{reminder.pk}",
            ),
        )
        for delivery in deliveries
    ]
    return claimed, messages


def _still_open(claims: dict[int, _Claimed], token: str) -> set[int]:
    """Right before sending: a reminder done, dismissed or rescheduled meanwhile is out."""
    rows = Reminder.objects.filter(
        pk__in=list(claims), claim_token=token, state=ReminderState.OPEN
    ).values_list("pk", "step_seq")
    return {pk for pk, seq in rows if claims[pk].step_seq == seq}


@transaction.atomic
def _record(delivery_id: int, outcome: Outcome, now: datetime) -> None:
    delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
    DeliveryAttempt.objects.create(
        delivery=delivery,
        at=timezone.now(),
        outcome=outcome.result,
        status_code=outcome.status_code,
        error=outcome.error,
        duration_ms=outcome.duration_ms,
    )
    delivery.tries += 1
    if outcome.result == Result.RETRY and delivery.tries < MAX_TRIES:
        delivery.next_try_at = now + retry_delay(
            tries=delivery.tries, retry_after=outcome.retry_after
        )
    else:
        delivery.status = {
            Result.SENT: DeliveryStatus.SENT,
            Result.GONE: DeliveryStatus.GONE,
        }.get(outcome.result, DeliveryStatus.FAILED)
        delivery.finished_at = timezone.now()
    delivery.save()
    if outcome.result == Result.GONE and delivery.subscription_id:
        # The browser unsubscribed: nothing more goes to this endpoint, for any reminder.
        Delivery.objects.filter(
            subscription_id=delivery.subscription_id, status=DeliveryStatus.PENDING
        ).update(status=DeliveryStatus.GONE, finished_at=timezone.now())
        SubscriptionInfo.objects.filter(pk=delivery.subscription_id).delete()


@transaction.atomic
def _finish(claimed: _Claimed, token: str, now: datetime) -> None:
    """Advance to the next step once every device has its push; release the lease."""
    reminder = (
        Reminder.objects.select_for_update(of=("self",))
        .select_related("contact", "owner")
        .filter(pk=claimed.reminder_id, claim_token=token)
        .first()
    )
    if reminder is None:
        return  # the lease ran out and another batch owns it now
    if not reminder.is_active:
        Delivery.objects.filter(reminder=reminder, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.CANCELLED, finished_at=now
        )
    if claimed.due and reminder.is_active and reminder.step_seq == claimed.step_seq:
        waiting = Delivery.objects.filter(
            reminder=reminder,
            step_seq=reminder.step_seq,
            status=DeliveryStatus.PENDING,
            subscription__isnull=False,
        ).aggregate(count=Count("id"), at=Min("next_try_at"))
        if waiting["count"]:
            reminder.next_step_at = max(waiting["at"] or now, now)
        else:
            step = step_after(
                reminder,
                sent=reminder.next_step,
                preferences=preferences_for(reminder.owner),
                now=now,
            )
            reminder.schedule(step.kind if step else "", step.at if step else None)
    reminder.claim_token, reminder.claimed_until = "", None
    reminder.save()


def reminders_deliver(*, reminder_ids: list[int], token: str, now: datetime | None = None) -> None:
    """Send the due step of each claimed reminder to every device, concurrently."""
    now = now or timezone.now()
    # The lease counts from now, not from the claim: a batch may have waited in the
    # queue. A batch whose lease ran out and was claimed again by another finds nothing.
    lease = timedelta(seconds=settings.REMINDER_CLAIM_LEASE_SECONDS)
    Reminder.objects.filter(pk__in=reminder_ids, claim_token=token).update(
        claimed_until=now + lease
    )
    claims: dict[int, _Claimed] = {}
    messages = []
    for reminder_id in reminder_ids:
        try:
            prepared = _prepare(reminder_id, token, now)
        except Exception:
            # One broken reminder must not hold up the batch; its lease runs out and
            # the next dispatcher run tries it again.
            logger.exception("could not prepare reminder %s", reminder_id)
            continue
        if prepared is None:
            continue
        claimed, reminder_messages = prepared
        claims[claimed.reminder_id] = claimed
        messages.extend(reminder_messages)
    still_open = _still_open(claims, token)
    to_send = [(key, message) for key, message in messages if key[0] in still_open]
    for (_reminder_id, delivery_id), outcome in send_all(to_send):
        _record(delivery_id, outcome, now)
    for claimed in claims.values():
        try:
            _finish(claimed, token, now)
        except Exception:
            logger.exception("could not finish reminder %s", claimed.reminder_id)
