"""Reads of reminders and their rules' inputs. Reads never write."""

from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from django.db.models import Count, F, Func, Q, QuerySet, Value
from django.db.models.functions import Concat, StrIndex, Substr

from accounts.users import User
from push.endpoints import push_service_of
from push.transport import Result
from reminders.models import (
    Delivery,
    DeliveryAttempt,
    Heartbeat,
    RelationshipWindow,
    Reminder,
)

# The name the dispatcher records its runs under.
DISPATCHER = "dispatcher"


def windows_for(user: User) -> dict[str, timedelta]:
    """The user's own callback windows, by relationship."""
    return dict(RelationshipWindow.objects.filter(owner=user).values_list("relationship", "window"))


class WindowsOnUse(Mapping[str, timedelta]):
    """windows_for(user), read when first used: most lists of reminders need none."""

    def __init__(self, user: User) -> None:
        self.user = user

    @cached_property
    def _windows(self) -> dict[str, timedelta]:
        return windows_for(self.user)

    def __getitem__(self, relationship: str) -> timedelta:
        return self._windows[relationship]

    def __iter__(self) -> Iterator[str]:
        return iter(self._windows)

    def __len__(self) -> int:
        return len(self._windows)


def windows_by_owner(owner_ids: Collection[int]) -> dict[int, dict[str, timedelta]]:
    """Several users' own callback windows in one query."""
    windows: dict[int, dict[str, timedelta]] = {owner_id: {} for owner_id in owner_ids}
    rows = RelationshipWindow.objects.filter(owner_id__in=list(owner_ids))
    for owner_id, relationship, window in rows.values_list("owner_id", "relationship", "window"):
        windows[owner_id][relationship] = window
    return windows


def reminders_for(user: User) -> QuerySet[Reminder]:
    """The user's reminders with what the rule book needs about each: its contact, the
    day or touch it is about; the facts of its calls are on the row."""
    return Reminder.objects.filter(owner=user).select_related("contact", "contact_date", "touch")


def reminder_situated(user: User, reminder_id: int) -> Reminder:
    """One of the user's reminders as reminders_for() gives it; DoesNotExist if none."""
    return reminders_for(user).get(pk=reminder_id)


def dispatcher_last_run() -> datetime | None:
    return Heartbeat.objects.filter(name=DISPATCHER).values_list("beat_at", flat=True).first()


def endpoint_origin(field: str) -> Func:
    """`scheme://authority/` of the endpoint in `field`, computed by the database, so that
    rows are grouped by origin there and not fetched one per device."""
    endpoint = F(field)
    start = StrIndex(endpoint, Value("://")) + 3
    slash = StrIndex(Concat(Substr(endpoint, start), Value("/")), Value("/"))
    return Substr(endpoint, 1, start - 1 + slash)


def delivery_origins_by_push_service(deliveries: QuerySet[Delivery]) -> dict[str, list[str]]:
    """The endpoint origins among these deliveries, by the push service they belong to."""
    origins = (
        deliveries.annotate(origin=endpoint_origin("endpoint"))
        .order_by()
        .values_list("origin", flat=True)
        .distinct()
    )
    by_service: dict[str, list[str]] = defaultdict(list)
    for origin in origins:
        by_service[push_service_of(origin)].append(origin)
    return dict(by_service)


@dataclass
class PushServiceStats:
    """What one push service did with our pushes: attempts by outcome."""

    sent: int = 0
    failed: int = 0  # permanent: it will never take this push
    refused: int = 0  # of those, the ones it answered (not refused here before sending)
    gone: int = 0  # the browser unsubscribed: not a failure of the service
    retried: int = 0

    @property
    def failed_share(self) -> float | None:
        """Of the pushes the service took or failed for good, the share that failed."""
        decided = self.sent + self.failed
        return round(self.failed / decided, 3) if decided else None


def push_service_stats(*, since: datetime) -> dict[str, PushServiceStats]:
    """Every push service's attempts since then, by outcome: one grouped query."""
    rows = (
        DeliveryAttempt.objects.filter(at__gte=since)
        .annotate(origin=endpoint_origin("delivery__endpoint"))
        .order_by()
        .values("origin", "outcome")
        .annotate(count=Count("pk"), answered=Count("pk", filter=Q(status_code__isnull=False)))
    )
    stats: dict[str, PushServiceStats] = defaultdict(PushServiceStats)
    for row in rows:
        service = stats[push_service_of(row["origin"])]
        if row["outcome"] == Result.SENT:
            service.sent += row["count"]
        elif row["outcome"] == Result.PERMANENT:
            service.failed += row["count"]
            service.refused += row["answered"]
        elif row["outcome"] == Result.GONE:
            service.gone += row["count"]
        elif row["outcome"] == Result.RETRY:
            service.retried += row["count"]
    return dict(stats)
