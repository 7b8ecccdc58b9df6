"""The transport against a real HTTP push service on 127.0.0.1 (tests/push_receiver.py)."""

import json
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import time_machine

from push.messages import (
    MAX_RETRY_DELAY,
    Message,
    Result,
    parse_retry_after,
    retry_delay,
    ttl_for,
)
from push.posting import error_text
from push.transport import send, send_all
from tests.push_receiver import browser_keys

# Endpoints that urlsplit reads as under push.apple.com and the HTTP client as 127.0.0.1,
# localhost or the cloud metadata address: the probe's payloads.
PROBE_ENDPOINTS = [
    "https://127.0.0.1\\.push.apple.com/x",
    "https://localhost\\.push.apple.com/x",
    "https://169.254.169.254\\x.push.apple.com/latest/meta-data",
    "https://127.0.0.1\t.push.apple.com/x",
    "https://127.0.0.1\n.push.apple.com/x",
]


def message(subscription, *, topic="reminder-1", data=None) -> Message:
    return Message(
        endpoint=subscription.endpoint,
        p256dh=subscription.p256dh,
        auth=subscription.auth,
        data=data or json.dumps({"title": "Call back Anna", "tag": "reminder-1"}).encode(),
        ttl=3600,
        urgency="high",
        topic=topic,
    )


def test_it_delivers_an_encrypted_payload_with_vapid_and_headers(receiver):
    subscription = receiver.subscribe()

    outcome = send(message(subscription))

    assert (outcome.result, outcome.status_code) == (Result.SENT, 201)
    [received] = receiver.delivered(subscription)
    assert received.payload == {"title": "Call back Anna", "tag": "reminder-1"}
    assert received.headers["ttl"] == "3600"
    assert received.headers["urgency"] == "high"
    assert received.headers["topic"] == "reminder-1"
    assert received.headers["content-type"] == "application/octet-stream"
    assert received.claims["aud"] == receiver.origin
    assert received.claims["exp"] <= time.time() + 24 * 3600


def test_it_reuses_the_vapid_token_per_push_service(receiver):
    first, second = receiver.subscribe(), receiver.subscribe()

    send(message(first))
    send(message(second))

    tokens = {r.headers["authorization"] for r in receiver.delivered()}
    assert len(tokens) == 1


def test_it_signs_a_new_vapid_token_before_the_old_one_expires(receiver):
    subscription = receiver.subscribe()
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        send(message(subscription))
        traveller.shift(timedelta(hours=10))
        send(message(subscription))
        traveller.shift(timedelta(hours=1, minutes=30))
        send(message(subscription))

    first, second, third = (r.headers["authorization"] for r in receiver.delivered())
    assert first == second
    assert third != second


@pytest.mark.parametrize(
    ("status", "result"),
    [
        (404, Result.GONE),
        (410, Result.GONE),
        (413, Result.PERMANENT),
        (400, Result.PERMANENT),
        (403, Result.PERMANENT),
        (301, Result.PERMANENT),
        (429, Result.RETRY),
        (500, Result.RETRY),
        (503, Result.RETRY),
    ],
)
def test_it_sorts_the_push_services_answers(receiver, status, result):
    subscription = receiver.subscribe()
    receiver.answer(subscription, status)

    outcome = send(message(subscription))

    assert (outcome.result, outcome.status_code) == (result, status)


def test_it_reads_retry_after_in_seconds_from_a_429(receiver):
    subscription = receiver.subscribe()
    receiver.answer(subscription, 429, retry_after="7")

    outcome = send(message(subscription))

    assert outcome.retry_after == timedelta(seconds=7)


def test_it_reads_retry_after_as_an_http_date():
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=90), usegmt=True)
    assert parse_retry_after(later, now=now) == timedelta(seconds=90)
    assert parse_retry_after("soon", now=now) is None


def test_it_backs_off_with_jitter_never_sooner_than_asked_and_bounded():
    delays = {retry_delay(tries=3, retry_after=None) for _ in range(20)}
    assert len(delays) > 1
    assert all(timedelta(seconds=10) <= d <= timedelta(seconds=20) for d in delays)
    assert retry_delay(tries=1, retry_after=timedelta(seconds=40)) >= timedelta(seconds=40)
    assert retry_delay(tries=30, retry_after=timedelta(days=2)) <= MAX_RETRY_DELAY


def test_it_keeps_a_message_until_the_deadline_but_at_least_minutes():
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert ttl_for(deadline=now + timedelta(hours=2), now=now) == 7200
    assert ttl_for(deadline=now - timedelta(hours=2), now=now) == 600


def test_it_refuses_an_endpoint_outside_the_allow_list_at_send_time(receiver, settings):
    subscription = receiver.subscribe()
    settings.PUSH_EXTRA_ORIGINS = []

    outcome = send(message(subscription))

    assert outcome.result == Result.PERMANENT
    assert receiver.received == []


@pytest.mark.parametrize("endpoint", PROBE_ENDPOINTS)
def test_a_stored_endpoint_the_http_client_reads_as_another_host_is_never_posted_to(
    connections, endpoint
):
    p256dh, auth = browser_keys()
    stored = Message(endpoint, p256dh, auth, b"{}", ttl=600, urgency="high", topic="r-1")

    outcome = send(stored)

    assert connections == []
    assert (outcome.result, outcome.status_code) == (Result.PERMANENT, None)
    assert outcome.error == "endpoint not allowed"


