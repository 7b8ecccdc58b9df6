from datetime import datetime, timedelta

from django.db.models import OuterRef, QuerySet, Subquery
from webpush.models import SubscriptionInfo

from reminders.models import Heartbeat, MissedCall, Preferences, RelationshipWindow, Reminder

# The name the dispatcher records its runs under.
DISPATCHER = "dispatcher"


def preferences_for(user) -> Preferences:
    preferences, _ = Preferences.objects.get_or_create(user=user)
    return preferences


def windows_for(user) -> dict[str, timedelta]:
    """The user's own callback windows, by relationship."""
    return dict(RelationshipWindow.objects.filter(owner=user).values_list("relationship", "window"))


def preferences_by_owner(owner_ids: set[int]) -> dict[int, Preferences]:
    """Several users' preferences in one query (created for any who has none yet)."""
    found = {p.user_id: p for p in Preferences.objects.filter(user_id__in=owner_ids)}
    for user_id in owner_ids - set(found):
        found[user_id], _ = Preferences.objects.get_or_create(user_id=user_id)
    return found


def windows_by_owner(owner_ids: set[int]) -> dict[int, dict[str, timedelta]]:
    """Several users' own callback windows in one query."""
    windows: dict[int, dict[str, timedelta]] = {owner_id: {} for owner_id in owner_ids}
    rows = RelationshipWindow.objects.filter(owner_id__in=owner_ids)
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


def reminders_for(user) -> QuerySet[Reminder]:
    """The user's reminders with their contact and the latest reason anyone gave."""
    return (
        Reminder.objects.filter(owner=user)
        .select_related("contact")
        .annotate(latest_reason=latest_reason_subquery())
    )


def push_subscription_stored(*, user, endpoint: str) -> bool:
    return SubscriptionInfo.objects.filter(endpoint=endpoint, webpush_info__user=user).exists()


def dispatcher_last_run() -> datetime | None:
    return Heartbeat.objects.filter(name=DISPATCHER).values_list("beat_at", flat=True).first()
