from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from reminders.dispatch.claim import reminders_dispatch
from reminders.dispatch.deliver import reminders_deliver
from reminders.models import Delivery, DeliveryAttempt, Source
from reminders.services.calls import missed_call_record
from tests.factories import UserFactory
from tests.push_receiver import subscribe

pytestmark = pytest.mark.django_db
FCM = "https://fcm.googleapis.com/fcm/send/secret-token-of-alice"
APPLE = "https://web.push.apple.com/QGhxSecretOfAlice"


def dispatcher_ran(at) -> None:
    reminders_dispatch(enqueue=lambda ids, token: None, now=at)


def attempts(endpoint: str, outcome: str, *, count: int = 1, status_code=None, ago=None):
    """`count` pushes to `endpoint`, one attempt each, that long ago (default: just now)."""
    owner = UserFactory(username="alice")
    reminder = missed_call_record(owner=owner, number="+4930111111", source=Source.API).reminder
    for _ in range(count):
        delivery = Delivery.objects.create(
            reminder=reminder, step_seq=reminder.step_seq, step="prompt", endpoint=endpoint
        )
        DeliveryAttempt.objects.create(
            delivery=delivery, at=timezone.now() - (ago or timedelta(0)), outcome=outcome,
            status_code=status_code, error="", duration_ms=30,
        )  # fmt: skip


@pytest.fixture
def frozen():
    # The answers count seconds since the last run: the request must not age them.
    with time_machine.travel(timezone.now(), tick=False):
        yield


def test_it_is_healthy_when_database_broker_and_dispatcher_are(client, frozen):
    dispatcher_ran(timezone.now() - timedelta(seconds=20))

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok", "dispatcher": "ok", "push": "ok"},
        "push_services": {},
        "channels": {"failing": 0},
        "sources": {"total": 0, "failing": 0},
    }


def test_it_fails_when_the_dispatcher_has_stopped(client, frozen):
    dispatcher_ran(timezone.now() - timedelta(minutes=3))

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["dispatcher"] == "last ran 180 s ago"


def test_it_fails_when_the_dispatcher_never_ran(client):
    assert client.get("/healthz").json()["checks"]["dispatcher"] == "never ran"


def test_it_fails_when_the_broker_does_not_answer(client, settings):
    dispatcher_ran(timezone.now())
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("failing")


def test_it_needs_no_login_and_is_not_cached(client):
    with time_machine.travel(timezone.now(), tick=False):
        dispatcher_ran(timezone.now())
        response = client.get("/healthz")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_it_reports_each_push_services_share_of_failed_pushes_in_the_last_hour(client):
    dispatcher_ran(timezone.now())
    attempts(FCM, "sent", count=3, status_code=201)
    attempts(FCM, "permanent", status_code=400)
    attempts(FCM, "gone", count=2, status_code=410)
    attempts(FCM, "retry", status_code=503)
    attempts(FCM, "permanent", count=4, status_code=400, ago=timedelta(minutes=61))
    attempts(APPLE, "sent", status_code=201)
    attempts("https://api.push.apple.com/3/device/x", "sent", status_code=201)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["push"] == "ok"
    assert response.json()["push_services"] == {
        "fcm.googleapis.com": {
            "sent": 3, "failed": 1, "gone": 2, "retried": 1, "failed_share": 0.25,
        },
        "push.apple.com": {"sent": 2, "failed": 0, "gone": 0, "retried": 0, "failed_share": 0.0},
    }  # fmt: skip
    assert b"alice" not in response.content
    assert b"secret" not in response.content.lower()


def test_it_fails_naming_the_push_service_that_refuses_every_push(client):
    dispatcher_ran(timezone.now())
    attempts(FCM, "permanent", count=5, status_code=403)
    attempts(APPLE, "sent", count=10, status_code=201)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "failing"
    assert response.json()["checks"]["push"] == (
        "failing: fcm.googleapis.com refused 5 pushes in the last hour and took none"
    )
    assert response.json()["push_services"]["fcm.googleapis.com"]["failed_share"] == 1.0


@pytest.mark.parametrize(
    "history",
    [
        [("permanent", 4, 403)],  # too few to tell the service from a broken subscription
        [("permanent", 9, 403), ("sent", 1, 201)],  # it takes some: not a refusal of all
        [("gone", 20, 410)],  # browsers unsubscribing is no failure of the service
    ],
)
def test_it_stays_healthy_unless_a_service_refuses_everything(client, history):
    dispatcher_ran(timezone.now())
    for outcome, count, status_code in history:
        attempts(FCM, outcome, count=count, status_code=status_code)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["push"] == "ok"


def test_endpoints_refused_here_are_not_blamed_on_a_push_service(client):
    dispatcher_ran(timezone.now())
    # Stored before the allow-list was strict, refused at send time: no service answered.
    attempts("https://127.0.0.1\\.push.apple.com/x", "permanent", count=6)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["push_services"] == {
        "other": {"sent": 0, "failed": 6, "gone": 0, "retried": 0, "failed_share": 1.0}
    }
    assert b"127.0.0.1" not in response.content


def test_a_push_service_answering_403_to_every_push_turns_it_503(client, user, receiver):
    phone = subscribe(receiver, user)
    receiver.answer(phone, 403, times=5)  # as for a VAPID key the service no longer knows
    for number in ("+4930111111", "+4930222222", "+4930333333", "+4930444444", "+4930555555"):
        missed_call_record(owner=user, number=number, source=Source.API)
    batches = []
    reminders_dispatch(enqueue=lambda ids, token: batches.append((ids, token)))
    for ids, token in batches:
        reminders_deliver(reminder_ids=ids, token=token)

    response = client.get("/healthz")

    service = receiver.origin.removeprefix("http://")
    assert response.status_code == 503
    assert response.json()["checks"]["push"] == (
        f"failing: {service} refused 5 pushes in the last hour and took none"
    )
    assert response.json()["push_services"][service]["failed"] == 5
