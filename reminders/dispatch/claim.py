"""Claiming due reminders: the dispatcher's run, with a lease per batch.

The database is the schedule. A dispatcher run (beat, every few seconds) records its
heartbeat and claims due reminders in batches — a lease with a token, so two dispatchers
never share a reminder — and hands each batch to a worker (reminders.dispatch.deliver).
A worker that dies loses its lease; a later run claims the reminders again.
"""

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from reminders.models import ACTIVE_STATES, RHYTHM_KINDS, Heartbeat, Reminder
from reminders.selectors import DISPATCHER

# One run hands out at most this many batches; the next run takes the rest.
MAX_BATCHES_PER_RUN = 20

Enqueue = Callable[[list[int], str], None]


def _due(now: datetime) -> QuerySet[Reminder]:
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
        ids += list(
            _together(ids, now).select_for_update(skip_locked=True).values_list("pk", flat=True)
        )
        Reminder.objects.filter(pk__in=ids).update(claim_token=token, claimed_until=now + lease)
        return token, ids
    # SQLite has no row locks: one conditional UPDATE (the database is locked while it
    # runs) claims only rows still unclaimed, then we read back which ones we got.
    candidates = list(due.values_list("pk", flat=True)[:limit])
    candidates += list(_together(candidates, now).values_list("pk", flat=True))
    _due(now).filter(pk__in=candidates).update(claim_token=token, claimed_until=now + lease)
    return token, list(Reminder.objects.filter(claim_token=token).values_list("pk", flat=True))


def _together(ids: list[int], now: datetime) -> QuerySet[Reminder]:
    """The other due rhythm reminders of the users of these: a digest is sent from one
    batch, so a user's reminders due at their digest time are claimed together (a batch
    may exceed its size by these)."""
    owners = Reminder.objects.filter(pk__in=ids, kind__in=RHYTHM_KINDS).values("owner_id")
    return _due(now).filter(owner_id__in=owners, kind__in=RHYTHM_KINDS).exclude(pk__in=ids)


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
