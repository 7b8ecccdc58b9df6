"""Part 5, every reminder reaches a person: how many receipts per second the API takes
(gunicorn, 2 workers, signed-in sessions, 50 clients at once: the phones of a busy
installation confirming what they showed), and how late a callback no phone showed comes
through a channel (beat and a real worker; a local ntfy receiver; from the moment the
wait was over to the post's arrival)."""

import asyncio
import time
from pathlib import Path

import aiohttp
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from bench.data import (
    contacts_create,
    database_reset,
    open_reminders_create,
    subscriptions_create,
    users_create,
)
from bench.processes import TreeSampler, celery_beat, gunicorn, production_env, service_env
from bench.report import Report, Row, percentile
from project.celery import app
from reach.services import channel_create
from reminders.models import Delivery, Reminder
from tests.celery_worker import running_worker
from tests.ntfy_receiver import NtfyReceiver
from tests.push_receiver import ReceiverProcess

PORT = 8362
CLIENTS = 50
SECONDS = 15
WARM_UP_SECONDS = 2
PASSWORD = "bench-password"
REMINDERS = 200
DELIVERIES = 100  # per reminder: every receipt of the run confirms another push
FALLBACKS = 20
WAIT_SECONDS = 10
TARGET_LAG = settings.REMINDER_DISPATCH_SECONDS + 5.0  # one dispatcher period and the send


def _session_user() -> list[int]:
    """A user with REMINDERS reminders of DELIVERIES pushes each to confirm; their ids,
    in an order that spreads them over the reminders."""
    database_reset()
    [user] = users_create(1, prefix="phone")
    user.set_password(PASSWORD)
    user.save()
    contacts = contacts_create([user], per_owner=REMINDERS)
    reminders = open_reminders_create(contacts, called_at=timezone.now(), next_step_at=None)
    rows = Delivery.objects.bulk_create(
        (
            Delivery(reminder=reminder, step_seq=n, step="prompt", endpoint="bench")
            for n in range(DELIVERIES)
            for reminder in reminders
        ),
        batch_size=1000,
    )
    return [row.pk for row in rows]


def _cookies(response: aiohttp.ClientResponse, jar: dict[str, str]) -> None:
    # The deployment's cookies are Secure; over the benchmark's plain http the client
    # would not send them back, so they are kept here by hand.
    for name, morsel in response.cookies.items():
        jar[name] = morsel.value


async def _signed_in(session: aiohttp.ClientSession, base: str) -> dict[str, str]:
    """The headers of a signed-in phone: its session and CSRF cookies and token."""
    jar: dict[str, str] = {}
    async with session.get(f"{base}/api/auth/session/") as response:
        await response.read()
        _cookies(response, jar)
    body = {"username": "phone0", "password": PASSWORD}
    headers = {"X-CSRFToken": jar["csrftoken"], "Cookie": f"csrftoken={jar['csrftoken']}"}
    async with session.post(f"{base}/api/auth/login/", json=body, headers=headers) as response:
        assert response.status == 200, await response.text()
        _cookies(response, jar)
    cookie = "; ".join(f"{name}={value}" for name, value in jar.items())
    return {"X-CSRFToken": jar["csrftoken"], "Cookie": cookie}


async def _receipts(base: str, ids: list[int], *, seconds: float) -> tuple[list[float], int]:
    latencies: list[float] = []
    failures = 0
    connector = aiohttp.TCPConnector(limit=CLIENTS)
    jar = aiohttp.DummyCookieJar()
    async with aiohttp.ClientSession(connector=connector, cookie_jar=jar) as session:
        headers = await _signed_in(session, base)

        async def phone(until: float) -> None:
            nonlocal failures
            while time.monotonic() < until and ids:
                body = {"delivery_ids": [ids.pop()], "event": "shown"}
                started = time.monotonic()
                async with session.post(
                    f"{base}/api/push/receipts/", json=body, headers=headers
                ) as response:
                    await response.read()
                    if response.status == 200:
                        latencies.append(time.monotonic() - started)
                    else:
                        failures += 1

        until = time.monotonic() + seconds
        await asyncio.gather(*(phone(until) for _ in range(CLIENTS)))
    return latencies, failures


