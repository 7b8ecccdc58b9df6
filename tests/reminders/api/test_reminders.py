from datetime import timedelta

import pytest
import time_machine

from accounts.services import preferences_update
from contacts.services import contact_create
from reminders.models import Attempt, Reminder
from reminders.services.calls import missed_call_record
from reminders.services.transitions import reminder_complete
from tests.factories import at

NOW = at("2026-03-02 10:00")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def boss(user):
    return contact_create(
        owner=user, name="Boss", relationship="work", numbers=[("+49301111111", "")]
    )


@pytest.fixture
def mum(user):
    return contact_create(
        owner=user, name="Mum", relationship="family", numbers=[("+49302222222", "")]
    )


def test_the_list_holds_active_reminders_most_urgent_first(api, user, boss, mum):
    family = missed_call_record(owner=user, contact=mum).reminder
    work = missed_call_record(owner=user, contact=boss).reminder
    closed = missed_call_record(owner=user, number="+49303333333").reminder
    reminder_complete(reminder=closed)

    results = api.get("/api/reminders/").json()["results"]

    assert [reminder["id"] for reminder in results] == [work.pk, family.pk]
    assert results[0]["seconds_left"] == 3600
    done = api.get("/api/reminders/?state=done").json()["results"]
    assert [reminder["id"] for reminder in done] == [closed.pk]


def test_an_unknown_state_filter_is_a_400(api):
    response = api.get("/api/reminders/?state=whenever")

    assert response.status_code == 400
    assert "state" in response.json()


def test_done_closes_the_reminder(api, user, mum):
    reminder = missed_call_record(owner=user, contact=mum).reminder

    response = api.post(
        f"/api/reminders/{reminder.pk}/done/", {"resolution": "texted"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["state"] == "done"
    assert response.json()["resolution"] == "texted"


def test_snoozing_a_done_reminder_is_a_409_with_a_message(api, user, mum):
    reminder = missed_call_record(owner=user, contact=mum).reminder
    reminder_complete(reminder=reminder)

    response = api.post(f"/api/reminders/{reminder.pk}/snooze/", {"minutes": 30}, format="json")

    assert response.status_code == 409
    assert response.json() == {"detail": "This reminder is already done."}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "minutes"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": 30, "until": "2026-03-02T12:00:00Z"}, "minutes"),
        ({"until": "2026-03-01T12:00:00Z"}, "until"),
        ({"until": "0001-01-01T00:00:00"}, "until"),
    ],
)
def test_a_bad_snooze_is_a_400_naming_the_field(api, user, mum, payload, field):
    reminder = missed_call_record(owner=user, contact=mum).reminder

    response = api.post(f"/api/reminders/{reminder.pk}/snooze/", payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert Reminder.objects.get().state == "open"


def test_snooze_for_minutes_or_until_a_time(api, user, mum):
    reminder = missed_call_record(owner=user, contact=mum).reminder

    by_minutes = api.post(f"/api/reminders/{reminder.pk}/snooze/", {"minutes": 30}, format="json")
    until = api.post(
        f"/api/reminders/{reminder.pk}/snooze/", {"until": "2026-03-02T12:00:00Z"}, format="json"
    )

    assert by_minutes.json()["snoozed_until"] == (NOW + timedelta(minutes=30)).isoformat().replace(
        "+00:00", "Z"
    )
    assert until.json()["state"] == "snoozed"
    assert until.json()["snoozed_until"] == "2026-03-02T12:00:00Z"


def test_snooze_until_a_time_without_an_offset_is_on_the_users_clock(api, user, mum):
    preferences_update(user=user, time_zone="Europe/Berlin")
    reminder = missed_call_record(owner=user, contact=mum).reminder

    response = api.post(
        f"/api/reminders/{reminder.pk}/snooze/", {"until": "2026-03-02T13:00:00"}, format="json"
    )

    assert response.status_code == 200, response.json()
    # 13:00 in Berlin is 12:00 UTC.
    assert response.json()["snoozed_until"] == "2026-03-02T12:00:00Z"


def test_an_unanswered_call_back_turns_into_a_follow_up(api, user, mum):
    reminder = missed_call_record(owner=user, contact=mum).reminder

    response = api.post(
        f"/api/reminders/{reminder.pk}/attempts/",
        {"channel": "call", "outcome": "no_answer"},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["attempt"]["outcome"] == "no_answer"
    assert response.json()["reminder"]["kind"] == "follow_up"


def test_an_attempt_whose_outcome_does_not_fit_the_channel_is_a_400(api, user, mum):
    reminder = missed_call_record(owner=user, contact=mum).reminder

    response = api.post(
        f"/api/reminders/{reminder.pk}/attempts/",
        {"channel": "text", "outcome": "reached"},
        format="json",
    )

    assert response.status_code == 400
    assert "outcome" in response.json()
    assert not Attempt.objects.exists()


def test_a_retried_action_with_an_idempotency_key_returns_the_first_answer(api, user, mum):
    reminder = missed_call_record(owner=user, contact=mum).reminder
    path = f"/api/reminders/{reminder.pk}/attempts/"
    payload = {"channel": "call", "outcome": "reached"}

    first = api.post(path, payload, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    again = api.post(path, payload, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    without_key = api.post(path, payload, format="json")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert Attempt.objects.count() == 1
    assert without_key.status_code == 409


def test_an_idempotency_key_reused_for_another_action_is_a_422(api, user, mum):
    reminder = missed_call_record(owner=user, contact=mum).reminder
    api.post(
        f"/api/reminders/{reminder.pk}/snooze/",
        {"minutes": 5},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
    )

    response = api.post(
        f"/api/reminders/{reminder.pk}/dismiss/", format="json", HTTP_IDEMPOTENCY_KEY="k"
    )

    # The IETF Idempotency-Key draft: the same key with another request is a 422.
    assert response.status_code == 422
    assert Reminder.objects.get().state == "snoozed"


def test_dismiss(api, user):
    reminder = missed_call_record(owner=user, number="+49303333333").reminder

    response = api.post(f"/api/reminders/{reminder.pk}/dismiss/")

    assert response.json()["state"] == "dismissed"
    assert response.json()["who"] == "+49 30 3333333"
