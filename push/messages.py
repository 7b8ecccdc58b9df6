"""What the transport sends and what it answers: a message, an outcome, and the rules for
trying again (retry delay, Retry-After, how long a push service keeps a message)."""

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from enum import StrEnum

MIN_TTL = timedelta(minutes=10)
MAX_TTL = timedelta(days=28)
MAX_TRIES = 5
BACKOFF_BASE = timedelta(seconds=5)
MAX_RETRY_DELAY = timedelta(minutes=30)


class Result(StrEnum):
    SENT = "sent"
    GONE = "gone"  # 404/410: the browser unsubscribed; delete, never retry.
    PERMANENT = "permanent"  # 413 and other 4xx, a refused endpoint: record, never retry.
    RETRY = "retry"  # 429, 5xx, timeouts, connection errors.


@dataclass(frozen=True)
class Message:
    endpoint: str
    p256dh: str
    auth: str
    data: bytes
    ttl: int
    urgency: str
    topic: str


@dataclass(frozen=True)
class Outcome:
    result: Result
    status_code: int | None
    error: str
    duration_ms: int
    retry_after: timedelta | None = None


def ttl_for(*, deadline: datetime, now: datetime) -> int:
    """Keep the message while the phone is offline until the deadline, at least minutes."""
    return int(min(max(deadline - now, MIN_TTL), MAX_TTL).total_seconds())


def parse_retry_after(value: str | None, *, now: datetime) -> timedelta | None:
    """Retry-After is a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return timedelta(seconds=int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(when - now, timedelta(0))


def retry_delay(*, tries: int, retry_after: timedelta | None) -> timedelta:
    """Exponential backoff with full jitter, never sooner than the service asked."""
    ceiling = min(BACKOFF_BASE * 2 ** max(tries - 1, 0), MAX_RETRY_DELAY)
    delay = timedelta(seconds=random.uniform(ceiling.total_seconds() / 2, ceiling.total_seconds()))
    if retry_after is not None:
        delay = max(delay, min(retry_after, MAX_RETRY_DELAY))
    return delay
