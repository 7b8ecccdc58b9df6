"""Delivering a claimed batch: each reminder's due step to every device, once, then on.

A worker sends each claimed reminder's step to every subscribed browser of its owner
and records a Delivery per (reminder, step occurrence, subscription) — unique, so that
a batch redone after a crash or a second dispatcher sends only what is still pending.
Once every device has its push, the reminder is pointed at its next step.

What is sent is a Push: one message to one device that covers one or more deliveries:
one per delivery, except that the rhythm's reminders (keep in touch, birthdays, the day
after a date) of one user due at the same moment go to each device as one digest push
(`_pushes`). Its outcome is recorded for every delivery it covers.

The other channels (the reach app; reminders knows nothing of it) hear of every due step
through `steps_due`, sent while the batch's deliveries are opened: a step no phone will
get (the user has none left) and the daily digest of a user who wants it there go
through them too; a reminder a receiver takes instead of the phones gets no push.
"""

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Min, Q, QuerySet
from django.dispatch import Signal
from django.utils import timezone

from accounts.models import DigestBy, Preferences
from accounts.regions import default_phone_region
from accounts.selectors import preferences_by_owner
from contacts.selectors import contact_names_by_number
from push.messages import MAX_TRIES, Message, Outcome, Result, retry_delay, ttl_for
from push.selectors import Device, devices_by_user
from push.services import push_subscriptions_gone, push_subscriptions_sent
from push.transport import send_all
from reminders import policy
from reminders.dispatch.payload import (
    StepContext,
    digest_bytes,
    payload_bytes,
    with_delivery_ids,
)
from reminders.models import (
    INTERRUPTED,
    INTERRUPTED_ERROR,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    Reminder,
    ReminderState,
)
from reminders.plans import situation_of, step_after
from reminders.selectors import windows_by_owner

logger = logging.getLogger(__name__)

# Sent with steps=[DueStep, …] and now=; each receiver returns the ids of the reminders it
# took instead of the phones (Signal.send returns every receiver's answer).
steps_due = Signal()


@dataclass(frozen=True)
class DueStep:
    reminder: Reminder
    context: StepContext
    devices: int  # how many phones of the owner get it (0: none left)


@dataclass
class _Claimed:
    reminder_id: int
    step_seq: int
    due: bool


@dataclass(frozen=True)
class Push:
    """One push to one device, and the deliveries (of these reminders) it carries."""

    reminder_ids: tuple[int, ...]
    delivery_ids: tuple[int, ...]


# Pending deliveries as the hot path reads them: (id, reminder_id, subscription_id).
PendingRow = tuple[int, int, int]


@dataclass
class _Batch:
    """What one batch read about its owners, shared by preparing and finishing it."""

    preferences: dict[int, Preferences]
    windows: dict[int, dict[str, timedelta]]


def _locked(reminder_ids: list[int], token: str) -> QuerySet[Reminder]:
    # Ordered by id: two transactions locking overlapping rows take them in one order.
    return (
        Reminder.objects.select_for_update(of=("self",))
        .select_related("contact", "owner", "contact_date", "touch")
        .filter(pk__in=reminder_ids, claim_token=token)
        .order_by("pk")
    )


def _context(
    reminder: Reminder, batch: _Batch, callers: dict[tuple[int, str], list[str]], *, now: datetime
) -> StepContext:
    preferences = batch.preferences[reminder.owner_id]
    return StepContext(
        step=reminder.next_step,
        now=now,
        language=preferences.language,
        situation=situation_of(
            reminder, preferences=preferences, windows=batch.windows[reminder.owner_id]
        ),
        callers=tuple(callers.get((reminder.owner_id, reminder.number), ())),
        region=preferences.phone_region or default_phone_region(),
    )


def _callers(reminders: Iterable[Reminder]) -> dict[tuple[int, str], list[str]]:
    """The names of the contacts on each number that a reminder of the batch asks about
    (who called?), in one query: a household's landline names everyone on it."""
    asking = {(r.owner_id, r.number) for r in reminders if r.contact_id is None and r.number}
    return contact_names_by_number(asking)


def _message(reminders: list[Reminder], device: Device, data: bytes, now: datetime) -> Message:
    """The message of a push about one reminder, or of a digest about several."""
    if len(reminders) > 1:
        owner_id = reminders[0].owner_id
        return Message(
            endpoint=device.endpoint,
            p256dh=device.p256dh,
            auth=device.auth,
            data=data,
            ttl=ttl_for(deadline=now + policy.DIGEST_KEPT, now=now),
            urgency=policy.urgency(relationship=None, step="", rhythm=True),
            topic=f"digest-{owner_id}",
        )
    reminder = reminders[0]
    relationship = reminder.contact.relationship if reminder.contact is not None else None
    return Message(
        endpoint=device.endpoint,
        p256dh=device.p256dh,
        auth=device.auth,
        data=data,
        ttl=ttl_for(deadline=reminder.deadline, now=now),
        urgency=policy.urgency(
            relationship=relationship, step=reminder.next_step, rhythm=reminder.is_rhythm
        ),
        topic=f"reminder-{reminder.pk}",
    )


