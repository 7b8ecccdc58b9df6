"""The callback policy: how long a return call stays polite, and when to remind.

Pure functions, no database: from who called (the relationship, or nobody known) and
the user's and the contact's overrides, give the window and the reminder steps. Times
are absolute instants; a window of 24 hours is 24 elapsed hours, whatever the wall
clock does at a DST change in between.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from contacts.models import Relationship


class StepKind(StrEnum):
    PROMPT = "prompt"
    NUDGE = "nudge"
    FINAL = "final"
    OVERDUE = "overdue"
    IDENTIFY = "identify"
    APOLOGY = "apology"
    RETRY = "retry"


BUSINESS = frozenset({Relationship.WORK, Relationship.CLIENT})

DEFAULT_WINDOWS: Mapping[str, timedelta] = {
    Relationship.WORK: timedelta(hours=1),
    Relationship.CLIENT: timedelta(hours=1),
    Relationship.FAMILY: timedelta(hours=24),
    Relationship.FRIEND: timedelta(hours=24),
    Relationship.PARTNER: timedelta(hours=24),
    Relationship.DATE: timedelta(hours=24),
    Relationship.OTHER: timedelta(hours=24),
}
UNKNOWN_WINDOW = timedelta(hours=24)

BUSINESS_NUDGE_AFTER = timedelta(minutes=15)
BUSINESS_FINAL_BEFORE = timedelta(minutes=10)
PERSONAL_FINAL_BEFORE = timedelta(hours=2)
BUSINESS_RETRY_AFTER = timedelta(minutes=30)
PERSONAL_RETRY_AFTER = timedelta(hours=3)


@dataclass(frozen=True)
class Step:
    kind: StepKind
    at: datetime


@dataclass(frozen=True)
class Plan:
    window: timedelta
    deadline: datetime
    steps: tuple[Step, ...]

    def next_step(self, after: datetime) -> Step | None:
        """The first step due at or after `after`, or None when all have passed."""
        return next((step for step in self.steps if step.at >= after), None)


def _as_utc(moment: datetime) -> datetime:
    # Python adds a timedelta to the wall clock of an aware datetime's own zone, so
    # 24 h after 20:00 the evening before a DST change would be 25 or 23 real hours.
    # In UTC, wall clock and elapsed time agree.
    if moment.tzinfo is None:
        raise ValueError("reminder times must be aware datetimes")
    return moment.astimezone(UTC)


def window_for(
    relationship: str | None,
    *,
    user_windows: Mapping[str, timedelta] | None = None,
    contact_window: timedelta | None = None,
) -> timedelta:
    """The contact's own window wins over the user's per-relationship one over ours."""
    if relationship is None:
        return UNKNOWN_WINDOW
    if contact_window is not None:
        return contact_window
    if user_windows and relationship in user_windows:
        return user_windows[relationship]
    return DEFAULT_WINDOWS[Relationship(relationship)]


def plan_callback(
    called_at: datetime,
    relationship: str | None,
    *,
    user_windows: Mapping[str, timedelta] | None = None,
    contact_window: timedelta | None = None,
) -> Plan:
    """The window and the reminder steps for a missed call at `called_at`.

    relationship None means an unknown number: a single prompt to text and ask who it was.
    """
    called_at = _as_utc(called_at)
    window = window_for(relationship, user_windows=user_windows, contact_window=contact_window)
    deadline = called_at + window
    if relationship is None:
        return Plan(window, deadline, (Step(StepKind.IDENTIFY, called_at),))

    if relationship in BUSINESS:
        nudge = BUSINESS_NUDGE_AFTER
        final = window - BUSINESS_FINAL_BEFORE
    else:
        nudge = window / 2
        final = window - PERSONAL_FINAL_BEFORE

    offsets = [(StepKind.PROMPT, timedelta(0))]
    # A short custom window leaves no room for every step: the final warning matters
    # more than the nudge, and a step must fall strictly between the ones around it.
    if timedelta(0) < final < window:
        if timedelta(0) < nudge < final:
            offsets.append((StepKind.NUDGE, nudge))
        offsets.append((StepKind.FINAL, final))
    elif timedelta(0) < nudge < window:
        offsets.append((StepKind.NUDGE, nudge))
    offsets.append((StepKind.OVERDUE, window))
    return Plan(window, deadline, tuple(Step(kind, called_at + off) for kind, off in offsets))


def plan_follow_up(
    failed_at: datetime,
    relationship: str | None,
    *,
    user_windows: Mapping[str, timedelta] | None = None,
    contact_window: timedelta | None = None,
) -> Plan:
    """After a callback nobody answered: text an apology at once, then try again.

    The failed attempt starts a fresh window: the caller now knows you tried.
    """
    failed_at = _as_utc(failed_at)
    window = window_for(relationship, user_windows=user_windows, contact_window=contact_window)
    retry = BUSINESS_RETRY_AFTER if relationship in BUSINESS else PERSONAL_RETRY_AFTER
    retry = min(retry, window / 2)
    return Plan(
        window,
        failed_at + window,
        (
            Step(StepKind.APOLOGY, failed_at),
            Step(StepKind.RETRY, failed_at + retry),
            Step(StepKind.OVERDUE, failed_at + window),
        ),
    )
