"""A message left on the Twilio number the phone forwards unanswered calls to.

Twilio tells about one call in several requests that may arrive in any order: the call
itself (who is calling: the greeting is chosen then), the recording when it is ready,
and its transcription. The call is known by its CallSid, the recording by its
RecordingSid; each request fills in what it knows, so repeating one changes nothing.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from reminders.models import MissedCall


class RecordingStatus(models.TextChoices):
    # Before the recording's callback: the caller may still be speaking, or hung up
    # before the tone (then no recording ever comes).
    PENDING = "pending", pgettext_lazy("recording status", "Waiting for the recording")
    COMPLETED = "completed", pgettext_lazy("recording status", "Recorded")
    # Twilio's word for "no recording": too short, or silent.
    ABSENT = "absent", pgettext_lazy("recording status", "No message left")
    FAILED = "failed", pgettext_lazy("recording status", "Recording failed")


class TranscriptionStatus(models.TextChoices):
    NOT_ASKED = "", pgettext_lazy("transcription status", "Not transcribed (language)")
    PENDING = "pending", pgettext_lazy("transcription status", "Waiting for the transcription")
    COMPLETED = "completed", pgettext_lazy("transcription status", "Transcribed")
    FAILED = "failed", pgettext_lazy("transcription status", "Transcription failed")


class Voicemail(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="voicemails",
        verbose_name=_("owner"),
    )
    # The missed call this message belongs to; made when the call comes in, so a caller
    # who hangs up before the tone is a missed call all the same.
    missed_call = models.OneToOneField(
        MissedCall,
        on_delete=models.CASCADE,
        related_name="voicemail",
        verbose_name=_("missed call"),
    )
    call_sid = models.CharField(max_length=64, verbose_name=_("call SID"))
    # From, exactly as Twilio sent it (a withheld or unreadable number included).
    caller = models.CharField(max_length=256, blank=True, verbose_name=_("caller"))
    recording_status = models.CharField(
        max_length=16,
        choices=RecordingStatus.choices,
        default=RecordingStatus.PENDING,
        verbose_name=_("recording"),
    )
    # The caller reached the tone and the recording ended (<Record>'s action): its
    # callback is on the way, even when the call itself has ended.
    record_ended = models.BooleanField(default=False, verbose_name=_("recording ended"))
    recording_sid = models.CharField(max_length=64, blank=True, verbose_name=_("recording SID"))
    recording_url = models.URLField(max_length=500, blank=True, verbose_name=_("recording URL"))
    duration = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("Length of the recording, in seconds."),
        verbose_name=_("duration"),
    )
    transcription_status = models.CharField(
        max_length=16,
        choices=TranscriptionStatus.choices,
        blank=True,
        verbose_name=_("transcription"),
    )
    transcription_sid = models.CharField(
        max_length=64, blank=True, verbose_name=_("transcription SID")
    )
    transcript = models.TextField(blank=True, max_length=5000, verbose_name=_("transcript"))
    # The reason this message wrote on the missed call ("Voicemail, 0:42", then the
    # transcript): a later callback replaces only that, never what the user typed.
    reason_written = models.TextField(blank=True, max_length=1000, verbose_name=_("reason written"))
    # The first push waits for the message (so that it can say why they called) until
    # then, at the latest.
    hold_until = models.DateTimeField(
        null=True, blank=True, verbose_name=_("first push held until")
    )
    # The user deleted the recording: it is no longer played; Twilio's copy is deleted
    # by a task, and recording_url is cleared once Twilio confirmed.
    recording_deleted_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("recording deleted")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        verbose_name = _("voicemail")
        verbose_name_plural = _("voicemails")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "call_sid"], name="voicemail_one_per_call_sid"
            ),
            models.UniqueConstraint(
                fields=["owner", "recording_sid"],
                condition=~Q(recording_sid=""),
                name="voicemail_one_per_recording_sid",
            ),
            models.CheckConstraint(
                condition=~Q(recording_status=RecordingStatus.COMPLETED)
                | Q(duration__isnull=False),
                name="voicemail_recording_has_duration",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Voicemail %(call)s (%(status)s)") % {
            "call": self.call_sid,
            "status": self.get_recording_status_display(),
        }

    @property
    def playable(self) -> bool:
        return bool(self.recording_url) and self.recording_deleted_at is None
