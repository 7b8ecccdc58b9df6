"""Where the dispatcher's steps go besides the phones: with no phone left, a callback's
later steps and the keep-in-touch digest go through the channels; the digest goes there
instead of, or besides, the push, as the user chose (Preferences.digest_by). Through the
dispatcher, to a real SMTP server and a local ntfy server; quiet hours hold."""

from datetime import time

import pytest
import time_machine

from accounts.models import DigestBy
from accounts.services import preferences_update
from contacts.models import Channel
from push.models import Subscription
from reach.models import ChannelMessage, MessageKind, MessageStatus
from reach.services import channel_create
from reach.tasks import send_channel_messages
from reminders.models import Delivery, DeliveryStatus, Outcome
from reminders.policy import StepKind
from reminders.services.transitions import attempt_record
from tests.factories import at
from tests.push_receiver import subscribe
from tests.reminders.test_digest import _three_due_tomorrow_morning
from tests.reminders.test_dispatch import call_from

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_channels")]


@pytest.fixture
def berlin(user, mailbox, ntfy):
    preferences_update(user=user, time_zone="Europe/Berlin", digest_time=time(9, 0))
    channel_create(owner=user, name="Mail", url=mailbox.url)
    channel_create(owner=user, name="ntfy", url=ntfy.url())
    return user


def _send(moment):
    with time_machine.travel(moment, tick=False):
        send_channel_messages()


def test_with_every_phone_gone_each_later_step_of_a_callback_comes_by_the_channels(
    berlin, receiver, mailbox, ntfy, dispatch
):
    device = subscribe(receiver, berlin)
    receiver.answer(device, 410)
    with time_machine.travel(at("2026-06-16 10:00"), tick=False):
        reminder = call_from(berlin, reason="About Sunday")
    dispatch(now=at("2026-06-16 10:00"))
    # The phone said it is gone: the first step comes at once, through its delivery.
    assert Delivery.objects.get().status == DeliveryStatus.GONE
    assert not Subscription.objects.exists()
    _send(at("2026-06-16 10:00"))
    assert len(mailbox.wait_for(1)) == 1

    # No phone is left: the next step has no delivery at all, and still comes.
    reminder.refresh_from_db()
    later, step = reminder.next_step_at, reminder.next_step
    assert step in {StepKind.NUDGE, StepKind.FINAL, StepKind.OVERDUE}
    dispatch(now=later)
    _send(later)

    assert Delivery.objects.count() == 1
    messages = ChannelMessage.objects.filter(step_seq=reminder.step_seq)
    assert {(m.kind, m.status) for m in messages} == {(MessageKind.FALLBACK, MessageStatus.SENT)}
    mails = mailbox.wait_for(2)
    assert len(mails) == 2 and len(ntfy.posts) == 2
    assert "Anna Weber" in mails[1]["Subject"]
    assert f"https://ringback.example/reminders/{reminder.pk}" in ntfy.posts[1]["message"]


def test_with_no_phone_ever_the_apology_and_the_retry_after_no_answer_come_by_the_channels(
    berlin, ntfy, mailbox, dispatch
):
    with time_machine.travel(at("2026-06-16 10:00"), tick=False) as clock:
        reminder = call_from(berlin, reason="About Sunday")
        dispatch()
        attempt_record(reminder=reminder, channel=Channel.CALL, outcome=Outcome.NO_ANSWER)
        dispatch()  # the apology, at once
        send_channel_messages()
        reminder.refresh_from_db()
        assert reminder.next_step == StepKind.RETRY
        clock.move_to(reminder.next_step_at)
        dispatch()  # the retry
        send_channel_messages()

    assert not Delivery.objects.exists()
    titles = [post["title"] for post in ntfy.posts]
    assert len(titles) == 3
    assert titles[1] == "Anna Weber didn't answer"
    assert [m["Subject"] for m in mailbox.wait_for(3)] == titles
    # One message per step and channel: prompt, apology, retry.
    sent = ChannelMessage.objects.filter(channel__name="ntfy", status=MessageStatus.SENT)
    assert len(set(sent.values_list("step_seq", flat=True))) == 3


def test_without_a_phone_the_digest_comes_by_the_channels(berlin, mailbox, ntfy, dispatch):
    _three_due_tomorrow_morning(berlin, "2026-06-16")

    dispatch(now=at("2026-06-16 07:00"))  # 09:00 in Berlin
    _send(at("2026-06-16 07:00"))

    [mail] = mailbox.wait_for(1)
    assert mail["Subject"] == "Get in touch today"
    lines = mail.get_body(("plain",)).get_content().splitlines()
    assert lines[:3] == ["Birthday today: Anna", "Get in touch with Mum", "Get in touch with Dad"]
    assert "https://ringback.example/today" in lines[-1]
    [post] = ntfy.posts
    assert post["title"] == "Get in touch today"
    # One message per channel for the three, sent once.
    assert ChannelMessage.objects.filter(kind=MessageKind.DIGEST).count() == 2
    _send(at("2026-06-16 07:05"))
    assert (len(mailbox.messages), len(ntfy.posts)) == (1, 1)


