"""JSON shapes of the push API: what the browser's PushSubscription.toJSON() gives."""

from rest_framework import serializers

from project.api_input import RejectUnknownFields


class PushConfigSerializer(serializers.Serializer):
    public_key = serializers.CharField()


class PushKeysSerializer(RejectUnknownFields, serializers.Serializer):
    p256dh = serializers.CharField(max_length=200)
    auth = serializers.CharField(max_length=100)


class PushSubscriptionSerializer(RejectUnknownFields, serializers.Serializer):
    endpoint = serializers.CharField(max_length=2000)
    keys = PushKeysSerializer()
    expirationTime = serializers.IntegerField(required=False, allow_null=True)


class DeviceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    endpoint = serializers.CharField(help_text="Compare with this browser's own subscription.")
    browser = serializers.CharField()
    push_service = serializers.CharField()
    subscribed_at = serializers.DateTimeField()
    last_receipt_at = serializers.DateTimeField(
        allow_null=True, help_text="When this phone last said it showed a push."
    )
    unseen_pushes = serializers.IntegerField(help_text="Pushes sent since, none shown.")
    silent = serializers.BooleanField(
        help_text="Pushes are taken for it but none shown, for PUSH_SILENT_AFTER_DAYS days or "
        "PUSH_SILENT_AFTER_PUSHES pushes: it has most likely lost its subscription."
    )
    silent_since = serializers.DateTimeField(allow_null=True)


class PushUnsubscribeSerializer(RejectUnknownFields, serializers.Serializer):
    endpoint = serializers.CharField(max_length=2000)
