"""Real Celery workers on the configured broker (Redis in CI) and the test database,
pushing to the local push service: what a phone would get, and what a crash costs."""

import json
import os
import signal
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

import pytest
from django.db import connection, transaction

from contacts.models import Relationship
from push.transport import ttl_for
from reminders.dispatch.claim import reminders_dispatch
from reminders.dispatch.payload import StepContext, payload_bytes
from reminders.models import Delivery, DeliveryStatus, Source
from reminders.services.calls import missed_call_record
from reminders.tasks import deliver_reminders
from tests.celery_worker import running_worker
from tests.factories import ContactFactory, PhoneNumberFactory, UserFactory
from tests.push_receiver import subscribe
from tests.waiting import PATIENCE, eventually

pytestmark = pytest.mark.django_db(transaction=True)


def worker_env(receiver, **extra) -> dict[str, str]:
    return {"PUSH_EXTRA_ORIGINS": receiver.origin, **{k: str(v) for k, v in extra.items()}}


def record_call(user, name: str, number: str, relationship=Relationship.FRIEND):
    contact = ContactFactory(owner=user, name=name, relationship=relationship)
    PhoneNumberFactory(contact=contact, number=number)
    return missed_call_record(owner=user, number=number, source=Source.API).reminder


def body_at(reminder, now: datetime) -> str:
    context = StepContext(step="prompt", now=now, language="en")
    return json.loads(payload_bytes(reminder, context))["body"]


def test_a_missed_call_from_the_api_reaches_the_phone_decrypted_without_waiting_for_beat(
    user, receiver, tmp_path
):
    phone = subscribe(receiver, user)
    with running_worker(
        "--pool", "solo", log_path=tmp_path / "worker.log", env=worker_env(receiver)
    ):
        # No beat runs here: only the dispatch enqueued when the call was stored can send it.
        reminder = record_call(user, "Anna Weber", "+4915112345678", Relationship.WORK)
        pushes = receiver.wait_for(1)

    assert len(pushes) == 1, (tmp_path / "worker.log").read_text()
    [push] = pushes
    assert push.subscription_id == phone.id
    payload = push.payload
    assert payload["title"] == "Call back Anna Weber"
    # The worker's clock runs: what depends on its `now` ("Called just now\n59 min left"
    # when it is quick) is checked against the moment the payload says it was made
    # (cut to the millisecond, so either side of that millisecond).
    made_at = datetime.fromtimestamp(payload["timestamp"] / 1000, UTC)
    moments = (made_at, made_at + timedelta(milliseconds=1))
    assert reminder.last_call_at < moments[1]
    assert payload["body"] in {body_at(reminder, moment) for moment in moments}
    assert payload["step"] == "prompt"
    assert payload["tag"] == f"reminder-{reminder.pk}"
    assert payload["url"] == f"/reminders/{reminder.pk}"
    assert payload["require_interaction"] is True
    call, text = payload["actions"]
    assert call == {"action": "call", "title": "Call", "url": "tel:+4915112345678"}
    assert unquote(text["url"]) == (
        "sms:+4915112345678?&body=Hello, sorry I missed your call. I will call you back shortly."
    )
    assert push.headers["urgency"] == "high"
    assert push.headers["topic"] == f"reminder-{reminder.pk}"
    assert push.headers["content-type"] == "application/octet-stream"
    assert push.headers["content-encoding"] == "aes128gcm"
    ttls = {ttl_for(deadline=reminder.deadline, now=moment) for moment in moments}
    assert int(push.headers["ttl"]) in ttls


def sent() -> int:
    return Delivery.objects.filter(status=DeliveryStatus.SENT).count()


def _dispatch_loop(stop: threading.Event, errors: list[BaseException]) -> None:
    """A dispatcher, as beat would run it, handing batches to the real workers."""

    def enqueue(ids: list[int], token: str) -> None:
        transaction.on_commit(lambda: deliver_reminders.delay(ids, token))

    try:
        while not stop.is_set():
            reminders_dispatch(enqueue=enqueue)
            stop.wait(0.3)  # beat's interval, shortened: not a synchronisation
    except BaseException as error:  # the test fails with it instead of waiting in vain
        errors.append(error)
    finally:
        connection.close()


