"""Real Celery workers on the configured broker (Redis in CI) and the test database,
pushing to the local push service: what a phone would get, and what a crash costs."""

import os
import signal
import threading
import time
from collections import Counter
from urllib.parse import unquote

import pytest
from django.db import connection, transaction

from contacts.models import Relationship
from reminders.dispatch.claim import reminders_dispatch
from reminders.models import Delivery, DeliveryStatus, Source
from reminders.services.calls import missed_call_record
from reminders.tasks import deliver_reminders
from tests.celery_worker import running_worker
from tests.factories import ContactFactory, PhoneNumberFactory, UserFactory
from tests.push_receiver import subscribe

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def push_latency() -> float:
    # Slow enough that a batch is still sending when its worker is killed.
    return 0.1


def worker_env(receiver, **extra) -> dict[str, str]:
    return {"PUSH_EXTRA_ORIGINS": receiver.origin, **{k: str(v) for k, v in extra.items()}}


def record_call(user, name: str, number: str, relationship=Relationship.FRIEND):
    contact = ContactFactory(owner=user, name=name, relationship=relationship)
    PhoneNumberFactory(contact=contact, number=number)
    return missed_call_record(owner=user, number=number, source=Source.API).reminder


def test_a_missed_call_from_the_api_reaches_the_phone_decrypted_within_seconds(
    user, receiver, tmp_path
):
    phone = subscribe(receiver, user)
    with running_worker(
        "--pool", "solo", log_path=tmp_path / "worker.log", env=worker_env(receiver)
    ):
        started = time.monotonic()
        # No beat runs here: the dispatch enqueued when the call was stored sends it.
        reminder = record_call(user, "Anna Weber", "+4915112345678", Relationship.WORK)
        [push] = receiver.wait_for(1, timeout=30)
        took = time.monotonic() - started

    assert took < 10, (tmp_path / "worker.log").read_text()
    assert push.subscription_id == phone.id
    payload = push.payload
    assert payload["title"] == "Call back Anna Weber"
    assert payload["body"].startswith("Called just now\n59 min left")
    assert payload["step"] == "prompt"
    assert payload["tag"] == f"reminder-{reminder.pk}"
    assert payload["url"] == f"/reminders/{reminder.pk}"
    assert payload["require_interaction"] is True
    call, text = payload["actions"]
    assert call == {"action": "call", "title": "Call", "url": "tel:+4915112345678"}
    assert unquote(text["url"]) == (
        "sms:+4915112345678?&body=Hello Anna Weber, sorry I missed your call. "
        "I will call you back shortly."
    )
    assert push.headers["urgency"] == "high"
    assert push.headers["topic"] == f"reminder-{reminder.pk}"
    assert push.headers["content-type"] == "application/octet-stream"
    assert push.headers["content-encoding"] == "aes128gcm"
    assert 3000 < int(push.headers["ttl"]) <= 3600


def _dispatch_loop(stop: threading.Event) -> None:
    """A dispatcher, as beat would run it, handing batches to the real workers."""

    def enqueue(ids: list[int], token: str) -> None:
        transaction.on_commit(lambda: deliver_reminders.delay(ids, token))

    try:
        while not stop.is_set():
            reminders_dispatch(enqueue=enqueue)
            stop.wait(0.3)
    finally:
        connection.close()


def _unfinished_batches(log_path) -> int:
    batches = [line for line in log_path.read_text().splitlines() if "deliver_reminders[" in line]
    return sum("received" in line for line in batches) - sum(
        "succeeded" in line for line in batches
    )


@pytest.mark.parametrize("concurrency", [1, 4])
def test_two_dispatchers_and_a_killed_worker_still_deliver_everything_once(
    receiver, settings, tmp_path, concurrency
):
    # Batches long enough (several rounds of requests) to kill a worker in the middle.
    settings.REMINDER_BATCH_SIZE = 4 * concurrency
    settings.REMINDER_CLAIM_LEASE_SECONDS = 6
    expected = set()
    for u in range(3):
        user = UserFactory(username=f"user{u}")
        devices = [subscribe(receiver, user), subscribe(receiver, user)]
        for c in range(8):
            reminder = record_call(user, f"Contact {u}-{c}", f"+49151123{u}{c:04d}")
            expected |= {(reminder.pk, device.id) for device in devices}
    # A killed worker can have sent as many pushes as it has requests in flight
    # (PUSH_CONCURRENCY) without recording them: those, and only those, go out twice.
    env = worker_env(receiver, PUSH_CONCURRENCY=concurrency, REMINDER_CLAIM_LEASE_SECONDS=6)
    stop = threading.Event()
    dispatchers = [threading.Thread(target=_dispatch_loop, args=(stop,)) for _ in range(2)]

    with (
        running_worker("--pool", "solo", log_path=tmp_path / "a.log", env=env) as doomed,
        running_worker("--pool", "solo", log_path=tmp_path / "b.log", env=env),
    ):
        for thread in dispatchers:
            thread.start()
        try:
            receiver.wait_for(6, timeout=60)
            # Batches go to whichever worker polls first: wait until the doomed one has one.
            deadline = time.monotonic() + 30
            while not _unfinished_batches(tmp_path / "a.log") and time.monotonic() < deadline:
                time.sleep(0.02)
            os.kill(doomed.pid, signal.SIGKILL)
            doomed.wait()
            killed_log = (tmp_path / "a.log").read_text()
            # Until every device has its push and every push is recorded (the count of
            # arrivals includes duplicates, so it alone can be reached too early).
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and (
                Delivery.objects.filter(status=DeliveryStatus.SENT).count() < len(expected)
            ):
                time.sleep(0.1)
            # Let anything still in flight land before counting.
            time.sleep(1)
        finally:
            stop.set()
            for thread in dispatchers:
                thread.join()

    unfinished = _unfinished_batches(tmp_path / "a.log")
    assert unfinished == 1, f"the worker was not killed in the middle of a batch:\n{killed_log}"
    pushes = receiver.delivered()
    copies = Counter((p.payload["reminder_id"], p.subscription_id) for p in pushes)
    assert set(copies) == expected, "a push was lost"
    duplicates = {key: n for key, n in copies.items() if n > 1}
    assert sum(n - 1 for n in duplicates.values()) <= concurrency, duplicates
    for reminder_id, subscription_id in duplicates:
        same = [
            p for p in pushes
            if (p.payload["reminder_id"], p.subscription_id) == (reminder_id, subscription_id)
        ]  # fmt: skip
        assert {p.headers["topic"] for p in same} == {f"reminder-{reminder_id}"}
        assert {p.payload["tag"] for p in same} == {f"reminder-{reminder_id}"}
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == len(expected)
