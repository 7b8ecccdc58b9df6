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


class PushUnsubscribeSerializer(RejectUnknownFields, serializers.Serializer):
    endpoint = serializers.CharField(max_length=2000)
