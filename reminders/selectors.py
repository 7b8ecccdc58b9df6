"""Reads of reminders and their rules' inputs. Reads never write."""

from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from django.db.models import Count, F, Func, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat, StrIndex, Substr

from accounts.users import User
from contacts.models import Channel
from project.precompiled import Precompiled
from push.endpoints import push_service_of
from push.messages import Result
from reminders.models import (
    FAILED_OUTCOMES,
    Attempt,
    Delivery,
    DeliveryAttempt,
    Heartbeat,
    MissedCall,
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


def latest_reason_subquery() -> Subquery:
    """The latest non-empty reason given for the outer reminder, for an annotation."""
    return Subquery(
        MissedCall.objects.filter(reminder=OuterRef("pk"))
        .exclude(reason="")
        .order_by("-occurred_at", "-id")
        .values("reason")[:1]
    )


def failed_calls_subquery() -> Coalesce:
    """How many callbacks to the outer reminder went unanswered."""
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


def last_failed_subquery(field: str = "at") -> Subquery:
    """A field of the latest unanswered callback to the outer reminder: when it was, or
    when the user said they are free (`free_from`)."""
    return Subquery(
        Attempt.objects.filter(reminder=OuterRef("pk"), outcome__in=FAILED_OUTCOMES)
        .order_by("-at", "-id")
        .values(field)[:1]
    )


def with_situation(reminders: QuerySet[Reminder]) -> QuerySet[Reminder]:
    """Everything the rule book needs to know about each reminder, in the same query."""
    return reminders.select_related("contact", "contact_date", "touch").annotate(
        latest_reason=latest_reason_subquery(),
        failed_calls=failed_calls_subquery(),
        last_failed_at=last_failed_subquery(),
        last_failed_free_from=last_failed_subquery("free_from"),
    )


def reminders_for(user: User) -> QuerySet[Reminder]:
    """The user's reminders with their contact, latest reason and failed callbacks."""
    return with_situation(Reminder.objects.filter(owner=user))


def _situated(
    reminder_id: int | None, owner_id: int, states: tuple[str, ...] | None, rows: int
) -> QuerySet[Reminder]:
    reminders = with_situation(Reminder.objects.filter(owner_id=owner_id))
    if reminder_id is not None:
        reminders = reminders.filter(pk=reminder_id)
    if states is not None:
        reminders = reminders.filter(state__in=states)
    return reminders[:rows]


# The API's two hottest reads: the first page of a list, and one reminder after an action.
_first_page = Precompiled(lambda owner_id, *shape: _situated(None, owner_id, *shape), values=[int])
_one = Precompiled(lambda pk, owner_id: _situated(pk, owner_id, None, 1), values=[int, int])

# A first page of up to this many rows is precompiled (one statement per length); a
# longer one is a plain query.
PRECOMPILED_ROWS = 1000


def reminder_situated(user: User, reminder_id: int) -> Reminder:
    """One of the user's reminders as reminders_for() gives it; DoesNotExist if none."""
    found = _one(reminder_id, user.pk)
    if not found:
        raise Reminder.DoesNotExist(f"No reminder {reminder_id} of user {user.pk}.")
    return found[0]


class ReminderList:
    """One user's reminders (all, or in these states) in list order, as reminders_for()
    gives them, for the API's paginator: the first page, the usual request, is one
    precompiled statement; any other page and the count are plain queries."""

    ordered = True

    def __init__(self, user: User, states: Collection[str] | None) -> None:
        self.user = user
        self.states = None if states is None else tuple(sorted(states))

    def queryset(self) -> QuerySet[Reminder]:
        reminders = reminders_for(self.user)
        return reminders if self.states is None else reminders.filter(state__in=self.states)

    def count(self) -> int:
        return self.queryset().count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Reminder]:
        if not isinstance(index, slice):
            raise TypeError("ReminderList takes slices only")
        rows = index.stop
        if index.start or index.step is not None or rows is None or rows > PRECOMPILED_ROWS:
            return list(self.queryset()[index])
        return _first_page(self.user.pk, shape=(self.states, rows))


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
