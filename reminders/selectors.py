from datetime import datetime, timedelta

from reminders.models import Heartbeat, Preferences, RelationshipWindow

# The name the dispatcher records its runs under.
DISPATCHER = "dispatcher"


def preferences_for(user) -> Preferences:
    preferences, _ = Preferences.objects.get_or_create(user=user)
    return preferences


def windows_for(user) -> dict[str, timedelta]:
    """The user's own callback windows, by relationship."""
    return dict(RelationshipWindow.objects.filter(owner=user).values_list("relationship", "window"))


def dispatcher_last_run() -> datetime | None:
    return Heartbeat.objects.filter(name=DISPATCHER).values_list("beat_at", flat=True).first()
