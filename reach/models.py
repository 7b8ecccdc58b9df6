"""A user's channels besides the phones, and each message sent (or to send) through one.

A ChannelMessage is to a channel what a Delivery is to a phone: one per (channel,
reminder step occurrence, kind), unique, so that opening them twice sends nothing twice.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Channel(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="channels",
        verbose_name=_("owner"),
    )
    name = models.CharField(max_length=100, verbose_name=_("name"))
    # The Apprise URL, encrypted (reach.secrets); url_hint is what may be shown of it.
    url_sealed = models.TextField(editable=False, verbose_name=_("URL (encrypted)"))
    url_hint = models.CharField(max_length=200, editable=False, verbose_name=_("address"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    last_sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last sent"))
    # Set by a failed send, cleared by the next good one: Settings and /healthz show it.
    failing_since = models.DateTimeField(null=True, blank=True, verbose_name=_("failing since"))
    last_error = models.CharField(max_length=500, blank=True, verbose_name=_("last error"))

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="channel_name_unique_per_owner")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.url_hint})"


class MessageKind(models.TextChoices):
    FALLBACK = "fallback", pgettext_lazy("message kind", "A callback push no phone showed in time")
    DIGEST = "digest", pgettext_lazy("message kind", "The daily digest")


class MessageStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("message status", "Pending")
    SENT = "sent", pgettext_lazy("message status", "Sent")
    FAILED = "failed", pgettext_lazy("message status", "Failed")
    CANCELLED = (
        "cancelled",
        pgettext_lazy("message status", "Cancelled: the reminder was closed first"),
    )


class ChannelMessage(models.Model):
    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, related_name="messages", verbose_name=_("channel")
    )
    kind = models.CharField(max_length=16, choices=MessageKind.choices, verbose_name=_("kind"))
    reminder = models.ForeignKey(
        "reminders.Reminder",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reminder"),
    )
    step_seq = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("step number"))
    title = models.CharField(max_length=250, verbose_name=_("title"))
    body = models.TextField(verbose_name=_("text"))
    status = models.CharField(
        max_length=16,
        choices=MessageStatus.choices,
        default=MessageStatus.PENDING,
        verbose_name=_("status"),
    )
    tries = models.PositiveIntegerField(default=0, verbose_name=_("tries"))
    # Not before: quiet hours, the backoff of a retry, or a sender's lease.
    next_try_at = models.DateTimeField(verbose_name=_("next try"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent"))
    error = models.CharField(max_length=500, blank=True, verbose_name=_("error"))

    class Meta:
        verbose_name = _("channel message")
        verbose_name_plural = _("channel messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["next_try_at"],
                condition=Q(status="pending"),
                name="channelmessage_due_idx",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "reminder", "step_seq", "kind"],
                condition=Q(reminder__isnull=False),
                name="channelmessage_once_per_step",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.channel.name} ({self.get_status_display()})"
