import pytest
from django.conf import settings as django_settings

from reminders import transport
from reminders.dispatch import reminders_deliver, reminders_dispatch
from reminders.services import push_subscription_save
from tests.push_receiver import PushReceiver


@pytest.fixture
def push_latency() -> float:
    """Seconds the local push service takes to answer; a module may override it."""
    return 0.0


@pytest.fixture
def receiver(settings, monkeypatch, push_latency):
    """The local push service, allowed as an endpoint origin, with fresh VAPID tokens
    (frozen clocks in other tests must not leave a token from another time behind)."""
    monkeypatch.setattr(transport, "_tokens", transport._VapidTokens())
    with PushReceiver(
        vapid_public_key=django_settings.VAPID_PUBLIC_KEY, latency=push_latency
    ) as push_receiver:
        settings.PUSH_EXTRA_ORIGINS = [push_receiver.origin]
        yield push_receiver
        assert push_receiver.rejected == []


@pytest.fixture
def dispatch():
    """One dispatcher run with its batches delivered in this process, at `now`."""

    def run(now=None) -> int:
        batches = []
        claimed = reminders_dispatch(
            enqueue=lambda ids, token: batches.append((ids, token)), now=now
        )
        for ids, token in batches:
            reminders_deliver(reminder_ids=ids, token=token, now=now)
        return claimed

    return run


def subscribe(receiver, user):
    """A browser of `user` subscribing through the service the API uses."""
    subscription = receiver.subscribe()
    push_subscription_save(
        user=user,
        endpoint=subscription.endpoint,
        p256dh=subscription.p256dh,
        auth=subscription.auth,
    )
    return subscription
