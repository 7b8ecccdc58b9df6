"""The dispatcher and deliveries in this process, against the local push service."""

import re
import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from webpush.models import PushInformation, SubscriptionInfo

from contacts.models import Relationship
from push.models import Subscription
from push.posting import UNREACHABLE
from reminders.dispatch import claim
from reminders.dispatch.claim import reminders_claim_due, reminders_dispatch
from reminders.dispatch.deliver import reminders_deliver
from reminders.models import (
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    Heartbeat,
    Reminder,
    ReminderState,
    Source,
)
from reminders.selectors import DISPATCHER
from reminders.services.calls import missed_call_record
from reminders.services.transitions import reminder_complete, reminder_dismiss, reminder_snooze
from tests.factories import ContactFactory, PhoneNumberFactory, UserFactory
from tests.push_receiver import browser_keys, subscribe

pytestmark = pytest.mark.django_db
LEASE = timedelta(minutes=1)
# Statements to read, open and finish a batch (savepoints included), and to record one
# group of outcomes that all went out: neither grows with the number of reminders or devices
# (SQLite's limit of 999 parameters splits the insert of 100 deliveries in two). A batch
# marks its pushes as out and clears what it did not send; a group counts the unseen
# pushes of the devices it reached.
BATCH_STATEMENTS = 18
GROUP_STATEMENTS = 6


def call_from(
    user,
    relationship=Relationship.FRIEND,
    name="Anna Weber",
    number="+4915112345678",
    **kwargs,
) -> Reminder:
    contact = ContactFactory(owner=user, name=name, relationship=relationship)
    number = PhoneNumberFactory(contact=contact, number=number)
    return missed_call_record(
        owner=user, number=number.number, source=Source.API, **kwargs
    ).reminder


def test_it_pushes_a_missed_call_to_every_device_and_moves_on(user, receiver, dispatch):
    phone, laptop = subscribe(receiver, user), subscribe(receiver, user)
    reminder = call_from(user, reason="About Sunday")

    assert dispatch() == 1

    for device in (phone, laptop):
        [received] = receiver.delivered(device)
        assert received.payload["step"] == "prompt"
        assert received.payload["tag"] == f"reminder-{reminder.pk}"
        assert received.headers["topic"] == f"reminder-{reminder.pk}"
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,32}", received.headers["topic"])
        assert received.headers["urgency"] == "normal"
        assert 23 * 3600 < int(received.headers["ttl"]) <= 24 * 3600
    reminder.refresh_from_db()
    assert reminder.next_step == "nudge"
    assert reminder.claim_token == ""
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 2
    assert set(DeliveryAttempt.objects.values_list("status_code", flat=True)) == {201}


def test_it_records_the_dispatcher_heartbeat(db, dispatch):
    dispatch()
    assert Heartbeat.objects.get(name=DISPATCHER).beat_at <= timezone.now()


def test_running_it_again_sends_nothing_twice(user, receiver, dispatch):
    subscribe(receiver, user)
    call_from(user)

    dispatch()
    dispatch()

    assert len(receiver.delivered()) == 1


def test_a_second_dispatcher_finds_nothing_left_to_claim(user):
    call_from(user)
    now = timezone.now()

    first = reminders_claim_due(now=now, limit=10, lease=LEASE)
    second = reminders_claim_due(now=now, limit=10, lease=LEASE)

    assert len(first[1]) == 1
    assert second[1] == []


def test_a_crashed_batch_is_claimed_again_after_its_lease(user, receiver):
    subscribe(receiver, user)
    reminder = call_from(user)
    now = timezone.now()
    lost_token, _ = reminders_claim_due(now=now, limit=10, lease=LEASE)

    assert reminders_claim_due(now=now + LEASE / 2, limit=10, lease=LEASE)[1] == []
    token, ids = reminders_claim_due(now=now + LEASE * 2, limit=10, lease=LEASE)
    reminders_deliver(reminder_ids=[reminder.pk], token=lost_token)  # the old batch, redelivered
    reminders_deliver(reminder_ids=ids, token=token)

    assert ids == [reminder.pk]
    assert len(receiver.delivered()) == 1


def test_a_batch_repeated_with_its_token_sends_each_device_once(user, receiver):
    subscribe(receiver, user)
    reminder = call_from(user)
    token, ids = reminders_claim_due(now=timezone.now(), limit=10, lease=LEASE)

    reminders_deliver(reminder_ids=ids, token=token)
    Reminder.objects.filter(pk=reminder.pk).update(claim_token=token)
    reminders_deliver(reminder_ids=ids, token=token)

    assert len(receiver.delivered()) == 1


