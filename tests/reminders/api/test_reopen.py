from datetime import timedelta

import pytest
import time_machine

from contacts.models import Touch
from contacts.services import contact_create, touch_record
from reminders.models import Attempt, Delivery, Reminder
from reminders.services.calls import missed_call_record
from reminders.services.transitions import reminder_complete, reminders_expire
from tests.factories import at
from tests.push_receiver import subscribe

CALLED = at("2026-03-02 10:00")


@pytest.fixture
def clock():
    with time_machine.travel(CALLED, tick=False) as traveller:
        yield traveller


@pytest.fixture
def mum(user):
    return contact_create(
        owner=user, name="Mum", relationship="family", numbers=[("+49302222222", "")]
    )


def reopen(api, reminder):
    return api.post(f"/api/reminders/{reminder.pk}/reopen/", format="json")


def test_an_undone_done_is_open_again_with_its_steps_from_now(api, user, mum, clock):
    reminder = missed_call_record(owner=user, contact=mum).reminder
    clock.shift(timedelta(hours=1))
    api.post(f"/api/reminders/{reminder.pk}/done/", {"resolution": "called_back"}, format="json")
    sequence = Reminder.objects.get().step_seq
    clock.shift(timedelta(seconds=20))

    response = reopen(api, reminder)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["state"], body["resolution"], body["resolved_at"]) == ("open", "", None)
    # A family window of 24 h: the nudge half-way, 12 h after the call.
    assert (body["next_step"], body["next_step_at"]) == ("nudge", "2026-03-02T22:00:00Z")
    assert Reminder.objects.get().step_seq > sequence


def test_the_touch_the_done_recorded_is_taken_back(api, user, mum, clock):
    reminder = missed_call_record(owner=user, contact=mum).reminder
    api.post(f"/api/reminders/{reminder.pk}/done/", {"resolution": "called_back"}, format="json")
    mum.refresh_from_db()
    assert mum.last_contacted_at == CALLED

    reopen(api, reminder)

    mum.refresh_from_db()
    assert mum.last_contacted_at is None
    assert not Touch.objects.exists()


def test_an_earlier_touch_is_the_last_contact_again(api, user, mum, clock):
    met = touch_record(owner=user, contact=mum, channel="meeting", at=CALLED - timedelta(days=3))
    reminder = missed_call_record(owner=user, contact=mum).reminder
    api.post(
        f"/api/reminders/{reminder.pk}/attempts/",
        {"channel": "call", "outcome": "reached"},
        format="json",
    )

    response = reopen(api, reminder)

    assert response.status_code == 200
    mum.refresh_from_db()
    assert mum.last_contacted_at == met.at
    assert list(Touch.objects.all()) == [met]
    assert not Attempt.objects.exists()


def test_a_dismissed_one_can_be_undone_too(api, user, clock):
    reminder = missed_call_record(owner=user, number="+49303333333").reminder
    api.post(f"/api/reminders/{reminder.pk}/dismiss/")

    response = reopen(api, reminder)

    assert response.status_code == 200
    assert response.json()["state"] == "open"


def test_after_the_reopen_window_it_is_a_409(api, user, mum, clock):
    reminder = missed_call_record(owner=user, contact=mum).reminder
    reminder_complete(reminder=reminder, resolution="called_back")
    clock.shift(timedelta(seconds=31))

    response = reopen(api, reminder)

    assert response.status_code == 409
    assert response.json() == {"detail": "This reminder was closed too long ago to undo."}
    assert Reminder.objects.get().state == "done"
    assert Touch.objects.count() == 1


def test_an_open_or_expired_reminder_is_a_409(api, user, mum, clock):
    open_one = missed_call_record(owner=user, contact=mum).reminder
    expired = missed_call_record(owner=user, number="+49303333333").reminder
    clock.shift(timedelta(hours=24))
    reminders_expire()

    assert reopen(api, open_one).json() == {"detail": "This reminder is still open."}
    assert reopen(api, expired).status_code == 409
    assert Reminder.objects.get(pk=expired.pk).state == "expired"


def test_a_newer_reminder_for_the_same_person_is_a_409(api, user, mum, clock):
    first = missed_call_record(owner=user, contact=mum).reminder
    reminder_complete(reminder=first)
    second = missed_call_record(owner=user, contact=mum).reminder

    response = reopen(api, first)

    assert response.status_code == 409
    assert "newer reminder" in response.json()["detail"]
    assert Reminder.objects.get(pk=first.pk).state == "done"
    assert Reminder.objects.get(pk=second.pk).state == "open"


def test_a_reopened_reminder_pushes_again(api, user, mum, clock, receiver, dispatch):
    phone = subscribe(receiver, user)
    reminder = missed_call_record(owner=user, contact=mum).reminder
    clock.shift(timedelta(hours=12))
    reminder_complete(reminder=reminder)
    clock.shift(timedelta(seconds=10))
    reopen(api, reminder)

    dispatch()

    assert [r.payload["step"] for r in receiver.delivered(phone)][-1:] == ["nudge"]
    delivery = Delivery.objects.get(step="nudge")
    assert delivery.step_seq == Reminder.objects.get().step_seq - 1
