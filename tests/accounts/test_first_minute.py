"""Language and time zone are right from the first minute: setup takes the phone's (or,
when the app does not say, the browser's Accept-Language); an account made in the admin
is asked once, and what it confirms sets the country of numbers too."""

import pytest
from django.test import Client

from accounts.models import Preferences
from tests.factories import PreferencesFactory, UserFactory


def _csrf(browser: Client) -> str:
    browser.get("/api/auth/session/")
    return browser.cookies["csrftoken"].value


PASSPHRASE = "a long passphrase 7"


@pytest.mark.parametrize(
    ("given", "accept", "expected"),
    [
        ({"language": "de"}, "en-US,en;q=0.9", "de"),
        ({}, "de-DE,de;q=0.9,en;q=0.8", "de"),
        ({}, "fr-FR,fr;q=0.9", "en"),
    ],
)
def test_setup_takes_the_phones_language(db, given, accept, expected):
    browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=accept)
    payload = {"username": "owner", "password": PASSPHRASE, "time_zone": "Europe/Berlin", **given}

    response = browser.post(
        "/api/auth/setup/",
        payload,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=_csrf(browser),
    )

    assert response.status_code == 201, response.json()
    preferences = Preferences.objects.get()
    assert (preferences.language, preferences.time_zone) == (expected, "Europe/Berlin")
    assert preferences.locale_confirmed is True
    assert browser.get("/api/me/").json()["locale_confirmed"] is True


def test_an_account_made_in_the_admin_is_asked_once_and_adopts_the_phones_zone(client, db):
    user = UserFactory(username="bob")
    PreferencesFactory(user=user, time_zone="UTC", locale_confirmed=False)  # from the admin
    client.force_login(user)
    assert client.get("/api/me/").json()["locale_confirmed"] is False

    response = client.patch(
        "/api/me/",
        {"language": "en", "time_zone": "America/New_York", "locale_confirmed": True},
        content_type="application/json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["locale_confirmed"] is True
    preferences = Preferences.objects.get(user=user)
    assert (preferences.time_zone, preferences.phone_region) == ("America/New_York", "US")


def test_a_new_user_starts_unconfirmed(db):
    user = UserFactory()
    assert Preferences.objects.get(user=user).locale_confirmed is False
