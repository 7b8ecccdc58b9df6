"""Every step of every relationship, pushed at its moment: frozen time, the real dispatcher,
the local push service."""

from datetime import UTC, datetime, time, timedelta
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.services import preferences_update
from contacts.models import Channel, Relationship
from reminders.models import Outcome, Reminder, Source
from reminders.services.calls import missed_call_record
from reminders.services.transitions import attempt_record
from tests.factories import ContactFactory, PhoneNumberFactory, PreferencesFactory
from tests.push_receiver import subscribe

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
BUSINESS_STEPS = [("prompt", 0), ("nudge", 15), ("final", 50), ("overdue", 60)]
PERSONAL_STEPS = [("prompt", 0), ("nudge", 12 * 60), ("final", 22 * 60), ("overdue", 24 * 60)]


def record(user, relationship=Relationship.FRIEND, *, source=Source.API, email="", **kwargs):
    contact = ContactFactory(owner=user, name="Anna Weber", relationship=relationship, email=email)
    PhoneNumberFactory(contact=contact, number="+4915112345678")
    return missed_call_record(owner=user, number="+4915112345678", source=source, **kwargs).reminder


def run_until_quiet(traveller, dispatch, reminder: Reminder, *, limit: int = 8) -> None:
    """Dispatch, then jump to the reminder's next step, until nothing is left to send."""
    for _ in range(limit):
        dispatch()
        reminder.refresh_from_db()
        if reminder.next_step_at is None:
            return
        traveller.move_to(reminder.next_step_at)


def sent(receiver) -> list[tuple[str, int]]:
    """(step, minutes after T0) of every push that arrived."""
    return [
        (r.payload["step"], round((r.payload["timestamp"] / 1000 - T0.timestamp()) / 60))
        for r in receiver.delivered()
    ]


def sent_in_berlin(receiver) -> list[tuple[str, str]]:
    """(step, "day hh:mm" on Berlin's wall clock) of every push that arrived."""
    return [
        (
            r.payload["step"],
            datetime.fromtimestamp(r.payload["timestamp"] / 1000, BERLIN).strftime("%d %H:%M"),
        )
        for r in receiver.delivered()
    ]


@pytest.mark.parametrize(
    ("relationship", "steps"),
    [
        (Relationship.WORK, BUSINESS_STEPS),
        (Relationship.CLIENT, BUSINESS_STEPS),
        (Relationship.FAMILY, PERSONAL_STEPS),
        (Relationship.FRIEND, PERSONAL_STEPS),
        (Relationship.PARTNER, PERSONAL_STEPS),
        (Relationship.DATE, PERSONAL_STEPS),
        (Relationship.OTHER, PERSONAL_STEPS),
    ],
)
def test_every_step_goes_out_on_time(user, receiver, dispatch, relationship, steps):
    subscribe(receiver, user)
    with time_machine.travel(T0, tick=False) as traveller:
        reminder = record(user, relationship)
        run_until_quiet(traveller, dispatch, reminder)

    assert sent(receiver) == steps
    business = relationship in (Relationship.WORK, Relationship.CLIENT)
    urgencies = [r.headers["urgency"] for r in receiver.delivered()]
    assert urgencies == ["high"] * 4 if business else ["normal"] * 3 + ["high"]
    overdue = receiver.delivered()[-1].payload
    assert overdue["title"] == "Overdue: get back to Anna Weber"
    assert overdue["actions"][1]["url"].startswith("sms:+4915112345678?&body=")
    assert "get back to you sooner" in unquote(overdue["actions"][1]["url"])


def test_a_call_logged_by_hand_starts_at_the_nudge(user, receiver, dispatch):
    subscribe(receiver, user)
    with time_machine.travel(T0, tick=False) as traveller:
        reminder = record(user, source=Source.MANUAL)
        run_until_quiet(traveller, dispatch, reminder)

    assert [step for step, _ in sent(receiver)] == ["nudge", "final", "overdue"]


def test_an_unknown_number_gets_one_prompt_asking_who_it_was(user, receiver, dispatch):
    subscribe(receiver, user)
    with time_machine.travel(T0, tick=False) as traveller:
        reminder = missed_call_record(owner=user, number="+4930123456", source=Source.API).reminder
        run_until_quiet(traveller, dispatch, reminder)

    [push] = receiver.delivered()
    assert push.payload["step"] == "identify"
    assert push.payload["title"] == "Missed call from +49 30 123456"
    assert "Who is this, please?" in unquote(push.payload["actions"][1]["url"])


def test_an_unknown_number_of_the_users_own_country_is_shown_as_written_at_home(
    user, receiver, dispatch
):
    preferences_update(user=user, phone_region="DE")
    subscribe(receiver, user)
    with time_machine.travel(T0, tick=False) as traveller:
        reminder = missed_call_record(owner=user, number="+4930123456", source=Source.API).reminder
        run_until_quiet(traveller, dispatch, reminder)

    [push] = receiver.delivered()
    assert push.payload["title"] == "Missed call from 030 123456"