def _deliveries_open(
    reminder_ids: list[int], token: str, now: datetime
) -> tuple[dict[int, _Claimed], _Batch, list[Reminder], dict[int, list[Device]]]:
    """Lock the batch's reminders and open a delivery of each due step to each device of
    its owner (a delivery that exists already stays as it is)."""
    with transaction.atomic():
        reminders = list(_locked(reminder_ids, token))
        owner_ids = {reminder.owner_id for reminder in reminders}
        batch = _Batch(preferences_by_owner(owner_ids), windows_by_owner(owner_ids))
        claims = {r.pk: _Claimed(r.pk, r.step_seq, due=False) for r in reminders}
        due = [
            r
            for r in reminders
            if r.is_active and r.next_step and r.next_step_at is not None and r.next_step_at <= now
        ]
        # A snooze that is over puts the reminder back on the list.
        snoozed = [r for r in due if r.state == ReminderState.SNOOZED]
        for reminder in snoozed:
            reminder.state, reminder.snoozed_until = ReminderState.OPEN, None
        if snoozed:
            Reminder.objects.filter(pk__in=[r.pk for r in snoozed]).update(
                state=ReminderState.OPEN, snoozed_until=None, updated_at=timezone.now()
            )
        devices = devices_by_user({r.owner_id for r in due})
        taken = _steps_announce(due, batch, devices, now)
        Delivery.objects.bulk_create(
            [
                Delivery(
                    reminder=reminder,
                    step_seq=reminder.step_seq,
                    step=reminder.next_step,
                    subscription_id=device.id,
                    endpoint=device.endpoint,
                )
                for reminder in due
                if reminder.pk not in taken
                for device in devices[reminder.owner_id]
            ],
            ignore_conflicts=True,
        )
    return claims, batch, due, devices


def _steps_announce(
    due: list[Reminder], batch: _Batch, devices: dict[int, list[Device]], now: datetime
) -> set[int]:
    """Tell the other channels of the steps no phone gets and of the digests wanted
    there; the ids of the reminders they took instead of the phones."""
    steps, callers = [], None
    for reminder in due:
        digest_by = batch.preferences[reminder.owner_id].digest_by
        wanted = reminder.is_rhythm and digest_by != DigestBy.PUSH
        if devices[reminder.owner_id] and not wanted:
            continue  # the usual case, at no cost: pushed, and the receipts tell the rest
        if callers is None:
            callers = _callers(due)
        try:
            context = _context(reminder, batch, callers, now=now)
        except Exception:
            logger.exception("could not prepare reminder %s", reminder.pk)  # (as _prepare)
            continue
        steps.append(DueStep(reminder, context, len(devices[reminder.owner_id])))
    taken: set[int] = set()
    if not steps:
        return taken
    for _receiver, answer in steps_due.send(sender=Reminder, steps=steps, now=now):
        if isinstance(answer, set):
            taken |= answer
    return taken


def _prepare(
    reminder_ids: list[int], token: str, now: datetime
) -> tuple[dict[int, _Claimed], _Batch, list[tuple[Push, Message]]]:
    """Open the due steps' deliveries of the whole batch and build the pushes still to
    send: a fixed number of queries, however many reminders and devices."""
    claims, batch, due, devices = _deliveries_open(reminder_ids, token, now)
    for reminder in due:
        claims[reminder.pk].due = True
    by_id = {reminder.pk: reminder for reminder in due}
    pending = _pending(by_id, now)
    device_of = {device.id: device for found in devices.values() for device in found}
    orphaned = [row[0] for row in pending if row[2] not in device_of]
    if orphaned:
        # The browser moved to another account since: it gets nothing of this one's.
        Delivery.objects.filter(pk__in=orphaned).update(
            status=DeliveryStatus.CANCELLED, finished_at=now
        )
    data: dict[int, bytes] = {}
    callers = _callers(by_id[row[1]] for row in pending)
    for reminder_id in {row[1] for row in pending}:
        reminder = by_id[reminder_id]
        try:
            context = _context(reminder, batch, callers, now=now)
            data[reminder_id] = payload_bytes(reminder, context)
        except Exception:
            # One broken reminder must not hold up the batch: it sends nothing now,
            # keeps its claim until the lease runs out, and is tried again then.
            logger.exception("could not prepare reminder %s", reminder_id)
            claims.pop(reminder_id, None)
    sendable = [row for row in pending if row[1] in data and row[2] in device_of]
    pushes = []
    for push, subscription_id, payload in _pushes(sendable, data, by_id, batch, now=now):
        members = [by_id[reminder_id] for reminder_id in push.reminder_ids]
        payload = with_delivery_ids(payload, push.delivery_ids)
        pushes.append((push, _message(members, device_of[subscription_id], payload, now)))
    return claims, batch, pushes


