"""JSON shapes of the accounts API: personal tokens, deleting the account."""

from rest_framework import serializers

from accounts.models import ApiToken
from project.api_input import RejectUnknownFields


class TokenSerializer(RejectUnknownFields, serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at"]
        read_only_fields = ["id", "prefix", "created_at", "last_used_at"]


class NewTokenSerializer(TokenSerializer):
    token = serializers.CharField(read_only=True, help_text="Shown only now; keep it safe.")

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "token"]


class AccountDeleteSerializer(RejectUnknownFields, serializers.Serializer):
    password = serializers.CharField(
        trim_whitespace=False, help_text="Your current password: deleting cannot be undone."
    )
