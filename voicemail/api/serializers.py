from django.conf import settings
from django.urls import reverse
from rest_framework import serializers

from contacts.phone import format_for_display
from voicemail.models import Voicemail
from voicemail.services import length_text


def recording_address(voicemail: Voicemail) -> str | None:
    """Where the app plays it: through this server (the owner's session), or straight
    from Twilio when the operator chose links (VOICEMAIL_PLAYBACK=link)."""
    if not voicemail.playable:
        return None
    if settings.VOICEMAIL_PLAYBACK == "link":
        return voicemail.recording_url
    return reverse("api:voicemail-recording", args=[voicemail.pk])


class VoicemailSerializer(serializers.ModelSerializer):
    missed_call = serializers.IntegerField(source="missed_call_id")
    reminder = serializers.IntegerField(source="missed_call.reminder_id", allow_null=True)
    occurred_at = serializers.DateTimeField(source="missed_call.occurred_at")
    who = serializers.SerializerMethodField()
    withheld = serializers.BooleanField(source="missed_call.withheld")
    reason = serializers.CharField(source="missed_call.reason")
    length = serializers.SerializerMethodField()
    recording = serializers.SerializerMethodField()
    deleted = serializers.SerializerMethodField()

    class Meta:
        model = Voicemail
        fields = [
            "id",
            "missed_call",
            "reminder",
            "occurred_at",
            "who",
            "withheld",
            "caller",
            "recording_status",
            "duration",
            "length",
            "transcription_status",
            "transcript",
            "reason",
            "recording",
            "deleted",
        ]

    def get_who(self, voicemail: Voicemail) -> str:
        """The contact's name, the number, or "Withheld number"."""
        call = voicemail.missed_call
        if call.withheld or call.contact_id:
            return call.who
        return format_for_display(call.number)

    def get_length(self, voicemail: Voicemail) -> str | None:
        """ "0:42", or null before the recording is in."""
        return None if voicemail.duration is None else length_text(voicemail.duration)

    def get_recording(self, voicemail: Voicemail) -> str | None:
        return recording_address(voicemail)

    def get_deleted(self, voicemail: Voicemail) -> bool:
        return voicemail.recording_deleted_at is not None
