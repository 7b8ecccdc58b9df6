"""Part 1, push fan-out: N users with 2 phones each, N reminders due at one instant, sent
by beat's dispatcher and real Celery workers to the local push service; beside it, in
the same run, django-webpush's send_user_notification in a loop, encryption alone, the
old threaded sender (bench/threaded_sender.py) and the asyncio one at other
PUSH_CONCURRENCY values."""

import math
import time
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.test import override_settings
from django.utils import timezone
from pywebpush import WebPusher
from webpush import send_user_notification

from bench.data import (
    contacts_create,
    database_reset,
    open_reminders_create,
    subscriptions_create,
    users_create,
)
from bench.processes import TreeSampler, celery_beat, production_env, service_env
from bench.receiver_process import ReceiverProcess
from bench.report import Report, Row, percentile
from project.celery import app
from project.keys import b64url
from reminders.dispatch.payload import StepContext, build_payload, payload_bytes
from reminders.models import Reminder
from tests.celery_worker import running_worker

DEVICES = 2
TARGET_RATE = 1000  # pushes/s at N=10,000, about 60 times the loop
TARGET_RATIO = 60
TARGET_P99_SECONDS = 20
TARGET_CPU_MS = 1.0
TARGET_COST_GROWTH = 1.3
TARGET_WORKER_MB = 300
# The receiver verifies and decrypts every push up to this N, a 1-in-VERIFY_EVERY sample above.
VERIFY_ALL_UP_TO = 1000
VERIFY_EVERY = 20
THREADED = "bench.threaded_sender"
THREADED_CONCURRENCY = 32  # the old sender's default


@dataclass
class Run:
    n: int
    sender: str  # "asyncio" or "threaded"
    concurrency: int
    pushes: int
    seconds: float  # due instant → last arrival
    lags: list[float]  # one per (reminder, device); inf: had not arrived at the timeout
    timeout: float
    duplicates: int
    rejected: int
    worker_cpu: float
    worker_peak_tree_mb: float
    worker_peak_process_mb: float
    receiver_cpu: float
    verified: int

    @property
    def rate(self) -> float:
        return self.pushes / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_push(self) -> float:
        return 1000 * self.worker_cpu / max(self.pushes, 1)


def _populate(receiver: ReceiverProcess, n: int) -> None:
    database_reset()
    users = users_create(n)
    contacts = contacts_create(users, per_owner=1)
    subscriptions_create(users, receiver.subscribe(n * DEVICES), per_owner=DEVICES)
    called_at = timezone.now() - timedelta(minutes=1)
    # Not due yet: the whole set becomes due in one UPDATE once the workers run.
    open_reminders_create(contacts, called_at=called_at, next_step_at=None)


def _webpush_settings() -> dict:
    """django-webpush's settings as its documentation has them: pywebpush reads a key
    given as text as base64url DER, not as the PEM our settings hold."""
    key = serialization.load_pem_private_key(settings.VAPID_PRIVATE_KEY_PEM, password=None)
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return {**settings.WEBPUSH_SETTINGS, "VAPID_PRIVATE_KEY": b64url(der)}


def baseline(receiver: ReceiverProcess, *, sample: int) -> float:
    """django-webpush's helper per reminder, one after the other: pushes per second."""
    receiver.collect()
    with override_settings(WEBPUSH_SETTINGS=_webpush_settings()):
        return _baseline(receiver, sample=sample)


def _baseline(receiver: ReceiverProcess, *, sample: int) -> float:
    reminders = list(Reminder.objects.select_related("contact", "owner").order_by("pk")[:sample])
    started = time.monotonic()
    for reminder in reminders:
        context = StepContext(step=reminder.next_step, now=timezone.now(), language="en")
        payload = build_payload(reminder, context, reason=reminder.latest_reason)
        send_user_notification(user=reminder.owner, payload=payload, ttl=600)
    took = time.monotonic() - started
    arrivals, rejected = receiver.collect()
    if rejected or len(arrivals) != sample * DEVICES:
        raise RuntimeError(f"baseline: {len(arrivals)} arrived, rejected {rejected[:3]}")
    return len(arrivals) / took


