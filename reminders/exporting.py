"""Everything a user owns as one JSON document (GET /api/export/), described by the JSON
Schema next to this module (export.schema.json, the same version number).

Built here, in the app that may read every other (reminders knows contacts, accounts and
push; they know nothing of it). Never in it: token hashes, push subscription keys, the
VAPID keys, webhook secrets, or anyone else's rows.
"""

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import ApiToken
from accounts.selectors import preferences_of
from accounts.users import User
from contacts.models import Contact, Touch
from contacts.selectors import rhythms_of
from push.selectors import devices_of
from reminders.models import MissedCall, Reminder
from reminders.selectors import windows_for

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("export.schema.json")

_PREFERENCES = (
    "time_zone",
    "quiet_start",
    "quiet_end",
    "language",
    "phone_region",
    "digest_time",
    "digest_by",
    "display_name",
    "company",
    "away_until",
    "away_contact",
)


def _plain(value: Any) -> Any:
    """Datetimes, dates and times as ISO 8601 text; durations in minutes."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return int(value.total_seconds() // 60)
    return value


def _row(instance: object, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(instance, name)) for name in fields}


def _contact(contact: Contact) -> dict[str, Any]:
    return {
        **_row(
            contact,
            (
                "id",
                "name",
                "relationship",
                "email",
                "notes",
                "greeting",
                "formal",
                "preferred_channel",
                "text_channel",
                "time_zone",
                "keep_in_touch_days",
                "starred",
                "archived",
                "last_contacted_at",
                "created_at",
            ),
        ),
        "callback_window_minutes": _plain(contact.callback_window),
        "numbers": [_row(phone, ("number", "label")) for phone in contact.numbers.all()],
        "dates": [
            {**_row(row, ("kind", "label", "remind_days_before")), "date": row.yearly.iso()}
            for row in contact.dates.all()
        ],
        "touches": [
            _row(touch, ("channel", "direction", "at", "note", "source"))
            for touch in contact.touches.all()
        ],
    }


def _reminder(reminder: Reminder) -> dict[str, Any]:
    return {
        **_row(
            reminder,
            (
                "id",
                "contact_id",
                "number",
                "kind",
                "state",
                "call_count",
                "opened_at",
                "first_call_at",
                "last_call_at",
                "deadline",
                "snoozed_until",
                "resolution",
                "resolved_at",
                "notes",
            ),
        ),
        "attempts": [
            _row(attempt, ("at", "channel", "outcome", "note", "free_from"))
            for attempt in reminder.attempts.all()
        ],
        "deliveries": [
            _row(delivery, ("step", "status", "tries", "created_at", "finished_at"))
            for delivery in reminder.deliveries.all()
        ],
    }


def account_export(user: User) -> dict[str, Any]:
    preferences = preferences_of(user)
    contacts = Contact.objects.filter(owner=user).prefetch_related(
        "numbers", "dates", Prefetch("touches", queryset=Touch.objects.order_by("at", "id"))
    )
    reminders = Reminder.objects.filter(owner=user).prefetch_related("attempts", "deliveries")
    calls = MissedCall.objects.filter(owner=user).order_by("occurred_at", "id")
    tokens = ApiToken.objects.filter(owner=user).order_by("created_at", "id")
    return {
        "schema_version": SCHEMA_VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.get_username(),
            "date_joined": user.date_joined.isoformat(),
            "preferences": _row(preferences, _PREFERENCES),
            "callback_windows_minutes": {
                key: _plain(window) for key, window in windows_for(user).items()
            },
            "keep_in_touch_days": rhythms_of(user),
            "tokens": [
                _row(token, ("name", "prefix", "created_at", "last_used_at", "revoked"))
                for token in tokens
            ],
            "devices": [
                {key: _plain(value) for key, value in device.items()} for device in devices_of(user)
            ],
        },
        "contacts": [_contact(contact) for contact in contacts.order_by("id")],
        "missed_calls": [
            _row(
                call,
                (
                    "id",
                    "contact_id",
                    "reminder_id",
                    "number",
                    "withheld",
                    "occurred_at",
                    "source",
                    "reason",
                ),
            )
            for call in calls
        ],
        "reminders": [_reminder(reminder) for reminder in reminders.order_by("id")],
    }
