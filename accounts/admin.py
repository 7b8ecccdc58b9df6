from django.contrib import admin

from accounts.admin_login import TwoFactorAdminLoginForm
from accounts.models import Preferences
from accounts.ownership import OwnedModelAdmin

# Signing in to the admin asks for the second factor too (accounts.second_factor).
admin.site.login_form = TwoFactorAdminLoginForm
admin.site.login_template = "accounts/admin_login.html"


@admin.register(Preferences)
class PreferencesAdmin(OwnedModelAdmin):
    owner_field = "user"
    list_display = ["user", "time_zone", "quiet_start", "quiet_end", "language"]
    fields = ["time_zone", "quiet_start", "quiet_end", "language"]

    def has_add_permission(self, request) -> bool:
        return False
