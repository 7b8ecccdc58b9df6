"""A callback push no phone shows in time goes through the user's channels: an e-mail to
a real SMTP server and an ntfy:// post to a local HTTP server, through the dispatcher.

The local push service accepts every push, but no service worker is behind it, so no
receipt ever comes (as with a phone that lost its subscription)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Preferences
from reach.models import Channel, ChannelMessage, MessageStatus
from reach.services import channel_create
from reach.tasks import send_channel_messages
from reminders.models import Delivery
from reminders.services.receipts import delivery_receipts_record
from reminders.services.transitions import reminder_complete
from tests.push_receiver import subscribe
from tests.reminders.test_dispatch import call_from

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_channels")]
WAIT = 30


@pytest.fixture
def setup(user, receiver, mailbox, ntfy, settings):
    settings.RECEIPT_WAIT_SECONDS = WAIT
    subscribe(receiver, user)
    channel_create(owner=user, name="Mail", url=mailbox.url)
    channel_create(owner=user, name="ntfy", url=ntfy.url())
    return user


def pushed(user, dispatch):
    """A missed call from Anna, pushed now: (reminder, when)."""
    start = timezone.now()
    with time_machine.travel(start):
        reminder = call_from(user, reason="About Sunday")
        dispatch()
    return reminder, Delivery.objects.get(reminder=reminder).finished_at


def run_at(moment):
    with time_machine.travel(moment):
        send_channel_messages()


def test_an_unseen_callback_comes_by_email_and_ntfy_after_the_wait(
    setup, receiver, mailbox, ntfy, dispatch
):
    reminder, pushed_at = pushed(setup, dispatch)
    assert len(receiver.delivered()) == 1

    run_at(pushed_at + timedelta(seconds=WAIT - 1))
    assert (mailbox.messages, ntfy.posts) == ([], [])

    run_at(pushed_at + timedelta(seconds=WAIT))

    [mail] = mailbox.wait_for(1)
    assert "Anna Weber" in mail["Subject"]
    text = mail.get_body(("plain",)).get_content()
    assert "About Sunday" in text
    assert f"https://ringback.example/reminders/{reminder.pk}" in text
    assert "tel:+4915112345678" in text
    [post] = ntfy.posts
    assert post["topic"] == "ringback-alice"
    assert "Anna Weber" in post["title"]
    assert f"https://ringback.example/reminders/{reminder.pk}" in post["message"]
    assert set(ChannelMessage.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    # Once: a later run sends nothing more for this push.
    run_at(pushed_at + timedelta(seconds=WAIT + 60))
    assert (len(mailbox.messages), len(ntfy.posts)) == (1, 1)


def test_nothing_goes_when_a_phone_showed_the_push_in_time(setup, mailbox, ntfy, dispatch):
    _reminder, pushed_at = pushed(setup, dispatch)
    with time_machine.travel(pushed_at + timedelta(seconds=10)):
        delivery_receipts_record(
            user=setup,
            delivery_ids=list(Delivery.objects.values_list("pk", flat=True)),
            event="shown",
        )

    run_at(pushed_at + timedelta(seconds=WAIT + 60))

    assert (mailbox.messages, ntfy.posts) == ([], [])
    assert not ChannelMessage.objects.exists()


def test_when_every_phone_is_gone_the_channels_get_it_at_once(
    setup, receiver, mailbox, ntfy, dispatch
):
    [device] = receiver._subscriptions.values()
    receiver.answer(device, 410)

    pushed(setup, dispatch)
    run_at(timezone.now())

    assert len(mailbox.wait_for(1)) == 1
    assert len(ntfy.posts) == 1


def test_quiet_hours_hold_for_channels_too(setup, mailbox, ntfy, dispatch):
    now = timezone.now()
    local = now.astimezone(Preferences.objects.get_or_create(user=setup)[0].zone)
    # Quiet from an hour ago until two hours ahead (the dispatcher's push is placed by the
    # rule book; the fallback must wait for the end as well).
    Preferences.objects.filter(user=setup).update(
        quiet_start=(local - timedelta(hours=1)).time().replace(second=0, microsecond=0),
        quiet_end=(local + timedelta(hours=2)).time().replace(second=0, microsecond=0),
    )
    reminder = call_from(setup, reason="About Sunday")
    # The rule book may move the push after the quiet hours: send it now regardless.
    with time_machine.travel(now):
        dispatch(now=reminder.next_step_at)
    pushed_at = Delivery.objects.get().finished_at

    run_at(pushed_at + timedelta(seconds=WAIT))

    message = ChannelMessage.objects.first()
    assert message is not None
    assert message.next_try_at >= now + timedelta(hours=1, minutes=58)
    assert (mailbox.messages, ntfy.posts) == ([], [])


def test_a_closed_reminder_sends_nothing_more(setup, mailbox, ntfy, dispatch):
    reminder, pushed_at = pushed(setup, dispatch)
    with time_machine.travel(pushed_at + timedelta(seconds=WAIT)):
        from reach.services import fallbacks_open

        fallbacks_open(now=timezone.now())
    reminder_complete(reminder=reminder)

    run_at(pushed_at + timedelta(seconds=WAIT + 1))

    assert (mailbox.messages, ntfy.posts) == ([], [])


def test_a_failing_channel_is_retried_and_shown_as_failing(setup, mailbox, ntfy, dispatch):
    ntfy.status = 500
    _reminder, pushed_at = pushed(setup, dispatch)

    run_at(pushed_at + timedelta(seconds=WAIT))

    message = ChannelMessage.objects.get(channel__name="ntfy")
    assert (message.status, message.tries) == (MessageStatus.PENDING, 1)
    assert message.next_try_at > pushed_at + timedelta(seconds=WAIT)
    channel = Channel.objects.get(name="ntfy")
    assert channel.failing_since is not None
    assert channel.last_error

    ntfy.status = 200
    run_at(message.next_try_at)

    message.refresh_from_db()
    assert (message.status, message.tries) == (MessageStatus.SENT, 2)
    channel.refresh_from_db()
    assert (channel.failing_since, channel.last_error) == (None, "")
