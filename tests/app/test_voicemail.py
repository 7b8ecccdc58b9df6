"""A message left on the Twilio number, played in the reminder view at Pixel 7 size: a
short recording spoken by espeak-ng, served by a local stand-in for Twilio's recording
address, fetched by the server with the account's credentials; then deleted."""

import re
import shutil
import subprocess
import wave
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import Preferences
from contacts.services import contact_create
from project.catalogue import app_words
from tests.app.test_phone_flow import shot, watch_errors
from tests.ci import require
from tests.voicemail import twilio
from tests.voicemail.standin import serving_recordings
from voicemail.models import Voicemail
from voicemail.services import (
    length_text,
    voicemail_call_record,
    voicemail_recording_update,
    voicemail_transcription_update,
)

SPOKEN = {
    "en": ("en", "Hi, it's Anna, about Sunday lunch."),
    "de": ("de", "Hallo, hier ist Anna, wegen Sonntag."),
}

# Muted, a player may start without a tap; resolves once it has played to the end.
PLAY_TO_THE_END = """async audio => {
  audio.muted = true;
  const ended = new Promise((resolve, reject) => {
    audio.addEventListener("ended", resolve, {once: true});
    const failed = () => reject(new Error("audio error " + audio.error?.code));
    audio.addEventListener("error", failed, {once: true});
  });
  await audio.play();
  await ended;
  return {duration: audio.duration, at: audio.currentTime};
}"""


def spoken_wav(folder: Path, voice: str, text: str) -> Path:
    require(
        shutil.which("espeak-ng") is not None, "espeak-ng is missing: apt-get install espeak-ng"
    )
    path = folder / "message.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(path), text], check=True)
    return path


@pytest.fixture(params=["en", "de"])
def language(request, owner) -> str:
    Preferences.objects.filter(user=owner).update(language=request.param)
    return request.param


@pytest.fixture
def standin(settings):
    with serving_recordings(settings) as server:
        yield server


def test_the_owner_plays_a_message_in_the_reminder_and_deletes_it(
    app_page, owner, language, standin, tmp_path, artifacts
):
    words = app_words(language)
    voice, text = SPOKEN[language]
    recording = spoken_wav(tmp_path, voice, text)
    with wave.open(str(recording)) as audio:
        seconds = audio.getnframes() / audio.getframerate()
    url = twilio.recording_url(origin=standin.origin)
    standin.recordings[url.removeprefix(standin.origin)] = recording.read_bytes()
    contact_create(owner=owner, name="Anna", relationship="family", numbers=[("+4930123456", "")])
    message = voicemail_call_record(owner=owner, call_sid=twilio.call_sid(), caller="+4930123456")
    voicemail_recording_update(
        owner=owner,
        call_sid=message.call_sid,
        recording_sid=twilio.recording_sid(),
        recording_url=url,
        status="completed",
        duration=round(seconds),
    )
    if language == "en":  # Twilio transcribes English only
        voicemail_transcription_update(
            owner=owner,
            call_sid=message.call_sid,
            caller="+4930123456",
            transcription_sid="TR1",
            recording_sid=twilio.recording_sid(),
            recording_url=url,
            status="completed",
            text=text,
        )
    reason = text if language == "en" else f"Sprachnachricht, {length_text(round(seconds))}"
    page = app_page
    errors = watch_errors(page)

    page.goto(f"/reminders/{message.missed_call.reminder_id}")

    # Quoted as the language writes it: „…“ in German, “…” in English.
    quoted = f"“{reason}”" if language == "en" else f"„{reason}“"
    expect(page.get_by_text(quoted).first).to_be_visible()
    section = page.locator(".voicemail-section")
    expect(section.get_by_role("heading", name=words["voicemail.title"])).to_be_visible()
    player = section.locator("audio")
    expect(player).to_have_attribute("src", f"/api/voicemails/{message.pk}/recording/")
    played = player.evaluate(PLAY_TO_THE_END)
    assert played["duration"] == pytest.approx(seconds, abs=0.05)
    assert played["at"] == pytest.approx(seconds, abs=0.05)
    assert {(method, ok) for method, _path, ok in standin.requests} == {("GET", True)}
    shot(page, artifacts, f"voicemail-{language}")

    page.once("dialog", lambda dialog: dialog.accept())
    section.get_by_role("button", name=words["voicemail.delete"]).click()

    expect(page.get_by_text(words["voicemail.deleted"])).to_be_visible()
    expect(section.get_by_text(words["voicemail.gone"])).to_be_visible()
    expect(section.locator("audio")).to_have_count(0)
    assert Voicemail.objects.get().recording_deleted_at is not None

    # Settings give the URL to put on the Twilio number.
    page.goto("/settings")
    voice_url = page.get_by_label(words["settings.voice_url"])
    expect(voice_url).to_have_value(re.compile(r"^http://.+/api/webhooks/twilio/[^/]+/voice/$"))
    expect(page.get_by_text(words["settings.voice_url_hint"])).to_be_visible()
    assert errors == []


def test_a_message_from_a_withheld_number_is_on_today(app_page, owner, standin, artifacts):
    words = app_words("en")
    url = twilio.recording_url(origin=standin.origin)
    standin.recordings[url.removeprefix(standin.origin)] = b"RIFF"
    message = voicemail_call_record(owner=owner, call_sid=twilio.call_sid(), caller="anonymous")
    voicemail_recording_update(
        owner=owner,
        call_sid=message.call_sid,
        recording_sid=twilio.recording_sid(),
        recording_url=url,
        status="completed",
        duration=12,
    )
    page = app_page

    page.goto("/today")

    section = page.locator(".voicemail-section")
    expect(section.get_by_role("heading", name=words["voicemail.withheld"])).to_be_visible()
    expect(section.locator(".meta")).to_contain_text("Withheld number · ")
    expect(section.locator("audio")).to_have_attribute(
        "src", f"/api/voicemails/{message.pk}/recording/"
    )
    # Nobody to call back: no reminder for it.
    expect(page.locator(".cards .card")).to_have_count(0)
    shot(page, artifacts, "voicemail-withheld")
