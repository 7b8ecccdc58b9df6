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
    list_display = ["user", "endpoint", "browser", "last_receipt", "unseen_pushes"]
    list_select_related = ["subscription__ringback", "user"]

    @admin.display(description="Endpoint")
    def endpoint(self, info: PushInformation) -> str:
        return info.subscription.endpoint[:80]

    @admin.display(description="Browser")
    def browser(self, info: PushInformation) -> str:
        return info.subscription.browser

    @admin.display(description="Last receipt")
    def last_receipt(self, info: PushInformation) -> object:
        return info.subscription.ringback.last_receipt_at

    @admin.display(description="Pushes not shown since")
    def unseen_pushes(self, info: PushInformation) -> int:
        return info.subscription.ringback.unseen_pushes
