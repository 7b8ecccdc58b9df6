"""A push sent again after a worker died before recording it: the same delivery id (the
phone shows it once), and an attempt saying so (the admin shows the repeat)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from reminders.dispatch import deliver
from reminders.models import INTERRUPTED, Delivery, DeliveryStatus
from tests.push_receiver import subscribe
from tests.reminders.test_dispatch import call_from

pytestmark = pytest.mark.django_db


class Killed(BaseException):
    """The worker dies (kill -9) after the push went out, before its outcome is stored."""


def test_a_push_the_worker_did_not_record_goes_again_with_its_id_and_is_recorded_twice(
    user, receiver, dispatch, monkeypatch
):
    subscribe(receiver, user)
    reminder = call_from(user)

    def killed(group, now):
        raise Killed

    monkeypatch.setattr(deliver, "_record", killed)
    with pytest.raises(Killed):
        dispatch()
    monkeypatch.undo()
    assert Delivery.objects.get().sending_at is not None
    # The lease runs out; the next dispatcher run claims the reminder again.
    dispatch(now=timezone.now() + timedelta(seconds=settings.REMINDER_CLAIM_LEASE_SECONDS + 1))

    first, second = receiver.delivered()
    delivery = Delivery.objects.get(reminder=reminder)
    assert first.payload["delivery_ids"] == second.payload["delivery_ids"] == [delivery.pk]
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.sending_at is None
    assert list(delivery.attempts.values_list("outcome", flat=True)) == [INTERRUPTED, "sent"]


def test_a_batch_that_sends_nothing_leaves_no_mark(user, receiver, dispatch, monkeypatch):
    subscribe(receiver, user)
    call_from(user)
    # Closed right before sending: nothing goes out, nothing was interrupted.
    monkeypatch.setattr(deliver, "_still_open", lambda claims, token: set())

    dispatch()

    assert receiver.delivered() == []
    assert Delivery.objects.get().sending_at is None
