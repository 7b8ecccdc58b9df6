"""One POST of one message to its push service, and what its answer means.

A timeout, a pooled session per push-service origin, no redirects, the TTL, Urgency and
Topic headers; every answer is sorted into sent / gone / permanent / retry, and nothing
raises: every failure is an outcome for the caller to record.
"""

import asyncio
import logging
import time
from datetime import UTC, datetime

import aiohttp
from django.conf import settings

from push import encryption
from push.endpoints import endpoint_allowed, is_public_push_service, origin_of
from push.messages import Message, Outcome, Result, parse_retry_after

logger = logging.getLogger(__name__)

MAX_ERROR_LENGTH = 500
# What an attempt records when it got no answer: the subscriber sees these in the admin,
# and the endpoint was chosen by them, so nothing here may tell what an address is.
REFUSED = "endpoint not allowed"
UNREACHABLE = "could not reach the push service"
TIMED_OUT = "timed out"


def classify(status: int) -> Result:
    if 200 <= status < 300:
        return Result.SENT
    if status in (404, 410):
        return Result.GONE
    if status == 429 or status >= 500:
        return Result.RETRY
    return Result.PERMANENT


def printable(text: str) -> str:
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def error_text(*, endpoint: str, status: int, body: str) -> str:
    """What an attempt records of a failed answer: a public push service's reason
    (printable, truncated); of any other origin only the status, whatever it said."""
    if is_public_push_service(endpoint):
        text = printable(body)[:MAX_ERROR_LENGTH]
        if text:
            return text
    return f"HTTP {status}"


class Sessions:
    """A pooled session per push-service origin, for one event loop: a service that
    hangs holds its own connections, nobody else's."""

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


def _headers(message: Message) -> dict[str, str]:
    return {
        # Read through the module: tests start each with fresh tokens.
        "Authorization": encryption.tokens.authorization(encryption.audience(message.endpoint)),
        "Content-Type": "application/octet-stream",
        "Content-Encoding": "aes128gcm",
        "TTL": str(message.ttl),
        "Urgency": message.urgency,
        "Topic": message.topic,
    }


async def post(sessions: Sessions, message: Message) -> Outcome:
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
        headers = _headers(message)
        body = encryption.encrypt(message)
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
    result = classify(status)
    error = ""
    if result != Result.SENT:
        error = error_text(endpoint=message.endpoint, status=status, body=answer)
        if result != Result.GONE:
            logger.info("push to %s answered %s: %s", origin, status, printable(answer)[:200])
    retry_after = parse_retry_after(retry_after_header, now=datetime.now(UTC))
    return Outcome(result, status, error, took(), retry_after)
