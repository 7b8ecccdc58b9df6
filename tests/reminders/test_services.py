from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.models import ActionReplay
from accounts.services import action_replays_prune, preferences_update
from contacts.models import Channel, Relationship
from contacts.services import contact_create
from reminders.models import (
    Attempt,
    MissedCall,
    Outcome,
    RelationshipWindow,
    Reminder,
    ReminderKind,
    ReminderState,
    Resolution,
    Source,
)
from reminders.policy import StepKind
from reminders.services.calls import missed_call_record
from reminders.services.transitions import (
    InvalidTransition,
    attempt_record,
    reminder_complete,
    reminder_dismiss,
    reminder_snooze,
    reminders_expire,
)
from tests.factories import at

NOW = at("2026-06-10 09:00")


@pytest.fixture(autouse=True)
def _german_numbers(settings):
    settings.PHONE_DEFAULT_REGION = "DE"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def mum(user):
    return contact_create(
        owner=user, name="Mum", relationship=Relationship.FAMILY, numbers=[("+49301234567", "")]
    )


@pytest.fixture
def client_contact(user):
    return contact_create(
        owner=user, name="Acme", relationship=Relationship.CLIENT, numbers=[("+4940555000", "")]
    )


def test_it_resolves_a_number_in_any_format_to_the_owners_contact(frozen, user, mum):
    call = missed_call_record(owner=user, number="0049 30 1234567", source=Source.API)

    assert call.contact == mum
    assert call.number == "+49301234567"
    assert call.reminder.contact == mum
    assert call.reminder.kind == ReminderKind.CALLBACK


def test_another_users_contact_is_not_matched(frozen, user, other_user, mum):
    call = missed_call_record(owner=other_user, number="+49301234567", source=Source.API)

    assert call.contact is None
    assert call.reminder.kind == ReminderKind.IDENTIFY


def test_a_call_from_an_automation_is_prompted_at_once(frozen, user, client_contact):
    reminder = missed_call_record(owner=user, number="+4940555000", source=Source.API).reminder

    assert reminder.deadline == NOW + timedelta(hours=1)
    assert (reminder.next_step, reminder.next_step_at) == (StepKind.PROMPT, NOW)


def test_a_call_logged_by_hand_starts_at_the_nudge(frozen, user, client_contact):
    reminder = missed_call_record(
        owner=user, contact=client_contact, occurred_at=NOW - timedelta(minutes=5)
    ).reminder

    assert reminder.next_step == StepKind.NUDGE
    assert reminder.next_step_at == NOW + timedelta(minutes=10)
    assert reminder.number == "+4940555000"


def test_a_call_logged_after_its_window_is_overdue_at_once(frozen, user, client_contact):
    reminder = missed_call_record(
        owner=user, contact=client_contact, occurred_at=NOW - timedelta(hours=3)
    ).reminder

    assert (reminder.next_step, reminder.next_step_at) == (StepKind.OVERDUE, NOW)


def test_repeated_calls_from_one_person_are_one_reminder_with_a_count(frozen, user, mum):
    first = missed_call_record(owner=user, number="+49301234567", source=Source.API)
    frozen.shift(timedelta(minutes=20))
    second = missed_call_record(
        owner=user, number="030 1234567", source=Source.API, reason="about Sunday"
    )

    assert second.reminder == first.reminder
    reminder = Reminder.objects.get()
    assert reminder.call_count == 2
    assert reminder.first_call_at == NOW
    assert reminder.last_call_at == NOW + timedelta(minutes=20)
    # The deadline runs from the first call; calling again makes it more urgent.
    assert reminder.deadline == NOW + timedelta(hours=24)
    assert (reminder.next_step, reminder.next_step_at) == (
        StepKind.PROMPT,
        NOW + timedelta(minutes=20),
    )
    assert MissedCall.objects.filter(reminder=reminder).count() == 2


def test_calls_from_two_numbers_of_one_contact_join_one_reminder(frozen, user, mum):
    mum.numbers.create(owner=user, number="+4915112345678", label="mobile")
    missed_call_record(owner=user, number="+49301234567", source=Source.API)
    missed_call_record(owner=user, number="+4915112345678", source=Source.API)

    assert Reminder.objects.get().call_count == 2


