"""Saving an unknown caller as a contact: the waiting reminder becomes theirs."""

from datetime import timedelta

import pytest
import time_machine

from contacts.models import Relationship
from contacts.services import contact_create, contact_update
from reminders.models import MissedCall, ReminderKind, ReminderState, Source
from reminders.services.calls import missed_call_record
from tests.factories import at

NOW = at("2026-06-10 09:00")


@pytest.fixture(autouse=True)
def _german_numbers(settings):
    settings.PHONE_DEFAULT_REGION = "DE"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_a_new_contact_with_the_number_takes_over_its_reminder(frozen, user):
    call = missed_call_record(owner=user, number="+49301234567", source=Source.API, reason="hi")
    frozen.shift(timedelta(minutes=5))

    kai = contact_create(
        owner=user, name="Kai", relationship=Relationship.FRIEND, numbers=[("030 1234567", "")]
    )

    reminder = call.reminder
    reminder.refresh_from_db()
    assert (reminder.contact, reminder.kind, reminder.state) == (
        kai,
        ReminderKind.CALLBACK,
        ReminderState.OPEN,
    )
    # A friend's window (a day) from the call, not the unknown number's.
    assert reminder.deadline == NOW + timedelta(hours=24)
    assert MissedCall.objects.get().contact == kai


def test_a_number_added_to_a_contact_already_waiting_leaves_both_alone(frozen, user):
    kai = contact_create(
        owner=user, name="Kai", relationship=Relationship.FRIEND, numbers=[("+4930111111", "")]
    )
    own = missed_call_record(owner=user, contact=kai).reminder
    unknown = missed_call_record(owner=user, number="+49301234567", source=Source.API).reminder

    contact_update(contact=kai, numbers=[("+4930111111", ""), ("+49301234567", "mobile")])

    unknown.refresh_from_db()
    own.refresh_from_db()
    assert unknown.contact is None
    assert own.contact == kai
    assert unknown.state == own.state == ReminderState.OPEN


def test_another_users_unknown_caller_is_not_taken(frozen, user, other_user):
    theirs = missed_call_record(owner=other_user, number="+49301234567", source=Source.API)

    contact_create(owner=user, name="Kai", numbers=[("+49301234567", "")])

    theirs.reminder.refresh_from_db()
    assert theirs.reminder.contact is None
