"""reminders 0013 and push 0002 (receipts) keep every delivery and subscription, and
start them unseen: no phone is called silent for pushes sent before receipts existed."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from django.apps.registry import Apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from push.models import Subscription
from push.selectors import device_states
from reminders.models import Delivery, Reminder

BEFORE = [
    ("reminders", "0012_idempotency_keys_as_replays"),
    ("push", "0001_initial"),
    ("reach", None),
]
AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def migrate(targets) -> Apps:
    state = MigrationExecutor(connection).migrate(targets)
    ContentType.objects.clear_cache()
    return state.apps


@pytest.fixture
def before_receipts(transactional_db) -> Iterator[Apps]:
    try:
        yield migrate(BEFORE)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_every_delivery_and_subscription_is_kept_and_none_is_silent(before_receipts):
    apps = before_receipts
    user = apps.get_model("auth", "User").objects.create(username="alice", password="!")
    info = apps.get_model("webpush", "SubscriptionInfo").objects.create(
        endpoint="https://fcm.googleapis.com/fcm/send/x", p256dh="k", auth="a", browser="chrome"
    )
    apps.get_model("webpush", "PushInformation").objects.create(user=user, subscription=info)
    apps.get_model("push", "Subscription").objects.create(info=info, endpoint=info.endpoint)
    reminder = apps.get_model("reminders", "Reminder").objects.create(
        owner=user, number="+4915112345678", kind="callback", call_count=1, opened_at=AT,
        first_call_at=AT, last_call_at=AT, deadline=AT + timedelta(days=1),
    )  # fmt: skip
    apps.get_model("reminders", "Delivery").objects.create(
        reminder=reminder, step_seq=0, step="prompt", subscription_id=info.pk,
        endpoint=info.endpoint, status="sent", tries=1, finished_at=AT,
    )  # fmt: skip

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.tries, delivery.finished_at) == ("sent", 1, AT)
    assert (delivery.shown_at, delivery.sending_at) == (None, None)
    assert Reminder.objects.get().seen_at is None
    subscription = Subscription.objects.get()
    assert (subscription.unseen_pushes, subscription.last_receipt_at) == (0, None)
    [state] = device_states(subscription.info.webpush_info.get().user, now=timezone.now())
    assert state.silent is False
