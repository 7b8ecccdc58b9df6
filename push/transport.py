"""The one way Ringback talks to push services: pywebpush, with what it leaves out.

pywebpush encrypts (aes128gcm) and posts; around it this module adds a VAPID JWT cached
per push-service origin, a timeout, a shared connection pool, no redirects, the TTL,
Urgency and Topic headers, and sorts every answer into sent / gone / permanent / retry.
It never touches the database: callers record the outcomes.
"""

import logging
import os
import queue
import random
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from django.conf import settings
from py_vapid import Vapid02
from pywebpush import WebPusher
from requests.adapters import HTTPAdapter

from push.endpoints import endpoint_allowed, is_public_push_service, origin_of

K = TypeVar("K")

logger = logging.getLogger(__name__)

# Push services reject a VAPID token valid for more than 24 hours (Apple strictly).
JWT_LIFETIME = timedelta(hours=12)
JWT_REFRESH_BEFORE = timedelta(hours=1)
MIN_TTL = timedelta(minutes=10)
MAX_TTL = timedelta(days=28)
MAX_TRIES = 5
BACKOFF_BASE = timedelta(seconds=5)
MAX_RETRY_DELAY = timedelta(minutes=30)
# Outcomes arriving this close together are recorded together.
GROUP_WINDOW = timedelta(milliseconds=100)
MAX_ERROR_LENGTH = 500
# What an attempt records when it got no answer: the subscriber sees these in the admin,
# and the endpoint was chosen by them, so nothing here may tell what an address is.
REFUSED = "endpoint not allowed"
UNREACHABLE = "could not reach the push service"
TIMED_OUT = "timed out"


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


class _NoRedirectSession(requests.Session):
    # The endpoint passed the allow-list; a redirect would lead anywhere.
    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs["allow_redirects"] = False
        return super().request(*args, **kwargs)