def test_a_number_several_contacts_share_gets_a_push_asking_which_of_them_called(
    user, receiver, dispatch
):
    subscribe(receiver, user)
    for name in ("Max Mustermann", "Erika Mustermann"):
        PhoneNumberFactory(contact=ContactFactory(owner=user, name=name), number="+4930123456")
    with time_machine.travel(T0, tick=False) as traveller:
        reminder = missed_call_record(owner=user, number="+4930123456", source=Source.API).reminder
        run_until_quiet(traveller, dispatch, reminder)

    [push] = receiver.delivered()
    assert push.payload["title"] == "Who called: Max Mustermann or Erika Mustermann?"
    assert (
        "From +49 30 123456, the number they share: tap to say who it was."
        in (push.payload["body"])
    )
    assert "Unknown number" not in push.payload["body"]


def test_no_answer_proposes_an_apology_then_a_retry_then_another_channel(user, receiver, dispatch):
    subscribe(receiver, user)
    PreferencesFactory(user=user, time_zone="Europe/Berlin")
    with time_machine.travel(T0, tick=False) as traveller:
        reminder = record(user, email="anna@example.com")
        dispatch()
        for _failed in range(3):
            attempt_record(reminder=reminder, channel=Channel.CALL, outcome=Outcome.NO_ANSWER)
            dispatch()  # the apology, at once
            reminder.refresh_from_db()
            assert reminder.next_step == "retry"
            traveller.move_to(reminder.next_step_at)
            dispatch()  # the retry, three hours later

    pushes = [r.payload for r in receiver.delivered()]
    assert [p["step"] for p in pushes] == ["prompt"] + ["apology", "retry"] * 3
    first_apology, second_apology, third_apology = pushes[1], pushes[3], pushes[5]
    assert first_apology["title"] == "Anna Weber didn't answer"
    # Free again when the retry is due: three hours later, in Berlin (UTC+2 in June).
    assert "I'm free from 14:00" in unquote(first_apology["actions"][1]["url"])
    assert first_apology["actions"][1]["url"].startswith("sms:")
    assert "No answer 2 times: send a text instead." in second_apology["body"]
    assert second_apology["actions"][1]["url"].startswith("sms:")
    assert "send an e-mail instead" in third_apology["body"]
    assert third_apology["actions"][1]["url"].startswith("mailto:anna@example.com?subject=")


def test_quiet_hours_hold_the_nudge_until_morning_in_the_users_zone(user, receiver, dispatch):
    subscribe(receiver, user)
    PreferencesFactory(
        user=user, time_zone="Europe/Berlin", quiet_start=time(22), quiet_end=time(7)
    )
    called = datetime(2026, 6, 1, 13, 0, tzinfo=BERLIN)
    with time_machine.travel(called, tick=False) as traveller:
        reminder = record(user)
        run_until_quiet(traveller, dispatch, reminder)

    assert sent_in_berlin(receiver) == [
        ("prompt", "01 13:00"),
        ("nudge", "02 07:00"),  # due at 01:00, in the night
        ("final", "02 11:00"),
        ("overdue", "02 13:00"),
    ]


def test_a_deadline_in_the_night_brings_the_final_warning_forward(user, receiver, dispatch):
    subscribe(receiver, user)
    PreferencesFactory(
        user=user, time_zone="Europe/Berlin", quiet_start=time(22), quiet_end=time(7)
    )
    called = datetime(2026, 6, 1, 21, 30, tzinfo=BERLIN)
    with time_machine.travel(called, tick=False) as traveller:
        reminder = record(user, Relationship.WORK)
        run_until_quiet(traveller, dispatch, reminder)

    assert sent_in_berlin(receiver) == [
        ("prompt", "01 21:30"),
        ("nudge", "01 21:45"),
        ("final", "01 21:45"),  # due 22:20, the deadline 22:30 is in the night
        ("overdue", "02 07:00"),
    ]


def test_a_call_in_the_night_is_pushed_when_it_ends(user, receiver, dispatch):
    subscribe(receiver, user)
    PreferencesFactory(
        user=user, time_zone="Europe/Berlin", quiet_start=time(22), quiet_end=time(7)
    )
    called = datetime(2026, 6, 1, 23, 0, tzinfo=BERLIN)
    with time_machine.travel(called, tick=False):
        reminder = record(user)
        dispatch()

    assert receiver.delivered() == []
    assert reminder.next_step_at == datetime(2026, 6, 2, 7, 0, tzinfo=BERLIN)


def test_a_new_call_while_the_reminder_waits_is_pushed_again_at_once(user, receiver, dispatch):
    subscribe(receiver, user)
    with time_machine.travel(T0, tick=False) as traveller:
        reminder = record(user, reason="")
        dispatch()
        traveller.shift(timedelta(hours=1))
        missed_call_record(
            owner=user, number="+4915112345678", source=Source.WEBHOOK, reason="Dinner?"
        )
        dispatch()

    first, second = (r.payload for r in receiver.delivered())
    assert (first["step"], second["step"]) == ("prompt", "prompt")
    assert second["body"].startswith("Called 2 times, last just now\n")
    assert "“Dinner?”" in second["body"]
    reminder.refresh_from_db()
    assert reminder.next_step == "nudge"