def test_a_call_after_the_reminder_is_done_opens_a_new_one(frozen, user, mum):
    first = missed_call_record(owner=user, number="+49301234567").reminder
    reminder_complete(reminder=first)
    second = missed_call_record(owner=user, number="+49301234567").reminder

    assert second != first
    assert Reminder.objects.filter(state=ReminderState.OPEN).get() == second


def test_calling_again_cuts_a_snooze_short(frozen, user, mum):
    reminder = missed_call_record(owner=user, number="+49301234567").reminder
    reminder_snooze(reminder=reminder, until=NOW + timedelta(hours=3))
    missed_call_record(owner=user, number="+49301234567", source=Source.WEBHOOK)

    reminder.refresh_from_db()
    assert reminder.state == ReminderState.OPEN and reminder.snoozed_until is None
    assert reminder.next_step_at == NOW


def test_calling_again_after_the_deadline_starts_a_fresh_window(frozen, user, client_contact):
    reminder = missed_call_record(owner=user, contact=client_contact, source=Source.API).reminder
    frozen.shift(timedelta(hours=2))
    missed_call_record(owner=user, contact=client_contact, source=Source.API)

    reminder.refresh_from_db()
    assert reminder.call_count == 2
    assert reminder.deadline == NOW + timedelta(hours=3)
    assert reminder.next_step == StepKind.PROMPT


def test_unknown_numbers_merge_by_number(frozen, user):
    missed_call_record(owner=user, number="+4989111222", source=Source.API)
    missed_call_record(owner=user, number="+49 89 111222", source=Source.API)

    reminder = Reminder.objects.get()
    assert reminder.contact is None and reminder.call_count == 2
    assert reminder.kind == ReminderKind.IDENTIFY
    assert reminder.next_step == StepKind.IDENTIFY


