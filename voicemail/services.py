"""Writes on voicemails: the call coming in, its recording, its transcription, and the
user deleting the recording. Each may come twice and in any order (module docstring of
voicemail.models); each fills in what it knows."""

import logging
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import pgettext_lazy

from accounts.selectors import preferences_of
from accounts.users import User
from reminders.callers import is_withheld
from reminders.models import MissedCall, Reminder, Source
from reminders.policy import Step, StepKind
from reminders.services.calls import missed_call_record
from reminders.services.facts import reminder_facts_refresh
from reminders.services.scheduling import dispatch_soon, schedule_step
from voicemail.models import RecordingStatus, TranscriptionStatus, Voicemail

logger = logging.getLogger(__name__)

# Twilio transcribes <Record> messages in English only.
TRANSCRIBED_LANGUAGES = frozenset({"en"})
# How long after the longest message the first push waits for the recording, and for
# its transcription (Twilio's usually takes well under two minutes).
RECORDING_WAIT = timedelta(seconds=30)
TRANSCRIPTION_WAIT = timedelta(seconds=120)

# What a completed transcription may say when it heard no words.
NOTHING_HEARD = frozenset({"(blank)", "[blank]"})

REASONS = {
    # {length} is the message's length as minutes:seconds, e.g. "0:42".
    "with_length": pgettext_lazy("voicemail reason", "Voicemail, {length}"),
    "plain": pgettext_lazy("voicemail reason", "Voicemail"),
}


def _address(url: str) -> str:
    """The recording's URL, or nothing when Twilio sent something that is not one."""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        if url:
            logger.warning("a recording address that is not a URL: %r", url)
        return ""
    return url[:500]


def transcribes(language: str) -> bool:
    return settings.VOICEMAIL_TRANSCRIBE and language in TRANSCRIBED_LANGUAGES


def length_text(seconds: int) -> str:
    minutes, rest = divmod(max(seconds, 0), 60)
    return f"{minutes}:{rest:02d}"


def voicemail_call_record(
    *, owner: User, call_sid: str, caller: str, now: datetime | None = None
) -> Voicemail:
    """The call that reached the voicemail: a missed call from the caller (source
    voicemail) with its reminder, made now, so that a caller who hangs up before the
    tone is one too. The reminder's first push waits for the message."""
    now = now or timezone.now()
    existing = _voicemail_of(owner=owner, call_sid=call_sid)
    if existing is not None:
        return existing
    caller = caller.strip()
    withheld = is_withheld(caller)
    transcribing = transcribes(preferences_of(owner).language)
    try:
        with transaction.atomic():
            # One per CallSid: a repeated request finds the voicemail above; two at once
            # collide on its unique constraint, and the loser's call is rolled back.
            call = missed_call_record(
                owner=owner,
                number="" if withheld else caller,
                withheld=withheld,
                source=Source.VOICEMAIL,
                keep_unreadable=True,
            )
            voicemail = Voicemail(
                owner=owner,
                missed_call=call,
                call_sid=call_sid,
                caller=caller[:256],
                transcription_status=TranscriptionStatus.PENDING if transcribing else "",
            )
            wait = RECORDING_WAIT + (TRANSCRIPTION_WAIT if transcribing else timedelta())
            limit = timedelta(seconds=settings.VOICEMAIL_MAX_SECONDS)
            voicemail.hold_until = _hold_first_push(call, until=now + limit + wait, now=now)
            voicemail.full_clean(exclude=["missed_call", "owner"])
            voicemail.save()
            return voicemail
    except IntegrityError:
        # Twilio asked twice at once: the other request's voicemail is the one.
        found = _voicemail_of(owner=owner, call_sid=call_sid)
        if found is None:
            raise
        return found


def _voicemail_of(*, owner: User, call_sid: str) -> Voicemail | None:
    return (
        Voicemail.objects.select_related("missed_call")
        .filter(owner=owner, call_sid=call_sid)
        .first()
    )


