"""The messenger a text opens in: per contact, else the user's default; the API takes
and returns both, and the reminder's Text link follows them."""

from urllib.parse import unquote

import pytest
import time_machine

from accounts.services import preferences_update
from contacts.models import Contact
from contacts.services import contact_create
from tests.factories import at

NOW = at("2026-03-02 10:00")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def text_action(api, number: str) -> dict:
    reminder = api.post("/api/missed-calls/", {"number": number}, format="json").json()
    return reminder["reminder"]


def test_it_texts_by_sms_unless_told_otherwise(api, user):
    contact_create(owner=user, name="Mum", relationship="family", numbers=[("+49301234567", "")])

    reminder = text_action(api, "+49301234567")

    assert reminder["text_channel"] == "sms"
    assert reminder["text_url"].startswith("sms:+49301234567?&body=")
    assert api.get("/api/me/").json()["text_channel"] == "sms"


def test_the_users_default_applies_to_a_contact_as_my_default(api, user):
    assert api.patch("/api/me/", {"text_channel": "whatsapp"}, format="json").status_code == 200
    contact_create(owner=user, name="Mum", relationship="family", numbers=[("+49301234567", "")])

    reminder = text_action(api, "+49301234567")

    assert reminder["text_channel"] == "whatsapp"
    assert reminder["text_url"] == (
        "https://wa.me/49301234567?text=" + reminder["text_url"].split("?text=", 1)[1]
    )
    assert unquote(reminder["text_url"].split("?text=", 1)[1]) == reminder["suggested_text"]
    text = next(a for a in reminder["actions"] if a["action"] == "text")
    assert text["url"] == reminder["text_url"]


@pytest.mark.parametrize(
    ("channel", "url"),
    [
        ("signal", "https://signal.me/#p/+49301234567"),
        ("telegram", "https://t.me/+49301234567"),
    ],
)
def test_a_contacts_own_channel_wins_over_the_default(api, user, channel, url):
    preferences_update(user=user, text_channel="whatsapp")
    response = api.post(
        "/api/contacts/",
        {
            "name": "Anna",
            "relationship": "friend",
            "text_channel": channel,
            "numbers": [{"number": "+49301234567"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["text_channel"] == channel

    reminder = text_action(api, "+49301234567")

    assert reminder["text_channel"] == channel
    assert reminder["text_url"] == url


def test_the_contact_api_returns_and_changes_channel_and_zone(api, user):
    anna = contact_create(owner=user, name="Anna")
    body = api.get(f"/api/contacts/{anna.pk}/").json()
    assert (body["text_channel"], body["time_zone"]) == ("", "")

    response = api.patch(
        f"/api/contacts/{anna.pk}/",
        {"text_channel": "telegram", "time_zone": "America/New_York"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = api.get(f"/api/contacts/{anna.pk}/").json()
    assert (body["text_channel"], body["time_zone"]) == ("telegram", "America/New_York")
    anna.refresh_from_db()
    assert str(anna.zone) == "America/New_York"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text_channel": "pigeon"}, "text_channel"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"text_channel": None}, "text_channel"),
    ],
)
def test_bad_channel_or_zone_is_a_400_naming_the_field(api, user, payload, field):
    response = api.post("/api/contacts/", {"name": "Anna", **payload}, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Contact.objects.exists()


@pytest.mark.parametrize("value", ["pigeon", "", None])
def test_a_bad_default_channel_is_a_400_naming_the_field(api, user, value):
    response = api.patch("/api/me/", {"text_channel": value}, format="json")

    assert response.status_code == 400
    assert "text_channel" in response.json()
    assert api.get("/api/me/").json()["text_channel"] == "sms"
