import hashlib

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.api.throttles import TokenRateThrottle
from accounts.models import ApiToken
from accounts.selectors import preferences_of, usable_token
from accounts.services import api_token_create, preferences_update, token_hash
from tests.factories import at


def _bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_a_new_token_is_shown_once_and_stored_only_as_a_hash(api):
    created = api.post("/api/tokens/", {"name": "Pixel Tasker"}, format="json")

    assert created.status_code == 201
    secret = created.json()["token"]
    stored = ApiToken.objects.get()
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {value for value in vars(stored).values() if isinstance(value, str)}
    assert secret.startswith(stored.prefix)
    listed = api.get("/api/tokens/").json()["results"]
    assert [token["name"] for token in listed] == ["Pixel Tasker"]
    assert "token" not in listed[0]


def test_a_token_without_a_name_is_a_400(api):
    response = api.post("/api/tokens/", {"name": "  "}, format="json")

    assert response.status_code == 400
    assert "name" in response.json()


def test_a_token_authenticates_and_records_its_last_use(api, user):
    secret = api.post("/api/tokens/", {"name": "Shortcut"}, format="json").json()["token"]

    with time_machine.travel(at("2026-03-02 10:00"), tick=False):
        response = _bearer(secret).get("/api/reminders/")

    assert response.status_code == 200
    assert ApiToken.objects.get().last_used_at == at("2026-03-02 10:00")


def test_a_revoked_token_is_refused_with_401(api):
    created = api.post("/api/tokens/", {"name": "Old phone"}, format="json").json()

    assert api.delete(f"/api/tokens/{created['id']}/").status_code == 204
    response = _bearer(created["token"]).get("/api/reminders/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert api.get("/api/tokens/").json()["results"] == []


def test_a_made_up_token_is_refused(db):
    assert _bearer("rb_not-a-real-token").get("/api/reminders/").status_code == 401


def test_token_use_is_throttled_per_token(api, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "3/min"})
    secret = api.post("/api/tokens/", {"name": "Loop"}, format="json").json()["token"]
    client = _bearer(secret)

    codes = [client.get("/api/reminders/").status_code for _ in range(4)]

    assert codes == [200, 200, 200, 429]
    assert api.get("/api/reminders/").status_code == 200, "the app's session has no budget"


def test_a_token_cannot_mint_another_token(token_api):
    response = token_api.post("/api/tokens/", {"name": "Forever"}, format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": "A personal token cannot do this: sign in to the app."}
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["Phone"]


def test_a_token_can_neither_list_nor_revoke_tokens(token_api, api):
    other = api.post("/api/tokens/", {"name": "Tablet"}, format="json").json()

    listed = token_api.get("/api/tokens/")
    revoked = token_api.delete(f"/api/tokens/{other['id']}/")

    assert (listed.status_code, revoked.status_code) == (403, 403)
    assert not ApiToken.objects.filter(revoked=True).exists()
    assert _bearer(other["token"]).get("/api/reminders/").status_code == 200


def usable_token_owner(user):
    """The user as a token's sign-in reads them: preferences brought along."""
    _token, secret = api_token_create(owner=user, name="Shortcut")
    token = usable_token(token_hash(secret))
    assert token is not None
    return token.owner


def test_a_token_request_reads_the_preferences_once_with_the_token(api, user):
    preferences_update(user=user, language="de", time_zone="Europe/Berlin")
    secret = api.post("/api/tokens/", {"name": "Shortcut"}, format="json").json()["token"]
    client = _bearer(secret)
    client.get("/api/reminders/")  # the token's first use is written down once

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/reminders/")

    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    assert not any('FROM "accounts_preferences"' in query["sql"] for query in queries)
    assert any("accounts_preferences" in query["sql"] for query in queries)


def test_preferences_changed_in_a_request_are_the_ones_read_after(user):
    token_user = usable_token_owner(user)
    assert preferences_of(token_user).language == "en"

    preferences_update(user=token_user, language="de")

    assert preferences_of(token_user).language == "de"


def test_a_token_reads_the_settings_but_not_the_urls_that_are_secrets(api, token_api):
    with_session = api.get("/api/me/").json()
    with_token = token_api.get("/api/me/")

    assert with_token.status_code == 200
    body = with_token.json()
    assert with_session["calendar_url"].endswith(".ics")
    assert with_session["twilio_webhook_url"].startswith("http")
    assert (body["calendar_url"], body["twilio_webhook_url"]) == (None, None)
    assert body["time_zone"] == with_session["time_zone"]
    assert {k: v for k, v in body.items() if not k.endswith("_url")} == {
        k: v for k, v in with_session.items() if not k.endswith("_url")
    }
