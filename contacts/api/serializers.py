"""JSON shape of a contact with its numbers; rules stay in the models and services."""

import re
from datetime import date as calendar_date
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contacts.dates import YearlyDate, parse_yearly
from contacts.models import (
    MAX_CALLBACK_WINDOW,
    Contact,
    ContactDate,
    Direction,
    PhoneNumber,
    Touch,
    TouchChannel,
)
from contacts.phone import format_for_display, normalize_number
from contacts.rhythm import rhythm_days
from project.api_input import ON_USERS_CLOCK, LocalDateTimeField, RejectUnknownFields


class PhoneNumberSerializer(RejectUnknownFields, serializers.ModelSerializer):
    number = serializers.CharField(max_length=40, help_text="Any format in; E.164 out.")
    display = serializers.SerializerMethodField()

    class Meta:
        model = PhoneNumber
        fields = ["id", "number", "display", "label", "extension", "needs_country_code"]
        read_only_fields = ["id", "extension", "needs_country_code"]
        extra_kwargs = {
            "needs_country_code": {
                "help_text": "Kept as typed: it could not be read for the user's country."
            },
            "extension": {"help_text": "Dialled after the call connects (;ext=, DTMF)."},
        }

    def get_display(self, phone: PhoneNumber) -> str:
        if phone.needs_country_code:
            return phone.number
        return format_for_display(phone.number, self.context.get("region"))