def receipts(report: Report, part: str, *, logs: Path) -> None:
    ids = list(reversed(_session_user()))
    env = service_env(ALLOWED_HOSTS="127.0.0.1")
    base = f"http://127.0.0.1:{PORT}"
    with gunicorn(port=PORT, workers=2, log_path=logs / "gunicorn-receipts.log", env=env) as web:
        asyncio.run(_receipts(base, ids, seconds=WARM_UP_SECONDS))
        with TreeSampler(web.pid) as sampler:
            latencies, failures = asyncio.run(_receipts(base, ids, seconds=SECONDS))
    rate = len(latencies) / SECONDS
    cpu_ms = 1000 * sampler.cpu_seconds / max(len(latencies), 1)
    report.add(
        Row(part, f"POST /api/push/receipts/, closed loop {CLIENTS}: receipts/s (failed)",
            f"{rate:,.0f} ({failures})", "no failure", failures == 0),
        Row(part, "POST /api/push/receipts/: latency p50 / p99",
            f"{percentile(latencies, 0.5) * 1000:.0f} ms / "
            f"{percentile(latencies, 0.99) * 1000:.0f} ms"),
        Row(part, "POST /api/push/receipts/: server CPU per receipt", f"{cpu_ms:.1f} ms"),
    )  # fmt: skip


def fallback(report: Report, part: str, *, logs: Path) -> None:
    database_reset()
    with (
        NtfyReceiver() as ntfy,
        ReceiverProcess(latency=0.05, vapid_public_key=settings.VAPID_PUBLIC_KEY) as receiver,
    ):
        users = users_create(FALLBACKS, prefix="silent")
        subscriptions_create(users, receiver.subscribe(FALLBACKS), per_owner=1)
        with override_settings(CHANNEL_ALLOW_PRIVATE_HOSTS=True):
            for user in users:
                channel_create(owner=user, name="ntfy", url=ntfy.url("bench"))
        contacts = contacts_create(users, per_owner=1)
        extra = {
            "PUSH_EXTRA_ORIGINS": receiver.origin,
            "RECEIPT_WAIT_SECONDS": WAIT_SECONDS,
            "CHANNEL_ALLOW_PRIVATE_HOSTS": "true",
        }
        with (
            running_worker("--concurrency", "2", log_path=logs / "worker-fallback.log",
                           env=production_env(**extra)),
            celery_beat(log_path=logs / "beat-fallback.log", env=service_env(**extra)),
        ):  # fmt: skip
            open_reminders_create(contacts, called_at=timezone.now(), next_step_at=timezone.now())
            give_up = time.monotonic() + WAIT_SECONDS + 120
            while len(ntfy.posts) < FALLBACKS and time.monotonic() < give_up:
                time.sleep(0.25)
    app.control.purge()
    # Each reminder's wait ends RECEIPT_WAIT_SECONDS after its push was taken.
    offset = time.time() - time.monotonic()
    pushed = sorted(
        Delivery.objects.filter(reminder__in=Reminder.objects.all()).values_list(
            "finished_at", flat=True
        )
    )
    due = [at.timestamp() - offset + WAIT_SECONDS for at in pushed if at is not None]
    lags = [
        arrived - ends
        for arrived, ends in zip(sorted(post["at"] for post in ntfy.posts), due, strict=False)
    ]
    worst = max(lags, default=float("inf"))
    report.add(
        Row(part, f"fallback: {FALLBACKS} unseen callbacks, RECEIPT_WAIT_SECONDS={WAIT_SECONDS}: "
            "arrived through ntfy", f"{len(ntfy.posts)} / {FALLBACKS}", "all",
            len(ntfy.posts) == FALLBACKS),
        Row(part, "fallback: lag after the wait, p50 / max",
            f"{percentile(lags, 0.5):.1f} s / {worst:.1f} s",
            f"≤ {TARGET_LAG:.0f} s (a dispatcher period and the send)", worst <= TARGET_LAG),
    )  # fmt: skip
    database_reset()


def run(report: Report, *, logs: Path) -> None:
    part = "5 reach"
    receipts(report, part, logs=logs)
    fallback(report, part, logs=logs)
