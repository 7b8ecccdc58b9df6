"""Keep-in-touch arithmetic (pure): which rhythm applies, when the next touch is due,
and how far someone has drifted. When to remind, and how urgently, is the rule book's
(reminders.policy)."""

from collections.abc import Mapping
from datetime import datetime, timedelta


def rhythm_days(own: int | None, relationship: str, defaults: Mapping[str, int]) -> int | None:
    """The contact's own rhythm wins over the user's one for the relationship; none else."""
    return own if own is not None else defaults.get(relationship)


def since(
    *,
    last_contacted_at: datetime | None,
    created_at: datetime,
    restarted_at: datetime | None = None,
) -> datetime:
    """Where the count starts: the last touch or restart, else when the contact was added."""
    return max((m for m in (last_contacted_at, restarted_at) if m is not None), default=created_at)


def next_touch_due(*, start: datetime, days: int | None) -> datetime | None:
    return None if days is None else start + timedelta(days=days)


def drift(*, start: datetime, days: int, now: datetime) -> float:
    """Time since the last touch as a share of the rhythm: 1.0 is due, 2.0 twice over."""
    return (now - start) / timedelta(days=days)
