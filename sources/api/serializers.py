from rest_framework import serializers

from sources.models import Source, SourceBook, SourceCalendar, SourceKind


class SourceBookSerializer(serializers.ModelSerializer):
    class Meta:
        model = SourceBook
        fields = ["url", "name", "chosen"]
        read_only_fields = fields


class SourceCalendarSerializer(serializers.ModelSerializer):
    class Meta:
        model = SourceCalendar
        fields = ["url", "name", "chosen"]
        read_only_fields = fields


class SourceSerializer(serializers.ModelSerializer):
    """A source as the app shows it: never its password."""

    status = serializers.SerializerMethodField()
    books = SourceBookSerializer(many=True, read_only=True, help_text="Address books (CardDAV).")
    calendars = SourceCalendarSerializer(many=True, read_only=True, help_text="Calendars (CalDAV).")

    class Meta:
        model = Source
        fields = [
            "id",
            "kind",
            "name",
            "url",
            "username",
            "collection_url",
            "last_sync_at",
            "last_error",
            "failures",
            "next_sync_at",
            "status",
            "books",
            "calendars",
        ]
        read_only_fields = fields

    def get_status(self, source: Source) -> str:
        if source.failures:
            return "failed"
        return "ok" if source.last_sync_at else "waiting"


class SourceCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SourceKind.choices)
    url = serializers.CharField(max_length=500)
    username = serializers.CharField(max_length=200)
    password = serializers.CharField(max_length=500, trim_whitespace=False, write_only=True)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class SourceChangeSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=500, required=False)
    username = serializers.CharField(max_length=200, required=False)
    password = serializers.CharField(
        max_length=500, trim_whitespace=False, write_only=True, required=False
    )
    name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    books = serializers.ListField(
        child=serializers.CharField(max_length=1000),
        required=False,
        max_length=1000,
        help_text="The URLs of the address books to follow; the others are not synced.",
    )
    calendars = serializers.ListField(
        child=serializers.CharField(max_length=1000),
        required=False,
        max_length=1000,
        help_text="The URLs of the calendars to follow; the others are not read.",
    )


class SourceSyncSerializer(serializers.Serializer):
    changes = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Address book: created, updated, archived, unchanged, skipped. "
        "Calendar: events read, touches made, taken_back. "
        "Mailbox: messages read, automated (skipped), touches made.",
    )
    source = SourceSerializer()  # type: ignore[assignment]  # (Field.source)
