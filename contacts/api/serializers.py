"""JSON shape of a contact with its numbers; rules stay in the models and services."""

from datetime import timedelta

from rest_framework import serializers

from contacts.models import MAX_CALLBACK_WINDOW, Contact, PhoneNumber
from contacts.phone import format_for_display
from project.api_input import RejectUnknownFields


class PhoneNumberSerializer(RejectUnknownFields, serializers.ModelSerializer):
    number = serializers.CharField(max_length=40, help_text="Any format in; E.164 out.")
    display = serializers.SerializerMethodField()

    class Meta:
        model = PhoneNumber
        fields = ["id", "number", "display", "label"]
        read_only_fields = ["id"]

    def get_display(self, phone: PhoneNumber) -> str:
        return format_for_display(phone.number)


class MinutesField(serializers.IntegerField):
    """A duration as whole minutes."""

    def __init__(self, **kwargs):
        max_minutes = int(MAX_CALLBACK_WINDOW.total_seconds() // 60)
        super().__init__(min_value=1, max_value=max_minutes, **kwargs)

    def to_representation(self, value: timedelta) -> int:
        return int(value.total_seconds() // 60)

    def run_validation(self, data=serializers.empty) -> timedelta | None:
        minutes = super().run_validation(data)
        return None if minutes is None else timedelta(minutes=minutes)


class ContactSerializer(RejectUnknownFields, serializers.ModelSerializer):
    numbers = PhoneNumberSerializer(many=True, required=False)
    callback_window = MinutesField(required=False, allow_null=True)
    # Checked by the model; declared as text because an empty address is allowed.
    email = serializers.CharField(max_length=254, allow_blank=True, required=False)

    class Meta:
        model = Contact
        fields = [
            "id",
            "name",
            "relationship",
            "email",
            "notes",
            "preferred_channel",
            "callback_window",
            "starred",
            "archived",
            "last_contacted_at",
            "numbers",
        ]
        read_only_fields = ["id", "last_contacted_at"]
        extra_kwargs = {"notes": {"max_length": 5000}}
