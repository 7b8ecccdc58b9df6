"""A signed-in user hears the server in their own language, whatever the browser says."""

import pytest

from accounts.models import Preferences
from accounts.selectors import preferences_of
from reminders.services.calls import missed_call_record
from reminders.services.transitions import reminder_complete
from tests.factories import UserFactory


@pytest.fixture
def german(user):
    Preferences.objects.filter(user=user).update(language="de")
    return user


def test_a_german_user_gets_german_validation_errors_though_the_browser_asks_english(api, german):
    response = api.post(
        "/api/contacts/",
        {"relationship": "friend"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    # Django REST framework's own message, from its German catalogue.
    assert response.json()["name"] == ["Dieses Feld ist zwingend erforderlich."]
    assert response["Content-Language"] == "de"


def test_a_german_user_gets_ringbacks_own_errors_in_german(api, german):
    response = api.post(
        "/api/contacts/",
        {"name": "Anna", "numbers": [{"number": "12"}]},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json()["numbers"] == [
        "„12“ ist keine gültige Telefonnummer; ergänze die Landesvorwahl (z. B. +49…), "
        "wenn sie aus dem Ausland ist."
    ]


def test_a_german_users_bad_time_zone_is_refused_in_german(api, german):
    response = api.patch(
        "/api/me/", {"time_zone": "Mars/Olympus"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json()["time_zone"] == [
        "„Mars/Olympus“ ist kein Zeitzonenname wie Europe/Berlin."
    ]
    assert Preferences.objects.get(user=german).time_zone == "UTC"


def test_a_german_automation_with_a_token_gets_german_errors(token_api, german):
    response = token_api.post(
        "/api/missed-calls/", {"number": "12"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json()["number"] == [
        "„12“ ist keine gültige Telefonnummer; ergänze die Landesvorwahl (z. B. +49…), "
        "wenn sie aus dem Ausland ist."
    ]
    assert response["Content-Language"] == "de"


def test_an_english_user_gets_english_though_the_browser_asks_german(api, user):
    response = api.patch(
        "/api/me/", {"time_zone": "Mars/Olympus"}, format="json", HTTP_ACCEPT_LANGUAGE="de"
    )

    assert response.json()["time_zone"] == [
        "“Mars/Olympus” is not a time zone name such as Europe/Berlin."
    ]


def test_a_failed_transition_is_a_conflict_in_the_users_language(api, german):
    reminder = missed_call_record(owner=german, number="+4930123456").reminder
    reminder_complete(reminder=reminder)

    response = api.post(f"/api/reminders/{reminder.pk}/done/", {}, format="json")

    assert response.status_code == 409
    assert response.json() == {"detail": "Diese Erinnerung ist schon erledigt."}


def test_anonymous_requests_follow_the_browser(anonymous, german):
    response = anonymous.post(
        "/api/auth/login/",
        {"username": "alice", "password": "wrong"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="de",
    )

    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["Benutzername oder Passwort ist falsch."]


def test_a_request_after_a_german_one_is_not_german_by_accident(api, german, anonymous):
    api.patch("/api/me/", {"time_zone": "Mars/Olympus"}, format="json")

    response = anonymous.post(
        "/api/auth/login/", {"username": "nobody", "password": "x"}, format="json"
    )

    assert response.json()["non_field_errors"] == ["The username or password is wrong."]


def test_a_user_without_preferences_gets_the_default_language(db):
    user = UserFactory(username="carol")
    Preferences.objects.filter(user=user).delete()
    fresh = type(user).objects.get(pk=user.pk)

    assert preferences_of(fresh).language == "en"
    assert preferences_of(fresh).pk is None  # the defaults, not a row made by a read
