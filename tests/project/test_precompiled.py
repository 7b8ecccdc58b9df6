"""A precompiled read gives what iterating its queryset gives, one statement per call,
with each call's own values; the reminder list reads its first page that way and every
other page and the count as plain querysets."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.services import contact_create
from project.api_output import FirstPagePagination
from project.precompiled import Precompiled
from reminders.models import ACTIVE_STATES, Outcome, Reminder, ReminderState
from reminders.selectors import ReminderList, reminder_situated, reminders_for, with_situation
from reminders.services.calls import missed_call_record
from reminders.services.transitions import attempt_record, reminder_complete, reminder_snooze
from tests.factories import UserFactory, at

pytestmark = pytest.mark.django_db
NOW = at("2026-03-02 10:00")
SITUATION = ("latest_reason", "failed_calls", "last_failed_at", "last_failed_free_from")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _reminders_of(owner):
    mum = contact_create(
        owner=owner, name="Mum", relationship="family", numbers=[("+49302222222", "")]
    )
    called = missed_call_record(owner=owner, contact=mum, reason="about Sunday").reminder
    attempt_record(
        reminder=called,
        channel="call",
        outcome=Outcome.NO_ANSWER,
        free_from=NOW + timedelta(hours=2),
    )
    snoozed = missed_call_record(owner=owner, number="+49303333333").reminder
    reminder_snooze(reminder=snoozed, until=NOW + timedelta(hours=1))
    closed = missed_call_record(owner=owner, number="+49304444444").reminder
    reminder_complete(reminder=closed)
    return [called, snoozed, closed]


def _facts(reminder: Reminder) -> dict:
    """Every column of the reminder and of its related rows, and the annotations."""
    facts = {field.attname: getattr(reminder, field.attname) for field in Reminder._meta.fields}
    contact = reminder.contact
    facts["contact"] = None if contact is None else contact.__dict__ | {"_state": None}
    facts["contact_date"] = reminder.contact_date
    facts["touch"] = reminder.touch
    facts.update({name: getattr(reminder, name) for name in SITUATION})
    return facts


def test_a_precompiled_read_gives_what_its_queryset_gives(user):
    _reminders_of(user)
    read = Precompiled(
        lambda owner_id: with_situation(Reminder.objects.filter(owner_id=owner_id)),
        values=[int],
    )

    precompiled = read(user.pk)

    expected = list(reminders_for(user))
    assert [_facts(reminder) for reminder in precompiled] == [_facts(r) for r in expected]
    assert {reminder.failed_calls for reminder in precompiled} == {0, 1}
    assert any(reminder.latest_reason == "about Sunday" for reminder in precompiled)
    assert not precompiled[0]._state.adding


def test_each_call_runs_with_its_own_values_and_one_statement(user):
    other = UserFactory(username="bob")
    mine = _reminders_of(user)
    theirs = _reminders_of(other)
    read = Precompiled(lambda owner_id: Reminder.objects.filter(owner_id=owner_id), values=[int])
    read(user.pk)  # compiled here

    with CaptureQueriesContext(connection) as queries:
        first, second = read(other.pk), read(user.pk)

    assert len(queries) == 2
    assert [r.pk for r in first] == sorted(r.pk for r in theirs)
    assert [r.pk for r in second] == sorted(r.pk for r in mine)


def test_shapes_are_compiled_apart(user):
    _called, snoozed, closed = _reminders_of(user)
    read = Precompiled(
        lambda owner_id, state: Reminder.objects.filter(owner_id=owner_id, state=state),
        values=[int],
    )

    assert [r.pk for r in read(user.pk, shape=(ReminderState.DONE,))] == [closed.pk]
    assert [r.pk for r in read(user.pk, shape=(ReminderState.SNOOZED,))] == [snoozed.pk]


def test_text_values_take_their_place_too(user):
    _reminders_of(user)
    read = Precompiled(lambda number: Reminder.objects.filter(number=number), values=[str])

    assert [r.number for r in read("+49303333333")] == ["+49303333333"]
    assert read("+49300000000") == []


def test_a_value_the_query_does_not_hold_once_is_refused(user):
    twice = Precompiled(
        lambda pk: Reminder.objects.filter(pk=pk) | Reminder.objects.filter(owner_id=pk),
        values=[int],
    )
    unused = Precompiled(lambda pk: Reminder.objects.all(), values=[int])

    with pytest.raises(ValueError, match="once"):
        twice(1)
    with pytest.raises(ValueError, match="once"):
        unused(1)
    with pytest.raises(TypeError, match="1 values expected"):
        unused(1, 2)


def test_one_reminder_is_read_only_for_its_owner(user):
    called, _snoozed, _closed = _reminders_of(user)
    other = UserFactory(username="bob")

    found = reminder_situated(user, called.pk)

    assert _facts(found) == _facts(reminders_for(user).get(pk=called.pk))
    with pytest.raises(Reminder.DoesNotExist):
        reminder_situated(other, called.pk)


@pytest.mark.parametrize("states", [ACTIVE_STATES, None, [ReminderState.DONE]])
def test_the_list_pages_are_the_querysets_pages(user, states):
    _reminders_of(user)
    for n in range(4):
        missed_call_record(owner=user, number=f"+4930555555{n}")
    listed = ReminderList(user, states)
    expected = list(listed.queryset())

    assert [r.pk for r in listed[:3]] == [r.pk for r in expected[:3]]
    assert [r.pk for r in listed[2:5]] == [r.pk for r in expected[2:5]]
    assert listed.count() == len(listed) == len(expected)
    assert [_facts(r) for r in listed[:100]] == [_facts(r) for r in expected]


def test_a_long_list_pages_through_the_api(api, user, monkeypatch):
    monkeypatch.setattr(FirstPagePagination, "page_size", 2)
    for n in range(5):
        missed_call_record(owner=user, number=f"+4930666666{n}")
    expected = [r.pk for r in reminders_for(user)]

    first = api.get("/api/reminders/").json()
    second = api.get(first["next"]).json()
    third = api.get(second["next"]).json()

    assert first["count"] == 5
    assert len(first["results"]) == 2
    pages = [first, second, third]
    assert [item["id"] for page in pages for item in page["results"]] == expected
    assert third["next"] is None
