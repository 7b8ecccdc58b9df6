from django.contrib import admin

from accounts.ownership import OwnedModelAdmin, ReadOnlyAdminMixin
from sources.models import Source


@admin.register(Source)
class SourceAdmin(ReadOnlyAdminMixin, OwnedModelAdmin):
    """Which sources fail and why; the password is never shown. Added and changed in the
    app, by their owner, who gives the password."""

    list_display = ["__str__", "kind", "last_sync_at", "failures", "last_error"]
    list_filter = ["kind"]
    fields = ["kind", "name", "url", "username", "last_sync_at", "last_error", "failures"]
