import pytest
import time_machine

from contacts.services import contact_create
from reminders.models import Reminder
from reminders.services.calls import missed_call_record
from tests.factories import at

NOW = at("2026-03-02 10:00")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def reminder(user):
    client = contact_create(
        owner=user, name="Dr. Schmidt GmbH", relationship="client", numbers=[("+49301111111", "")]
    )
    return missed_call_record(owner=user, contact=client, reason="the price").reminder


def test_it_stores_the_prepared_notes_and_shows_them_with_the_reminder(api, reminder):
    response = api.patch(
        f"/api/reminders/{reminder.pk}/", {"notes": "Offer 1,200 € a month"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["notes"] == "Offer 1,200 € a month"
    assert response.json()["id"] == reminder.pk
    assert Reminder.objects.get().notes == "Offer 1,200 € a month"
    assert api.get(f"/api/reminders/{reminder.pk}/").json()["notes"] == "Offer 1,200 € a month"


def test_an_empty_note_clears_it(api, reminder):
    api.patch(f"/api/reminders/{reminder.pk}/", {"notes": "x"}, format="json")

    response = api.patch(f"/api/reminders/{reminder.pk}/", {"notes": ""}, format="json")

    assert response.status_code == 200
    assert Reminder.objects.get().notes == ""


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"notes": "x" * 2001}, "notes"),
        ({}, "notes"),
        ({"notes": None}, "notes"),
        ({"notes": "x", "state": "done"}, "state"),
        ({"deadline": "2026-03-03T10:00:00Z"}, "deadline"),
    ],
)
def test_anything_but_valid_notes_is_a_400_naming_the_field(api, reminder, payload, field):
    response = api.patch(f"/api/reminders/{reminder.pk}/", payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    stored = Reminder.objects.get()
    assert (stored.notes, stored.state) == ("", "open")


def test_a_retry_with_the_same_idempotency_key_returns_the_first_answer(api, reminder):
    path = f"/api/reminders/{reminder.pk}/"

    first = api.patch(path, {"notes": "first"}, format="json", HTTP_IDEMPOTENCY_KEY="n1")
    api.patch(path, {"notes": "second"}, format="json")
    again = api.patch(path, {"notes": "first"}, format="json", HTTP_IDEMPOTENCY_KEY="n1")

    assert again.status_code == 200
    assert again.json() == first.json()
    assert Reminder.objects.get().notes == "second"


def test_a_put_is_not_offered(api, reminder):
    response = api.put(f"/api/reminders/{reminder.pk}/", {"notes": "x"}, format="json")

    assert response.status_code == 405
