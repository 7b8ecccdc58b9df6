"""The threaded sender Ringback used before the asyncio one, kept ONLY as the benchmark's
baseline option: `celery worker --include bench.threaded_sender` swaps it in for
push.transport.send_all in that worker (same batches, same outcome records).

One thread per concurrent push, requests + pywebpush per POST; same guarantees.
"""

import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, TypeVar

import requests
from django.conf import settings
from pywebpush import WebPusher
from requests.adapters import HTTPAdapter

from push.endpoints import endpoint_allowed, origin_of
from push.transport import (
    GROUP_WINDOW,
    REFUSED,
    TIMED_OUT,
    UNREACHABLE,
    Message,
    Outcome,
    Result,
    _classify,
    _printable,
    _tokens,
    audience,
    error_text,
    parse_retry_after,
)
from reminders.dispatch import deliver

K = TypeVar("K")

logger = logging.getLogger(__name__)


class _NoRedirectSession(requests.Session):
    # The endpoint passed the allow-list; a redirect would lead anywhere.
    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs["allow_redirects"] = False
        return super().request(*args, **kwargs)


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


setattr(deliver, "send_all", send_all)  # noqa: B010 (the swap is the point)