def test_a_connection_error_is_recorded_without_what_the_address_said(connections):
    p256dh, auth = browser_keys()
    endpoint = "https://web.push.apple.com/QGhx"

    outcome = send(Message(endpoint, p256dh, auth, b"{}", ttl=600, urgency="high", topic="r-1"))

    assert connections == [("web.push.apple.com", 443)]  # it did try, and was refused
    assert outcome.result == Result.RETRY
    assert outcome.error == "could not reach the push service"


def test_an_operator_origins_answer_is_recorded_as_its_status_only(receiver):
    subscription = receiver.subscribe()
    receiver.answer(subscription, 403, body=b"<h1>Jenkins admin</h1> internal 10.0.0.7")

    outcome = send(message(subscription))

    assert (outcome.result, outcome.status_code) == (Result.PERMANENT, 403)
    assert outcome.error == "HTTP 403"


def test_a_public_push_services_reason_is_kept_printable_and_short():
    endpoint = "https://fcm.googleapis.com/fcm/send/abc"

    text = error_text(endpoint=endpoint, status=400, body="bad\x1b[31m \n JWT " + "x" * 900)

    assert text.startswith("bad [31m JWT xxx")
    assert len(text) == 500
    assert error_text(endpoint=endpoint, status=403, body="") == "HTTP 403"
    assert error_text(endpoint="http://10.0.0.7/x", status=403, body="secret") == "HTTP 403"


def test_a_hanging_push_service_does_not_hold_up_the_others(receiver, settings):
    # Long enough never to end the hanging request in a passing run, whatever the load.
    settings.PUSH_TIMEOUT_SECONDS = 60
    stuck = receiver.subscribe()
    hanging = receiver.hold(stuck)
    others = [receiver.subscribe() for _ in range(5)]
    order, results = [], {}

    def record(group):
        for key, outcome in group:
            order.append(key)
            results[key] = outcome.result
        if {s.id for s in others} <= set(order):
            hanging.wait()  # its request is there (on a busy machine, maybe only now)
            hanging.drop()  # and only now does the stuck service hang up

    send_all([(s.id, message(s)) for s in [stuck, *others]], record=record)

    # Every other push came back while the stuck one was still waiting for its answer.
    assert order[-1] == stuck.id
    assert all(results[s.id] == Result.SENT for s in others)
    assert results[stuck.id] == Result.RETRY
    assert len(receiver.delivered()) == 5


def test_a_sender_waits_until_its_group_is_recorded_before_sending_more(receiver, settings):
    settings.PUSH_CONCURRENCY = 1
    first, second = receiver.subscribe(), receiver.subscribe()
    seen = []

    def record(group):
        # A push that must not be sent can only be waited for: a sender that does not
        # wait is caught here; a correct one passes however slow the machine is.
        time.sleep(0.3)
        seen.append(([key for key, _ in group], len(receiver.received)))

    send_all([(s.id, message(s)) for s in (first, second)], record=record)

    # A crash while the first was being recorded could cost one push, not two.
    assert seen == [([first.id], 1), ([second.id], 2)]


def test_no_more_than_push_concurrency_outcomes_wait_to_be_recorded(receiver, settings):
    settings.PUSH_CONCURRENCY = 4
    devices = [receiver.subscribe() for _ in range(30)]
    recorded, unrecorded = [], []

    def record(group):
        time.sleep(0.05)  # as above: only a sender that sends too much is caught by waiting
        # Sent but not recorded: what a crash now would send again.
        unrecorded.append(len(receiver.received) - len(recorded))
        recorded.extend(key for key, _ in group)

    send_all([(s.id, message(s)) for s in devices], record=record)

    assert sorted(recorded) == sorted(s.id for s in devices)
    assert 1 <= max(unrecorded) <= 4
    assert len(receiver.received) == 30


def test_messages_the_caller_no_longer_wants_are_not_sent(receiver, settings):
    settings.PUSH_CONCURRENCY = 2
    devices = [receiver.subscribe() for _ in range(6)]
    unwanted = {devices[3].id, devices[5].id}
    sent = []

    send_all(
        [(s.id, message(s)) for s in devices],
        record=lambda group: sent.extend(key for key, _ in group),
        keep=lambda waiting: [key for key in waiting if key not in unwanted],
    )

    assert sorted(sent) == sorted(s.id for s in devices if s.id not in unwanted)
    assert {p.subscription_id for p in receiver.received} == set(sent)


def test_it_reads_retry_after_as_an_http_date_from_a_503(receiver):
    subscription = receiver.subscribe()
    later = format_datetime(datetime.now(UTC) + timedelta(minutes=5), usegmt=True)
    receiver.answer(subscription, 503, retry_after=later)

    outcome = send(message(subscription))

    assert outcome.result == Result.RETRY
    assert timedelta(minutes=4) < outcome.retry_after <= timedelta(minutes=5)


def test_a_key_that_cannot_be_encrypted_to_is_a_permanent_failure(receiver):
    subscription = receiver.subscribe()
    broken = Message(subscription.endpoint, "AAAA", subscription.auth, b"{}", 600, "high", "r-1")

    outcome = send(broken)

    assert (outcome.result, outcome.status_code) == (Result.PERMANENT, None)
    assert outcome.error.startswith("could not send")
    assert receiver.received == []


def test_a_caller_that_fails_to_record_sends_nothing_more(receiver, settings):
    settings.PUSH_CONCURRENCY = 1
    devices = [receiver.subscribe() for _ in range(3)]

    def record(group):
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        send_all([(s.id, message(s)) for s in devices], record=record)

    assert [p.subscription_id for p in receiver.received] == [devices[0].id]
