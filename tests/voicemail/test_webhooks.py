"""Ringback as the voicemail: Twilio's requests for one forwarded call, as Twilio sends
them, in the orders it may send them."""

import json
from datetime import UTC, date, datetime, time, timedelta
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Preferences
from accounts.selectors import telephony_hook_of
from contacts.models import Relationship
from contacts.services import contact_create
from reminders.dispatch.payload import StepContext, payload_bytes
from reminders.models import MissedCall, Reminder, ReminderKind, Source
from tests.voicemail import twilio
from tests.voicemail.twilio import post, recording, transcription, voice
from voicemail.models import RecordingStatus, TranscriptionStatus, Voicemail

NOW = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
MUM = "+4930123456"
CLIENT = "+4989765432"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def urls(user, settings):
    settings.TWILIO_AUTH_TOKEN = twilio.AUTH_TOKEN
    base = f"/api/webhooks/twilio/{telephony_hook_of(user).secret}"
    return {
        "voice": f"{base}/voice/",
        "done": f"{base}/voice/done/",
        "recording": f"{base}/voice/recording/",
        "transcription": f"{base}/voice/transcription/",
        "status": f"{base}/voice-status/",
    }


def _prefer(user, **fields) -> None:
    Preferences.objects.filter(user=user).update(**fields)


def _twiml(response) -> ElementTree.Element:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/xml")
    return ElementTree.fromstring(response.content)


def _say_and_record(root: ElementTree.Element) -> tuple[ElementTree.Element, ElementTree.Element]:
    # The greeting, the tone and the recording, then hang up (when nothing was said).
    assert [child.tag for child in root] == ["Say", "Record", "Hangup"]
    return root[0], root[1]


@pytest.fixture
def family(user):
    return contact_create(
        owner=user, name="Anna Berg", relationship=Relationship.FAMILY, numbers=[(MUM, "")]
    )


def test_a_contact_hears_the_personal_greeting_in_english(urls, user, family):
    _prefer(user, display_name="Kai", language="en")

    say, record = _say_and_record(_twiml(post(urls["voice"], voice(MUM))))

    assert say.text.startswith("Hi, this is Kai.")
    assert (say.get("language"), say.get("voice")) == ("en-US", "Polly.Joanna-Neural")
    assert record.get("maxLength") == "120"
    assert record.get("playBeep") == "true"
    assert record.get("action") == f"http://testserver{urls['done']}"
    assert record.get("recordingStatusCallback") == f"http://testserver{urls['recording']}"
    assert record.get("recordingStatusCallbackEvent") == "completed absent"
    # English is what Twilio transcribes.
    assert record.get("transcribe") == "true"
    assert record.get("transcribeCallback") == f"http://testserver{urls['transcription']}"


def test_a_contact_hears_the_personal_greeting_in_german_untranscribed(urls, user, family):
    _prefer(user, display_name="Kai", language="de")

    say, record = _say_and_record(_twiml(post(urls["voice"], voice(MUM))))

    assert say.text.startswith("Hallo, hier ist Kai.")
    assert (say.get("language"), say.get("voice")) == ("de-DE", "Polly.Vicki-Neural")
    assert record.get("transcribe") is None
    assert record.get("transcribeCallback") is None
    assert record.get("recordingStatusCallback") == f"http://testserver{urls['recording']}"


@pytest.mark.parametrize(
    ("language", "opening"),
    [("en", "You have reached Kai, Berg GmbH."), ("de", "Sie sind verbunden mit Kai, Berg GmbH.")],
)
def test_an_unknown_number_hears_the_business_greeting(urls, user, language, opening):
    _prefer(user, display_name="Kai", company="Berg GmbH", language=language)

    say, _record = _say_and_record(_twiml(post(urls["voice"], voice(CLIENT))))

    assert say.text.startswith(opening)
    call = MissedCall.objects.get()
    assert (call.source, call.number, call.contact) == (Source.VOICEMAIL, CLIENT, None)
    assert call.reminder.kind == ReminderKind.IDENTIFY


