"""Touches: logged in the app or by an automation, implied by a callback done; the
contact's last contact is the latest of them."""

from datetime import timedelta

import pytest
import time_machine

from accounts.services import preferences_update
from contacts.models import Touch, TouchSource
from contacts.services import contact_create, touch_delete, touch_record
from reminders.models import Outcome, Resolution, Source
from reminders.services.calls import missed_call_record
from reminders.services.transitions import attempt_record, reminder_complete
from tests.factories import at

NOW = at("2026-06-10 09:00")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def anna(user):
    return contact_create(owner=user, name="Anna", numbers=[("+4915112345678", "mobile")])


def test_logging_a_touch_in_the_app_answers_the_touch_and_the_contact(api, anna):
    response = api.post(
        f"/api/contacts/{anna.pk}/touches/",
        {"channel": "meeting", "direction": "out", "note": "Coffee"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["touch"]["channel"] == "meeting"
    assert body["touch"]["source"] == "app"
    assert body["touch"]["at"] == "2026-06-10T09:00:00Z"
    assert body["contact"]["last_contacted_at"] == "2026-06-10T09:00:00Z"


def test_touches_are_listed_newest_first(api, user, anna):
    for days in (3, 1, 2):
        touch_record(owner=user, contact=anna, channel="text", at=NOW - timedelta(days=days))

    listed = api.get(f"/api/contacts/{anna.pk}/touches/").json()["results"]

    assert [t["at"][:10] for t in listed] == ["2026-06-09", "2026-06-08", "2026-06-07"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"channel": "fax"}, "channel"),
        ({"channel": "call", "direction": "sideways"}, "direction"),
        ({"channel": "call", "at": "2026-06-11T09:00:00Z"}, "at"),
        ({"channel": "call", "at": "yesterday"}, "at"),
        ({"channel": "call", "note": "x" * 1001}, "note"),
    ],
)
def test_a_bad_touch_is_a_400_naming_the_field_and_stores_nothing(api, anna, payload, field):
    response = api.post(f"/api/contacts/{anna.pk}/touches/", payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Touch.objects.exists()
    anna.refresh_from_db()
    assert anna.last_contacted_at is None


def test_an_older_touch_logged_late_leaves_the_newer_last_contact(user, anna):
    touch_record(owner=user, contact=anna, channel="call", at=NOW - timedelta(days=1))
    touch_record(owner=user, contact=anna, channel="text", at=NOW - timedelta(days=5))

    anna.refresh_from_db()
    assert anna.last_contacted_at == NOW - timedelta(days=1)


def test_deleting_the_latest_touch_goes_back_to_the_one_before(user, anna):
    touch_record(owner=user, contact=anna, channel="call", at=NOW - timedelta(days=4))
    latest = touch_record(owner=user, contact=anna, channel="text", at=NOW)

    touch_delete(touch=latest)

    anna.refresh_from_db()
    assert anna.last_contacted_at == NOW - timedelta(days=4)


def test_an_automation_reports_a_touch_by_number_in_any_format(token_api, anna):
    response = token_api.post(
        "/api/touches/",
        {"number": "0049 151 12345678", "channel": "call", "direction": "in"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="call-ended-1",
    )
    again = token_api.post(
        "/api/touches/",
        {"number": "0049 151 12345678", "channel": "call", "direction": "in"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="call-ended-1",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["touch"]["source"] == "api"
    assert again.json() == response.json()
    assert Touch.objects.filter(contact=anna).count() == 1


def test_an_unknown_number_stores_nothing_and_says_so(token_api, anna):
    response = token_api.post(
        "/api/touches/", {"number": "+4930999999", "channel": "text"}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {"matched": False}
    assert not Touch.objects.exists()


def test_a_number_that_is_no_number_is_a_400(token_api):
    response = token_api.post("/api/touches/", {"number": "12", "channel": "text"}, format="json")

    assert response.status_code == 400
    assert "number" in response.json()


@pytest.mark.parametrize(
    ("resolution", "channel"),
    [(Resolution.CALLED_BACK, "call"), (Resolution.TEXTED, "text"), (Resolution.EMAILED, "email")],
)
def test_a_callback_done_by_calling_texting_or_emailing_is_a_touch(user, anna, resolution, channel):
    reminder = missed_call_record(owner=user, contact=anna, source=Source.API).reminder

    reminder_complete(reminder=reminder, resolution=resolution)

    [touch] = Touch.objects.filter(contact=anna)
    assert (touch.channel, touch.direction, touch.source) == (channel, "out", TouchSource.CALLBACK)
    anna.refresh_from_db()
    assert anna.last_contacted_at == NOW


def test_a_callback_merely_marked_done_is_no_touch(user, anna):
    reminder = missed_call_record(owner=user, contact=anna, source=Source.API).reminder

    reminder_complete(reminder=reminder)

    assert not Touch.objects.exists()


def test_a_callback_attempt_that_reached_them_is_one_touch_an_unanswered_one_none(user, anna):
    reminder = missed_call_record(owner=user, contact=anna, source=Source.API).reminder

    attempt_record(reminder=reminder, channel="call", outcome=Outcome.NO_ANSWER)
    assert not Touch.objects.exists()
    attempt_record(reminder=reminder, channel="call", outcome=Outcome.REACHED)

    assert Touch.objects.filter(contact=anna, channel="call").count() == 1


def test_an_unknown_caller_called_back_leaves_no_touch(user):
    reminder = missed_call_record(owner=user, number="+4930999999", source=Source.API).reminder

    attempt_record(reminder=reminder, channel="call", outcome=Outcome.REACHED)

    assert not Touch.objects.exists()


def test_a_touch_logged_by_mistake_is_deleted_and_the_last_contact_goes_back(api, user, anna):
    touch_record(owner=user, contact=anna, channel="call", at=NOW - timedelta(days=2))
    mistake = touch_record(owner=user, contact=anna, channel="meeting")

    response = api.delete(f"/api/contacts/{anna.pk}/touches/{mistake.pk}/")

    assert response.status_code == 204
    assert list(Touch.objects.values_list("channel", flat=True)) == ["call"]
    anna.refresh_from_db()
    assert anna.last_contacted_at == NOW - timedelta(days=2)


def test_a_touch_of_another_contact_is_not_found_under_this_one(api, user, anna):
    ben = contact_create(owner=user, name="Ben")
    bens = touch_record(owner=user, contact=ben, channel="text")

    response = api.delete(f"/api/contacts/{anna.pk}/touches/{bens.pk}/")

    assert response.status_code == 404
    assert Touch.objects.filter(pk=bens.pk).exists()


def test_a_time_without_an_offset_is_read_on_the_users_clock(api, user, anna):
    preferences_update(user=user, time_zone="Europe/Berlin")

    response = api.post(
        f"/api/contacts/{anna.pk}/touches/",
        {"channel": "call", "at": "2026-06-10T10:00"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["touch"]["at"] == "2026-06-10T08:00:00Z"
