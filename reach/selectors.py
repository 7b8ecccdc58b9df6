"""Reads of channels and of what is owed to them: never writes."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Max, Min, Q

from accounts.models import DigestBy
from accounts.users import User
from reach.models import Channel, ChannelMessage, MessageKind
from reminders.models import ACTIVE_STATES, CALL_KINDS, Delivery, DeliveryStatus, Reminder

# However short the window, a phone gets this long to show a push first.
MIN_RECEIPT_WAIT = timedelta(seconds=60)


def channels_of(user: User) -> list[Channel]:
    return list(Channel.objects.filter(owner=user))


def failing_channels() -> int:
    """Channels whose last send failed (for /healthz: nobody's URL, only how many)."""
    return Channel.objects.filter(failing_since__isnull=False).count()


@dataclass(frozen=True)
class Unseen:
    """A callback push that no phone showed in time: it goes through the channels."""

    reminder_id: int
    step_seq: int
    step: str


def receipt_wait(*, pushed_at: datetime, deadline: datetime) -> timedelta:
    """How long a push may go unseen: RECEIPT_WAIT_SECONDS, but within the window (a
    fallback after the deadline would come too late) — though never under a minute,
    unless RECEIPT_WAIT_SECONDS says less."""
    wait = timedelta(seconds=settings.RECEIPT_WAIT_SECONDS)
    return min(wait, max(deadline - pushed_at, MIN_RECEIPT_WAIT))


def _owners_digest_pushed(rows: list[dict[str, Any]]) -> set[int]:
    """Of the rhythm reminders in these rows, those whose owner has the digest pushed
    only (digest_by push): the others had it through the channels already."""
    rhythm = [row["reminder_id"] for row in rows if row["reminder__kind"] not in CALL_KINDS]
    if not rhythm:
        return set()
    return set(
        Reminder.objects.filter(
            pk__in=rhythm, owner__preferences__digest_by=DigestBy.PUSH
        ).values_list("pk", flat=True)
    )


def unseen_pushes(*, now: datetime) -> list[Unseen]:
    """The latest pushed step of each open reminder of a user with channels, when no
    device showed it: for a callback, none shown within the wait, or every device failed
    or gone; for the rhythm's (keep in touch, birthdays …, no receipt wait: they are not
    urgent), every device failed or gone — unless its digest went to the channels
    already (digest_by). Steps already sent to the channels are left out. One grouped
    query."""
    since = now - timedelta(days=2)
    rows = list(
        Delivery.objects.filter(
            created_at__gte=since,
            reminder__state__in=ACTIVE_STATES,
            reminder__owner__in=Channel.objects.values("owner"),
            # The step pushed last (the reminder has moved on to the next since).
            step_seq__gte=F("reminder__step_seq") - 1,
        )
        .values("reminder_id", "step_seq", "step", "reminder__kind")
        .annotate(
            shown=Count("pk", filter=Q(shown_at__isnull=False)),
            pending=Count("pk", filter=Q(status=DeliveryStatus.PENDING)),
            sent=Count("pk", filter=Q(status=DeliveryStatus.SENT)),
            pushed_at=Min("finished_at", filter=Q(status=DeliveryStatus.SENT)),
            deadline=Max("reminder__deadline"),
        )
        .filter(shown=0)
        # The rhythm's only when every device failed or gone (rows not read for nothing).
        .filter(Q(reminder__kind__in=CALL_KINDS) | Q(sent=0, pending=0))
        .order_by("reminder_id", "step_seq")
    )
    owed = []
    pushed_digests = _owners_digest_pushed(rows)
    for row in rows:
        if row["reminder__kind"] not in CALL_KINDS:
            if row["sent"] or row["pending"] or row["reminder_id"] not in pushed_digests:
                continue
        elif row["sent"]:
            wait = receipt_wait(pushed_at=row["pushed_at"], deadline=row["deadline"])
            if row["pushed_at"] + wait > now:
                continue
        elif row["pending"]:
            continue  # still being tried: not failed yet
        owed.append(Unseen(row["reminder_id"], row["step_seq"], row["step"]))
    if not owed:
        return []
    done = set(
        ChannelMessage.objects.filter(
            kind=MessageKind.FALLBACK, reminder_id__in=[u.reminder_id for u in owed]
        ).values_list("reminder_id", "step_seq")
    )
    return [u for u in owed if (u.reminder_id, u.step_seq) not in done]