def test_a_client_hears_the_business_greeting(urls, user):
    contact_create(
        owner=user, name="Dr. Weiss", relationship=Relationship.CLIENT, numbers=[(CLIENT, "")]
    )
    _prefer(user, display_name="Kai", language="en")

    say, _record = _say_and_record(_twiml(post(urls["voice"], voice(CLIENT))))

    assert say.text.startswith("You have reached Kai.")


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "I'm away until December 20 and will call you back from December 21."),
        ("de", "Ich bin bis einschließlich 20. Dezember unterwegs und rufe dich ab 21. Dezember"),
    ],
)
def test_while_away_the_greeting_says_until_when_and_how_else(
    urls, user, family, language, sentence
):
    _prefer(
        user,
        display_name="Kai",
        language=language,
        away_until=date(2026, 12, 20),
        away_contact="kai@example.com",
    )

    say, _record = _say_and_record(_twiml(post(urls["voice"], voice(MUM))))

    assert sentence in say.text
    assert "kai@example.com" in say.text


@pytest.mark.parametrize("caller", ["anonymous", "+266696687", ""])
def test_a_withheld_caller_hears_the_greeting_and_is_kept_with_no_reminder(urls, user, caller, api):
    _prefer(user, display_name="Kai", language="en")

    say, _record = _say_and_record(_twiml(post(urls["voice"], voice(caller))))
    post(urls["recording"], recording())

    assert say.text.startswith("You have reached Kai.")
    call = MissedCall.objects.get()
    assert (call.withheld, call.reminder, call.source) == (True, None, Source.VOICEMAIL)
    assert not Reminder.objects.exists()
    listed = api.get("/api/voicemails/?withheld=true").json()["results"]
    assert [(v["who"], v["length"], v["reason"]) for v in listed] == [
        ("Withheld number", "0:42", "Voicemail, 0:42")
    ]
    assert listed[0]["recording"] == f"/api/voicemails/{listed[0]['id']}/recording/"


def test_a_caller_who_hangs_up_before_the_tone_is_a_missed_call(urls, user, family, clock):
    post(urls["voice"], voice(MUM))

    call = MissedCall.objects.get()
    assert (call.contact, call.source, call.reason) == (family, Source.VOICEMAIL, "")
    reminder = call.reminder
    # The first push waits for a message (the longest one, then its transcript) …
    assert reminder.next_step_at == NOW + timedelta(seconds=120 + 30 + 120)
    assert Voicemail.objects.get().recording_status == RecordingStatus.PENDING
    # … and no longer: then it goes, as for any missed call.
    clock.shift(timedelta(minutes=5))
    assert Reminder.objects.filter(next_step_at__lte=timezone.now()).get() == reminder


def test_with_the_status_callback_a_hang_up_before_the_tone_is_pushed_at_once(
    urls, user, family, clock
):
    post(urls["voice"], voice(MUM))
    clock.shift(timedelta(seconds=8))

    # The number's "Call status changes" webhook: the call is over, no tone reached.
    answer = post(urls["status"], {**voice(MUM), "CallStatus": "completed", "CallDuration": "8"})

    assert answer.status_code == 204
    call = MissedCall.objects.get()
    assert call.reminder.next_step_at == NOW + timedelta(seconds=8)
    assert call.voicemail.recording_status == RecordingStatus.ABSENT
    assert MissedCall.objects.count() == 1


def test_a_message_left_keeps_the_push_waiting_after_the_call_ends(urls, user, family, clock):
    post(urls["voice"], voice(MUM))
    post(urls["done"], {**voice(MUM), "RecordingUrl": twilio.recording_url()})

    post(urls["status"], {**voice(MUM), "CallStatus": "completed", "CallDuration": "50"})

    call = MissedCall.objects.get()
    assert call.reminder.next_step_at == NOW + timedelta(seconds=270)
    post(urls["transcription"], transcription(MUM, "About Sunday."))
    call.refresh_from_db()
    assert (call.reason, call.reminder.next_step_at) == ("About Sunday.", NOW)


