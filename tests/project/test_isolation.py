"""Every route is checked for isolation: a second user sees 404 or none of the first
user's items in a list (an empty list, but for what they made themselves), an
anonymous client gets 401/403. A new route without a case here fails the walk."""

from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.selectors import telephony_hook_of
from accounts.services import api_token_create, preferences_update
from contacts.dates import YearlyDate
from contacts.models import Touch
from contacts.services import DateInput, contact_create, touch_record
from project.pwa import APP_ROUTES
from push.services import push_subscription_save
from reach.models import Channel
from reach.services import channel_create
from reminders.models import Delivery, Reminder
from reminders.services.calls import missed_call_record
from reminders.services.rhythms import rhythm_reminders_open
from sources.models import Source
from tests.push_receiver import browser_keys
from voicemail.services import voicemail_call_record

# Routes anyone may reach, and why.
PUBLIC = {
    **dict.fromkeys(
        APP_ROUTES.values(), "the phone app's shell: static, no user data; the app reads the API"
    ),
    "manifest.webmanifest": "the phone app's manifest",
    "sw.js": "the phone app's service worker",
    "catalogue.js": "the phone app's words in every language: no user data",
    "api/auth/session/": "says whether anyone is signed in",
    "api/auth/login/": "signing in",
    "api/auth/second-factor/": "signing in, the code after the password",
    "api/auth/logout/": "signing out",
    "api/auth/setup/": "first-run owner setup; 403 once a user exists",
    "api/schema/": "the OpenAPI description of the API",
    "api/docs/": "the API documentation page",
    "api/webhooks/twilio/<str:secret>/voice-status/": "signed by Twilio; the secret names the user",
    **dict.fromkeys(
        [
            "api/webhooks/twilio/<str:secret>/voice/",
            "api/webhooks/twilio/<str:secret>/voice/done/",
            "api/webhooks/twilio/<str:secret>/voice/recording/",
            "api/webhooks/twilio/<str:secret>/voice/transcription/",
        ],
        "signed by Twilio; the secret names the user (tests/voicemail/test_webhooks.py)",
    ),
    "api/calendar/<str:secret>.ics": "the secret names the user (names and times only; "
    "tests/reminders/api/test_calendar.py)",
    "healthz": "service health for monitors: no user data",
    "admin/password_change/": "the admin's own page, mounted over Django's (signed-in "
    "admin users only, by AdminSite.admin_view; it changes the signed-in user's own password: "
    "tests/accounts/test_lockout.py)",
}


