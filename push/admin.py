from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from webpush.models import Group, PushInformation, SubscriptionInfo

from accounts.ownership import OwnedModelAdmin, ReadOnlyAdminMixin
from push.models import Device

# django-webpush's own admin shows every user's subscriptions to every staff user, under
# names no translation reaches: its rows are shown as push.Device instead.
for model in (Group, SubscriptionInfo, PushInformation):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


COLUMNS = ("person", "endpoint", "browser", "last_receipt", "unseen_pushes")


@admin.register(Device)
class DeviceAdmin(ReadOnlyAdminMixin, OwnedModelAdmin):
    owner_field = "user"
    list_display = COLUMNS
    list_select_related = ["subscription__ringback", "user"]
    fields = COLUMNS

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    @admin.display(description=_("user"))
    def person(self, info: PushInformation) -> str:
        return str(info.user)

    @admin.display(description=_("Endpoint"))
    def endpoint(self, info: PushInformation) -> str:
        return info.subscription.endpoint[:80]

    @admin.display(description=_("Browser"))
    def browser(self, info: PushInformation) -> str:
        return info.subscription.browser

    @admin.display(description=_("Last receipt"))
    def last_receipt(self, info: PushInformation) -> object:
        # A readonly field would say "None" for a phone that never answered.
        return info.subscription.ringback.last_receipt_at or self.get_empty_value_display()

    @admin.display(description=_("Pushes not shown since"))
    def unseen_pushes(self, info: PushInformation) -> int:
        return info.subscription.ringback.unseen_pushes