def test_the_recording_then_the_transcript(urls, user, family):
    post(urls["voice"], voice(MUM))

    answer = post(urls["recording"], recording(duration=42))

    assert answer.status_code == 200
    call = MissedCall.objects.get()
    voicemail = call.voicemail
    assert call.reason == "Voicemail, 0:42"
    assert (voicemail.recording_url, voicemail.duration) == (twilio.recording_url(), 42)
    # Still waiting for the transcript: the first push too.
    assert call.reminder.next_step_at > NOW

    post(urls["transcription"], transcription(MUM, "Hi, it's Anna, about Sunday lunch."))

    call.refresh_from_db()
    assert call.reason == "Hi, it's Anna, about Sunday lunch."
    assert call.voicemail.transcription_status == TranscriptionStatus.COMPLETED
    # Now the push can say why they called: it goes now, with the reason.
    assert call.reminder.next_step_at == NOW
    reminder = Reminder.objects.get()
    assert reminder.latest_reason == "Hi, it's Anna, about Sunday lunch."
    push = json.loads(payload_bytes(reminder, StepContext(step="prompt", now=NOW, language="en")))
    assert push["body"].endswith("“Hi, it's Anna, about Sunday lunch.”")


def test_the_transcript_before_the_recording(urls, user, family):
    post(urls["voice"], voice(MUM))

    post(urls["transcription"], transcription(MUM, "Call me back about the invoice."))
    call = MissedCall.objects.get()
    assert call.reason == "Call me back about the invoice."
    # The address came with the transcript; the length comes with the recording.
    assert (call.voicemail.recording_url, call.voicemail.duration) == (twilio.recording_url(), None)

    post(urls["recording"], recording(duration=75))

    call.refresh_from_db()
    assert call.reason == "Call me back about the invoice."
    assert (call.voicemail.duration, call.voicemail.recording_status) == (75, "completed")
    assert call.reminder.next_step_at == NOW


def test_every_request_twice_makes_one_call_and_one_voicemail(urls, user, family):
    for params, path in [
        (voice(MUM), "voice"),
        (recording(), "recording"),
        (transcription(MUM, "About Sunday."), "transcription"),
    ]:
        first, again = post(urls[path], params), post(urls[path], params)
        assert (first.status_code, again.status_code) == (200, 200)

    assert MissedCall.objects.count() == 1
    assert Voicemail.objects.count() == 1
    assert Reminder.objects.get().call_count == 1
    assert MissedCall.objects.get().reason == "About Sunday."


def test_a_second_message_from_the_same_caller_joins_the_reminder(urls, user, family):
    post(urls["voice"], voice(MUM, n=1))
    post(urls["voice"], voice(MUM, n=2))

    assert Reminder.objects.get().call_count == 2
    assert Voicemail.objects.count() == 2


def test_the_transcript_never_replaces_what_the_user_typed(urls, user, family):
    post(urls["voice"], voice(MUM))
    post(urls["recording"], recording())
    MissedCall.objects.update(reason="Ask about the car")

    post(urls["transcription"], transcription(MUM, "Hi it's Anna."))

    call = MissedCall.objects.get()
    assert call.reason == "Ask about the car"
    assert call.voicemail.transcript == "Hi it's Anna."


def test_a_failed_transcription_keeps_the_length_as_the_reason(urls, user, family):
    post(urls["voice"], voice(MUM))
    post(urls["recording"], recording(duration=61))

    post(urls["transcription"], transcription(MUM, "", status="failed"))

    call = MissedCall.objects.get()
    assert call.reason == "Voicemail, 1:01"
    assert call.reminder.next_step_at == NOW


def test_in_german_the_message_arrives_with_its_length_and_the_push_goes(urls, user, family):
    _prefer(user, language="de")
    post(urls["voice"], voice(MUM))

    post(urls["recording"], recording(duration=42))

    call = MissedCall.objects.get()
    assert call.reason == "Sprachnachricht, 0:42"
    assert call.voicemail.transcription_status == TranscriptionStatus.NOT_ASKED
    # Nothing more will come: the push goes now.
    assert call.reminder.next_step_at == NOW


def test_no_message_left_lets_the_push_go_without_a_reason(urls, user, family):
    post(urls["voice"], voice(MUM))

    post(urls["recording"], recording(status="absent"))

    call = MissedCall.objects.get()
    assert call.reason == ""
    assert call.voicemail.recording_status == RecordingStatus.ABSENT
    assert call.voicemail.recording_url == ""
    assert call.reminder.next_step_at == NOW


