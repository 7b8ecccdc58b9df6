"""Ringback's own record of each push subscription; django-webpush stores the keys.

django-webpush lets one endpoint be stored many times, and each copy would get every
push. This row, one per subscription and unique per endpoint, is the guarantee that an
endpoint is stored once; push.services keeps it and django-webpush's rows in step.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from webpush.models import PushInformation, SubscriptionInfo

from push.endpoints import MAX_ENDPOINT_LENGTH


class Subscription(models.Model):
    # Same primary key as django-webpush's row, so deliveries can point at either.
    info = models.OneToOneField(
        SubscriptionInfo, on_delete=models.CASCADE, primary_key=True, related_name="ringback"
    )
    endpoint = models.CharField(max_length=MAX_ENDPOINT_LENGTH, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # What the phone itself said (receipts), kept on the row: a phone whose pushes are
    # accepted by its push service but never shown has lost its subscription (iOS drops
    # them without a word). Reset by every receipt.
    last_receipt_at = models.DateTimeField(null=True, blank=True)
    unseen_pushes = models.PositiveIntegerField(default=0)
    first_unseen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")

    def __str__(self) -> str:
        return self.endpoint[:60]


class Device(PushInformation):
    """django-webpush's record of a user's subscribed browser, under a name the admin can
    say in the owner's language (push.admin)."""

    class Meta:
        proxy = True
        verbose_name = _("device")
        verbose_name_plural = _("devices")

    def __str__(self) -> str:
        return f"{self.subscription.browser} · {self.user}"
