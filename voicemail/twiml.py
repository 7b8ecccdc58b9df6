"""What the caller hears: the user's greeting, in the user's language and a voice that
speaks it, in the caller's register, then the tone and the recording."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from twilio.twiml.voice_response import VoiceResponse

from accounts.models import Preferences
from contacts.models import Contact
from reminders import policy
from reminders.plans import away_of
from reminders.voicemail import voicemail_greetings

# The language tag <Say> speaks each of the app's languages in.
SAY_LANGUAGES = {"en": "en-US", "de": "de-DE"}


@dataclass(frozen=True)
class Callbacks:
    """The absolute, public URLs Twilio calls (and signs) after the tone."""

    done: str
    recording: str
    transcription: str


def register_for(contact: Contact | None) -> str:
    """A contact in their own register; an unknown or withheld caller formally."""
    if contact is None:
        return "business"
    formal = policy.is_formal(relationship=contact.relationship, formal=contact.formal)
    return "business" if formal else "personal"


def greeting_twiml(
    *, preferences: Preferences, contact: Contact | None, callbacks: Callbacks, transcribe: bool
) -> str:
    language = preferences.language
    away = away_of(preferences, now=timezone.now())
    text = voicemail_greetings(preferences, away=away)[register_for(contact)]
    response = VoiceResponse()
    response.say(
        text,
        voice=settings.VOICEMAIL_VOICES.get(language) or None,
        language=SAY_LANGUAGES.get(language, "en-US"),
    )
    response.record(
        # Without an action Twilio would request this greeting again after the tone.
        action=callbacks.done,
        method="POST",
        max_length=settings.VOICEMAIL_MAX_SECONDS,
        timeout=5,
        play_beep=True,
        finish_on_key="#",
        recording_status_callback=callbacks.recording,
        recording_status_callback_method="POST",
        recording_status_callback_event="completed absent",
        transcribe=transcribe or None,
        transcribe_callback=callbacks.transcription if transcribe else None,
    )
    # Reached when nothing was recorded (Twilio then skips the action).
    response.hangup()
    return str(response)


def hangup_twiml() -> str:
    response = VoiceResponse()
    response.hangup()
    return str(response)
