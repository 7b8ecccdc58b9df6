"""Receipts from the phone: POST /api/push/receipts/ after the engine's push arrived."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from push.models import Subscription
from reminders.models import Delivery, Reminder
from tests.push_receiver import subscribe
from tests.reminders.test_dispatch import call_from

pytestmark = pytest.mark.django_db


@pytest.fixture
def pushed(user, receiver, dispatch):
    """A missed call pushed to Alice's phone: (reminder, the delivery ids it carried)."""
    subscribe(receiver, user)
    reminder = call_from(user)
    dispatch()
    [received] = receiver.delivered()
    return reminder, received.payload["delivery_ids"]


def test_each_push_carries_the_ids_of_its_deliveries(pushed):
    reminder, ids = pushed

    assert ids == list(Delivery.objects.filter(reminder=reminder).values_list("pk", flat=True))


def test_a_shown_receipt_marks_the_delivery_the_device_and_the_reminder(api, pushed):
    reminder, ids = pushed
    now = timezone.now()

    with time_machine.travel(now, tick=False):
        response = api.post(
            "/api/push/receipts/", {"delivery_ids": ids, "event": "shown"}, format="json"
        )

    assert response.status_code == 200
    assert response.json() == {"recorded": 1}
    delivery = Delivery.objects.get(pk=ids[0])
    assert delivery.shown_at == now
    device = Subscription.objects.get()
    assert (device.last_receipt_at, device.unseen_pushes, device.first_unseen_at) == (
        now,
        0,
        None,
    )
    answer = api.get(f"/api/reminders/{reminder.pk}/").json()
    assert answer["seen_at"] == now.isoformat().replace("+00:00", "Z")
    assert (answer["seen_step"], answer["seen_on"]) == ("prompt", "other")


def test_a_push_accepted_but_not_shown_counts_as_unseen(pushed):
    device = Subscription.objects.get()

    assert device.unseen_pushes == 1
    assert device.first_unseen_at is not None
    assert device.last_receipt_at is None


def test_a_click_counts_as_shown_and_the_first_time_counts(api, pushed):
    _reminder, ids = pushed
    start = timezone.now()

    with time_machine.travel(start, tick=False) as clock:
        api.post("/api/push/receipts/", {"delivery_ids": ids, "event": "clicked"}, format="json")
        clock.shift(timedelta(minutes=5))
        api.post("/api/push/receipts/", {"delivery_ids": ids, "event": "shown"}, format="json")
        api.post("/api/push/receipts/", {"delivery_ids": ids, "event": "closed"}, format="json")

    delivery = Delivery.objects.get(pk=ids[0])
    assert delivery.shown_at == delivery.clicked_at == start
    assert delivery.closed_at == start + timedelta(minutes=5)


def test_a_receipt_replayed_later_keeps_when_it_happened(api, pushed):
    _reminder, ids = pushed
    shown = timezone.now().replace(microsecond=0)

    with time_machine.travel(shown + timedelta(hours=2), tick=False):
        api.post(
            "/api/push/receipts/",
            {"delivery_ids": ids, "event": "shown", "at": shown.isoformat()},
            format="json",
        )

    assert Delivery.objects.get(pk=ids[0]).shown_at == shown


def test_someone_elses_deliveries_are_not_touched(other_api, pushed):
    reminder, ids = pushed

    response = other_api.post(
        "/api/push/receipts/", {"delivery_ids": ids, "event": "shown"}, format="json"
    )

    assert response.json() == {"recorded": 0}
    assert Delivery.objects.get(pk=ids[0]).shown_at is None
    assert Reminder.objects.get(pk=reminder.pk).seen_at is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"delivery_ids": [], "event": "shown"}, "delivery_ids"),
        ({"delivery_ids": ["x"], "event": "shown"}, "delivery_ids"),
        ({"delivery_ids": [1], "event": "read"}, "event"),
        ({"delivery_ids": [1], "event": "shown", "at": "yesterday"}, "at"),
        ({"delivery_ids": list(range(1, 52)), "event": "shown"}, "delivery_ids"),
    ],
)
def test_a_bad_receipt_is_a_400_naming_the_field(api, body, field):
    response = api.post("/api/push/receipts/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()


def test_a_receipt_needs_a_session(anonymous):
    response = anonymous.post(
        "/api/push/receipts/", {"delivery_ids": [1], "event": "shown"}, format="json"
    )

    assert response.status_code in (401, 403)
