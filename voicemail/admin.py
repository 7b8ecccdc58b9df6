from django.contrib import admin

from accounts.ownership import OwnedModelAdmin, ReadOnlyAdminMixin
from voicemail.models import Voicemail


@admin.register(Voicemail)
class VoicemailAdmin(ReadOnlyAdminMixin, OwnedModelAdmin):
    """Messages change through Twilio's callbacks and the app, not by hand."""

    list_display = ["created_at", "caller", "recording_status", "duration", "transcript"]
    list_filter = ["recording_status", "transcription_status", "created_at"]
    search_fields = ["caller", "call_sid", "recording_sid", "transcript"]
    date_hierarchy = "created_at"
