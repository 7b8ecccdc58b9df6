from django.contrib import admin
from webpush.models import Group, PushInformation, SubscriptionInfo

from accounts.ownership import OwnedModelAdmin, ReadOnlyAdminMixin

# django-webpush's own admin shows every user's subscriptions to every staff user.
for model in (Group, SubscriptionInfo, PushInformation):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(PushInformation)
class PushSubscriptionAdmin(ReadOnlyAdminMixin, OwnedModelAdmin):
    owner_field = "user"
    list_display = ["user", "endpoint", "browser"]
    list_select_related = ["subscription", "user"]

    @admin.display(description="Endpoint")
    def endpoint(self, info: PushInformation) -> str:
        return info.subscription.endpoint[:80]

    @admin.display(description="Browser")
    def browser(self, info: PushInformation) -> str:
        return info.subscription.browser
