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


def reminders_for(user) -> QuerySet[Reminder]:
    """The user's reminders with their contact and the latest reason anyone gave."""
    latest_reason = (
        MissedCall.objects.filter(reminder=OuterRef("pk"))
        .exclude(reason="")
        .order_by("-occurred_at", "-id")
        .values("reason")[:1]
    )
    return (
        Reminder.objects.filter(owner=user)
        .select_related("contact")
        .annotate(latest_reason=Subquery(latest_reason))
    )


def push_subscription_stored(*, user, endpoint: str) -> bool:
    return SubscriptionInfo.objects.filter(endpoint=endpoint, webpush_info__user=user).exists()


def dispatcher_last_run() -> datetime | None:
    return Heartbeat.objects.filter(name=DISPATCHER).values_list("beat_at", flat=True).first()
