from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.admin_login import TwoFactorAdminLoginForm
from accounts.admin_permissions import TranslatedPermissionsMixin
from accounts.models import Preferences, TwoFactorSignIn
from accounts.ownership import OwnedModelAdmin, ReadOnlyAdminMixin
from accounts.second_factor import second_factor_remove
from accounts.users import User

# Signing in to the admin asks for the second factor too (accounts.second_factor).
admin.site.login_form = TwoFactorAdminLoginForm
admin.site.login_template = "accounts/admin_login.html"
admin.site.site_header = _("Ringback administration")
admin.site.site_title = _("Ringback administration")

# django-otp's own admin shows each authenticator's secret key and its QR code, under
# names no translation reaches: the devices are shown as TwoFactorSignIn instead.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


# Django's own user and group admins, with the permissions named in the reader's language.
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class UserWithPermissionsAdmin(TranslatedPermissionsMixin, UserAdmin):
    pass


@admin.register(Group)
class GroupWithPermissionsAdmin(TranslatedPermissionsMixin, GroupAdmin):
    pass


@admin.register(Preferences)
class PreferencesAdmin(OwnedModelAdmin):
    owner_field = "user"
    list_display = ["user", "time_zone", "quiet_start", "quiet_end", "language"]
    fields = ["time_zone", "quiet_start", "quiet_end", "language"]

    def has_add_permission(self, request) -> bool:
        return False


SECOND_FACTOR_COLUMNS = ("person", "turned_on", "since", "last_used")


@admin.register(TwoFactorSignIn)
class TwoFactorSignInAdmin(ReadOnlyAdminMixin, OwnedModelAdmin):
    """Who signs in with a second factor, never its key. Turned on and off in the app; a
    superuser turns it off here for someone who lost their phone and recovery codes."""

    owner_field = "user"
    list_display = SECOND_FACTOR_COLUMNS
    list_select_related = ["user"]
    fields = SECOND_FACTOR_COLUMNS
    actions = ["turn_off"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    @admin.display(description=_("user"))
    def person(self, device: TwoFactorSignIn) -> str:
        return str(device.user)

    @admin.display(description=_("turned on"), boolean=True)
    def turned_on(self, device: TwoFactorSignIn) -> bool:
        return device.confirmed

    @admin.display(description=_("since"), ordering="created_at")
    def since(self, device: TwoFactorSignIn) -> object:
        return device.created_at

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, device: TwoFactorSignIn) -> object:
        # A readonly field would say "None" for a device never used.
        return device.last_used_at or self.get_empty_value_display()

    def has_turn_off_permission(self, request) -> bool:
        return request.user.is_superuser

    @admin.action(description=_("Turn off two-factor sign-in"), permissions=["turn_off"])
    def turn_off(self, request, queryset):
        users = {device.user for device in queryset.select_related("user")}
        for user in users:
            second_factor_remove(user=user)
        done = ngettext(
            "Two-factor sign-in is off for %(count)d user: their password alone signs in.",
            "Two-factor sign-in is off for %(count)d users: their password alone signs in.",
            len(users),
        )
        self.message_user(request, done % {"count": len(users)}, messages.SUCCESS)
