"""JSON shapes of the reminders app. Validation of meaning stays in services and models;
these only check types and formats."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import DigestBy, Language, TextChannel
from contacts.models import (
    MAX_CALLBACK_WINDOW,
    MAX_RHYTHM_DAYS,
    MIN_RHYTHM_DAYS,
    Channel,
    DateKind,
    Relationship,
)
from contacts.phone import format_for_display
from project.api_input import ON_USERS_CLOCK, LocalDateTimeField, RejectUnknownFields
from reminders.models import Attempt, MissedCall, Outcome, ReminderKind, ReminderState, Resolution
from reminders.policy import DEFAULT_WINDOWS, OLDEST_CALL, Proposal, RhythmLevel, StepKind
from reminders.services.transitions import MAX_SNOOZE

MAX_WINDOW_MINUTES = int(MAX_CALLBACK_WINDOW.total_seconds() // 60)
MAX_SNOOZE_MINUTES = int(MAX_SNOOZE.total_seconds() // 60)
DONE_RESOLUTIONS = [
    (choice.value, choice.label)
    for choice in (Resolution.DONE, Resolution.CALLED_BACK, Resolution.TEXTED, Resolution.EMAILED)
]


class MissedCallSerializer(serializers.ModelSerializer):
    who = serializers.SerializerMethodField()

    class Meta:
        model = MissedCall
        fields = ["id", "occurred_at", "who", "number", "withheld", "source", "reason"]

    def get_who(self, call: MissedCall) -> str:
        """The contact's name, the number, or "Withheld number"."""
        if call.withheld or call.contact_id:
            return call.who
        return format_for_display(call.number)


class MissedCallListSerializer(MissedCallSerializer):
    class Meta(MissedCallSerializer.Meta):
        fields = [*MissedCallSerializer.Meta.fields, "contact", "reminder"]


class MissedCallInputSerializer(RejectUnknownFields, serializers.Serializer):
    contact = serializers.IntegerField(required=False, allow_null=True, min_value=1, default=None)
    number = serializers.CharField(required=False, allow_blank=True, max_length=40, default="")
    withheld = serializers.BooleanField(
        required=False,
        default=False,
        help_text="The caller withheld their number: logged, with no reminder (nobody to call).",
    )
    occurred_at = LocalDateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text=(
            f"When they called (default: now). {ON_USERS_CLOCK} "
            f"At most {OLDEST_CALL.days} days ago."
        ),
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
    client_id = serializers.UUIDField(required=False, allow_null=True, default=None)


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attempt
        fields = ["id", "at", "channel", "outcome", "note", "free_from"]


class AttemptInputSerializer(RejectUnknownFields, serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
    free_from = LocalDateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="After no answer: when you are free to talk (a time without an offset is "
        "read in your time zone). The apology names it and the retry waits for it.",
    )


class ContactBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    relationship = serializers.ChoiceField(choices=Relationship.choices)
    time_zone = serializers.CharField(help_text="Their own time zone; empty: the user's.")


PROPOSALS = [(proposal.value, proposal.value) for proposal in Proposal]


class ActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=PROPOSALS)
    title = serializers.CharField()
    url = serializers.CharField()


class OccasionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DateKind.choices)
    name = serializers.CharField(help_text="The day's own name (e.g. Wedding), if it has one.")
    on = serializers.DateField(help_text="The day itself.")
    days_ahead = serializers.IntegerField(help_text="0 on the day; else a reminder before it.")
    years = serializers.IntegerField(
        allow_null=True, help_text="The age, or years since; null when the year is unknown."
    )


class RhythmSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=[(level.value, level.value) for level in RhythmLevel])
    title = serializers.CharField()
    lines = serializers.ListField(child=serializers.CharField())
    last_contacted_at = serializers.DateTimeField(allow_null=True)
    occasion = OccasionSerializer(allow_null=True)


STEPS = [(step.value, step.name.title()) for step in StepKind]


