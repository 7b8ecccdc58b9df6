"""One digest: the rhythm's reminders of a user that fall due at the digest time go to
each phone as one push listing the people; a single one as its own push with Call and
Text; callbacks keep their own pushes. At the digest time in Europe/Berlin across both
DST changes, never inside quiet hours. Delivered to the local push service, decrypted."""

import itertools
from datetime import time, timedelta

import pytest
import time_machine

from accounts.services import preferences_update
from contacts.dates import parse_yearly
from contacts.models import Relationship
from contacts.services import DateInput, contact_create, touch_record
from reminders.models import Delivery, DeliveryStatus, Reminder, ReminderKind
from reminders.policy import StepKind
from reminders.services.calls import missed_call_record
from reminders.services.rhythms import rhythm_reminders_open
from tests.factories import at
from tests.push_receiver import subscribe

pytestmark = pytest.mark.django_db
NUMBERS = (f"+4915122{n:06d}" for n in itertools.count())


@pytest.fixture
def berlin(user):
    preferences_update(user=user, time_zone="Europe/Berlin", digest_time=time(9, 0))
    return user


def _travel(moment):
    return time_machine.travel(moment, tick=False)


def _person(user, name, relationship=Relationship.OTHER, **fields):
    return contact_create(
        owner=user, name=name, relationship=relationship, numbers=[(next(NUMBERS), "")], **fields
    )


def _three_due_tomorrow_morning(user, day: str):
    """Mum and Dad's fortnightly rhythm comes due, and it is Anna's birthday, on `day`
    (YYYY-MM-DD) in Berlin: all three at 09:00 there."""
    with _travel(at(f"{day} 06:00") - timedelta(days=14)):
        mum = _person(user, "Mum", Relationship.FAMILY)
        dad = _person(user, "Dad", Relationship.FAMILY)
    yearly = parse_yearly(f"1990-{day[5:]}")
    anna = _person(user, "Anna", dates=[DateInput(kind="birthday", yearly=yearly)])
    with _travel(at(f"{day} 06:00")):
        assert rhythm_reminders_open() == 3
    return mum, dad, anna


def test_several_due_at_the_digest_time_go_as_one_push_naming_everyone(berlin, receiver, dispatch):
    phone = subscribe(receiver, berlin)
    _three_due_tomorrow_morning(berlin, "2026-06-16")
    caller = _person(berlin, "Acme", Relationship.CLIENT)
    with _travel(at("2026-06-16 06:58")):
        missed_call_record(owner=berlin, contact=caller, source="api")
    dispatch(now=at("2026-06-16 06:58"))
    assert [p.payload["title"] for p in receiver.wait_for(1)] == ["Call back Acme"]

    dispatch(now=at("2026-06-16 06:59"))  # 08:59 in Berlin: nothing of the rhythm yet
    assert len(receiver.received) == 1
    dispatch(now=at("2026-06-16 07:00"))
    pushes = receiver.wait_for(2, subscription=phone)

    assert len(pushes) == 2
    digest = pushes[1]
    assert digest.headers["topic"] == f"digest-{berlin.pk}"
    assert digest.payload["title"] == "Get in touch today"
    assert digest.payload["url"] == "/today"
    # Today's days first, then by deadline (Mum and Dad's is the same: in the order opened).
    assert digest.payload["body"].splitlines() == [
        "Birthday today: Anna",
        "Get in touch with Mum",
        "Get in touch with Dad",
    ]
    assert digest.payload["actions"] == []
    rhythm = Reminder.objects.filter(kind__in=["keep_in_touch", "occasion"])
    assert set(digest.payload["reminder_ids"]) == set(rhythm.values_list("pk", flat=True))
    deliveries = Delivery.objects.filter(reminder__in=rhythm)
    assert deliveries.count() == 3
    assert set(deliveries.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    # Each went on: keep in touch to its late push a week on, the birthday to nothing more.
    steps = dict(rhythm.values_list("kind", "next_step"))
    assert steps == {"keep_in_touch": StepKind.OVERDUE, "occasion": ""}

    dispatch(now=at("2026-06-16 07:01"))
    assert len(receiver.received) == 2  # sent once


def test_a_single_one_goes_as_its_own_push_with_call_and_text(berlin, receiver, dispatch):
    subscribe(receiver, berlin)
    with _travel(at("2026-06-01 12:00")):
        mum = _person(berlin, "Mum", Relationship.FAMILY)
        touch_record(owner=berlin, contact=mum, channel="call")
    with _travel(at("2026-06-15 12:00")):
        rhythm_reminders_open()
    dispatch(now=at("2026-06-16 07:00"))
    [push] = receiver.wait_for(1)

    assert push.payload["title"] == "Get in touch with Mum"
    assert push.payload["body"] == "Last in touch 15 days ago"
    assert [a["action"] for a in push.payload["actions"]] == ["call", "text"]
    assert "how are you" in push.payload["actions"][1]["url"].replace("%20", " ")
    assert push.payload["require_interaction"] is False
    assert push.headers["urgency"] == "normal"


@pytest.mark.parametrize(
    ("day", "nine_in_berlin"),
    [
        ("2026-03-28", "2026-03-28 08:00"),  # the last day of winter time
        ("2026-03-29", "2026-03-29 07:00"),  # summer time from 02:00 that night
        ("2026-10-24", "2026-10-24 07:00"),
        ("2026-10-25", "2026-10-25 08:00"),  # winter time again
    ],
)
def test_the_digest_comes_at_nine_in_berlin_across_both_dst_changes(
    berlin, receiver, dispatch, day, nine_in_berlin
):
    subscribe(receiver, berlin)
    _three_due_tomorrow_morning(berlin, day)
    just_before = at(nine_in_berlin) - timedelta(minutes=1)

    dispatch(now=just_before)
    assert receiver.received == []
    dispatch(now=at(nine_in_berlin))
    [digest] = receiver.wait_for(1)
    assert len(digest.payload["body"].splitlines()) == 3


def test_a_digest_time_inside_the_quiet_hours_waits_for_their_end(berlin, receiver, dispatch):
    preferences_update(user=berlin, quiet_start=time(22, 0), quiet_end=time(9, 30))
    subscribe(receiver, berlin)
    _three_due_tomorrow_morning(berlin, "2026-06-16")

    dispatch(now=at("2026-06-16 07:29"))  # 09:29 in Berlin: still quiet
    assert receiver.received == []
    dispatch(now=at("2026-06-16 07:30"))
    [digest] = receiver.wait_for(1)
    assert digest.payload["title"] == "Get in touch today"


def test_each_phone_gets_the_digest_once(berlin, receiver, dispatch):
    phones = [subscribe(receiver, berlin), subscribe(receiver, berlin)]
    _three_due_tomorrow_morning(berlin, "2026-06-16")
    dispatch(now=at("2026-06-16 07:00"))
    for phone in phones:
        [digest] = receiver.wait_for(1, subscription=phone)
        assert digest.payload["title"] == "Get in touch today"
    assert len(receiver.received) == 2
    assert Delivery.objects.filter(reminder__kind=ReminderKind.OCCASION).count() == 2


def test_a_german_digest_speaks_german(berlin, receiver, dispatch):
    preferences_update(user=berlin, language="de")
    subscribe(receiver, berlin)
    _three_due_tomorrow_morning(berlin, "2026-06-16")
    dispatch(now=at("2026-06-16 07:00"))
    [digest] = receiver.wait_for(1)
    assert digest.payload["title"] == "Heute melden"
    assert "Heute Geburtstag: Anna" in digest.payload["body"]