def _hold_first_push(call: MissedCall, *, until: datetime, now: datetime) -> datetime | None:
    """Move a push due now to `until`; the message's callbacks bring it back sooner."""
    reminder = Reminder.objects.select_for_update().filter(pk=call.reminder_id).first()
    if reminder is None or not reminder.is_active or reminder.next_step_at is None:
        return None
    if reminder.next_step_at > now:
        return None  # a later step (quiet hours, a nudge): nothing to wait for
    # Placed like any step: a wait that runs into the quiet hours moves out of them.
    schedule_step(reminder, Step(StepKind(reminder.next_step), until), now=now)
    reminder.save(update_fields=["next_step", "next_step_at", "step_seq", "updated_at"])
    return reminder.next_step_at


def _release_first_push(voicemail: Voicemail, *, now: datetime) -> None:
    if voicemail.hold_until is None:
        return
    reminder = (
        Reminder.objects.select_for_update().filter(pk=voicemail.missed_call.reminder_id).first()
    )
    # Untouched since it was held: otherwise something else has rescheduled it.
    if (
        reminder is not None
        and reminder.is_active
        and reminder.next_step_at == voicemail.hold_until
    ):
        schedule_step(reminder, Step(StepKind(reminder.next_step), now), now=now)
        reminder.save(update_fields=["next_step", "next_step_at", "step_seq", "updated_at"])
        transaction.on_commit(partial(dispatch_soon, reminder))
    voicemail.hold_until = None


def _locked(*, owner: User, call_sid: str, caller: str, now: datetime) -> Voicemail:
    """The call's voicemail, locked; a callback for a call never announced (its voice
    request failed) still becomes a missed call, from whoever it names."""
    found = Voicemail.objects.select_for_update().filter(owner=owner, call_sid=call_sid).first()
    if found is None:
        voicemail_call_record(owner=owner, call_sid=call_sid, caller=caller, now=now)
        found = Voicemail.objects.select_for_update().get(owner=owner, call_sid=call_sid)
    return found


def _settle(voicemail: Voicemail, *, now: datetime) -> None:
    """Save; the first push goes as soon as nothing more is to come."""
    no_message = voicemail.recording_status in (RecordingStatus.ABSENT, RecordingStatus.FAILED)
    complete = (
        voicemail.recording_status != RecordingStatus.PENDING
        and voicemail.transcription_status != TranscriptionStatus.PENDING
    )
    # A transcript is made of the finished recording: nothing more is needed for the push.
    transcribed = voicemail.transcription_status in (
        TranscriptionStatus.COMPLETED,
        TranscriptionStatus.FAILED,
    )
    if no_message or complete or transcribed:
        _release_first_push(voicemail, now=now)
    voicemail.full_clean(exclude=["missed_call", "owner"])
    voicemail.save()


def _write_reason(voicemail: Voicemail, text: str, *, over_ours: bool) -> None:
    """Put `text` as the call's reason where it has none, or (over_ours) where the
    reason is one this voicemail wrote: never over what the user typed."""
    call = MissedCall.objects.get(pk=voicemail.missed_call_id)
    ours = over_ours and call.reason == voicemail.reason_written
    if call.reason and not ours:
        return
    text = text.strip()[:1000]
    call.reason = text
    call.save(update_fields=["reason"])
    voicemail.reason_written = text
    voicemail.missed_call = call
    if call.reminder_id is not None:
        # The reminder keeps its latest reason on its row (the lists and the push read it).
        reminder = Reminder.objects.select_for_update().get(pk=call.reminder_id)
        reminder_facts_refresh(reminder=reminder)


def _length_reason(voicemail: Voicemail) -> str:
    with translation.override(preferences_of(voicemail.owner).language):
        if voicemail.duration is None:
            return str(REASONS["plain"])
        return REASONS["with_length"].format(length=length_text(voicemail.duration))


