"""The app plays a message through the server, which fetches it from Twilio with the
account's credentials (here from a local stand-in) for the owner's session only; the
owner deletes it, here and at Twilio."""

import pytest
from django.urls import reverse

from accounts.selectors import telephony_hook_of
from tests.voicemail import twilio
from tests.voicemail.standin import serving_recordings, tone_wav
from tests.voicemail.twilio import post, recording, voice
from voicemail.models import Voicemail
from voicemail.recordings import RecordingUnavailable
from voicemail.tasks import delete_twilio_recording

WAV = tone_wav()
MUM = "+4930123456"


@pytest.fixture
def standin(settings):
    with serving_recordings(settings) as server:
        yield server


def _message(user, standin, *, url: str | None = None) -> Voicemail:
    base = f"/api/webhooks/twilio/{telephony_hook_of(user).secret}/voice"
    url = url or twilio.recording_url(origin=standin.origin)
    standin.recordings[url.removeprefix(standin.origin)] = WAV
    post(f"{base}/", voice(MUM))
    post(f"{base}/recording/", recording(RecordingUrl=url))
    return Voicemail.objects.get()


def _path(voicemail: Voicemail) -> str:
    return reverse("api:voicemail-recording", args=[voicemail.pk])


def test_the_owner_hears_the_recording_fetched_with_the_accounts_credentials(user, api, standin):
    voicemail = _message(user, standin)

    response = api.get(_path(voicemail))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == WAV
    assert response["Content-Type"] == "audio/x-wav"
    assert response["Cache-Control"] == "private, no-store"
    assert [(method, ok) for method, _path_, ok in standin.requests] == [("GET", True)]


def test_the_player_can_seek(user, api, standin):
    voicemail = _message(user, standin)

    response = api.get(_path(voicemail), HTTP_RANGE="bytes=44-143")

    assert response.status_code == 206
    assert b"".join(response.streaming_content) == WAV[44:144]
    assert response["Content-Range"] == f"bytes 44-143/{len(WAV)}"


def test_nobody_else_hears_it(user, standin, other_api, token_api, anonymous):
    path = _path(_message(user, standin))

    assert other_api.get(path).status_code == 404
    # A token is for automations: playing and deleting is the app's, signed in.
    assert token_api.get(path).status_code == 403
    assert anonymous.get(path).status_code in (401, 403)
    assert standin.requests == []


def test_credentials_never_go_to_an_address_that_is_not_twilios(user, api, standin, settings):
    voicemail = _message(user, standin, url="https://media.example.com/Recordings/RE1")

    response = api.get(_path(voicemail))

    assert response.status_code == 502
    assert standin.requests == []


def test_a_recording_twilio_no_longer_has_is_a_404(user, api, standin):
    voicemail = _message(user, standin)
    standin.recordings.clear()

    assert api.get(_path(voicemail)).status_code == 404


def test_the_owner_deletes_it_here_and_at_twilio(
    user, api, standin, django_capture_on_commit_callbacks
):
    voicemail = _message(user, standin)

    with django_capture_on_commit_callbacks() as enqueued:
        assert api.delete(_path(voicemail)).status_code == 204
    assert len(enqueued) == 1
    listed = api.get("/api/voicemails/").json()["results"]
    assert (listed[0]["recording"], listed[0]["deleted"]) == (None, True)
    assert api.get(_path(voicemail)).status_code == 404

    delete_twilio_recording(voicemail.pk)

    assert standin.recordings == {}
    assert standin.requests[-1] == (
        "DELETE",
        f"{twilio.recording_url(origin='')}.json",
        True,
    )
    voicemail.refresh_from_db()
    assert voicemail.recording_url == ""
    # The missed call and what it said stay.
    assert listed[0]["reason"] == "Voicemail, 0:42"


def test_a_delete_twilio_refuses_is_tried_again(user, api, standin):
    voicemail = _message(user, standin)
    api.delete(_path(voicemail))
    standin.fail_with = 503

    with pytest.raises(RecordingUnavailable):
        delete_twilio_recording(voicemail.pk)

    voicemail.refresh_from_db()
    assert voicemail.recording_url  # kept for the next try


def test_the_operator_may_prefer_links_to_twilio(user, api, standin, settings):
    settings.VOICEMAIL_PLAYBACK = "link"
    voicemail = _message(user, standin)

    listed = api.get(f"/api/voicemails/?reminder={voicemail.missed_call.reminder_id}").json()

    assert listed["results"][0]["recording"] == voicemail.recording_url


def test_a_reminder_filter_that_is_not_a_number_is_a_400(api):
    response = api.get("/api/voicemails/?reminder=abc")

    assert response.status_code == 400
    assert "reminder" in response.json()