@pytest.mark.parametrize(
    ("close", "state"),
    [(reminder_complete, ReminderState.DONE), (reminder_dismiss, ReminderState.DISMISSED)],
)
def test_done_or_dismissed_after_the_claim_stops_the_push(user, receiver, close, state):
    subscribe(receiver, user)
    reminder = call_from(user)
    token, ids = reminders_claim_due(now=timezone.now(), limit=10, lease=LEASE)

    close(reminder=reminder)
    reminders_deliver(reminder_ids=ids, token=token)

    assert receiver.received == []
    reminder.refresh_from_db()
    assert reminder.state == state
    assert reminder.next_step_at is None
    assert not Delivery.objects.filter(status=DeliveryStatus.SENT).exists()


def test_a_reminder_closed_between_claim_and_send_drops_out_of_its_batch(
    user, other_user, receiver
):
    closed_device, open_device = subscribe(receiver, user), subscribe(receiver, other_user)
    closed = call_from(user)
    kept = call_from(other_user, name="Ben Braun", number="+4915198765432")
    token, ids = reminders_claim_due(now=timezone.now(), limit=10, lease=LEASE)

    reminder_complete(reminder=closed)
    reminders_deliver(reminder_ids=ids, token=token)

    assert sorted(ids) == sorted([closed.pk, kept.pk])
    assert receiver.delivered(closed_device) == []
    [received] = receiver.delivered(open_device)
    assert received.payload["reminder_id"] == kept.pk
    assert not Delivery.objects.filter(reminder=closed, status=DeliveryStatus.SENT).exists()
    kept.refresh_from_db()
    assert (kept.next_step, kept.claim_token) == ("nudge", "")


def test_a_hanging_push_service_does_not_hold_up_other_users(
    user, other_user, receiver, dispatch, settings
):
    # Long enough never to end the hanging request in a passing run, whatever the load.
    settings.PUSH_TIMEOUT_SECONDS = 60
    stuck = subscribe(receiver, user)
    hanging = receiver.hold(stuck)
    fine = subscribe(receiver, other_user)
    call_from(user)
    contact = ContactFactory(owner=other_user, name="Ben")
    PhoneNumberFactory(contact=contact, number="+4915198765432")
    missed_call_record(owner=other_user, number="+4915198765432", source=Source.API)

    def hang_up_once_the_other_push_arrived() -> None:
        hanging.wait()  # the stuck request is there (it may come after the other one)
        receiver.wait_for(1, subscription=fine)
        hanging.drop()

    hang_up = threading.Thread(target=hang_up_once_the_other_push_arrived)
    hang_up.start()
    dispatch()
    hang_up.join()

    assert len(receiver.delivered(fine)) == 1
    assert Delivery.objects.get(endpoint=fine.endpoint).status == DeliveryStatus.SENT
    delivery = Delivery.objects.get(endpoint=stuck.endpoint)
    assert delivery.status == DeliveryStatus.PENDING
    # Still hanging when the other push arrived: the service hung up, the sender had not
    # given up waiting (an outcome "timed out" would mean the other push waited for it).
    assert delivery.attempts.get().error == UNREACHABLE


def test_a_push_service_that_never_answers_times_out_and_is_tried_again(
    user, receiver, dispatch, settings
):
    settings.PUSH_TIMEOUT_SECONDS = 1
    silent = subscribe(receiver, user)
    receiver.hold(silent)  # never answered
    call_from(user)

    dispatch()

    delivery = Delivery.objects.get(endpoint=silent.endpoint)
    assert (delivery.status, delivery.tries) == (DeliveryStatus.PENDING, 1)
    assert delivery.next_try_at is not None
    assert delivery.attempts.get().error == "timed out"


def test_a_snoozed_reminder_reopens_when_its_time_comes(user, receiver, dispatch):
    subscribe(receiver, user)
    reminder = call_from(user)
    dispatch()
    until = timezone.now() + timedelta(hours=2)
    reminder_snooze(reminder=reminder, until=until)

    dispatch(now=until - timedelta(minutes=1))
    assert len(receiver.delivered()) == 1

    with time_machine.travel(until, tick=False):
        dispatch()

    reminder.refresh_from_db()
    assert reminder.state == ReminderState.OPEN
    assert [r.payload["step"] for r in receiver.delivered()] == ["prompt", "nudge"]


def test_a_gone_subscription_is_deleted_and_the_other_device_still_gets_it(
    user, receiver, dispatch
):
    gone, kept = subscribe(receiver, user), subscribe(receiver, user)
    receiver.answer(gone, 410)
    call_from(user)

    dispatch()

    assert not SubscriptionInfo.objects.filter(endpoint=gone.endpoint).exists()
    assert len(receiver.delivered(kept)) == 1
    assert Delivery.objects.filter(status=DeliveryStatus.GONE).count() == 1