@pytest.mark.parametrize(
    ("digest_by", "pushed", "by_channels"),
    [(DigestBy.PUSH, 1, 0), (DigestBy.CHANNELS, 0, 1), (DigestBy.BOTH, 1, 1)],
)
def test_the_digest_goes_where_the_user_chose(
    berlin, receiver, mailbox, ntfy, dispatch, digest_by, pushed, by_channels
):
    phone = subscribe(receiver, berlin)
    preferences_update(user=berlin, digest_by=digest_by)
    _three_due_tomorrow_morning(berlin, "2026-06-16")

    dispatch(now=at("2026-06-16 07:00"))
    _send(at("2026-06-16 07:00"))

    assert len(receiver.wait_for(pushed, subscription=phone)) == pushed
    assert len(mailbox.wait_for(by_channels)) == by_channels
    assert len(ntfy.posts) == by_channels
    # What went by the channels only is not waiting as a push either.
    expected = 0 if digest_by == DigestBy.CHANNELS else 3
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == expected


def test_a_digest_for_the_channels_only_is_pushed_when_there_is_no_channel(
    user, receiver, dispatch
):
    preferences_update(
        user=user, time_zone="Europe/Berlin", digest_time=time(9, 0), digest_by=DigestBy.CHANNELS
    )
    phone = subscribe(receiver, user)
    _three_due_tomorrow_morning(user, "2026-06-16")

    dispatch(now=at("2026-06-16 07:00"))

    [digest] = receiver.wait_for(1, subscription=phone)
    assert digest.payload["title"] == "Get in touch today"


def test_quiet_hours_hold_for_the_channels_digest(berlin, mailbox, ntfy, dispatch):
    preferences_update(user=berlin, digest_by=DigestBy.CHANNELS)
    _three_due_tomorrow_morning(berlin, "2026-06-16")
    # Quiet hours set after the digest was placed (without moving it): its step is due
    # inside them, and the channels wait for their end as a push would.
    preferences_update(user=berlin, quiet_start=time(8, 30), quiet_end=time(12, 0))

    dispatch(now=at("2026-06-16 07:00"))
    _send(at("2026-06-16 07:00"))

    assert (mailbox.messages, ntfy.posts) == ([], [])
    # 12:00 in Berlin.
    assert {m.next_try_at for m in ChannelMessage.objects.all()} == {at("2026-06-16 10:00")}
    _send(at("2026-06-16 10:00"))
    assert len(mailbox.wait_for(1)) == 1
    assert len(ntfy.posts) == 1


def test_the_digest_setting_is_in_the_api(api, user):
    assert api.get("/api/me/").json()["digest_by"] == "push"

    response = api.patch("/api/me/", {"digest_by": "both"}, format="json")

    assert response.status_code == 200
    assert response.json()["digest_by"] == "both"
    bad = api.patch("/api/me/", {"digest_by": "pigeon"}, format="json")
    assert bad.status_code == 400
    assert "digest_by" in bad.json()
    assert api.get("/api/me/").json()["digest_by"] == "both"


def test_when_every_phone_refuses_the_digest_the_channels_get_each_reminder(
    berlin, receiver, mailbox, ntfy, dispatch
):
    phone = subscribe(receiver, berlin)
    receiver.answer(phone, 403)  # refused for good (a key the push service does not take)
    _three_due_tomorrow_morning(berlin, "2026-06-16")

    dispatch(now=at("2026-06-16 07:00"))
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.FAILED}
    _send(at("2026-06-16 07:00"))

    assert sorted(post["title"] for post in ntfy.posts) == [
        "Birthday today: Anna",
        "Get in touch with Dad",
        "Get in touch with Mum",
    ]
    assert len(mailbox.wait_for(3)) == 3
    _send(at("2026-06-16 07:10"))
    assert len(ntfy.posts) == 3


def test_a_digest_that_went_by_the_channels_is_not_sent_there_again_when_the_push_fails(
    berlin, receiver, mailbox, ntfy, dispatch
):
    preferences_update(user=berlin, digest_by=DigestBy.BOTH)
    phone = subscribe(receiver, berlin)
    receiver.answer(phone, 403)
    _three_due_tomorrow_morning(berlin, "2026-06-16")

    dispatch(now=at("2026-06-16 07:00"))
    _send(at("2026-06-16 07:00"))
    _send(at("2026-06-16 07:10"))

    assert [post["title"] for post in ntfy.posts] == ["Get in touch today"]
    assert len(mailbox.wait_for(1)) == 1
