import pytest

from accounts.selectors import telephony_hook_of
from reminders.models import RelationshipWindow


def test_me_shows_preferences_defaults_and_the_webhook_url(api, user):
    body = api.get("/api/me/").json()

    secret = telephony_hook_of(user).secret
    assert body["username"] == "alice"
    assert body["time_zone"] == "UTC"
    assert body["quiet_start"] is None
    assert body["windows"] == {}
    assert body["default_windows"]["work"] == 60
    assert body["twilio_webhook_url"] == (
        f"http://testserver/api/webhooks/twilio/{secret}/voice-status/"
    )


def test_the_webhook_url_uses_the_public_url_when_set(api, settings):
    settings.PUBLIC_URL = "https://ringback.example.com"

    assert (
        api.get("/api/me/")
        .json()["twilio_webhook_url"]
        .startswith("https://ringback.example.com/api/webhooks/twilio/")
    )


def test_patch_changes_only_what_is_given(api, user):
    response = api.patch(
        "/api/me/",
        {"time_zone": "Europe/Berlin", "quiet_start": "22:00", "quiet_end": "07:00"},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["time_zone"], body["quiet_start"], body["quiet_end"]) == (
        "Europe/Berlin",
        "22:00",
        "07:00",
    )
    assert api.patch("/api/me/", {"language": "de"}, format="json").json()["time_zone"] == (
        "Europe/Berlin"
    )


def test_window_overrides_are_set_and_removed_with_null(api, user):
    api.patch("/api/me/", {"windows": {"work": 30, "family": 600}}, format="json")

    response = api.patch("/api/me/", {"windows": {"family": None}}, format="json")

    assert response.json()["windows"] == {"work": 30}
    assert RelationshipWindow.objects.filter(owner=user).count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"quiet_start": "22:00", "quiet_end": "22:00"}, "quiet_end"),
        ({"quiet_start": "22:00"}, "quiet_end"),
        ({"quiet_start": "25:00", "quiet_end": "07:00"}, "quiet_start"),
        ({"language": "fr"}, "language"),
        ({"windows": {"work": 0}}, "windows"),
        ({"windows": {"boss": 30}}, "windows"),
    ],
)
def test_bad_preferences_are_a_400_naming_the_field_and_change_nothing(api, user, payload, field):
    response = api.patch("/api/me/", {**payload}, format="json")

    assert response.status_code == 400, response.json()
    assert field in response.json()
    body = api.get("/api/me/").json()
    assert (body["time_zone"], body["quiet_start"], body["windows"]) == ("UTC", None, {})


def test_a_token_reads_the_settings_but_cannot_change_them(token_api, user):
    read = token_api.get("/api/me/")
    change = token_api.patch("/api/me/", {"time_zone": "Europe/Berlin"}, format="json")

    assert read.status_code == 200
    assert read.json()["time_zone"] == "UTC"
    assert change.status_code == 403
    assert "sign in to the app" in change.json()["detail"]
    user.preferences.refresh_from_db()
    assert user.preferences.time_zone == "UTC"