class MinutesField(serializers.IntegerField):
    """A duration as whole minutes."""

    def __init__(self, **kwargs):
        max_minutes = int(MAX_CALLBACK_WINDOW.total_seconds() // 60)
        super().__init__(min_value=1, max_value=max_minutes, **kwargs)

    def to_representation(self, value: Any) -> int:  # a timedelta, from the model
        return int(value.total_seconds() // 60)

    def run_validation(self, data=serializers.empty) -> timedelta | None:
        minutes = super().run_validation(data)
        return None if minutes is None else timedelta(minutes=minutes)


@extend_schema_field(
    {"type": "string", "pattern": r"^(\d{4}|-)-\d{2}-\d{2}$", "example": "--03-22"}
)
class YearlyDateField(serializers.Field):
    """A yearly day: YYYY-MM-DD, or --MM-DD when the year is not known."""

    default_error_messages = {
        "invalid": _("Give the day as YYYY-MM-DD, or --MM-DD without the year."),
        "no_such_day": _("This day does not exist."),
        "blank": _("Give the day."),
    }
    # Well formed, so a ValueError means the calendar has no such day (31 February).
    SHAPE = re.compile(r"^(\d{4}-|--)\d{2}-?\d{2}$")

    def to_internal_value(self, data: Any) -> YearlyDate:
        if not isinstance(data, str):
            self.fail("invalid")
        if not data.strip():
            self.fail("blank")
        try:
            return parse_yearly(data)
        except ValueError:
            self.fail("no_such_day" if self.SHAPE.match(data.strip()) else "invalid")

    def to_representation(self, value: YearlyDate) -> str:
        return value.iso()


class ContactDateSerializer(RejectUnknownFields, serializers.ModelSerializer):
    id = serializers.IntegerField(required=False, help_text="Give it to change that day.")
    date = YearlyDateField(source="yearly")
    next = serializers.SerializerMethodField(help_text="The next time it falls, today included.")
    years = serializers.SerializerMethodField(
        help_text="The age or number of years on that next day, when the year is known."
    )

    class Meta:
        model = ContactDate
        fields = ["id", "kind", "label", "date", "remind_days_before", "next", "years"]

    def _next(self, row: ContactDate) -> calendar_date:
        now = self.context.get("now") or timezone.now()
        zone = self.context.get("zone")
        today = (now.astimezone(zone) if zone else now).date()
        return row.yearly.next_from(today)

    def get_next(self, row: ContactDate) -> calendar_date:
        return self._next(row)

    def get_years(self, row: ContactDate) -> int | None:
        return row.yearly.years_on(self._next(row))


class ContactSerializer(RejectUnknownFields, serializers.ModelSerializer):
    """The user's rhythms by relationship come in the context (`rhythms`) with `now`."""

    numbers = PhoneNumberSerializer(many=True, required=False)
    dates = ContactDateSerializer(many=True, required=False)
    rhythm_days = serializers.SerializerMethodField(
        help_text="The rhythm that applies: the contact's own, else the relationship's."
    )
    next_touch_due = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="When the rhythm next comes due: the last touch (or the last keep-in-touch "
        "reminder closed without one) plus the rhythm's days.",
    )
    days_since_touch = serializers.SerializerMethodField(
        help_text="Whole days since the last touch; null if there was none."
    )
    callback_window = MinutesField(required=False, allow_null=True)
    # Checked by the model; declared as text because an empty address is allowed.
    email = serializers.CharField(max_length=254, allow_blank=True, required=False)

    def validate_numbers(self, value: list[dict]) -> list[dict]:
        # Their format here, so that their errors come with the other fields' (the model
        # rules the rest); under "numbers", as the service's own errors.
        messages: list[str] = []
        # A number kept as typed (it needs a country code) may come back unchanged.
        flagged = set()
        if isinstance(self.instance, Contact):
            flagged = {p.number for p in self.instance.numbers.all() if p.needs_country_code}
        for row in value:
            if row["number"].strip() in flagged:
                continue
            try:
                normalize_number(row["number"], self.context.get("region"))
            except DjangoValidationError as error:
                messages.extend(error.messages)
        if messages:
            raise serializers.ValidationError(messages)
        return value

    def validate_email(self, value: str) -> str:
        # The format here too, so that every field's error comes in one answer.
        if value:
            try:
                validate_email(value)
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.messages) from None
        return value

    class Meta:
        model = Contact
        fields = [
            "id",
            "name",
            "relationship",
            "email",
            "greeting",
            "formal",
            "notes",
            "preferred_channel",
            "text_channel",
            "time_zone",
            "callback_window",
            "starred",
            "archived",
            "keep_in_touch_days",
            "rhythm_days",
            "next_touch_due",
            "last_contacted_at",
            "days_since_touch",
            "numbers",
            "dates",
        ]
        read_only_fields = ["id", "last_contacted_at", "next_touch_due"]
        extra_kwargs = {
            "notes": {"max_length": 5000},
            "text_channel": {"help_text": "sms, whatsapp, signal, telegram; empty: your default."},
            "time_zone": {
                "help_text": "Their own IANA time zone, e.g. America/New_York; empty: yours."
            },
        }

    def _rhythm(self, contact: Contact) -> int | None:
        return rhythm_days(
            contact.keep_in_touch_days, contact.relationship, self.context.get("rhythms", {})
        )

    def get_rhythm_days(self, contact: Contact) -> int | None:
        return self._rhythm(contact)

    def get_days_since_touch(self, contact: Contact) -> int | None:
        if contact.last_contacted_at is None:
            return None
        now = self.context.get("now") or timezone.now()
        return max((now - contact.last_contacted_at).days, 0)


class TouchSerializer(RejectUnknownFields, serializers.ModelSerializer):
    class Meta:
        model = Touch
        fields = ["id", "channel", "direction", "at", "note", "source"]
        read_only_fields = ["id", "source"]
        extra_kwargs = {"note": {"max_length": 1000}}

    at = LocalDateTimeField(required=False, help_text=ON_USERS_CLOCK)


class TouchByNumberSerializer(RejectUnknownFields, serializers.Serializer):
    """What a phone automation reports ("call ended", "SMS sent")."""

    number = serializers.CharField(max_length=40)
    channel = serializers.ChoiceField(choices=TouchChannel.choices)
    direction = serializers.ChoiceField(choices=Direction.choices, default=Direction.OUT)
    at = LocalDateTimeField(required=False, help_text=ON_USERS_CLOCK)
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
