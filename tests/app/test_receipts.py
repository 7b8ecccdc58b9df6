"""The real service worker in Chromium: a push is shown once per delivery, and its
receipt reaches the API (pushes delivered through CDP, as a push service would)."""

import json

import pytest
from django.utils import timezone

from contacts.services import contact_create
from reminders.dispatch.payload import StepContext, payload_bytes, with_delivery_ids
from reminders.models import Delivery, Reminder
from reminders.services.calls import missed_call_record
from tests.app.browser import ask_worker, deliver_push, notifications
from tests.waiting import eventually

CLOSE_ALL = """async () => {
  const registration = await navigator.serviceWorker.ready;
  for (const n of await registration.getNotifications()) n.close();
}"""


def pushed(owner, name: str, number: str = "+4930123456") -> tuple[Reminder, Delivery, str]:
    """A missed call, its delivery to this phone, and the push exactly as the engine
    sends it."""
    contact = contact_create(
        owner=owner, name=name, relationship="family", numbers=[(number, "home")]
    )
    reminder = missed_call_record(owner=owner, contact=contact, reason="about Sunday").reminder
    delivery = Delivery.objects.create(
        reminder=reminder, step_seq=reminder.step_seq, step="prompt", endpoint="phone"
    )
    context = StepContext(step="prompt", now=timezone.now(), language="en")
    data = with_delivery_ids(payload_bytes(reminder, context), [delivery.pk])
    return reminder, delivery, data.decode()


@pytest.fixture
def mum(owner):
    return pushed(owner, "Mum")


def shown_at(delivery: Delivery):
    return Delivery.objects.get(pk=delivery.pk).shown_at


def test_a_shown_push_sends_its_receipt_to_the_api(app_page, mum):
    reminder, delivery, data = mum

    [notification] = deliver_push(app_page, data)

    assert notification["data"]["deliveryIds"] == [delivery.pk]
    assert eventually(lambda: shown_at(delivery) is not None)
    reminder.refresh_from_db()
    assert reminder.seen_at == shown_at(delivery)
    assert reminder.seen_step == "prompt"


def test_a_push_sent_again_with_the_same_id_is_not_shown_again(app_page, owner, mum):
    _reminder, delivery, data = mum
    deliver_push(app_page, data)
    assert eventually(lambda: shown_at(delivery) is not None)
    first_receipt = shown_at(delivery)
    app_page.evaluate(CLOSE_ALL)  # the person has seen it and swiped it away

    # The same push again (a worker died before it recorded the first), then another.
    deliver_push(app_page, data, count=0)
    dad, dad_delivery, dad_data = pushed(owner, "Dad", "+4930654321")
    shown = deliver_push(app_page, dad_data)

    # Pushes are handled in order: Dad's is there, Mum's did not come back.
    assert [n["tag"] for n in shown] == [f"reminder-{dad.pk}"]
    assert eventually(lambda: shown_at(dad_delivery) is not None)
    assert shown_at(delivery) == first_receipt


def test_a_click_sends_a_clicked_receipt(app_page, mum):
    reminder, delivery, data = mum
    deliver_push(app_page, data)

    ask_worker(app_page, {"type": "notification-click", "tag": f"reminder-{reminder.pk}"})

    assert eventually(lambda: Delivery.objects.get(pk=delivery.pk).clicked_at is not None)


def test_a_receipt_made_offline_is_sent_when_the_phone_is_back(app_page, mum):
    _reminder, delivery, data = mum
    app_page.context.set_offline(True)
    try:
        deliver_push(app_page, data)
        assert notifications(app_page)
        left = ask_worker(app_page, {"type": "receipts"})
    finally:
        app_page.context.set_offline(False)
    assert left == {"left": 1}
    assert shown_at(delivery) is None

    assert ask_worker(app_page, {"type": "receipts"}) == {"left": 0}
    assert shown_at(delivery) is not None
    assert json.loads(data)["delivery_ids"] == [delivery.pk]