def test_user_windows_apply_to_new_reminders(frozen, user, mum):
    RelationshipWindow.objects.create(
        owner=user, relationship=Relationship.FAMILY, window=timedelta(hours=6)
    )

    reminder = missed_call_record(owner=user, number="+49301234567").reminder

    assert reminder.deadline == NOW + timedelta(hours=6)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"number": "no number"}, "number"),
        ({}, "number"),
        ({"number": "+49301234567", "occurred_at": NOW + timedelta(minutes=5)}, "occurred_at"),
        ({"number": "+49301234567", "reason": "x" * 1001}, "reason"),
        ({"number": "+49301234567", "source": "carrier pigeon"}, "source"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(frozen, user, kwargs, field):
    with pytest.raises(ValidationError) as error:
        missed_call_record(owner=user, **kwargs)

    assert field in error.value.message_dict
    assert not MissedCall.objects.exists() and not Reminder.objects.exists()


def test_another_users_contact_cannot_be_used(frozen, user, other_user, mum):
    with pytest.raises(ValidationError) as error:
        missed_call_record(owner=other_user, contact=mum)

    assert "contact" in error.value.message_dict


def test_the_database_allows_one_active_reminder_per_person(frozen, user, mum):
    reminder = missed_call_record(owner=user, number="+49301234567").reminder

    reminder.pk = None
    with pytest.raises(IntegrityError):
        reminder.save()


def test_reaching_them_completes_the_reminder_and_stamps_the_contact(frozen, user, mum):
    reminder = missed_call_record(owner=user, number="+49301234567").reminder
    frozen.shift(timedelta(minutes=30))

    attempt_record(reminder=reminder, channel=Channel.CALL, outcome=Outcome.REACHED)

    reminder.refresh_from_db()
    mum.refresh_from_db()
    assert reminder.state == ReminderState.DONE
    assert reminder.resolution == Resolution.CALLED_BACK
    assert reminder.next_step_at is None
    assert mum.last_contacted_at == NOW + timedelta(minutes=30)


def test_a_text_counts_as_done(frozen, user, mum):
    reminder = missed_call_record(owner=user, number="+49301234567").reminder

    attempt_record(reminder=reminder, channel=Channel.TEXT, outcome=Outcome.SENT)

    reminder.refresh_from_db()
    assert reminder.resolution == Resolution.TEXTED


@pytest.mark.parametrize("outcome", [Outcome.NO_ANSWER, Outcome.VOICEMAIL])
def test_an_unanswered_callback_turns_into_a_follow_up(frozen, user, client_contact, outcome):
    reminder = missed_call_record(owner=user, contact=client_contact, source=Source.API).reminder
    frozen.shift(timedelta(minutes=10))

    attempt_record(reminder=reminder, channel=Channel.CALL, outcome=outcome)

    reminder.refresh_from_db()
    assert reminder.state == ReminderState.OPEN
    assert reminder.kind == ReminderKind.FOLLOW_UP
    assert reminder.next_step == StepKind.APOLOGY
    assert reminder.next_step_at == NOW + timedelta(minutes=10)
    assert reminder.deadline == NOW + timedelta(minutes=70)
    assert reminder.attempts.count() == 1


def test_an_attempt_whose_outcome_does_not_fit_the_channel_is_refused(frozen, user, mum):
    reminder = missed_call_record(owner=user, number="+49301234567").reminder

    with pytest.raises(ValidationError) as error:
        attempt_record(reminder=reminder, channel=Channel.TEXT, outcome=Outcome.NO_ANSWER)

    assert "outcome" in error.value.message_dict
    assert not Attempt.objects.exists()
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.OPEN


def test_snooze_moves_the_next_step(frozen, user, mum):
    reminder = missed_call_record(owner=user, number="+49301234567", source=Source.API).reminder

    reminder_snooze(reminder=reminder, until=NOW + timedelta(hours=2))

    reminder.refresh_from_db()
    assert reminder.state == ReminderState.SNOOZED
    assert reminder.snoozed_until == reminder.next_step_at == NOW + timedelta(hours=2)
    assert reminder.next_step == StepKind.NUDGE


def test_snoozing_past_the_deadline_comes_back_as_overdue(frozen, user, client_contact):
    reminder = missed_call_record(owner=user, contact=client_contact).reminder

    reminder_snooze(reminder=reminder, until=NOW + timedelta(hours=2))

    reminder.refresh_from_db()
    assert reminder.next_step == StepKind.OVERDUE


@pytest.mark.parametrize("until", [NOW, NOW - timedelta(minutes=1), NOW + timedelta(days=8)])
def test_snooze_refuses_the_past_and_far_future(frozen, user, mum, until):
    reminder = missed_call_record(owner=user, number="+49301234567").reminder

    with pytest.raises(ValidationError) as error:
        reminder_snooze(reminder=reminder, until=until)

    assert "until" in error.value.message_dict


@pytest.mark.parametrize(
    ("occurred_at", "message"),
    [
        (datetime(1, 1, 1, tzinfo=UTC), "at most 30 days ago"),
        (datetime(1900, 1, 1, 12, 0), "at most 30 days ago"),
        (NOW - timedelta(days=30, minutes=1), "at most 30 days ago"),
        (NOW + timedelta(minutes=3), "cannot be in the future"),
    ],
)
def test_a_call_too_long_ago_or_in_the_future_is_refused(frozen, user, occurred_at, message):
    with pytest.raises(ValidationError) as error:
        missed_call_record(owner=user, number="+49301234567", occurred_at=occurred_at)

    assert message in error.value.message_dict["occurred_at"][0]
    assert not Reminder.objects.exists()


def test_an_automation_time_without_an_offset_is_on_the_users_clock(frozen, user):
    preferences_update(user=user, time_zone="America/New_York")

    call = missed_call_record(
        owner=user, number="+49301234567", occurred_at=datetime(2026, 6, 10, 4, 30)
    )

    # 04:30 in New York (UTC-4 in June) is 08:30 UTC.
    assert call.occurred_at == at("2026-06-10 08:30")


def test_a_withheld_call_opens_no_reminder_and_has_no_number(frozen, user):
    call = missed_call_record(owner=user, withheld=True, reason="silence")

    call.refresh_from_db()
    assert (call.withheld, call.number, call.reminder, str(call)) == (
        True,
        "",
        None,
        "Withheld number at 2026-06-10 09:00",
    )
    assert not Reminder.objects.exists()


def test_the_database_refuses_a_withheld_call_with_a_reminder(frozen, user):
    reminder = missed_call_record(owner=user, number="+49301234567").reminder

    with pytest.raises(IntegrityError):
        MissedCall.objects.create(owner=user, withheld=True, occurred_at=NOW, reminder=reminder)


@pytest.mark.parametrize("at_", [datetime(1, 1, 1, tzinfo=UTC), NOW - timedelta(days=31)])
def test_an_attempt_too_long_ago_is_refused(frozen, user, mum, at_):
    reminder = missed_call_record(owner=user, contact=mum).reminder

    with pytest.raises(ValidationError) as error:
        attempt_record(reminder=reminder, channel=Channel.CALL, outcome=Outcome.REACHED, at=at_)

    assert "at" in error.value.message_dict
    assert not Attempt.objects.exists()


def test_an_attempt_time_without_an_offset_is_on_the_users_clock(frozen, user, mum):
    preferences_update(user=user, time_zone="Europe/Berlin")
    reminder = missed_call_record(owner=user, contact=mum).reminder

    attempt = attempt_record(
        reminder=reminder,
        channel=Channel.CALL,
        outcome=Outcome.REACHED,
        at=datetime(2026, 6, 10, 10, 45),
    )

    # 10:45 in Berlin (UTC+2 in June) is 08:45 UTC.
    assert attempt.at == at("2026-06-10 08:45")


@pytest.mark.parametrize("close", [reminder_complete, reminder_dismiss])
def test_a_closed_reminder_cannot_be_snoozed_closed_or_attempted(frozen, user, mum, close):
    reminder = missed_call_record(owner=user, number="+49301234567").reminder
    close(reminder=reminder)

    with pytest.raises(InvalidTransition):
        reminder_snooze(reminder=reminder, until=NOW + timedelta(hours=1))
    with pytest.raises(InvalidTransition):
        reminder_complete(reminder=reminder)
    with pytest.raises(InvalidTransition):
        reminder_dismiss(reminder=reminder)
    with pytest.raises(InvalidTransition):
        attempt_record(reminder=reminder, channel=Channel.CALL, outcome=Outcome.REACHED)


def test_dismiss_stops_all_steps(frozen, user, mum):
    reminder = missed_call_record(owner=user, number="+49301234567").reminder

    reminder_dismiss(reminder=reminder)

    reminder.refresh_from_db()
    assert reminder.state == ReminderState.DISMISSED
    assert (reminder.next_step, reminder.next_step_at) == ("", None)


def test_expiry_closes_unknown_numbers_after_a_day_and_callbacks_after_a_week(frozen, user, mum):
    unknown = missed_call_record(owner=user, number="+4989111222", source=Source.API).reminder
    known = missed_call_record(owner=user, number="+49301234567").reminder

    assert reminders_expire(now=NOW + timedelta(hours=23)) == 0
    assert reminders_expire(now=NOW + timedelta(hours=24)) == 1
    assert reminders_expire(now=NOW + timedelta(days=7, hours=23)) == 0
    assert reminders_expire(now=NOW + timedelta(days=8)) == 1

    unknown.refresh_from_db()
    known.refresh_from_db()
    assert unknown.state == known.state == ReminderState.EXPIRED
    assert known.resolution == Resolution.EXPIRED


def test_deleting_a_contact_deletes_their_calls_and_reminders(frozen, user):
    contact = contact_create(owner=user, name="No number", relationship=Relationship.FRIEND)
    missed_call_record(owner=user, contact=contact)

    contact.delete()

    assert not Reminder.objects.exists()
    assert not MissedCall.objects.exists()


def test_stored_answers_to_idempotent_actions_are_kept_a_week(frozen, user):
    ActionReplay.objects.create(owner=user, key="old", path="/x", status_code=200, body={})
    frozen.shift(timedelta(days=6))
    ActionReplay.objects.create(owner=user, key="recent", path="/x", status_code=200, body={})
    frozen.shift(timedelta(days=1, seconds=1))

    assert action_replays_prune() == 1
    assert list(ActionReplay.objects.values_list("key", flat=True)) == ["recent"]
