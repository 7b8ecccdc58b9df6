from urllib.parse import urlencode

import pytest
from rest_framework.test import APIClient
from twilio.request_validator import RequestValidator

from accounts.api.throttles import WebhookThrottle
from accounts.selectors import telephony_hook_of
from contacts.services import contact_create
from reminders.models import MissedCall, Reminder, Source

AUTH_TOKEN = "twilio-auth-token-for-tests"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def hook_url(user, settings):
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    secret = telephony_hook_of(user).secret
    return f"/api/webhooks/twilio/{secret}/voice-status/"


def _post(path: str, params: dict, *, signed_url: str | None = None):
    url = signed_url or f"http://testserver{path}"
    signature = RequestValidator(AUTH_TOKEN).compute_signature(url, params)
    return _form_post(path, params, signature)


def _form_post(path: str, params: dict, signature: str):
    # As Twilio sends it: an urlencoded form.
    return APIClient().post(
        path, urlencode(params), content_type=FORM, HTTP_X_TWILIO_SIGNATURE=signature
    )


def _status(status: str, sid: str = "CA123") -> dict:
    return {"CallSid": sid, "CallStatus": status, "From": "+49301234567", "To": "+4930999"}


@pytest.mark.parametrize("status", ["no-answer", "busy", "failed"])
def test_an_unanswered_call_becomes_a_missed_call_from_the_caller(hook_url, user, status):
    contact_create(owner=user, name="Mum", numbers=[("+49301234567", "")])

    answer = _post(hook_url, _status(status))

    assert answer.status_code == 201
    call = MissedCall.objects.get()
    assert (call.source, call.number, call.contact.name) == (Source.WEBHOOK, "+49301234567", "Mum")


@pytest.mark.parametrize("status", ["completed", "in-progress", "ringing", "canceled"])
def test_other_statuses_are_ignored(hook_url, status):
    assert _post(hook_url, _status(status)).status_code == 204
    assert not MissedCall.objects.exists()


def test_twilio_sending_a_status_twice_records_one_call(hook_url):
    first = _post(hook_url, _status("busy", sid="CA9"))
    again = _post(hook_url, _status("no-answer", sid="CA9"))

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert MissedCall.objects.count() == 1


def test_a_wrong_signature_is_a_403(hook_url):
    response = _form_post(hook_url, _status("busy"), "forged")

    assert response.status_code == 403
    assert not MissedCall.objects.exists()


def test_without_an_auth_token_configured_nothing_is_accepted(hook_url, settings):
    settings.TWILIO_AUTH_TOKEN = ""

    assert _post(hook_url, _status("busy")).status_code == 403


def test_behind_a_proxy_the_signature_is_checked_against_the_public_url(hook_url, settings):
    settings.PUBLIC_URL = "https://ringback.example.com"

    signed_for_public = _post(
        hook_url, _status("busy"), signed_url=f"https://ringback.example.com{hook_url}"
    )
    signed_for_internal = _post(hook_url, _status("busy", sid="CA2"))

    assert signed_for_public.status_code == 201
    assert signed_for_internal.status_code == 403


def test_the_webhook_is_throttled_per_address(hook_url, monkeypatch):
    monkeypatch.setattr(WebhookThrottle, "THROTTLE_RATES", {"webhook": "2/min"})

    codes = [_post(hook_url, _status("completed")).status_code for _ in range(3)]

    assert codes == [204, 204, 429]


WITHHELD = ["anonymous", "Anonymous", "+266696687", "client:alice", "sip:bob@example.com", ""]
WITHHELD += ["Restricted", "Unknown", "private"]


@pytest.mark.parametrize("caller", WITHHELD)
def test_a_call_from_a_withheld_number_is_logged_with_no_reminder(hook_url, caller):
    answer = _post(hook_url, {**_status("no-answer"), "From": caller})

    assert answer.status_code == 201, answer.content
    assert answer.json()["reminder"] is None
    call = MissedCall.objects.get()
    assert (call.withheld, call.number, call.contact, call.reminder) == (True, "", None, None)
    assert call.source == Source.WEBHOOK
    assert not Reminder.objects.exists()


def test_a_call_without_a_from_is_a_withheld_number(hook_url):
    params = _status("busy")
    del params["From"]

    assert _post(hook_url, params).status_code == 201
    assert MissedCall.objects.get().withheld is True


def test_a_withheld_call_sent_twice_is_recorded_once(hook_url):
    params = {**_status("busy", sid="CA7"), "From": "anonymous"}

    first, again = _post(hook_url, params), _post(hook_url, params)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert MissedCall.objects.count() == 1
