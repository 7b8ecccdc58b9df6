"""Reads of reminders and their rules' inputs. Reads never write."""

from collections.abc import Collection
from datetime import datetime, timedelta

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.users import User
from contacts.models import Channel
from reminders.models import (
    FAILED_OUTCOMES,
    Attempt,
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


def last_failed_subquery() -> Subquery:
    """When the latest unanswered callback to the outer reminder was."""
    return Subquery(
        Attempt.objects.filter(reminder=OuterRef("pk"), outcome__in=FAILED_OUTCOMES)
        .order_by("-at", "-id")
        .values("at")[:1]
    )


def with_situation(reminders: QuerySet[Reminder]) -> QuerySet[Reminder]:
    """Everything the rule book needs to know about each reminder, in the same query."""
    return reminders.select_related("contact").annotate(
        latest_reason=latest_reason_subquery(),
        failed_calls=failed_calls_subquery(),
        last_failed_at=last_failed_subquery(),
    )


def reminders_for(user: User) -> QuerySet[Reminder]:
    """The user's reminders with their contact, latest reason and failed callbacks."""
    return with_situation(Reminder.objects.filter(owner=user))


def dispatcher_last_run() -> datetime | None:
    return Heartbeat.objects.filter(name=DISPATCHER).values_list("beat_at", flat=True).first()
