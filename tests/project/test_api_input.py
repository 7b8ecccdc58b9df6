"""What the API takes in (project.api_input): a body it cannot read is a 400 with a
message, and a field it does not know is a 400 naming it, on every write endpoint."""

import json

import pytest
import time_machine
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient
from webpush.models import SubscriptionInfo

from accounts.models import ApiToken, Preferences
from contacts.models import Contact
from contacts.services import contact_create
from reminders.models import Attempt, MissedCall, ReminderState
from reminders.services.calls import missed_call_record
from tests.factories import at
from tests.push.test_api import SUBSCRIPTION

NESTED = "[" * 3000 + "]" * 3000


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("path", ["/api/auth/login/", "/api/auth/setup/"])
def test_deeply_nested_json_from_anyone_is_a_400_not_a_500(db, path):
    response = APIClient().post(path, NESTED, content_type="application/json")

    assert response.status_code == 400
    assert "nested deeper than" in response.json()["detail"]
    assert not get_user_model().objects.exists()


def test_deeply_nested_json_to_a_signed_in_endpoint_is_a_400(api, user):
    response = api.post("/api/missed-calls/", NESTED, content_type="application/json")

    assert response.status_code == 400
    assert "nested deeper than" in response.json()["detail"]
    assert not MissedCall.objects.exists()


def test_nesting_that_parses_but_goes_deeper_than_any_request_is_refused(api, user):
    body = '{"number": "+49301234567", "reason": "hi", "extra": ' + _nested(500) + "}"

    response = api.post("/api/missed-calls/", body, content_type="application/json")

    assert response.status_code == 400
    assert "nested deeper than 20 levels" in response.json()["detail"]
    assert not MissedCall.objects.exists()


def test_ordinary_nesting_is_read(api, user):
    body = {"name": "Mum", "numbers": [{"number": "+49301234567", "label": "home"}]}

    response = api.post("/api/contacts/", json.dumps(body), content_type="application/json")

    assert response.status_code == 201


def test_a_typo_in_the_settings_is_a_400_suggesting_the_field(api, user):
    response = api.patch("/api/me/", {"timezone": "Europe/Berlin"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"timezone": ["Unknown field. Did you mean “time_zone”?"]}
    assert Preferences.objects.get(user=user).time_zone == "UTC"


def test_a_contact_posted_with_phones_is_a_400_and_not_stored(api, user):
    response = api.post(
        "/api/contacts/", {"name": "Mum", "phones": ["+49301234567"]}, format="json"
    )

    assert response.status_code == 400
    assert "phones" in response.json()
    assert not Contact.objects.exists()


def test_an_unknown_field_of_a_number_is_named_under_numbers(api, user):
    payload = {"name": "Mum", "numbers": [{"number": "+49301234567", "lable": "home"}]}

    response = api.post("/api/contacts/", payload, format="json")

    assert response.status_code == 400
    # DRF's error format for lists: by the index of the item.
    assert response.json() == {
        "numbers": {"0": {"lable": ["Unknown field. Did you mean “label”?"]}}
    }
    assert not Contact.objects.exists()


def test_a_contact_sent_back_as_it_was_read_is_accepted(api, user):
    mum = contact_create(
        owner=user, name="Mum", relationship="family", numbers=[("+49301234567", "")]
    )
    read = api.get(f"/api/contacts/{mum.pk}/").json()

    response = api.put(f"/api/contacts/{mum.pk}/", {**read, "name": "Mother"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["name"] == "Mother"


def test_a_typo_in_a_contact_update_changes_nothing(api, user):
    mum = contact_create(owner=user, name="Mum", relationship="family", numbers=[])

    response = api.patch(f"/api/contacts/{mum.pk}/", {"nmae": "Mother"}, format="json")

    assert response.status_code == 400
    assert "nmae" in response.json()
    assert Contact.objects.get().name == "Mum"


def test_a_missed_call_with_an_unknown_field_is_a_400(api, user):
    response = api.post("/api/missed-calls/", {"numbr": "+49301234567"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"numbr": ["Unknown field. Did you mean “number”?"]}
    assert not MissedCall.objects.exists()


@pytest.mark.parametrize(
    ("action", "payload", "field"),
    [
        ("done", {"resolutoin": "texted"}, "resolutoin"),
        ("snooze", {"minute": 30}, "minute"),
        ("attempts", {"channel": "call", "outcome": "no_answer", "notes": "x"}, "notes"),
    ],
)
def test_reminder_actions_with_an_unknown_field_are_a_400(api, user, action, payload, field):
    with time_machine.travel(at("2026-03-02 10:00"), tick=False):
        reminder = missed_call_record(owner=user, number="+49301234567").reminder

        response = api.post(f"/api/reminders/{reminder.pk}/{action}/", payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.OPEN
    assert not Attempt.objects.exists()


def test_a_token_with_an_unknown_field_is_a_400(api):
    response = api.post("/api/tokens/", {"name": "Phone", "scope": "all"}, format="json")

    assert response.status_code == 400
    assert "scope" in response.json()
    assert not ApiToken.objects.exists()


def test_the_browsers_push_subscription_is_taken_exactly_as_it_comes(api):
    assert set(SUBSCRIPTION) == {"endpoint", "expirationTime", "keys"}
    assert set(SUBSCRIPTION["keys"]) == {"p256dh", "auth"}

    assert api.post("/api/push/subscriptions/", SUBSCRIPTION, format="json").status_code == 201


def test_a_push_subscription_with_an_unknown_field_is_a_400(api):
    payload = {**SUBSCRIPTION, "expiration_time": None}

    response = api.post("/api/push/subscriptions/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == {"expiration_time": ["Unknown field. Did you mean “expirationTime”?"]}
    assert not SubscriptionInfo.objects.exists()


def test_an_unknown_key_of_a_push_subscription_is_named_under_keys(api):
    payload = {**SUBSCRIPTION, "keys": {**SUBSCRIPTION["keys"], "secret": "x"}}

    response = api.post("/api/push/subscriptions/", payload, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["keys"]
    assert "secret" in response.json()["keys"]
    assert not SubscriptionInfo.objects.exists()


def test_unsubscribing_with_an_unknown_field_is_a_400(api):
    api.post("/api/push/subscriptions/", SUBSCRIPTION, format="json")

    response = api.delete(
        "/api/push/subscriptions/", {"endpoint": SUBSCRIPTION["endpoint"], "all": True}, "json"
    )

    assert response.status_code == 400
    assert "all" in response.json()


def test_a_login_with_an_unknown_field_is_a_400(user):
    response = APIClient().post(
        "/api/auth/login/",
        {"username": "alice", "password": "correct horse battery", "remember": True},
        format="json",
    )

    assert response.status_code == 400
    assert "remember" in response.json()


def test_setup_with_an_unknown_field_is_a_400_and_makes_nobody(db):
    payload = {"username": "owner", "password": "a long passphrase 7", "timezone": "Asia/Tokyo"}

    response = APIClient().post("/api/auth/setup/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == {"timezone": ["Unknown field. Did you mean “time_zone”?"]}
    assert not get_user_model().objects.exists()
