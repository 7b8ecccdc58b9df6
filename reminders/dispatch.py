"""Sending due reminder steps: claim with a lease, deliver once per device, advance.

The database is the schedule. A dispatcher run claims due reminders in batches (a lease
with a token), a worker sends each claimed reminder's step to every device of its owner
and records a Delivery per (reminder, step occurrence, subscription) — unique, so that
a batch redone after a crash or a second dispatcher sends only what is still pending.
A worker that dies loses its lease; the next run claims the reminders again.
"""

import logging
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
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
    Preferences,
    Reminder,
    ReminderKind,
    ReminderState,
)
from reminders.payload import StepContext, is_business, payload_bytes
from reminders.policy import StepKind
from reminders.selectors import (
    DISPATCHER,
    latest_reason_subquery,
    preferences_by_owner,
    windows_by_owner,
)
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


def reminders_dispatch(
    *, enqueue: Enqueue, again: Callable[[], None] | None = None, now: datetime | None = None
) -> int:
    """One dispatcher run: record the heartbeat, claim due reminders, hand out batches.
    A run that hands out its maximum calls `again` (the next run, at once, not at the
    next beat). Returns how many reminders were claimed."""
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
            return claimed
    if again is not None:
        again()
    return claimed


@dataclass
class _Claimed:
    reminder_id: int
    step_seq: int
    due: bool


@dataclass
class _Batch:
    """What one batch read about its owners, shared by preparing and finishing it."""

    preferences: dict[int, Preferences]
    windows: dict[int, dict[str, timedelta]]


def _failed_calls_subquery() -> Coalesce:
    return Coalesce(
        Subquery(
            Attempt.objects.filter(
                reminder=OuterRef("pk"), channel=Channel.CALL, outcome__in=FAILED_OUTCOMES
            )
            .order_by()
            .values("reminder")
            .annotate(count=Count("pk"))
            .values("count")
        ),
        0,
    )


def _locked(reminder_ids: list[int], token: str) -> QuerySet[Reminder]:
    # Ordered by id: two transactions locking overlapping rows take them in one order.
    return (
        Reminder.objects.select_for_update(of=("self",))
        .select_related("contact", "owner")
        .filter(pk__in=reminder_ids, claim_token=token)
        .order_by("pk")
    )


def _context(reminder: Reminder, batch: _Batch, *, now: datetime) -> StepContext:
    preferences = batch.preferences[reminder.owner_id]
    free_from = None
    if reminder.kind == ReminderKind.FOLLOW_UP:
        plan = reminder_plan(reminder, windows=batch.windows[reminder.owner_id])
        retry = next((s for s in plan.steps if s.kind == StepKind.RETRY), None)
        free_from = retry.at.astimezone(preferences.zone) if retry else None
    return StepContext(
        step=reminder.next_step,
        now=now,
        language=preferences.language,
        failed_calls=reminder.failed_calls,
        free_from=free_from,
    )


def _message(reminder: Reminder, subscription: SubscriptionInfo, data: bytes, now) -> Message:
    urgent = is_business(reminder) or reminder.next_step == StepKind.OVERDUE
    return Message(
        endpoint=subscription.endpoint,
        p256dh=subscription.p256dh,
        auth=subscription.auth,
        data=data,
        ttl=ttl_for(deadline=reminder.deadline, now=now),
        urgency="high" if urgent else "normal",
        topic=f"reminder-{reminder.pk}",
    )


