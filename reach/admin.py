from django.contrib import admin

from accounts.ownership import OwnedModelAdmin, ReadOnlyAdminMixin
from reach.models import Channel, ChannelMessage


@admin.register(Channel)
class ChannelAdmin(ReadOnlyAdminMixin, OwnedModelAdmin):
    """The URL is never shown: only its hint (scheme and host)."""

    owner_field = "owner"
    list_display = ["name", "url_hint", "last_sent_at", "failing_since", "last_error"]
    fields = ["name", "url_hint", "last_sent_at", "failing_since", "last_error"]


@admin.register(ChannelMessage)
class ChannelMessageAdmin(ReadOnlyAdminMixin, OwnedModelAdmin):
    owner_field = "channel__owner"
    list_display = ["created_at", "channel", "kind", "reminder", "status", "tries", "sent_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["channel", "reminder__contact"]
    fields = [
        "created_at", "channel", "kind", "reminder", "status", "tries", "sent_at",
        "next_try_at", "title", "body", "error",
    ]  # fmt: skip
