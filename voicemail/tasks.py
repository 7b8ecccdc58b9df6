"""Celery tasks: thin, they take ids; safe to run twice."""

from celery import shared_task

from voicemail.recordings import RecordingUnavailable


@shared_task(
    autoretry_for=(RecordingUnavailable,),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=12,
)
def delete_twilio_recording(voicemail_id: int) -> None:
    from voicemail.models import Voicemail
    from voicemail.recordings import recording_delete_at_twilio
    from voicemail.services import voicemail_recording_forget

    voicemail = Voicemail.objects.filter(pk=voicemail_id).first()
    if voicemail is None or not voicemail.recording_url:
        return
    recording_delete_at_twilio(voicemail.recording_url)
    voicemail_recording_forget(voicemail_id=voicemail_id)
