"""Numbers typed without a country code are read as numbers of the user's own country."""

import pytest

from accounts.models import Preferences
from accounts.regions import region_for_time_zone
from accounts.services import owner_create, preferences_update
from contacts.models import PhoneNumber
from reminders.models import MissedCall


@pytest.mark.parametrize(
    ("zone", "region"),
    [("Europe/Berlin", "DE"), ("America/Chicago", "US"), ("Europe/Vienna", "AT"), ("UTC", "US")],
)
def test_the_region_is_proposed_from_the_time_zone(settings, zone, region):
    settings.PHONE_DEFAULT_REGION = "US"

    assert region_for_time_zone(zone) == region


@pytest.mark.django_db
def test_the_owner_set_up_in_berlin_reads_german_numbers():
    owner = owner_create(username="owner", password="x", time_zone="Europe/Berlin")

    assert Preferences.objects.get(user=owner).phone_region == "DE"


@pytest.fixture
def german(user):
    preferences_update(user=user, phone_region="DE")
    return user


def test_a_national_german_number_is_taken_for_a_german_user(api, german):
    response = api.post("/api/missed-calls/", {"number": "0171 2345678"}, format="json")

    assert response.status_code == 201, response.json()
    assert MissedCall.objects.get().number == "+491712345678"


def test_the_same_number_is_refused_with_a_message_for_a_us_user(api, user, settings):
    settings.PHONE_DEFAULT_REGION = "US"
    preferences_update(user=user, phone_region="US")

    response = api.post("/api/missed-calls/", {"number": "0171 2345678"}, format="json")

    assert response.status_code == 400
    assert "number" in response.json()
    assert not MissedCall.objects.exists()


def test_contacts_and_search_read_national_numbers_in_the_users_region(api, german):
    created = api.post(
        "/api/contacts/", {"name": "Mum", "numbers": [{"number": "030 1234567"}]}, format="json"
    )
    found = api.get("/api/contacts/", {"search": "030 1234567"}).json()["results"]

    assert created.status_code == 201, created.json()
    assert PhoneNumber.objects.get().number == "+49301234567"
    assert [c["name"] for c in found] == ["Mum"]


def test_the_region_is_shown_and_changed_in_settings(api, user):
    assert api.get("/api/me/").json()["phone_region"] == "US"

    body = api.patch("/api/me/", {"phone_region": "de"}, format="json").json()

    assert body["phone_region"] == "DE"


@pytest.mark.parametrize("region", ["XX", "D", "Germany", 49])
def test_a_region_that_is_none_is_a_400_changing_nothing(api, region):
    response = api.patch("/api/me/", {"phone_region": region, "language": "de"}, format="json")

    assert response.status_code == 400
    assert "phone_region" in response.json()
    assert api.get("/api/me/").json()["language"] == "en"
