"""JSON shapes of the channels API: the URL goes in, only its hint comes out."""

from rest_framework import serializers

from project.api_input import RejectUnknownFields
from reach.models import Channel


class ChannelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Channel
        fields = [
            "id", "name", "url_hint", "created_at", "last_sent_at", "failing_since", "last_error",
        ]  # fmt: skip
        read_only_fields = fields


class ChannelInputSerializer(RejectUnknownFields, serializers.Serializer):
    name = serializers.CharField(max_length=100)
    url = serializers.CharField(
        max_length=2000,
        trim_whitespace=True,
        help_text="An Apprise URL (mailto://, ntfy://, tgram://, signal://, gotify:// …). "
        "Stored encrypted; never returned.",
    )


class ChannelTestSerializer(serializers.Serializer):
    sent = serializers.BooleanField()
    error = serializers.CharField(allow_blank=True)