def encryption_floor(receiver: ReceiverProcess, *, seconds: float = 2.0) -> float:
    """pywebpush's aes128gcm encryption alone, one core: messages per second."""
    reminder = Reminder.objects.select_related("contact", "owner").order_by("pk").first()
    data = payload_bytes(
        reminder, StepContext(step=reminder.next_step, now=timezone.now(), language="en")
    )
    _id, endpoint, p256dh, auth = receiver.subscribe(1)[0]
    pusher = WebPusher({"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}})
    count, started = 0, time.monotonic()
    while time.monotonic() - started < seconds:
        pusher.encode(data, content_encoding="aes128gcm")
        count += 1
    return count / (time.monotonic() - started)


def fanout(
    receiver: ReceiverProcess,
    *,
    n: int,
    processes: int,
    logs: Path,
    timeout: float,
    concurrency: int,
    threaded: bool = False,
) -> Run:
    """Everything due at once; returns when every push arrived (or at the timeout)."""
    app.control.purge()
    receiver.collect()
    receiver.verify_every(1 if n <= VERIFY_ALL_UP_TO else VERIFY_EVERY)
    expected = n * DEVICES
    worker_env = production_env(PUSH_EXTRA_ORIGINS=receiver.origin, PUSH_CONCURRENCY=concurrency)
    beat_env = service_env()
    sender = "threaded" if threaded else "asyncio"
    name = f"{n}-{sender}-{concurrency}"
    with (
        running_worker(
            "--concurrency", str(processes), *(["--include", THREADED] if threaded else []),
            log_path=logs / f"worker-{name}.log", env=worker_env,
        ) as worker,
        celery_beat(log_path=logs / f"beat-{name}.log", env=beat_env),
        TreeSampler(worker.pid) as sampler,
    ):  # fmt: skip
        receiver_cpu = receiver.cpu_seconds()
        due = timezone.now() + timedelta(seconds=1)
        Reminder.objects.update(next_step_at=due)
        give_up = time.monotonic() + timeout
        while receiver.count() < expected and time.monotonic() < give_up:
            time.sleep(0.25)
        # Anything still in flight (a push sent twice) lands before counting.
        time.sleep(1)
        receiver_cpu = receiver.cpu_seconds() - receiver_cpu
    arrivals, rejected = receiver.collect()
    # The receiver stamps arrivals with time.monotonic(): one clock on this machine.
    due_monotonic = due.timestamp() - (time.time() - time.monotonic())
    copies = Counter((a.reminder_id, a.subscription_id) for a in arrivals)
    first: dict[tuple[int, str], float] = {}
    for a in arrivals:
        key = (a.reminder_id, a.subscription_id)
        first[key] = min(first.get(key, a.at), a.at)
    lags = [at - due_monotonic for at in first.values()]
    return Run(
        n=n,
        sender=sender,
        concurrency=concurrency,
        pushes=len(copies),
        seconds=max(lags, default=0.0),
        lags=lags + [math.inf] * (expected - len(first)),
        timeout=timeout,
        duplicates=sum(copies.values()) - len(copies),
        rejected=len(rejected),
        worker_cpu=sampler.cpu_seconds,
        worker_peak_tree_mb=sampler.peak_tree_pss / 2**20,
        worker_peak_process_mb=sampler.peak_process_rss / 2**20,
        receiver_cpu=receiver_cpu,
        verified=sum(a.verified for a in arrivals),
    )


def _seconds(value: float, timeout: float) -> str:
    return f"{value:.1f} s" if math.isfinite(value) else f"> {timeout:.0f} s (not arrived)"


def run(
    report: Report,
    *,
    sizes: list[int],
    processes: int,
    latency: float,
    sample: int,
    logs: Path,
    threaded_sizes: list[int],
    sweep: list[int],
) -> None:
    part = "1 fan-out"
    runs: list[Run] = []
    others: list[Run] = []
    concurrency = settings.PUSH_CONCURRENCY
    with ReceiverProcess(latency=latency, vapid_public_key=settings.VAPID_PUBLIC_KEY) as receiver:
        for n in sizes:
            _populate(receiver, n)
            if n == sizes[0]:
                floor = encryption_floor(receiver)
                base = baseline(receiver, sample=sample)
            timeout = max(120.0, n * 0.06)
            common = {"n": n, "processes": processes, "logs": logs, "timeout": timeout}
            runs.append(fanout(receiver, concurrency=concurrency, **common))
            if n in threaded_sizes:
                _populate(receiver, n)
                others.append(
                    fanout(receiver, concurrency=THREADED_CONCURRENCY, threaded=True, **common)
                )
            if n == sizes[-1]:
                for value in sweep:
                    _populate(receiver, n)
                    others.append(fanout(receiver, concurrency=value, **common))
    report.add(
        Row(part, "receiver latency; worker processes", f"{latency * 1000:.0f} ms; {processes}"),
        Row(part, f"baseline: send_user_notification loop ({sample} reminders)",
            f"{base:.1f} pushes/s"),
        Row(part, "floor: pywebpush encryption alone, 1 core", f"{floor:,.0f} msgs/s"),
    )  # fmt: skip
    for r in runs:
        _rows(report, part, r, base=base, floor=floor, targets=True)
    for r in others:
        _rows(report, part, r, base=base, floor=floor, targets=False)
    if len(runs) >= 2:
        growth = runs[-1].cpu_ms_per_push / runs[0].cpu_ms_per_push
        report.add(
            Row(part, f"CPU per push N={runs[-1].n:,} / N={runs[0].n:,}", f"{growth:.2f}×",
                f"≤ {TARGET_COST_GROWTH}×", growth <= TARGET_COST_GROWTH)
        )  # fmt: skip


def _rows(report: Report, part: str, r: Run, *, base: float, floor: float, targets: bool) -> None:
    expected = r.n * DEVICES
    label = f"N={r.n:,} {r.sender} × {r.concurrency}"
    big = targets and r.n >= 10_000
    p99 = percentile(r.lags, 0.99)
    report.add(
        Row(part, f"{label}: pushes arrived / expected (duplicates, rejected; verified)",
            f"{r.pushes:,} / {expected:,} ({r.duplicates}, {r.rejected}; {r.verified:,})",
            "all, once", r.pushes == expected and r.rejected == 0 and r.duplicates == 0),
        Row(part, f"{label}: pushes/s (due → last arrival)", f"{r.rate:,.0f}",
            f"≥ {TARGET_RATE:,}" if big else "", r.rate >= TARGET_RATE if big else None),
        Row(part, f"{label}: ratio to baseline", f"{r.rate / base:,.1f}×",
            f"≥ {TARGET_RATIO}×" if big else "", r.rate / base >= TARGET_RATIO if big else None),
        Row(part, f"{label}: share of the encryption floor", f"{r.rate / floor:.1%}"),
        Row(part, f"{label}: lag due → arrival p50 / p99 / max",
            " / ".join(_seconds(x, r.timeout) for x in
                       (percentile(r.lags, 0.5), p99, max(r.lags))),
            f"p99 ≤ {TARGET_P99_SECONDS} s" if big else "",
            p99 <= TARGET_P99_SECONDS if big else None),
        Row(part, f"{label}: sender CPU per push (all worker processes)",
            f"{r.cpu_ms_per_push:.2f} ms", f"≤ {TARGET_CPU_MS:g} ms" if big else "",
            r.cpu_ms_per_push <= TARGET_CPU_MS if big else None),
        Row(part, f"{label}: receiver CPU per push (verifying the sample)",
            f"{1000 * r.receiver_cpu / max(r.pushes, 1):.2f} ms"),
        Row(part, f"{label}: worker peak memory: PSS of all processes (largest RSS)",
            f"{r.worker_peak_tree_mb:.0f} MB ({r.worker_peak_process_mb:.0f} MB)",
            f"≤ {TARGET_WORKER_MB} MB" if targets else "",
            r.worker_peak_tree_mb <= TARGET_WORKER_MB if targets else None),
    )  # fmt: skip
