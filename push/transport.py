"""The one way Ringback talks to push services: asyncio and aiohttp, one event loop per batch.

Messages are encrypted (aes128gcm, http_ece as pywebpush uses it) and posted with a
VAPID JWT cached per push-service origin, a timeout, a pooled session per push service,
no redirects, the TTL, Urgency and Topic headers; every answer is sorted into sent /
gone / permanent / retry. It never touches the database: callers record the outcomes.
"""

import asyncio
import base64
import logging
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

import aiohttp
import http_ece
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from py_vapid import Vapid02

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


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encrypt(message: Message) -> bytes:
    """The aes128gcm body (RFC 8291), with a fresh server key per message as pywebpush
    makes it; raises ValueError for a key that cannot be encrypted to."""
    body: bytes = http_ece.encrypt(
        message.data,
        salt=None,
        private_key=ec.generate_private_key(ec.SECP256R1()),
        dh=_b64url_decode(message.p256dh),
        auth_secret=_b64url_decode(message.auth),
        version="aes128gcm",
    )
    return body


class _Sessions:
    """A pooled session per push-service origin, for one batch (one event loop): a
    service that hangs holds its own connections, nobody else's."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._sessions: dict[str, aiohttp.ClientSession] = {}

    def of(self, origin: str) -> aiohttp.ClientSession:
        session = self._sessions.get(origin)
        if session is None:
            session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._limit, enable_cleanup_closed=True),
                timeout=aiohttp.ClientTimeout(total=settings.PUSH_TIMEOUT_SECONDS),
                # Cookies from one endpoint's answer must never travel to another's.
                cookie_jar=aiohttp.DummyCookieJar(),
                auto_decompress=False,
            )
            self._sessions[origin] = session
        return session

    async def close(self) -> None:
        await asyncio.gather(*(session.close() for session in self._sessions.values()))


async def _post(sessions: _Sessions, message: Message) -> Outcome:
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
            "Content-Encoding": "aes128gcm",
            "TTL": str(message.ttl),
            "Urgency": message.urgency,
            "Topic": message.topic,
        }
        body = encrypt(message)
        # The endpoint passed the allow-list; a redirect would lead anywhere.
        async with sessions.of(origin).post(
            message.endpoint, data=body, headers=headers, allow_redirects=False
        ) as response:
            status = response.status
            answer = await response.text(errors="replace")
            retry_after_header = response.headers.get("Retry-After")
    except TimeoutError:
        return Outcome(Result.RETRY, None, TIMED_OUT, took())
    except (aiohttp.ClientError, OSError) as failure:
        # The details (refused, reset, TLS) go to the operator's log only.
        logger.info("push to %s failed: %s: %s", origin, type(failure).__name__, failure)
        return Outcome(Result.RETRY, None, UNREACHABLE, took())
    except Exception as failure:  # a broken key cannot be encrypted to: nothing to retry
        logger.warning("push to %s failed", origin, exc_info=True)
        return Outcome(Result.PERMANENT, None, f"could not send: {type(failure).__name__}", took())
    result = _classify(status)
    error = ""
    if result != Result.SENT:
        error = error_text(endpoint=message.endpoint, status=status, body=answer)
        if result != Result.GONE:
            logger.info("push to %s answered %s: %s", origin, status, _printable(answer)[:200])
    retry_after = parse_retry_after(retry_after_header, now=datetime.now(UTC))
    return Outcome(result, status, error, took(), retry_after)


@dataclass
class _Handover:
    """What the event loop's thread and the caller's share while a batch is sent."""

    loop: asyncio.AbstractEventLoop
    # (key, outcome, taken) per sent message; ALL_OUT once every message was sent or
    # skipped; None once the loop is done.
    results: queue.SimpleQueue[tuple[Any, Outcome, asyncio.Future[None]] | str | None]
    started: set[Any]
    dropped: set[Any]
    closed: bool = False
    settled: int = 0


# Nothing more will come before the caller takes what it has: it need not wait.
ALL_OUT = "all out"


async def _send(jobs: list[tuple[K, Message]], handover: _Handover, concurrency: int) -> None:
    limit = asyncio.Semaphore(concurrency)
    sessions = _Sessions(concurrency)

    def settle() -> None:
        handover.settled += 1
        if handover.settled == len(jobs):
            handover.results.put(ALL_OUT)

    async def one(key: K, message: Message) -> None:
        async with limit:
            if handover.closed or key in handover.dropped:
                settle()
                return
            handover.started.add(key)
            outcome = await _post(sessions, message)
            taken = handover.loop.create_future()
            handover.results.put((key, outcome, taken))
            settle()
            # The slot is free again only once the caller has recorded the outcome: a
            # worker killed at any moment has at most `concurrency` pushes unrecorded.
            await taken

    try:
        await asyncio.gather(*(one(key, message) for key, message in jobs))
    finally:
        await sessions.close()


def _release(futures: list[asyncio.Future[None]]) -> None:
    for future in futures:
        if not future.done():
            future.set_result(None)


def send_all(
    messages: Iterable[tuple[K, Message]],
    *,
    keep: Callable[[list[K]], Collection[K]] | None = None,
) -> Iterator[list[tuple[K, Outcome]]]:
    """Send concurrently (at most PUSH_CONCURRENCY in flight, in one event loop on a
    thread of its own) and yield the outcomes in groups as they arrive: a slow or hanging
    push service delays nobody else's push.

    A group holds what arrived within GROUP_WINDOW of its first outcome. A message's
    slot is taken until the caller has taken its group (and recorded it), so a worker
    killed at any moment has at most PUSH_CONCURRENCY pushes out that it did not record:
    those go out again. Before more go out, `keep` is asked which of the messages not
    sent yet should still go.
    """
    jobs = list(messages)
    if not jobs:
        return
    keys = [key for key, _ in jobs]
    concurrency = max(1, min(len(jobs), settings.PUSH_CONCURRENCY))
    loop = asyncio.new_event_loop()
    handover = _Handover(loop, queue.SimpleQueue(), set(), set())
    task = loop.create_task(_send(jobs, handover, concurrency))

    def run() -> None:
        try:
            loop.run_until_complete(task)
        except asyncio.CancelledError:
            pass
        except Exception:
            logger.exception("the push event loop failed")
        finally:
            handover.results.put(None)

    thread = threading.Thread(target=run, name="push-loop", daemon=True)
    thread.start()
    done = False
    try:
        while not done:
            item = handover.results.get()
            if item is None:
                break
            if item == ALL_OUT:
                continue
            assert not isinstance(item, str)
            group: list[tuple[K, Outcome]] = [(item[0], item[1])]
            taken = [item[2]]
            until = time.monotonic() + GROUP_WINDOW.total_seconds()
            # Every slot holds one outcome at most: once each has handed one over,
            # nothing more can come before the group is taken.
            while len(group) < concurrency:
                try:
                    item = handover.results.get(timeout=max(until - time.monotonic(), 0))
                except queue.Empty:
                    break
                if item is None:
                    done = True
                    break
                if isinstance(item, str):  # ALL_OUT: this group is the last
                    break
                group.append((item[0], item[1]))
                taken.append(item[2])
            try:
                yield group
                waiting = [
                    k for k in keys if k not in handover.started and k not in handover.dropped
                ]
                if keep is not None and waiting:
                    kept = set(keep(waiting))
                    handover.dropped.update(key for key in waiting if key not in kept)
            except BaseException:
                # Closed before the slots are freed: no waiting message takes one.
                handover.closed = True
                raise
            finally:
                loop.call_soon_threadsafe(_release, taken)
    finally:
        # The caller stopped early: nothing more goes out, what is in flight is dropped.
        handover.closed = True
        if not done and not task.done():
            loop.call_soon_threadsafe(task.cancel)
        thread.join()
        loop.close()


def send(message: Message) -> Outcome:
    """One message, on its own."""
    [(_, outcome)] = [item for group in send_all([(0, message)]) for item in group]
    return outcome