def _pending(by_id: dict[int, Reminder], now: datetime) -> list[PendingRow]:
    """The deliveries of these reminders' current steps still to send. One whose push
    went out in a batch that never recorded it (a worker killed) goes again, and gets an
    attempt saying so: the phone shows it once (it knows the delivery id), and the admin
    shows the repeat."""
    pending: list[PendingRow] = []
    interrupted = []
    rows = (
        Delivery.objects.filter(
            reminder_id__in=list(by_id), status=DeliveryStatus.PENDING, subscription__isnull=False
        )
        .filter(Q(next_try_at__isnull=True) | Q(next_try_at__lte=now))
        .order_by("reminder_id", "id")
        .values_list("id", "reminder_id", "step_seq", "subscription_id", "sending_at")
    )
    for pk, reminder_id, step_seq, subscription_id, sending_at in rows:
        # An older step's push is superseded by this one.
        if step_seq != by_id[reminder_id].step_seq:
            continue
        pending.append((pk, reminder_id, subscription_id))
        if sending_at is not None:
            interrupted.append(
                DeliveryAttempt(
                    delivery_id=pk,
                    at=sending_at,
                    outcome=INTERRUPTED,
                    error=INTERRUPTED_ERROR,
                    duration_ms=0,
                )
            )
    DeliveryAttempt.objects.bulk_create(interrupted)
    return pending


def _pushes(
    pending: list[PendingRow],
    data: dict[int, bytes],
    reminders: dict[int, Reminder],
    batch: _Batch,
    *,
    now: datetime,
) -> list[tuple[Push, int, bytes]]:
    """The pushes that carry these deliveries, with their device and payload: one per
    delivery, each with its reminder's step — but two or more of the rhythm's reminders
    of one user due at the same moment (the digest time) are one digest per device."""
    digests: dict[tuple[int, int, datetime | None], list[PendingRow]] = defaultdict(list)
    pushes = []
    for row in pending:
        delivery_id, reminder_id, subscription_id = row
        reminder = reminders[reminder_id]
        if reminder.is_rhythm:
            digests[(reminder.owner_id, subscription_id, reminder.next_step_at)].append(row)
        else:
            pushes.append(
                (Push((reminder_id,), (delivery_id,)), subscription_id, data[reminder_id])
            )
    for (owner_id, subscription_id, _at), rows in digests.items():
        if len(rows) == 1:
            delivery_id, reminder_id, _subscription = rows[0]
            pushes.append(
                (Push((reminder_id,), (delivery_id,)), subscription_id, data[reminder_id])
            )
            continue
        members = [reminders[reminder_id] for _delivery, reminder_id, _subscription in rows]
        payload = digest_bytes(members, language=batch.preferences[owner_id].language, now=now)
        push = Push(tuple(r[1] for r in rows), tuple(r[0] for r in rows))
        pushes.append((push, subscription_id, payload))
    return pushes


def _still_open(claims: dict[int, _Claimed], token: str) -> set[int]:
    """Right before sending: a reminder done, dismissed or rescheduled meanwhile is out."""
    rows = Reminder.objects.filter(
        pk__in=list(claims), claim_token=token, state=ReminderState.OPEN
    ).values_list("pk", "step_seq")
    return {pk for pk, seq in rows if claims[pk].step_seq == seq}


# A delivery's row as _record reads it: (id, tries, subscription id).
DeliveryRow = tuple[int, int, int | None]


@transaction.atomic
def _record(outcomes: list[tuple[Push, Outcome]], now: datetime) -> None:
    """Record a group of outcomes, each for every delivery its push carried: one insert
    of attempts and one update per outcome (all sent, usually)."""
    outcome_of = {
        delivery_id: outcome for push, outcome in outcomes for delivery_id in push.delivery_ids
    }
    rows: list[DeliveryRow] = list(
        Delivery.objects.select_for_update()
        .filter(pk__in=list(outcome_of))
        .order_by("pk")
        .values_list("pk", "tries", "subscription_id")
    )
    finished_at = timezone.now()
    DeliveryAttempt.objects.bulk_create(
        DeliveryAttempt(
            delivery_id=delivery_id,
            at=finished_at,
            outcome=outcome_of[delivery_id].result,
            status_code=outcome_of[delivery_id].status_code,
            error=outcome_of[delivery_id].error,
            duration_ms=outcome_of[delivery_id].duration_ms,
        )
        for delivery_id, _tries, _subscription in rows
    )
    _statuses_store(rows, outcome_of, finished_at=finished_at, now=now)
    push_subscriptions_sent(
        counts=Counter(
            subscription_id
            for delivery_id, _tries, subscription_id in rows
            if subscription_id and outcome_of[delivery_id].result == Result.SENT
        ),
        at=finished_at,
    )
    gone = {
        subscription_id
        for delivery_id, _tries, subscription_id in rows
        if subscription_id and outcome_of[delivery_id].result == Result.GONE
    }
    if gone:
        # The browser unsubscribed: nothing more goes to this endpoint, for any reminder.
        Delivery.objects.filter(subscription_id__in=gone, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.GONE, finished_at=timezone.now()
        )
        push_subscriptions_gone(subscription_ids=gone)