@pytest.mark.parametrize("concurrency", [1, 4])
def test_two_dispatchers_and_a_killed_worker_still_deliver_everything_once(
    receiver, settings, tmp_path, concurrency
):
    # Batches long enough (several rounds of requests) to be killed in the middle of one.
    settings.REMINDER_BATCH_SIZE = 4 * concurrency
    settings.REMINDER_CLAIM_LEASE_SECONDS = 6
    expected = set()
    for u in range(3):
        user = UserFactory(username=f"user{u}")
        devices = [subscribe(receiver, user), subscribe(receiver, user)]
        for c in range(8):
            reminder = record_call(user, f"Contact {u}-{c}", f"+49151123{u}{c:04d}")
            expected |= {(reminder.pk, device.id) for device in devices}
    env = worker_env(receiver, PUSH_CONCURRENCY=concurrency, REMINDER_CLAIM_LEASE_SECONDS=6)
    # The push service keeps the doomed worker's first requests, read in full, unanswered
    # until the worker is dead: it has PUSH_CONCURRENCY pushes out that it cannot record.
    # (Its own timeout must not end them first, however slow this machine is.)
    in_flight = receiver.hold(first=concurrency)
    doomed_env = {**env, "PUSH_TIMEOUT_SECONDS": str(int(PATIENCE))}
    stop, errors = threading.Event(), []
    dispatchers = [threading.Thread(target=_dispatch_loop, args=(stop, errors)) for _ in range(2)]

    with running_worker("--pool", "solo", log_path=tmp_path / "a.log", env=doomed_env) as doomed:
        for thread in dispatchers:
            thread.start()
        try:
            # Alone, the doomed worker takes the first batch.
            assert in_flight.wait(concurrency), (tmp_path / "a.log").read_text()
            assert receiver.received == []
            with running_worker("--pool", "solo", log_path=tmp_path / "b.log", env=env):
                # Two workers: the survivor takes the batches waiting in the queue while
                # the doomed one is stuck in the middle of its batch; then it dies.
                os.kill(doomed.pid, signal.SIGKILL)
                doomed.wait()
                # What it sent arrives at the push service after all, unrecorded.
                in_flight.release()
                # Once the lease runs out, the next dispatcher run gives its reminders
                # to the survivor.
                everything = eventually(lambda: errors or sent() == len(expected))
                assert everything, (tmp_path / "b.log").read_text()
                receiver.wait_for(len(expected) + concurrency)
            # The survivor has stopped: nothing is in flight any more.
        finally:
            stop.set()
            for thread in dispatchers:
                thread.join()

    assert errors == []
    pushes = receiver.delivered()
    copies = Counter((p.payload["reminder_id"], p.subscription_id) for p in pushes)
    assert set(copies) == expected, "a push was lost"
    # Exactly the pushes that were in flight went out twice, with the same Topic (the
    # push service replaces the undelivered one) and tag (the phone shows one).
    duplicates = {key: n for key, n in copies.items() if n > 1}
    assert sorted(duplicates.values()) == [2] * concurrency, duplicates
    for reminder_id, subscription_id in duplicates:
        same = [
            p for p in pushes
            if (p.payload["reminder_id"], p.subscription_id) == (reminder_id, subscription_id)
        ]  # fmt: skip
        assert {p.headers["topic"] for p in same} == {f"reminder-{reminder_id}"}
        assert {p.payload["tag"] for p in same} == {f"reminder-{reminder_id}"}
    assert sent() == len(expected)


def test_a_digest_reaches_the_phone_decrypted_from_a_real_worker_naming_everyone(
    user, receiver, tmp_path
):
    """Three rhythm reminders reach their digest time together: the worker sends one
    push to the phone, through the broker, that names each of the three people."""
    from contacts.dates import YearlyDate
    from contacts.services import DateInput, contact_create, touch_record
    from reminders.models import Reminder
    from reminders.services.rhythms import rhythm_reminders_open
    from reminders.tasks import dispatch_due_reminders

    phone = subscribe(receiver, user)
    today = datetime.now(UTC).date()
    long_ago = datetime.now(UTC) - timedelta(days=40)
    for name, number in (("Mum", "+4915100000001"), ("Dad", "+4915100000002")):
        contact = contact_create(
            owner=user, name=name, relationship=Relationship.FAMILY, numbers=[(number, "")]
        )
        touch_record(owner=user, contact=contact, channel="call", at=long_ago)
    contact_create(
        owner=user,
        name="Anna",
        numbers=[("+4915100000003", "")],
        dates=[DateInput(kind="birthday", yearly=YearlyDate(today.month, today.day))],
    )
    assert rhythm_reminders_open() == 3
    # The digest time has come for all three at once.
    Reminder.objects.update(next_step_at=datetime.now(UTC) - timedelta(seconds=1))

    with running_worker(
        "--pool", "solo", log_path=tmp_path / "worker.log", env=worker_env(receiver)
    ):
        transaction.on_commit(lambda: dispatch_due_reminders.delay())
        pushes = receiver.wait_for(1, subscription=phone)
        assert eventually(lambda: Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 3)

    assert len(pushes) == 1, (tmp_path / "worker.log").read_text()
    digest = pushes[0].payload
    assert digest["title"] == "Get in touch today"
    assert digest["url"] == "/today"
    for name in ("Mum", "Dad", "Anna"):
        assert name in digest["body"], digest["body"]
    assert len(digest["body"].splitlines()) == 3
    assert pushes[0].headers["topic"] == f"digest-{user.pk}"
