"""Silent phones: pushes taken by the push service but never shown (no receipt)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from push.services import (
    push_subscription_save,
    push_subscriptions_receipt,
    push_subscriptions_sent,
)
from tests.push_receiver import browser_keys

pytestmark = pytest.mark.django_db
FCM = "https://fcm.googleapis.com/fcm/send/"


def phone(user, name="phone"):
    p256dh, auth = browser_keys()
    return push_subscription_save(
        user=user, endpoint=FCM + name, p256dh=p256dh, auth=auth, user_agent="Chrome/130"
    )


def test_a_new_phone_is_not_silent(api, user):
    device = phone(user)

    [state] = api.get("/api/push/devices/").json()

    assert state["id"] == device.pk
    assert state["endpoint"] == FCM + "phone"
    assert (state["browser"], state["push_service"]) == ("chrome", "fcm.googleapis.com")
    assert (state["silent"], state["unseen_pushes"], state["last_receipt_at"]) == (False, 0, None)


def test_three_pushes_without_a_receipt_make_a_phone_silent(api, user, settings):
    settings.PUSH_SILENT_AFTER_PUSHES = 3
    device = phone(user)
    first = timezone.now()
    push_subscriptions_sent(counts={device.pk: 1}, at=first)
    push_subscriptions_sent(counts={device.pk: 1}, at=first + timedelta(hours=1))
    assert api.get("/api/push/devices/").json()[0]["silent"] is False

    push_subscriptions_sent(counts={device.pk: 1}, at=first + timedelta(hours=2))

    [state] = api.get("/api/push/devices/").json()
    assert (state["silent"], state["unseen_pushes"]) == (True, 3)
    assert state["silent_since"] == first.isoformat().replace("+00:00", "Z")


def test_a_push_unseen_for_three_days_makes_a_phone_silent(api, user, settings):
    settings.PUSH_SILENT_AFTER_DAYS = 3
    device = phone(user)
    sent = timezone.now()
    push_subscriptions_sent(counts={device.pk: 1}, at=sent)

    with time_machine.travel(sent + timedelta(days=3) - timedelta(minutes=1)):
        assert api.get("/api/push/devices/").json()[0]["silent"] is False
    with time_machine.travel(sent + timedelta(days=3)):
        assert api.get("/api/push/devices/").json()[0]["silent"] is True


def test_a_receipt_makes_a_silent_phone_heard_again(api, user):
    device = phone(user)
    push_subscriptions_sent(counts={device.pk: 5}, at=timezone.now())

    push_subscriptions_receipt(subscription_ids=[device.pk], at=timezone.now())

    [state] = api.get("/api/push/devices/").json()
    assert (state["silent"], state["unseen_pushes"]) == (False, 0)
    assert state["last_receipt_at"] is not None


def test_each_user_sees_only_their_own_phones(api, user, other_user):
    phone(user, "mine")
    phone(other_user, "theirs")

    assert [d["endpoint"] for d in api.get("/api/push/devices/").json()] == [FCM + "mine"]
