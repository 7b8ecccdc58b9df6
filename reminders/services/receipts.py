"""What the phone says about a push: shown, clicked, closed (POST /api/push/receipts/).

The service worker posts a receipt for every push it shows, and later when the person
taps or closes it; offline, it queues them and replays them later, stamped with the
time they happened. A receipt is recorded on the deliveries it names (of this user
only), on the device (its last receipt: a device without any for long is silent), and
on the reminder (when a phone last showed it, which step, which browser).
"""

from collections.abc import Collection
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.users import User
from push.services import push_subscriptions_receipt
from reminders.models import Delivery, Reminder

EVENTS = ("shown", "clicked", "closed")
# A receipt replayed from the phone's queue keeps its own time, within reason.
OLDEST_RECEIPT = timedelta(days=7)
MAX_IDS = 50


def _when(at: datetime | None, now: datetime) -> datetime:
    if at is None:
        return now
    return min(max(at, now - OLDEST_RECEIPT), now)


@transaction.atomic
def delivery_receipts_record(
    *, user: User, delivery_ids: Collection[int], event: str, at: datetime | None = None
) -> int:
    """Record one receipt for these deliveries of `user` (others' ids are ignored);
    returns how many were theirs. Repeats change nothing: the first time counts."""
    if event not in EVENTS:
        raise ValueError(f"unknown receipt event {event!r}")
    at = _when(at, timezone.now())
    rows = list(
        Delivery.objects.filter(pk__in=list(delivery_ids)[:MAX_IDS], reminder__owner=user)
        .order_by("pk")
        .values_list("pk", "reminder_id", "step", "subscription_id", "subscription__info__browser")
    )
    if not rows:
        return 0
    ids = [row[0] for row in rows]
    # Clicked or closed, it was shown (a lost "shown" receipt must not make it unseen).
    newly_shown = Delivery.objects.filter(pk__in=ids, shown_at__isnull=True).update(shown_at=at)
    if event == "shown" and not newly_shown:
        return len(rows)  # a receipt replayed twice: the first one counted
    if event == "clicked":
        Delivery.objects.filter(pk__in=ids, clicked_at__isnull=True).update(clicked_at=at)
    elif event == "closed":
        Delivery.objects.filter(pk__in=ids, closed_at__isnull=True).update(closed_at=at)
    push_subscriptions_receipt(subscription_ids={row[3] for row in rows if row[3]}, at=at)
    for _pk, reminder_id, step, _subscription, browser in rows:
        Reminder.objects.filter(pk=reminder_id).filter(
            Q(seen_at__isnull=True) | Q(seen_at__lt=at)
        ).update(seen_at=at, seen_step=step, seen_on=browser or "")
    return len(rows)