def _prepare(
    reminder_ids: list[int], token: str, now: datetime
) -> tuple[dict[int, _Claimed], _Batch, list[tuple[tuple[int, int], Message]]]:
    """Open the due steps' deliveries of the whole batch and build the messages still to
    send: a fixed number of queries, however many reminders and devices."""
    with transaction.atomic():
        reminders = list(
            _locked(reminder_ids, token).annotate(
                latest_reason=latest_reason_subquery(), failed_calls=_failed_calls_subquery()
            )
        )
        owner_ids = {reminder.owner_id for reminder in reminders}
        batch = _Batch(preferences_by_owner(owner_ids), windows_by_owner(owner_ids))
        claims = {r.pk: _Claimed(r.pk, r.step_seq, due=False) for r in reminders}
        due = [r for r in reminders if r.is_active and r.next_step and r.next_step_at <= now]
        # A snooze that is over puts the reminder back on the list.
        snoozed = [r for r in due if r.state == ReminderState.SNOOZED]
        for reminder in snoozed:
            reminder.state, reminder.snoozed_until = ReminderState.OPEN, None
        if snoozed:
            Reminder.objects.filter(pk__in=[r.pk for r in snoozed]).update(
                state=ReminderState.OPEN, snoozed_until=None, updated_at=timezone.now()
            )
        devices: dict[int, list[SubscriptionInfo]] = defaultdict(list)
        subscriptions = SubscriptionInfo.objects.filter(
            webpush_info__user_id__in={r.owner_id for r in due}
        ).annotate(user_id=F("webpush_info__user_id"))
        for subscription in subscriptions:
            if all(s.pk != subscription.pk for s in devices[subscription.user_id]):
                devices[subscription.user_id].append(subscription)
        Delivery.objects.bulk_create(
            [
                Delivery(
                    reminder=reminder,
                    step_seq=reminder.step_seq,
                    step=reminder.next_step,
                    subscription=subscription,
                    endpoint=subscription.endpoint,
                )
                for reminder in due
                for subscription in devices[reminder.owner_id]
            ],
            ignore_conflicts=True,
        )
    for reminder in due:
        claims[reminder.pk].due = True
    by_id = {reminder.pk: reminder for reminder in due}
    pending = (
        Delivery.objects.filter(
            reminder_id__in=list(by_id),
            status=DeliveryStatus.PENDING,
            subscription__isnull=False,
        )
        .filter(Q(next_try_at__isnull=True) | Q(next_try_at__lte=now))
        .select_related("subscription")
        .order_by("reminder_id", "id")
    )
    data: dict[int, bytes] = {}
    messages = []
    for delivery in pending:
        reminder = by_id[delivery.reminder_id]
        if delivery.step_seq != reminder.step_seq:
            continue  # an older step's push, superseded by this one
        if reminder.pk not in data:
            try:
                context = _context(reminder, batch, now=now)
                reason = reminder.latest_reason or ""
                data[reminder.pk] = payload_bytes(reminder, context, reason=reason)
            except Exception:
                # One broken reminder must not hold up the batch: it sends nothing now,
                # keeps its claim until the lease runs out, and is tried again then.
                logger.exception("could not prepare reminder %s", reminder.pk)
                data[reminder.pk] = b""
                claims.pop(reminder.pk, None)
        if not data[reminder.pk]:
            continue
        message = _message(reminder, delivery.subscription, data[reminder.pk], now)
        messages.append(((reminder.pk, delivery.pk), message))
    return claims, batch, messages


def _still_open(claims: dict[int, _Claimed], token: str) -> set[int]:
    """Right before sending: a reminder done, dismissed or rescheduled meanwhile is out."""
    rows = Reminder.objects.filter(
        pk__in=list(claims), claim_token=token, state=ReminderState.OPEN
    ).values_list("pk", "step_seq")
    return {pk for pk, seq in rows if claims[pk].step_seq == seq}


@transaction.atomic
def _record(outcomes: list[tuple[int, Outcome]], now: datetime) -> None:
    """Record a group of outcomes: one insert of attempts, one update of the deliveries
    per distinct result (all sent, usually)."""
    ids = [pk for pk, _ in outcomes]
    locked = Delivery.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    deliveries = {delivery.pk: delivery for delivery in locked}
    attempts = []
    gone = set()
    finished_at = timezone.now()
    # Deliveries that end up alike are updated by one statement: usually all of a group.
    alike: dict[tuple, list[int]] = defaultdict(list)
    for delivery_id, outcome in outcomes:
        delivery = deliveries[delivery_id]
        attempts.append(
            DeliveryAttempt(
                delivery=delivery,
                at=finished_at,
                outcome=outcome.result,
                status_code=outcome.status_code,
                error=outcome.error,
                duration_ms=outcome.duration_ms,
            )
        )
        tries = delivery.tries + 1
        if outcome.result == Result.RETRY and tries < MAX_TRIES:
            retry_at = now + retry_delay(tries=tries, retry_after=outcome.retry_after)
            alike[(DeliveryStatus.PENDING, tries, retry_at, None)].append(delivery_id)
            continue
        status = {
            Result.SENT: DeliveryStatus.SENT,
            Result.GONE: DeliveryStatus.GONE,
        }.get(outcome.result, DeliveryStatus.FAILED)
        alike[(status, tries, delivery.next_try_at, finished_at)].append(delivery_id)
        if outcome.result == Result.GONE and delivery.subscription_id:
            gone.add(delivery.subscription_id)
    DeliveryAttempt.objects.bulk_create(attempts)
    for (status, tries, next_try_at, finished), ids in alike.items():
        Delivery.objects.filter(pk__in=ids).update(
            status=status, tries=tries, next_try_at=next_try_at, finished_at=finished
        )
    if gone:
        # The browser unsubscribed: nothing more goes to this endpoint, for any reminder.
        Delivery.objects.filter(subscription_id__in=gone, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.GONE, finished_at=timezone.now()
        )
        SubscriptionInfo.objects.filter(pk__in=gone).delete()