def test_a_payload_too_large_is_a_permanent_failure_on_record(user, receiver, dispatch):
    device = subscribe(receiver, user)
    receiver.answer(device, 413)
    reminder = call_from(user)

    dispatch()

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts.get().status_code == 413
    reminder.refresh_from_db()
    assert reminder.next_step == "nudge"


def test_a_429_is_retried_no_sooner_than_retry_after(user, receiver, dispatch):
    device = subscribe(receiver, user)
    receiver.answer(device, 429, retry_after="120")
    reminder = call_from(user)
    now = timezone.now()

    dispatch(now=now)
    reminder.refresh_from_db()
    assert reminder.next_step == "prompt"
    assert reminder.next_step_at >= now + timedelta(seconds=120)

    dispatch(now=now + timedelta(seconds=100))
    assert receiver.delivered() == []

    with time_machine.travel(now + timedelta(seconds=121), tick=False):
        dispatch()

    assert [r.payload["step"] for r in receiver.delivered()] == ["prompt"]
    assert list(Delivery.objects.get().attempts.values_list("status_code", flat=True)) == [429, 201]
    reminder.refresh_from_db()
    assert reminder.next_step == "nudge"


def test_retries_are_bounded(user, receiver, dispatch):
    device = subscribe(receiver, user)
    receiver.answer(device, 500, times=10)
    reminder = call_from(user)
    now = timezone.now()

    for minute in range(0, 60, 5):
        with time_machine.travel(now + timedelta(minutes=minute), tick=False):
            dispatch()

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.tries) == (DeliveryStatus.FAILED, 5)
    reminder.refresh_from_db()
    assert reminder.next_step == "nudge"


@pytest.mark.parametrize("reminders", [5, 50])
def test_a_batch_takes_the_same_few_statements_however_many_reminders_it_holds(
    receiver, settings, reminders
):
    settings.PUSH_CONCURRENCY = 2 * reminders
    for n in range(reminders):
        user = UserFactory(username=f"busy{n}")
        subscribe(receiver, user), subscribe(receiver, user)
        call_from(user, number=f"+49151123{n:05d}")
    token, ids = reminders_claim_due(now=timezone.now(), limit=reminders, lease=LEASE)

    with CaptureQueriesContext(connection) as queries:
        reminders_deliver(reminder_ids=ids, token=token)

    # All went out (a retry adds a statement of its own: its time is jittered).
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 2 * reminders
    # Outcomes are recorded in groups as they arrive (how many depends on the timing).
    groups = sum('INSERT INTO "reminders_deliveryattempt"' in q["sql"] for q in queries)
    assert groups >= 1
    assert len(queries) <= BATCH_STATEMENTS + GROUP_STATEMENTS * groups
    assert len(receiver.delivered()) == 2 * reminders
    assert not Reminder.objects.filter(next_step="prompt").exists()


def test_a_run_that_hands_out_its_maximum_asks_for_the_next_run_at_once(
    user, settings, monkeypatch
):
    settings.REMINDER_BATCH_SIZE = 1
    monkeypatch.setattr(claim, "MAX_BATCHES_PER_RUN", 2)
    for n in range(3):
        call_from(user, name=f"Contact {n}", number=f"+49151123{n:05d}")
    batches, runs = [], []

    def run() -> int:
        return reminders_dispatch(
            enqueue=lambda ids, token: batches.append(ids), again=lambda: runs.append(1)
        )

    assert (run(), len(batches), len(runs)) == (2, 2, 1)
    assert (run(), len(batches), len(runs)) == (1, 3, 1)


@pytest.mark.parametrize(
    "endpoint",
    ["https://127.0.0.1\\.push.apple.com/x", "https://169.254.169.254\\x.push.apple.com/x"],
)
def test_an_endpoint_stored_before_the_strict_check_gets_nothing_and_learns_nothing(
    user, connections, dispatch, endpoint
):
    p256dh, auth = browser_keys()
    info = SubscriptionInfo.objects.create(endpoint=endpoint, p256dh=p256dh, auth=auth)
    Subscription.objects.create(info=info, endpoint=endpoint)
    PushInformation.objects.create(user=user, subscription=info)
    call_from(user)

    dispatch()

    assert connections == []
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert delivery.status == DeliveryStatus.FAILED
    assert [a.error for a in delivery.attempts.all()] == ["endpoint not allowed"]