class _VapidTokens:
    """One signed JWT per push-service origin, reused until shortly before it expires."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[str, tuple[str, float]] = {}
        self._vapid: Vapid02 | None = None

    def authorization(self, origin: str) -> str:
        now = time.time()
        with self._lock:
            cached = self._tokens.get(origin)
            if cached and cached[1] - now > JWT_REFRESH_BEFORE.total_seconds():
                return cached[0]
            if self._vapid is None:
                self._vapid = Vapid02.from_pem(settings.VAPID_PRIVATE_KEY_PEM)
            expires = int(now + JWT_LIFETIME.total_seconds())
            # A fresh dict per origin: signing must never see another service's aud.
            claims = {"sub": settings.VAPID_SUBJECT, "aud": origin, "exp": expires}
            header: str = self._vapid.sign(claims)["Authorization"]
            self._tokens[origin] = (header, expires)
            return header


_tokens = _VapidTokens()
_sessions: dict[tuple[int, int], requests.Session] = {}


def _session() -> requests.Session:
    # One pool per process (Celery's prefork children must not share sockets), with a
    # connection for every sender so that none is opened anew per push.
    key = (os.getpid(), settings.PUSH_CONCURRENCY)
    if key not in _sessions:
        session = _NoRedirectSession()
        adapter = HTTPAdapter(pool_connections=16, pool_maxsize=key[1], max_retries=0)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        _sessions.clear()
        _sessions[key] = session
    return _sessions[key]


def audience(endpoint: str) -> str:
    """The JWT's aud: the push service's origin as its URL spells it."""
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


def _classify(status: int) -> Result:
    if 200 <= status < 300:
        return Result.SENT
    if status in (404, 410):
        return Result.GONE
    if status == 429 or status >= 500:
        return Result.RETRY
    return Result.PERMANENT


def _printable(text: str) -> str:
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def error_text(*, endpoint: str, status: int, body: str) -> str:
    """What an attempt records of a failed answer: a public push service's reason
    (printable, truncated); of any other origin only the status, whatever it said."""
    if is_public_push_service(endpoint):
        text = _printable(body)[:MAX_ERROR_LENGTH]
        if text:
            return text
    return f"HTTP {status}"


def send(message: Message) -> Outcome:
    """One POST; never raises: every failure is an outcome to record."""
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    # Checked again here: the setting may have changed since the browser subscribed, and
    # rows stored before the check was strict must not be sent to either.
    if not endpoint_allowed(message.endpoint):
        return Outcome(Result.PERMANENT, None, REFUSED, took())
    origin = origin_of(message.endpoint)
    try:
        headers = {
            "Authorization": _tokens.authorization(audience(message.endpoint)),
            "Content-Type": "application/octet-stream",
            "Urgency": message.urgency,
            "Topic": message.topic,
        }
        pusher = WebPusher(
            {
                "endpoint": message.endpoint,
                "keys": {"p256dh": message.p256dh, "auth": message.auth},
            },
            requests_session=_session(),
        )
        response = pusher.send(
            message.data, headers=headers, ttl=message.ttl, timeout=settings.PUSH_TIMEOUT_SECONDS
        )
    except requests.Timeout:
        return Outcome(Result.RETRY, None, TIMED_OUT, took())
    except requests.RequestException as failure:
        # The details (refused, reset, TLS) go to the operator's log only.
        logger.info("push to %s failed: %s: %s", origin, type(failure).__name__, failure)
        return Outcome(Result.RETRY, None, UNREACHABLE, took())
    except Exception as failure:  # a broken key cannot be encrypted to: nothing to retry
        logger.warning("push to %s failed", origin, exc_info=True)
        return Outcome(Result.PERMANENT, None, f"could not send: {type(failure).__name__}", took())
    result = _classify(response.status_code)
    error = ""
    if result != Result.SENT:
        error = error_text(
            endpoint=message.endpoint, status=response.status_code, body=response.text
        )
        if result != Result.GONE:
            logger.info(
                "push to %s answered %s: %s",
                origin,
                response.status_code,
                _printable(response.text)[:200],
            )
    retry_after = parse_retry_after(response.headers.get("Retry-After"), now=datetime.now(UTC))
    return Outcome(result, response.status_code, error, took(), retry_after)


def send_all(
    messages: Iterable[tuple[K, Message]],
    *,
    keep: Callable[[list[K]], Collection[K]] | None = None,
) -> Iterator[list[tuple[K, Outcome]]]:
    """Send concurrently and yield the outcomes in groups as they arrive: a slow or
    hanging push service delays nobody else's push.

    A group holds what arrived within GROUP_WINDOW of its first outcome (at most one per
    sender). A sender waits until the caller has taken its group (and recorded it)
    before it sends the next message, so a worker killed at any moment has at most
    PUSH_CONCURRENCY pushes out that it did not record: those go out again. Before the
    senders go on, `keep` is asked which of the messages not sent yet should still go.
    """
    jobs: queue.SimpleQueue[tuple[K, Message]] = queue.SimpleQueue()
    keys = []
    for key, message in messages:
        jobs.put((key, message))
        keys.append(key)
    if not keys:
        return
    # Each sender hands over (key, outcome, taken) and None when it stops.
    results: queue.SimpleQueue[tuple[K, Outcome, threading.Event] | None] = queue.SimpleQueue()
    closed = threading.Event()
    started: set[K] = set()
    dropped: set[K] = set()

    def sender() -> None:
        try:
            while not closed.is_set():
                try:
                    key, message = jobs.get_nowait()
                except queue.Empty:
                    return
                if key in dropped:
                    continue
                started.add(key)
                taken = threading.Event()
                results.put((key, send(message), taken))
                while not taken.wait(0.5) and not closed.is_set():
                    pass
        finally:
            results.put(None)

    count = min(len(keys), settings.PUSH_CONCURRENCY)
    for number in range(count):
        threading.Thread(target=sender, name=f"push-{number}", daemon=True).start()
    finished = 0
    try:
        while finished < count:
            group: list[tuple[K, Outcome]] = []
            taken: list[threading.Event] = []
            until = None
            # Every sender still running holds one outcome at most: once each has handed
            # one over, nothing more can come before the group is taken.
            while finished < count and len(group) < count - finished:
                try:
                    timeout: float | None = (
                        None if until is None else max(until - time.monotonic(), 0)
                    )
                    item = results.get(timeout=timeout)
                except queue.Empty:
                    break
                if item is None:
                    finished += 1
                    continue
                group.append(item[:2])
                taken.append(item[2])
                until = until or time.monotonic() + GROUP_WINDOW.total_seconds()
            if not group:
                continue
            try:
                yield group
                waiting = [key for key in keys if key not in started and key not in dropped]
                if keep is not None and waiting:
                    kept = set(keep(waiting))
                    dropped.update(key for key in waiting if key not in kept)
            finally:
                for event in taken:
                    event.set()
    finally:
        # The caller stopped early: let every sender go without sending more.
        closed.set()
        while not results.empty():
            item = results.get()
            if item is not None:
                item[2].set()
