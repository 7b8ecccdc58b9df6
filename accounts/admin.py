from django.contrib import admin

from accounts.models import Preferences
from accounts.ownership import OwnedModelAdmin


@admin.register(Preferences)
class PreferencesAdmin(OwnedModelAdmin):
    owner_field = "user"
    list_display = ["user", "time_zone", "quiet_start", "quiet_end", "language"]
    fields = ["time_zone", "quiet_start", "quiet_end", "language"]

    def has_add_permission(self, request) -> bool:
        return False