def test_a_callback_for_a_call_never_announced_is_kept(urls, user):
    # The voice request failed on our side; the transcript names the caller.
    post(urls["transcription"], transcription(MUM, "It's Anna."))

    call = MissedCall.objects.get()
    assert (call.number, call.reason, call.source) == (MUM, "It's Anna.", Source.VOICEMAIL)


def test_an_unreadable_number_is_an_unknown_caller_as_twilio_sent_it(urls, user, api):
    answer = post(urls["voice"], voice("+99912345"))
    post(urls["status"], {**voice("+99912346", n=2), "CallStatus": "no-answer"})

    assert answer.status_code == 200
    calls = MissedCall.objects.order_by("id")
    assert [(c.number, c.source, c.withheld) for c in calls] == [
        ("+99912345", Source.VOICEMAIL, False),
        ("+99912346", Source.WEBHOOK, False),
    ]
    assert {c.reminder.kind for c in calls} == {ReminderKind.IDENTIFY}
    assert Voicemail.objects.get().caller == "+99912345"
    # Shown, and pushed, like any unknown number.
    listed = api.get("/api/reminders/").json()["results"]
    assert sorted(r["who"] for r in listed) == ["+99912345", "+99912346"]
    for reminder in Reminder.objects.all():
        context = StepContext(step="identify", now=NOW, language="en")
        assert json.loads(payload_bytes(reminder, context))["title"].endswith(reminder.number)


def test_a_signed_request_that_cannot_be_used_is_answered_2xx(urls, user):
    assert post(urls["status"], {"AccountSid": twilio.ACCOUNT_SID}).status_code == 204
    assert post(urls["recording"], {"CallSid": twilio.call_sid()}).status_code == 202
    assert post(urls["transcription"], {"From": MUM}).status_code == 202
    # The caller still hears the greeting.
    say, _record = _say_and_record(_twiml(post(urls["voice"], {"From": MUM})))
    assert say.text
    assert not MissedCall.objects.exists()


def test_after_the_tone_twilio_is_told_to_hang_up(urls, user):
    answer = post(urls["done"], {**voice(MUM), "RecordingUrl": twilio.recording_url()})

    assert [child.tag for child in _twiml(answer)] == ["Hangup"]


@pytest.mark.parametrize("path", ["voice", "done", "recording", "transcription"])
def test_an_unsigned_request_is_refused(urls, user, path):
    signed_by_someone_else = post(urls[path], voice(MUM), token="not-the-auth-token")

    assert signed_by_someone_else.status_code == 403
    assert not MissedCall.objects.exists()


def test_the_voice_url_is_in_the_settings_of_the_apps_session_only(urls, api, token_api):
    assert api.get("/api/me/").json()["twilio_voice_url"] == f"http://testserver{urls['voice']}"
    assert token_api.get("/api/me/").json()["twilio_voice_url"] is None


def test_fields_in_a_form_we_did_not_expect_cost_nothing_but_themselves(urls, user, family):
    post(urls["voice"], voice(MUM))

    answer = post(urls["recording"], recording(RecordingDuration="n/a", RecordingUrl="nope"))
    post(urls["transcription"], transcription(MUM, "(blank)"))

    assert answer.status_code == 200
    call = MissedCall.objects.get()
    assert (call.voicemail.recording_status, call.voicemail.duration) == ("completed", 0)
    assert call.voicemail.recording_url == twilio.recording_url()  # from the transcription
    assert call.reason == "Voicemail, 0:00"
    assert call.voicemail.transcription_status == TranscriptionStatus.FAILED


def test_a_wait_that_runs_into_the_quiet_hours_moves_out_of_them(urls, user, family):
    # 11:00 in Berlin; quiet from 11:02: the wait (until 11:04:30) would end inside.
    _prefer(user, time_zone="Europe/Berlin", quiet_start=time(11, 2), quiet_end=time(7, 0))

    post(urls["voice"], voice(MUM))

    at = Reminder.objects.get().next_step_at.astimezone(ZoneInfo("Europe/Berlin"))
    assert at != NOW + timedelta(seconds=270)
    assert at.time() <= time(11, 2) or (at.time() >= time(7, 0) and at.date() > NOW.date())