class ReminderSerializer(serializers.Serializer):
    """Writes what reminders.api.output.reminder_shown gives for a reminder."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ReminderKind.choices)
    state = serializers.ChoiceField(choices=ReminderState.choices)
    who = serializers.CharField(help_text="The contact's name, or the number.")
    contact = ContactBriefSerializer(allow_null=True)
    number = serializers.CharField()
    number_shown = serializers.CharField(
        help_text="The number spaced for reading: national for the user's country, "
        "else international."
    )
    call_count = serializers.IntegerField()
    first_call_at = serializers.DateTimeField(allow_null=True)
    last_call_at = serializers.DateTimeField(allow_null=True)
    deadline = serializers.DateTimeField()
    seconds_left = serializers.IntegerField()
    overdue = serializers.BooleanField()
    reason = serializers.CharField(help_text="The latest reason they gave.")
    next_step = serializers.ChoiceField(choices=STEPS, allow_blank=True)
    next_step_at = serializers.DateTimeField(allow_null=True)
    coming_step = serializers.ChoiceField(
        choices=STEPS,
        allow_blank=True,
        help_text="The next step as screens name it: next_step while it is to come; once "
        "due (its push goes out now), the one after it. Never at a past time.",
    )
    coming_step_at = serializers.DateTimeField(allow_null=True)
    snoozed_until = serializers.DateTimeField(allow_null=True)
    resolution = serializers.ChoiceField(choices=Resolution.choices, allow_blank=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    call_url = serializers.CharField()
    text_url = serializers.CharField()
    text_channel = serializers.ChoiceField(
        choices=TextChannel.choices,
        help_text="Where text_url opens: the contact's own messenger, else the user's default. "
        "Signal and Telegram links take no text: the app copies it first.",
    )
    suggested_text = serializers.CharField()
    url = serializers.CharField()
    failed_calls = serializers.IntegerField()
    proposal = serializers.ChoiceField(choices=PROPOSALS)
    actions = ActionSerializer(many=True)
    rhythm = RhythmSerializer(
        allow_null=True,
        help_text="For keep_in_touch, occasion and after_date reminders (null for callbacks): "
        "how late it is (due, then late), its title and lines as the push says them, and "
        "the day it is about.",
    )
    notes = serializers.CharField()
    seen_at = serializers.DateTimeField(
        allow_null=True, help_text="When a phone last showed a push of it (its receipt)."
    )
    seen_step = serializers.CharField(help_text="Which step that push was.")
    seen_on = serializers.CharField(help_text="The browser that showed it.")


class ReminderHistorySerializer(ReminderSerializer):
    missed_calls = MissedCallSerializer(many=True)
    attempts = AttemptSerializer(many=True)


class IntakeSerializer(serializers.Serializer):
    missed_call = MissedCallSerializer()
    reminder = ReminderSerializer(allow_null=True, help_text="None for a withheld number.")


class AttemptResultSerializer(serializers.Serializer):
    attempt = AttemptSerializer()
    reminder = ReminderSerializer()


class DoneInputSerializer(RejectUnknownFields, serializers.Serializer):
    resolution = serializers.ChoiceField(
        choices=DONE_RESOLUTIONS,
        required=False,
        default=Resolution.DONE,
    )


class NotesInputSerializer(RejectUnknownFields, serializers.Serializer):
    notes = serializers.CharField(
        allow_blank=True,
        max_length=2000,
        help_text="What to say when you call, prepared beforehand; empty clears it.",
    )


class SnoozeInputSerializer(RejectUnknownFields, serializers.Serializer):
    minutes = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_SNOOZE_MINUTES, allow_null=True
    )
    until = LocalDateTimeField(required=False, allow_null=True, help_text=ON_USERS_CLOCK)

    def validate(self, data: dict) -> dict:
        minutes, until = data.get("minutes"), data.get("until")
        if (minutes is None) == (until is None):
            raise serializers.ValidationError({"minutes": _("Give either minutes or until.")})
        if minutes is not None:
            data["until"] = timezone.now() + timedelta(minutes=minutes)
        return data


class RhythmsField(serializers.DictField):
    child = serializers.IntegerField(
        min_value=MIN_RHYTHM_DAYS, max_value=MAX_RHYTHM_DAYS, allow_null=True
    )


class WindowsField(serializers.DictField):
    child = serializers.IntegerField(min_value=1, max_value=MAX_WINDOW_MINUTES, allow_null=True)


@extend_schema_field({"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "nullable": True})
class ClockField(serializers.TimeField):
    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", input_formats=["%H:%M", "%H:%M:%S"], **kwargs)


class MeSerializer(RejectUnknownFields, serializers.Serializer):
    username = serializers.CharField(read_only=True)
    time_zone = serializers.CharField(max_length=64, required=False)
    quiet_start = ClockField(allow_null=True, required=False)
    quiet_end = ClockField(allow_null=True, required=False)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    locale_confirmed = serializers.BooleanField(
        required=False,
        help_text="False until language and time zone were confirmed on a phone (an account "
        "made in the admin); the app asks once. True when confirming; with a time_zone, "
        "the country of numbers follows it unless phone_region is given too.",
    )
    digest_time = ClockField(
        required=False,
        help_text="When keep-in-touch, birthday and after-date reminders go out each day "
        "(HH:MM on your clock); several at once come as one push.",
    )
    digest_by = serializers.ChoiceField(
        choices=DigestBy.choices,
        required=False,
        help_text="Where those go: push (the phones), channels (the other channels: e-mail, "
        "ntfy …) or both. Without a channel they are pushed; quiet hours hold for both.",
    )
    phone_region = serializers.CharField(
        min_length=2,
        max_length=2,
        required=False,
        help_text="Country of numbers typed without a country code (ISO 3166, e.g. DE); "
        "proposed from the time zone at setup.",
    )
    text_channel = serializers.ChoiceField(
        choices=TextChannel.choices,
        required=False,
        help_text="Where texts open unless a contact has its own: sms, whatsapp, signal, telegram.",
    )
    windows = WindowsField(required=False)
    default_windows = serializers.DictField(child=serializers.IntegerField(), read_only=True)
    keep_in_touch_defaults = RhythmsField(
        required=False,
        help_text="Keep-in-touch rhythm in days by relationship; null takes one away, a "
        "relationship missing here has none.",
    )
    limits = serializers.DictField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="The largest callback window and snooze the server takes, in minutes.",
    )
    twilio_webhook_url = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="Where Twilio reports calls; a secret, so null to a personal token.",
    )
    twilio_voice_url = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="The Twilio number's “A call comes in” webhook: Ringback as the voicemail. "
        "Shown to the app's session only (null to a token).",
    )
    display_name = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="Your name, as callers should hear it (the voicemail greetings).",
    )
    company = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="Your company, for the business voicemail greeting.",
    )
    away_until = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Away until this day, included (not before today); null: not away. "
        "While away every suggested text says when you are back.",
    )
    away_contact = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text='How else to reach you while away, e.g. an e-mail address; null or "" clears it.',
    )

    def validate_away_contact(self, value: str | None) -> str:
        return value or ""

    calendar_url = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="Your calendar feed (iCalendar); whoever has it sees names and times. "
        "Null to a personal token: only the app's session sees it.",
    )
    deletion_refused = serializers.CharField(
        read_only=True,
        help_text="Why deleting this account would be refused (you are the only owner), "
        'in your language; "" when it would not.',
    )

    def validate_keep_in_touch_defaults(self, value: dict) -> dict:
        return self.validate_windows(value)

    def validate_windows(self, value: dict) -> dict:
        unknown = sorted(set(value) - set(Relationship.values))
        if unknown:
            raise serializers.ValidationError(
                _("Not a relationship: %(names)s.") % {"names": ", ".join(unknown)}
            )
        return value


class CalendarUrlSerializer(serializers.Serializer):
    calendar_url = serializers.CharField(read_only=True)


def default_windows_minutes() -> dict[str, int]:
    return {key: int(window.total_seconds() // 60) for key, window in DEFAULT_WINDOWS.items()}


def limits() -> dict[str, int]:
    return {
        "window_minutes_max": MAX_WINDOW_MINUTES,
        "snooze_minutes_max": MAX_SNOOZE_MINUTES,
        "rhythm_days_max": MAX_RHYTHM_DAYS,
    }
