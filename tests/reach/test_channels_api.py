"""/api/channels/: add, list, test, delete; the URL is a secret."""

import pytest

from reach.models import Channel
from reach.secrets import unseal

pytestmark = pytest.mark.django_db
TELEGRAM = "tgram://123456789:AAHsecret-bot-token/987654321"


def test_a_channel_is_stored_encrypted_and_never_returned(api, user):
    response = api.post("/api/channels/", {"name": "Telegram", "url": TELEGRAM}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Telegram"
    assert body["url_hint"] == "tgram://…"
    assert "secret" not in str(body)
    channel = Channel.objects.get()
    assert "secret" not in channel.url_sealed
    assert unseal(channel.url_sealed) == TELEGRAM
    assert "secret" not in str(api.get("/api/channels/").json())


def test_an_email_channel_shows_its_server_only(api):
    url = "mailtos://alice:hunter2@mail.example.com?to=alice@example.com"

    body = api.post("/api/channels/", {"name": "Mail", "url": url}, format="json").json()

    assert body["url_hint"] == "mailtos://mail.example.com/…"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x", "url": "nonsense://x"}, "url"),
        ({"name": "x", "url": ""}, "url"),
        ({"name": "x", "url": "ntfy://127.0.0.1:8080/topic"}, "url"),
        ({"name": "x", "url": "ntfy://localhost/topic"}, "url"),
        ({"name": "", "url": "ntfy://ntfy.sh/topic"}, "name"),
        ({"name": "x" * 101, "url": "ntfy://ntfy.sh/topic"}, "name"),
        ({"name": "x", "url": "ntfy://ntfy.sh/topic", "extra": 1}, "extra"),
    ],
)
def test_a_bad_channel_is_a_400_naming_the_field(api, body, field):
    response = api.post("/api/channels/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Channel.objects.exists()


def test_two_channels_of_one_name_are_a_400(api):
    api.post("/api/channels/", {"name": "ntfy", "url": "ntfy://ntfy.sh/a"}, format="json")

    response = api.post(
        "/api/channels/", {"name": "ntfy", "url": "ntfy://ntfy.sh/b"}, format="json"
    )

    assert response.status_code == 400
    assert "name" in response.json()


def test_each_user_sees_and_deletes_only_their_own(api, other_api):
    mine = api.post("/api/channels/", {"name": "a", "url": "ntfy://ntfy.sh/a"}, format="json")
    theirs_id = mine.json()["id"]

    assert other_api.get("/api/channels/").json() == []
    assert other_api.delete(f"/api/channels/{theirs_id}/").status_code == 404
    assert other_api.post(f"/api/channels/{theirs_id}/test/").status_code == 404
    assert api.delete(f"/api/channels/{theirs_id}/").status_code == 204
    assert not Channel.objects.exists()


def test_a_token_cannot_touch_channels(token_api):
    assert token_api.get("/api/channels/").status_code in (401, 403)
    response = token_api.post("/api/channels/", {"name": "a", "url": TELEGRAM}, format="json")
    assert response.status_code in (401, 403)


@pytest.mark.usefixtures("local_channels")
def test_a_test_message_arrives_and_a_failure_is_shown(api, ntfy):
    channel = api.post("/api/channels/", {"name": "ntfy", "url": ntfy.url()}, format="json")
    channel_id = channel.json()["id"]

    assert api.post(f"/api/channels/{channel_id}/test/").json() == {"sent": True, "error": ""}
    assert ntfy.posts[0]["title"] == "Ringback: test"

    ntfy.status = 500
    answer = api.post(f"/api/channels/{channel_id}/test/").json()

    assert answer["sent"] is False
    assert answer["error"]
    [listed] = api.get("/api/channels/").json()
    assert listed["failing_since"] is not None
    assert listed["last_error"] == answer["error"]