def _statuses_store(
    rows: list[DeliveryRow],
    outcome_of: dict[int, Outcome],
    *,
    finished_at: datetime,
    now: datetime,
) -> None:
    """Each delivery's new status: one update per final status, one per retry time."""
    # By final status, or by the try a retry comes next (its backoff depends on it).
    final: dict[DeliveryStatus, list[int]] = defaultdict(list)
    retries: dict[tuple[int, timedelta | None], list[int]] = defaultdict(list)
    for delivery_id, tries, _subscription in rows:
        outcome = outcome_of[delivery_id]
        if outcome.result == Result.RETRY and tries + 1 < MAX_TRIES:
            retries[(tries + 1, outcome.retry_after)].append(delivery_id)
            continue
        status = {
            Result.SENT: DeliveryStatus.SENT,
            Result.GONE: DeliveryStatus.GONE,
        }.get(outcome.result, DeliveryStatus.FAILED)
        final[status].append(delivery_id)
    for final_status, ids in final.items():
        Delivery.objects.filter(pk__in=ids).update(
            status=final_status, tries=F("tries") + 1, finished_at=finished_at, sending_at=None
        )
    for (tries, retry_after), ids in retries.items():
        # One jittered time per group: groups of other batches spread the load.
        retry_at = now + retry_delay(tries=tries, retry_after=retry_after)
        Delivery.objects.filter(pk__in=ids).update(
            tries=tries, next_try_at=retry_at, sending_at=None
        )


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
    _release([reminder for reminder in reminders if reminder.pk not in broken])


def _release(reminders: list[Reminder]) -> None:
    """Store each reminder's next step and free its claim, in one statement."""
    if not reminders:
        return
    updated_at = timezone.now()
    if connection.vendor != "postgresql":
        for reminder in reminders:
            reminder.claim_token, reminder.claimed_until = "", None
            reminder.updated_at = updated_at
        Reminder.objects.bulk_update(
            reminders,
            ["next_step", "next_step_at", "step_seq", "claim_token", "claimed_until", "updated_at"],
        )
        return
    # bulk_update builds a CASE of hundreds of resolved expressions per column: most of a
    # batch's CPU. PostgreSQL takes the rows as a VALUES list instead.
    rows = ", ".join(["(%s::bigint, %s::varchar, %s::timestamptz, %s::integer)"] * len(reminders))
    values = [v for r in reminders for v in (r.pk, r.next_step, r.next_step_at, r.step_seq)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Reminder._meta.db_table} AS r SET next_step = v.next_step, "
            "next_step_at = v.next_step_at, step_seq = v.step_seq, claim_token = %s, "
            "claimed_until = NULL, updated_at = %s "
            f"FROM (VALUES {rows}) AS v (id, next_step, next_step_at, step_seq) WHERE r.id = v.id",
            ["", updated_at, *values],
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
    claims, batch, pushes = _prepare(reminder_ids, token, now)

    def wanted(candidates: list[Push]) -> list[Push]:
        # A reminder done, dismissed or rescheduled meanwhile is out, with its pushes.
        reminder_ids = {pk for push in candidates for pk in push.reminder_ids}
        still_open = _still_open({pk: claims[pk] for pk in reminder_ids}, token)
        return [push for push in candidates if still_open.issuperset(push.reminder_ids)]

    to_send = dict(pushes)
    kept = wanted(list(to_send))
    # Out from now until recorded: a worker killed before that leaves the mark (_pending).
    sending = [delivery_id for push in kept for delivery_id in push.delivery_ids]
    Delivery.objects.filter(pk__in=sending).update(sending_at=timezone.now())
    # Checked again between groups: done or dismiss stops what has not gone out yet.
    send_all(
        [(push, to_send[push]) for push in kept],
        record=lambda group: _record(group, now),
        keep=wanted,
    )
    # What was not sent after all (done meanwhile) was not interrupted either.
    Delivery.objects.filter(pk__in=sending, sending_at__isnull=False).update(sending_at=None)
    _finish(claims, batch, token, now)