def _walk(patterns, prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin is scoped per user by contacts.ownership (tested there)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


@pytest.fixture
def world(user, other_user):
    """Alice's data; the checks below run as Bob and as nobody."""
    today = timezone.now().date()
    mum = contact_create(
        owner=user,
        name="Mum",
        numbers=[("+49301234567", "")],
        dates=[DateInput(kind="birthday", yearly=YearlyDate(today.month, today.day))],
    )
    call = missed_call_record(owner=user, contact=mum, reason="Dinner")
    token, _secret = api_token_create(owner=user, name="Tasker")
    hook = telephony_hook_of(user)
    touch = touch_record(owner=user, contact=mum, channel="meeting")
    preferences_update(user=user, display_name="Alice Liddell")
    rhythm_reminders_open()
    p256dh, auth = browser_keys()
    push_subscription_save(
        user=user, endpoint="https://fcm.googleapis.com/fcm/send/a", p256dh=p256dh, auth=auth
    )
    message = voicemail_call_record(owner=user, call_sid="CA1", caller="+49301234567")
    return {
        "voicemail": message,
        "delivery": Delivery.objects.create(
            reminder=call.reminder, step_seq=0, step="prompt", endpoint="x"
        ),
        "channel": channel_create(owner=user, name="ntfy", url="ntfy://ntfy.sh/alice-secret"),
        "occasion": Reminder.objects.get(kind="occasion"),
        "contact": mum,
        "reminder": call.reminder,
        "token": token,
        "hook": hook,
        "touch": touch,
        "source": Source.objects.create(
            owner=user, kind="carddav", url="https://dav.example/", username="alice"
        ),
    }


def _cases(world) -> dict[str, list[tuple[str, str, dict | None]]]:
    """route → (method, concrete path, body) to try as the other user and as anonymous."""
    contact, reminder, token = world["contact"], world["reminder"], world["token"]
    return {
        "api/me/greeting/": [("get", "/api/me/greeting/", None)],
        "api/me/": [
            ("get", "/api/me/", None),
            ("patch", "/api/me/", {"language": "de"}),
            # Bob's own password is not Alice's: the account deleted would be Bob's anyway.
            ("delete", "/api/me/", {"password": "correct horse battery staple"}),
        ],
        "api/me/calendar/rotate/": [("post", "/api/me/calendar/rotate/", None)],
        # Bob's own second factor, if anything: his password is not Alice's.
        "api/me/two-factor/": [
            ("get", "/api/me/two-factor/", None),
            ("post", "/api/me/two-factor/", {"password": "correct horse battery staple"}),
            ("delete", "/api/me/two-factor/", {"password": "x", "code": "000000"}),
        ],
        "api/me/two-factor/confirm/": [("post", "/api/me/two-factor/confirm/", {"code": "0"})],
        "api/me/two-factor/recovery-codes/": [
            ("post", "/api/me/two-factor/recovery-codes/", {"password": "x"})
        ],
        "api/push/config/": [("get", "/api/push/config/", None)],
        "api/push/subscriptions/": [("delete", "/api/push/subscriptions/", {"endpoint": "x"})],
        "api/contacts/": [
            ("get", "/api/contacts/", None),
            ("post", "/api/contacts/", {"name": "X"}),
        ],
        "api/contacts/<int:pk>/": [
            ("get", f"/api/contacts/{contact.pk}/", None),
            ("patch", f"/api/contacts/{contact.pk}/", {"name": "Eve"}),
            ("delete", f"/api/contacts/{contact.pk}/", None),
        ],
        # Bob's import makes Bob's contacts (tests/contacts/test_import_api.py); a JSON
        # body is no file.
        "api/contacts/import/": [("post", "/api/contacts/import/", {"file": "x"})],
        "api/contacts/export.vcf": [("get", "/api/contacts/export.vcf", None)],
        "api/export/": [("get", "/api/export/", None)],
        "api/contacts/<int:pk>/history/": [("get", f"/api/contacts/{contact.pk}/history/", None)],
        "api/contacts/<int:pk>/merge/": [
            ("post", f"/api/contacts/{contact.pk}/merge/", {"other": contact.pk})
        ],
        "api/reminders/<int:pk>/caller/": [
            ("post", f"/api/reminders/{reminder.pk}/caller/", {"contact": contact.pk})
        ],
        "api/contacts/<int:contact_id>/touches/": [
            ("get", f"/api/contacts/{contact.pk}/touches/", None),
            ("post", f"/api/contacts/{contact.pk}/touches/", {"channel": "call"}),
        ],
        "api/contacts/<int:contact_id>/touches/<int:pk>/": [
            ("delete", f"/api/contacts/{contact.pk}/touches/{world['touch'].pk}/", None)
        ],
        # Alice's contact's number, reported by Bob: not his contact, so nobody's.
        "api/touches/": [("post", "/api/touches/", {"number": "+49301234567", "channel": "text"})],
        "api/reminders/": [("get", "/api/reminders/?state=all", None)],
        "api/reminders/<int:pk>/": [
            ("get", f"/api/reminders/{reminder.pk}/", None),
            ("patch", f"/api/reminders/{reminder.pk}/", {"notes": "Bob's"}),
        ],
        "api/reminders/<int:pk>/done/": [("post", f"/api/reminders/{reminder.pk}/done/", {})],
        "api/reminders/<int:pk>/snooze/": [
            ("post", f"/api/reminders/{reminder.pk}/snooze/", {"minutes": 30})
        ],
        "api/reminders/<int:pk>/dismiss/": [("post", f"/api/reminders/{reminder.pk}/dismiss/", {})],
        "api/reminders/<int:pk>/reopen/": [("post", f"/api/reminders/{reminder.pk}/reopen/", {})],
        "api/reminders/<int:pk>/attempts/": [
            (
                "post",
                f"/api/reminders/{reminder.pk}/attempts/",
                {"channel": "call", "outcome": "reached"},
            )
        ],
        "api/missed-calls/": [("get", "/api/missed-calls/", None)],
        "api/stats/": [("get", "/api/stats/?days=365", None)],
        "api/tokens/": [("get", "/api/tokens/", None)],
        "api/tokens/<int:pk>/": [("delete", f"/api/tokens/{token.pk}/", None)],
        "api/push/receipts/": [
            (
                "post",
                "/api/push/receipts/",
                {"delivery_ids": [world["delivery"].pk], "event": "shown"},
            )
        ],
        "api/push/devices/": [("get", "/api/push/devices/", None)],
        "api/channels/": [("get", "/api/channels/", None)],
        "api/channels/<int:pk>/": [("delete", f"/api/channels/{world['channel'].pk}/", None)],
        "api/channels/<int:pk>/test/": [
            ("post", f"/api/channels/{world['channel'].pk}/test/", None)
        ],
        "api/voicemails/": [("get", "/api/voicemails/", None)],
        "api/voicemails/<int:pk>/": [("get", f"/api/voicemails/{world['voicemail'].pk}/", None)],
        "api/voicemails/<int:pk>/recording/": [
            ("get", f"/api/voicemails/{world['voicemail'].pk}/recording/", None),
            ("delete", f"/api/voicemails/{world['voicemail'].pk}/recording/", None),
        ],
        # (Bob's new source would be his; the body is refused before any connection.)
        "api/sources/": [("get", "/api/sources/", None), ("post", "/api/sources/", {})],
        "api/sources/<int:pk>/": [
            ("get", f"/api/sources/{world['source'].pk}/", None),
            ("patch", f"/api/sources/{world['source'].pk}/", {"name": "Bob's"}),
            ("delete", f"/api/sources/{world['source'].pk}/", None),
        ],
        "api/sources/<int:pk>/sync/": [("post", f"/api/sources/{world['source'].pk}/sync/", {})],
    }


# What a personal token may not do at all (accounts.api.permissions): refused whoever's.
SESSION_ONLY = {
    ("patch", "api/me/"),
    ("delete", "api/me/"),
    ("post", "api/me/calendar/rotate/"),
    ("get", "api/me/two-factor/"),
    ("post", "api/me/two-factor/"),
    ("delete", "api/me/two-factor/"),
    ("post", "api/me/two-factor/confirm/"),
    ("post", "api/me/two-factor/recovery-codes/"),
    ("post", "api/contacts/import/"),
    ("get", "api/contacts/export.vcf"),
    ("get", "api/export/"),
    ("get", "api/tokens/"),
    ("delete", "api/tokens/<int:pk>/"),
    # A channel's URL holds credentials: reach.api.views.
    ("get", "api/channels/"),
    ("delete", "api/channels/<int:pk>/"),
    ("post", "api/channels/<int:pk>/test/"),
    ("get", "api/voicemails/<int:pk>/recording/"),
    ("delete", "api/voicemails/<int:pk>/recording/"),
    ("get", "api/sources/"),
    ("post", "api/sources/"),
    ("get", "api/sources/<int:pk>/"),
    ("patch", "api/sources/<int:pk>/"),
    ("delete", "api/sources/<int:pk>/"),
    ("post", "api/sources/<int:pk>/sync/"),
}

PRIVATE_LISTS_NOT_EMPTY_FOR_OWNER = {
    "/api/contacts/",
    "/api/reminders/?state=all",
    "/api/missed-calls/",
    "/api/tokens/",
    "/api/voicemails/",
}


def test_every_route_is_public_on_purpose_or_has_an_isolation_case(world):
    routes = set(_walk(get_resolver().url_patterns))
    covered = set(PUBLIC) | set(_cases(world))

    assert routes - covered == set(), "routes without an isolation case"
    assert covered - routes == set(), "isolation cases for routes that do not exist"


@pytest.mark.parametrize("signed_in_with", ["session", "token"])
def test_a_second_user_gets_404_or_an_empty_list_and_changes_nothing(
    world, other_user, api, signed_in_with
):
    bob = APIClient()
    if signed_in_with == "session":
        bob.force_login(other_user)
    else:
        _token, secret = api_token_create(owner=other_user, name="Bob's phone")
        bob.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    alice_calendar = api.get("/api/me/").json()["calendar_url"]
    for route, attempts in _cases(world).items():
        for method, path, body in attempts:
            response = getattr(bob, method)(path, body, format="json")
            if signed_in_with == "token" and (method, route) in SESSION_ONLY:
                assert response.status_code == 403, route
            elif path in PRIVATE_LISTS_NOT_EMPTY_FOR_OWNER and method == "get":
                alices = {item["id"] for item in api.get(path).json()["results"]}
                bobs = {item["id"] for item in response.json()["results"]}
                assert response.status_code == 200, route
                assert alices, route
                assert not alices & bobs, route
            elif method == "get" and route in ("api/me/", "api/push/config/"):
                assert response.json().get("username", "bob") == "bob", route
            elif route == "api/stats/":
                assert response.status_code == 200, route
                assert response.json()["total"]["missed"] == 0, route
            elif route == "api/me/greeting/":
                assert response.status_code == 200, route
                assert "Alice" not in str(response.json()), route
            elif method == "post" and route == "api/contacts/":
                assert response.status_code == 201, route
            elif route in ("api/contacts/export.vcf", "api/export/"):
                # Bob's own export: none of Alice's people, numbers or calls.
                assert response.status_code == 200, route
                text = response.content.decode()
                assert not [word for word in ("Mum", "+49301234567", "Dinner") if word in text]
            elif route == "api/contacts/import/":
                assert response.status_code == 415, route
            elif route == "api/sources/":
                # Bob's own (empty) list; his empty new source is refused, naming fields.
                assert response.status_code == (200 if method == "get" else 400), route
                assert method != "get" or response.json() == [], route
            elif route == "api/touches/":
                assert response.json() == {"matched": False}, route
            elif route.startswith("api/me/two-factor/"):
                # Bob's own: off, and every change refused (a wrong password or code).
                expected = {"enabled": False, "recovery_codes_left": 0}
                assert response.status_code == (200 if method == "get" else 400), route
                assert method != "get" or response.json() == expected, route
            elif route == "api/me/" and method == "delete":
                assert response.status_code == 400, route  # a wrong password
            elif route == "api/me/calendar/rotate/":
                assert response.status_code == 200, route
                assert response.json()["calendar_url"] != alice_calendar, route
            elif route == "api/push/receipts/":
                assert response.json() == {"recorded": 0}, route
            elif route in ("api/push/devices/", "api/channels/"):
                assert response.json() == [], route
            elif route == "api/me/" or route == "api/push/subscriptions/":
                assert response.status_code in (200, 204), route
            else:
                assert response.status_code == 404, (route, response.status_code)

    world["contact"].refresh_from_db()
    world["reminder"].refresh_from_db()
    assert world["contact"].name == "Mum"
    assert Touch.objects.get() == world["touch"]
    assert world["reminder"].state == "open"
    assert world["reminder"].notes == ""
    assert Delivery.objects.get(pk=world["delivery"].pk).shown_at is None
    assert Channel.objects.filter(pk=world["channel"].pk).exists()
    assert not ApiToken.objects.get(pk=world["token"].pk).revoked
    assert api.get("/api/me/").json()["language"] == "en"
    assert api.get("/api/me/").json()["calendar_url"] == alice_calendar
    world["voicemail"].refresh_from_db()
    assert world["voicemail"].recording_deleted_at is None


def test_a_second_user_cannot_see_or_settle_a_birthday_reminder(world, other_api):
    occasion = world["occasion"]
    assert other_api.get(f"/api/reminders/{occasion.pk}/").status_code == 404
    for action, body in (("done", {}), ("dismiss", {}), ("snooze", {"minutes": 15})):
        response = other_api.post(f"/api/reminders/{occasion.pk}/{action}/", body, format="json")
        assert response.status_code == 404, action
    contact = world["contact"].pk
    assert other_api.get(f"/api/contacts/{contact}/").status_code == 404
    assert other_api.get(f"/api/contacts/{contact}/touches/").status_code == 404
    occasion.refresh_from_db()
    assert occasion.state == "open"


def test_an_anonymous_client_gets_401_or_403_everywhere_private(world):
    nobody = APIClient()
    for route, attempts in _cases(world).items():
        for method, path, body in attempts:
            response = getattr(nobody, method)(path, body, format="json")
            assert response.status_code in (401, 403), (route, response.status_code)


def test_a_webhook_secret_of_nobody_is_a_404(world):
    response = APIClient().post("/api/webhooks/twilio/not-a-secret/voice-status/", {})

    assert response.status_code == 404