@transaction.atomic
def _finish(claims: dict[int, _Claimed], batch: _Batch, token: str, now: datetime) -> None:
    """Advance every reminder whose devices all have their push; release the leases.
    A reminder whose lease ran out (another batch owns it now) is left alone."""
    reminders = list(_locked(list(claims), token))
    closed = [r.pk for r in reminders if not r.is_active]
    if closed:
        Delivery.objects.filter(reminder_id__in=closed, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.CANCELLED, finished_at=now
        )
    advancing = [
        r
        for r in reminders
        if claims[r.pk].due and r.is_active and r.step_seq == claims[r.pk].step_seq
    ]
    waiting = {
        (row["reminder_id"], row["step_seq"]): row
        for row in Delivery.objects.filter(
            reminder_id__in=[r.pk for r in advancing],
            status=DeliveryStatus.PENDING,
            subscription__isnull=False,
        )
        .order_by()
        .values("reminder_id", "step_seq")
        .annotate(count=Count("id"), at=Min("next_try_at"))
    }
    broken = set()
    for reminder in advancing:
        pending = waiting.get((reminder.pk, reminder.step_seq))
        if pending:
            reminder.next_step_at = max(pending["at"] or now, now)
            continue
        try:
            step = step_after(
                reminder,
                sent=reminder.next_step,
                preferences=batch.preferences[reminder.owner_id],
                now=now,
                windows=batch.windows[reminder.owner_id],
            )
        except Exception:
            # It keeps its claim: the lease runs out and the next run tries it again.
            logger.exception("could not finish reminder %s", reminder.pk)
            broken.add(reminder.pk)
            continue
        reminder.schedule(step.kind if step else "", step.at if step else None)
    reminders = [reminder for reminder in reminders if reminder.pk not in broken]
    updated_at = timezone.now()
    for reminder in reminders:
        reminder.claim_token, reminder.claimed_until = "", None
        reminder.updated_at = updated_at
    Reminder.objects.bulk_update(
        reminders,
        ["next_step", "next_step_at", "step_seq", "claim_token", "claimed_until", "updated_at"],
    )


def reminders_deliver(*, reminder_ids: list[int], token: str, now: datetime | None = None) -> None:
    """Send the due step of each claimed reminder to every device, concurrently."""
    now = now or timezone.now()
    # The lease counts from now, not from the claim: a batch may have waited in the
    # queue. A batch whose lease ran out and was claimed again by another finds nothing.
    lease = timedelta(seconds=settings.REMINDER_CLAIM_LEASE_SECONDS)
    Reminder.objects.filter(pk__in=reminder_ids, claim_token=token).update(
        claimed_until=now + lease
    )
    claims, batch, messages = _prepare(reminder_ids, token, now)
    still_open = _still_open(claims, token)
    to_send = [(key, message) for key, message in messages if key[0] in still_open]

    def keep(waiting: list[tuple[int, int]]) -> list[tuple[int, int]]:
        # Checked again between groups: done or dismiss stops what has not gone out yet.
        still_open = _still_open({pk: claims[pk] for pk, _ in waiting}, token)
        return [key for key in waiting if key[0] in still_open]

    for group in send_all(to_send, keep=keep):
        _record([(delivery_id, outcome) for (_, delivery_id), outcome in group], now)
    _finish(claims, batch, token, now)
