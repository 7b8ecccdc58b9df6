"""GET /api/export/: one JSON document with everything the user owns, valid against the
published schema, and nothing secret."""

import json

import jsonschema
from webpush.models import SubscriptionInfo

from accounts.models import ApiToken, TelephonyHook
from reminders.exporting import SCHEMA_PATH, SCHEMA_VERSION
from tests.accounts.everything import everything_of


def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(schema())


def test_the_export_has_everything_and_validates_against_its_schema(api, user, other_user):
    everything_of(user, number="+49301234567")
    everything_of(other_user, number="+49301234568")

    response = api.get("/api/export/")

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = response.json()
    jsonschema.validate(
        document, schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert document["schema_version"] == SCHEMA_VERSION
    account = document["account"]
    assert account["username"] == "alice"
    assert account["callback_windows_minutes"] == {"family": 720}
    assert [token["name"] for token in account["tokens"]] == ["Tasker"]
    assert [device["push_service"] for device in account["devices"]] == ["fcm.googleapis.com"]
    [mum] = document["contacts"]
    assert mum["name"] == "Mum of alice"
    assert mum["numbers"] == [{"number": "+49301234567", "label": "mobile"}]
    assert mum["dates"][0]["date"] == "1950-03-22"
    assert [touch["channel"] for touch in mum["touches"]] == ["meeting"]
    assert len(document["missed_calls"]) == 3
    # A message left on the voicemail keeps what it said in its reason.
    assert {(c["source"], c["reason"]) for c in document["missed_calls"]} >= {
        ("voicemail", "Voicemail, 0:42")
    }
    [reminder] = document["reminders"]
    assert [attempt["outcome"] for attempt in reminder["attempts"]] == ["no_answer"]
    assert [delivery["status"] for delivery in reminder["deliveries"]] == ["sent"]


def test_the_export_holds_no_secret_and_nobody_elses_rows(api, user, other_user, settings):
    everything_of(user, number="+49301234567")
    everything_of(other_user, number="+49301234568")

    text = api.get("/api/export/").content.decode()

    secrets = [
        *ApiToken.objects.values_list("key_hash", flat=True),
        *SubscriptionInfo.objects.values_list("p256dh", flat=True),
        *SubscriptionInfo.objects.values_list("auth", flat=True),
        *SubscriptionInfo.objects.values_list("endpoint", flat=True),
        *TelephonyHook.objects.values_list("secret", flat=True),
        settings.VAPID_PRIVATE_KEY_PEM.decode().splitlines()[1],
        settings.VAPID_PUBLIC_KEY,
        "bob",
        "+49301234568",
    ]
    assert [secret for secret in secrets if secret and secret in text] == []


def test_a_token_cannot_export_the_account(token_api):
    assert token_api.get("/api/export/").status_code == 403
