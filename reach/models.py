"""A user's channels besides the phones, and each message sent (or to send) through one.

A ChannelMessage is to a channel what a Delivery is to a phone: one per (channel,
reminder step occurrence, kind), unique, so that opening them twice sends nothing twice.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Channel(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channels"
    )
    name = models.CharField(max_length=100)
    # The Apprise URL, encrypted (reach.secrets); url_hint is what may be shown of it.
    url_sealed = models.TextField(editable=False)
    url_hint = models.CharField(max_length=200, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    # Set by a failed send, cleared by the next good one: Settings and /healthz show it.
    failing_since = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="channel_name_unique_per_owner")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.url_hint})"


class MessageKind(models.TextChoices):
    FALLBACK = "fallback", "A callback push no phone showed in time"
    DIGEST = "digest", "The daily digest"


class MessageStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled: the reminder was closed first"


class ChannelMessage(models.Model):
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=16, choices=MessageKind.choices)
    reminder = models.ForeignKey(
        "reminders.Reminder", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    step_seq = models.PositiveIntegerField(null=True, blank=True)
    title = models.CharField(max_length=250)
    body = models.TextField()
    status = models.CharField(
        max_length=16, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    tries = models.PositiveIntegerField(default=0)
    # Not before: quiet hours, the backoff of a retry, or a sender's lease.
    next_try_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
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
        return f"{self.get_kind_display()} → {self.channel.name} ({self.status})"
