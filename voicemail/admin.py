from django.contrib import admin

from accounts.ownership import OwnedModelAdmin, ReadOnlyAdminMixin
from contacts.admin_numbers import NumberShownMixin
from voicemail.models import Voicemail


@admin.register(Voicemail)
class VoicemailAdmin(NumberShownMixin, ReadOnlyAdminMixin, OwnedModelAdmin):
    """Messages change through Twilio's callbacks and the app, not by hand."""

    # As Twilio sent it when it is no number ("anonymous"), else as the owner writes it.
    number_field = "caller"
    list_display = ["created_at", "number_shown", "recording_status", "duration", "transcript"]
    list_filter = ["recording_status", "transcription_status", "created_at"]
    search_fields = ["caller", "call_sid", "recording_sid", "transcript"]
    date_hierarchy = "created_at"