@transaction.atomic
def voicemail_recording_update(
    *,
    owner: User,
    call_sid: str,
    recording_sid: str,
    recording_url: str,
    status: str,
    duration: int | None,
    now: datetime | None = None,
) -> Voicemail:
    """Twilio's recording status callback: the message is there (completed), or there
    is none (absent: too short or silent; failed)."""
    now = now or timezone.now()
    voicemail = _locked(owner=owner, call_sid=call_sid, caller="", now=now)
    if status not in RecordingStatus.values or status == RecordingStatus.PENDING:
        return voicemail  # in-progress: nothing to keep
    voicemail.recording_status = status
    if recording_sid:
        voicemail.recording_sid = recording_sid
    if status == RecordingStatus.COMPLETED:
        voicemail.recording_url = voicemail.recording_url or _address(recording_url)
        voicemail.duration = duration or 0
        # The length stands in for the transcript until it comes, or where none will.
        _write_reason(voicemail, _length_reason(voicemail), over_ours=False)
    elif voicemail.transcription_status == TranscriptionStatus.PENDING:
        voicemail.transcription_status = TranscriptionStatus.FAILED  # nothing to transcribe
    _settle(voicemail, now=now)
    return voicemail


@transaction.atomic
def voicemail_transcription_update(
    *,
    owner: User,
    call_sid: str,
    caller: str,
    transcription_sid: str,
    recording_sid: str,
    recording_url: str,
    status: str,
    text: str,
    now: datetime | None = None,
) -> Voicemail:
    """Twilio's transcribeCallback: the transcript becomes the call's reason, in place
    of the "Voicemail, 0:42" this voicemail wrote, never in place of the user's."""
    now = now or timezone.now()
    voicemail = _locked(owner=owner, call_sid=call_sid, caller=caller, now=now)
    # Before the recording's own callback: its address is known from this one.
    if recording_sid and not voicemail.recording_sid:
        voicemail.recording_sid = recording_sid
    if recording_url and not voicemail.recording_url:
        voicemail.recording_url = _address(recording_url)
    voicemail.transcription_sid = transcription_sid or voicemail.transcription_sid
    text = text.strip()
    if status == "completed" and text and text.lower() not in NOTHING_HEARD:
        voicemail.transcription_status = TranscriptionStatus.COMPLETED
        voicemail.transcript = text[:5000]
        _write_reason(voicemail, text, over_ours=True)
    else:
        voicemail.transcription_status = TranscriptionStatus.FAILED
    _settle(voicemail, now=now)
    return voicemail


@transaction.atomic
def voicemail_record_ended(*, owner: User, call_sid: str) -> None:
    """<Record>'s action: the caller left a message (its callbacks follow)."""
    Voicemail.objects.filter(owner=owner, call_sid=call_sid).update(
        record_ended=True, updated_at=timezone.now()
    )


@transaction.atomic
def voicemail_call_ended(*, owner: User, call_sid: str, now: datetime | None = None) -> None:
    """The call is over (Twilio's status callback) and the caller never reached the tone:
    no message will come, so the first push goes now rather than when the wait ends."""
    now = now or timezone.now()
    voicemail = (
        Voicemail.objects.select_for_update()
        .select_related("missed_call")
        .filter(owner=owner, call_sid=call_sid)
        .first()
    )
    if voicemail is None or voicemail.record_ended:
        return
    if voicemail.recording_status != RecordingStatus.PENDING:
        return
    voicemail.recording_status = RecordingStatus.ABSENT
    if voicemail.transcription_status == TranscriptionStatus.PENDING:
        voicemail.transcription_status = TranscriptionStatus.FAILED
    _settle(voicemail, now=now)


@transaction.atomic
def voicemail_recording_delete(*, owner: User, voicemail: Voicemail) -> None:
    """The user deleted the message: it is not played any more, and Twilio's copy is
    deleted (by a task, retried until Twilio confirms). The missed call stays."""
    if voicemail.owner_id != owner.pk:
        raise Voicemail.DoesNotExist
    if voicemail.recording_deleted_at is not None:
        return
    voicemail.recording_deleted_at = timezone.now()
    voicemail.save(update_fields=["recording_deleted_at", "updated_at"])
    from voicemail.tasks import delete_twilio_recording

    transaction.on_commit(partial(delete_twilio_recording.delay, voicemail.pk))


def voicemail_recording_forget(*, voicemail_id: int) -> None:
    """Twilio has no copy any more: the address goes too."""
    Voicemail.objects.filter(pk=voicemail_id, recording_deleted_at__isnull=False).update(
        recording_url="", updated_at=timezone.now()
    )
