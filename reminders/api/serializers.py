"""JSON shapes of the reminders app. Validation of meaning stays in services and models;
these only check types and formats."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Language, Preferences
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
from project.api_output import LeanModelSerializer
from reminders import policy
from reminders.actions import proposal_of, reminder_actions, reminder_text
from reminders.models import Attempt, MissedCall, Outcome, Reminder, ReminderKind, Resolution
from reminders.plans import Situation, situation_of
from reminders.policy import DEFAULT_WINDOWS, OLDEST_CALL, Proposal, RhythmLevel
from reminders.services.transitions import MAX_SNOOZE
from reminders.texts import call_url, occasion_of, rhythm_push

MAX_WINDOW_MINUTES = int(MAX_CALLBACK_WINDOW.total_seconds() // 60)
MAX_SNOOZE_MINUTES = int(MAX_SNOOZE.total_seconds() // 60)
DONE_RESOLUTIONS = [
    (choice.value, choice.label)
    for choice in (Resolution.DONE, Resolution.CALLED_BACK, Resolution.TEXTED, Resolution.EMAILED)
]


class MissedCallSerializer(LeanModelSerializer):
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


@dataclass(frozen=True, slots=True)
class Computed:
    situation: Situation
    text: str
    actions: list[dict[str, str]]


# DRF's datetime format, for the values formatted by hand below.
_DATETIME = serializers.DateTimeField()


class ReminderSerializer(LeanModelSerializer):
    """Needs `language`, `now`, `preferences` and `windows` in its context (see
    reminders.api.views.reminder_context); the queryset is reminders.selectors'.
    Computed fields are computed once per reminder and request (`_computed`)."""

    who = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()
    seconds_left = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    reason = serializers.SerializerMethodField()
    call_url = serializers.SerializerMethodField()
    text_url = serializers.SerializerMethodField()
    suggested_text = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    failed_calls = serializers.SerializerMethodField()
    proposal = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    rhythm = serializers.SerializerMethodField(
        help_text="For keep_in_touch, occasion and after_date reminders (null for callbacks): "
        "how late it is (due, then late), its title and lines as the push says them, and "
        "the day it is about."
    )

    class Meta:
        model = Reminder
        fields = [
            "id",
            "kind",
            "state",
            "who",
            "contact",
            "number",
            "call_count",
            "first_call_at",
            "last_call_at",
            "deadline",
            "seconds_left",
            "overdue",
            "reason",
            "next_step",
            "next_step_at",
            "snoozed_until",
            "resolution",
            "resolved_at",
            "call_url",
            "text_url",
            "suggested_text",
            "url",
            "failed_calls",
            "proposal",
            "actions",
            "rhythm",
            "notes",
        ]
        read_only_fields = fields

    def _request_facts(self) -> tuple[str, datetime, Preferences, Mapping[str, timedelta]]:
        # DRF walks up to the root serializer on every `self.context`: read it once.
        facts = self.__dict__.get("_facts")
        if facts is None:
            context = self.context
            facts = self.__dict__["_facts"] = (
                context["language"],
                context.get("now") or timezone.now(),
                context["preferences"],
                context["windows"],
            )
        return facts

    def _now(self) -> datetime:
        return self._request_facts()[1]

    def _computed(self, reminder: Reminder) -> Computed:
        """The rule book's answers for this reminder, worked out once per request."""
        computed = self.__dict__.setdefault("_computed_by_pk", {})
        found = computed.get(reminder.pk)
        if found is None:
            language, now, preferences, windows = self._request_facts()
            situation = situation_of(reminder, preferences=preferences, windows=windows, now=now)
            text = reminder_text(reminder, situation, language=language, now=now)
            found = computed[reminder.pk] = Computed(
                situation=situation,
                text=text,
                actions=reminder_actions(
                    reminder, situation, language=language, now=now, text=text
                ),
            )
        return found

    def get_who(self, reminder: Reminder) -> str:
        if reminder.contact:
            return reminder.contact.name
        # An unknown number as people of the user's country write it (030 …), else +CC.
        return format_for_display(reminder.number, self._request_facts()[2].phone_region)

    @extend_schema_field(ContactBriefSerializer(allow_null=True))
    def get_contact(self, reminder: Reminder) -> dict | None:
        contact = reminder.contact
        if contact is None:
            return None
        return {"id": contact.pk, "name": contact.name, "relationship": contact.relationship}

    def get_seconds_left(self, reminder: Reminder) -> int:
        return int((reminder.deadline - self._now()).total_seconds())

    def get_overdue(self, reminder: Reminder) -> bool:
        return reminder.deadline <= self._now()

    def get_reason(self, reminder: Reminder) -> str:
        return getattr(reminder, "latest_reason", None) or ""

    def get_call_url(self, reminder: Reminder) -> str:
        return call_url(reminder.number)

    def get_text_url(self, reminder: Reminder) -> str:
        for action in self._computed(reminder).actions:
            if action["action"] == Proposal.TEXT:
                return action["url"]
        return ""

    def get_suggested_text(self, reminder: Reminder) -> str:
        return self._computed(reminder).text

    def get_failed_calls(self, reminder: Reminder) -> int:
        return self._computed(reminder).situation.failed_calls

    @extend_schema_field(serializers.ChoiceField(choices=PROPOSALS))
    def get_proposal(self, reminder: Reminder) -> str:
        return str(proposal_of(reminder, self._computed(reminder).situation))

    @extend_schema_field(ActionSerializer(many=True))
    def get_actions(self, reminder: Reminder) -> list[dict[str, str]]:
        return self._computed(reminder).actions

    def get_url(self, reminder: Reminder) -> str:
        return f"/reminders/{reminder.pk}"

    @extend_schema_field(RhythmSerializer(allow_null=True))
    def get_rhythm(self, reminder: Reminder) -> dict | None:
        facts = self.rhythm_facts(reminder)
        if facts is None:
            return None
        # RhythmSerializer's JSON (tested against it), without building its fields for
        # every reminder (~0.1 ms each).
        occasion = facts["occasion"]
        contacted = facts["last_contacted_at"]
        if contacted is not None:
            contacted = _DATETIME.to_representation(contacted)
        return {
            "level": str(facts["level"]),
            "title": str(facts["title"]),
            "lines": [str(line) for line in facts["lines"]],
            "last_contacted_at": None
            if contacted is None
            else _DATETIME.to_representation(contacted),
            "occasion": None
            if occasion is None
            else {
                "kind": str(occasion["kind"]),
                "name": str(occasion["name"]),
                "on": occasion["on"].isoformat(),
                "days_ahead": int(occasion["days_ahead"]),
                "years": None if occasion["years"] is None else int(occasion["years"]),
            },
        }

    def rhythm_facts(self, reminder: Reminder) -> dict | None:
        """What `rhythm` says of a keep-in-touch, occasion or after-date reminder, as
        values for RhythmSerializer; None for a callback."""
        if not reminder.is_rhythm:
            return None
        language, now, _preferences, _windows = self._request_facts()
        title, lines = rhythm_push(reminder, language=language, step=reminder.next_step, now=now)
        occasion = None
        if reminder.kind == ReminderKind.OCCASION:
            found = occasion_of(reminder)
            occasion = {
                "kind": found.kind,
                "name": found.label,
                "on": found.on,
                "days_ahead": found.days_ahead,
                "years": found.years,
            }
        return {
            "level": policy.rhythm_level(late_from=reminder.deadline, now=now),
            "title": title,
            "lines": lines,
            "last_contacted_at": reminder.contact.last_contacted_at if reminder.contact else None,
            "occasion": occasion,
        }


class ReminderHistorySerializer(ReminderSerializer):
    missed_calls = MissedCallSerializer(many=True, read_only=True)
    attempts = AttemptSerializer(many=True, read_only=True)

    class Meta(ReminderSerializer.Meta):
        fields = [*ReminderSerializer.Meta.fields, "missed_calls", "attempts"]
        read_only_fields = fields


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
    phone_region = serializers.CharField(
        min_length=2,
        max_length=2,
        required=False,
        help_text="Country of numbers typed without a country code (ISO 3166, e.g. DE); "
        "proposed from the time zone at setup.",
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
    twilio_webhook_url = serializers.CharField(read_only=True, allow_null=True)
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
        help_text="Your calendar feed (iCalendar); whoever has it sees names and times.",
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
