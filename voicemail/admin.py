from django.contrib import admin
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from accounts.ownership import OwnedModelAdmin, ReadOnlyAdminMixin
from reminders.admin import OWNER_REGION, shown_number
from voicemail.models import Voicemail


@admin.register(Voicemail)
class VoicemailAdmin(ReadOnlyAdminMixin, OwnedModelAdmin):
    """Messages change through Twilio's callbacks and the app, not by hand."""

    list_display = ["created_at", "caller_shown", "recording_status", "duration", "transcript"]
    list_filter = ["recording_status", "transcription_status", "created_at"]
    search_fields = ["caller", "call_sid", "recording_sid", "transcript"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(owner_region=F(OWNER_REGION))

    @admin.display(description=_("caller"), ordering="caller")
    def caller_shown(self, voicemail: Voicemail) -> str:
        # As Twilio sent it when it is no number ("anonymous"), else as the owner writes it.
        return shown_number(voicemail.caller, voicemail)
