"""A reminder as the API gives it: the rule book's answers for it (what it proposes, its
suggested text, its actions, how late a rhythm reminder is) worked out once, next to the
stored fields.

ReminderSerializer declares that shape (the schema is made from it); `reminder_output`
writes it as plain JSON values itself, since DRF's per-field machinery costs more than
everything else a list of reminders takes. tests/project/test_api_output.py holds the two
equal."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from rest_framework.request import Request

from accounts.api.auth import signed_in
from accounts.models import Preferences
from accounts.selectors import preferences_of
from contacts.phone import format_for_display
from reminders import policy
from reminders.actions import proposal_of, reminder_actions, reminder_text, text_channel_of
from reminders.models import Reminder, ReminderKind
from reminders.plans import situation_of, step_after
from reminders.policy import Proposal, Step, StepKind
from reminders.selectors import WindowsOnUse
from reminders.texts import call_url, occasion_of, rhythm_push

# The fields read off the row as they are stored.
STORED = (
    "id",
    "kind",
    "state",
    "number",
    "call_count",
    "first_call_at",
    "last_call_at",
    "deadline",
    "next_step",
    "next_step_at",
    "snoozed_until",
    "resolution",
    "resolved_at",
    "failed_calls",
    "notes",
    "seen_at",
    "seen_step",
    "seen_on",
)


@dataclass(frozen=True)
class Showing:
    """What every reminder of one answer is shown with: the user's language, their
    preferences and callback windows, and one `now`."""

    language: str
    now: datetime
    preferences: Preferences
    windows: Mapping[str, timedelta]


def showing_for(request: Request) -> Showing:
    user = signed_in(request)
    preferences = preferences_of(user)
    return Showing(
        language=preferences.language,
        now=timezone.now(),
        preferences=preferences,
        windows=WindowsOnUse(user),
    )


def reminder_shown(reminder: Reminder, showing: Showing) -> dict[str, Any]:
    """The reminder's values for ReminderSerializer."""
    situation = situation_of(
        reminder, preferences=showing.preferences, windows=showing.windows, now=showing.now
    )
    text = reminder_text(reminder, situation, language=showing.language, now=showing.now)
    actions = reminder_actions(
        reminder, situation, language=showing.language, now=showing.now, text=text
    )
    contact = reminder.contact
    # The number as people of the user's country write it (030 …), else +CC.
    number_shown = (
        format_for_display(reminder.number, showing.preferences.phone_region)
        if reminder.number
        else ""
    )
    return {
        **{name: getattr(reminder, name) for name in STORED},
        "who": contact.name if contact else number_shown,
        "number_shown": number_shown,
        "contact": None
        if contact is None
        else {
            "id": contact.pk,
            "name": contact.name,
            "relationship": contact.relationship,
            "time_zone": contact.time_zone,
        },
        "seconds_left": int((reminder.deadline - showing.now).total_seconds()),
        "overdue": reminder.deadline <= showing.now,
        "reason": reminder.latest_reason,
        "call_url": call_url(reminder.number),
        "text_url": next((a["url"] for a in actions if a["action"] == Proposal.TEXT), ""),
        "text_channel": text_channel_of(reminder, situation),
        "suggested_text": text,
        "url": f"/reminders/{reminder.pk}",
        "proposal": str(proposal_of(reminder, situation)),
        "actions": actions,
        "rhythm": rhythm_shown(reminder, showing),
        **step_shown(reminder, showing),
    }


def step_shown(reminder: Reminder, showing: Showing) -> dict[str, Any]:
    """`coming_step`/`coming_step_at`: the next step as Today and the reminder page both
    name it (policy.step_to_show), never at a time already past."""
    stored = None
    if reminder.next_step and reminder.next_step_at is not None:
        stored = Step(StepKind(reminder.next_step), reminder.next_step_at)
    after_it = None
    if stored is not None and stored.at <= showing.now:
        after_it = step_after(
            reminder,
            sent=stored.kind,
            preferences=showing.preferences,
            now=showing.now,
            windows=showing.windows,
        )
    step = policy.step_to_show(stored, after_it, now=showing.now)
    return {
        "coming_step": step.kind.value if step else "",
        "coming_step_at": step.at if step else None,
    }


def rhythm_shown(reminder: Reminder, showing: Showing) -> dict[str, Any] | None:
    """What `rhythm` says of a keep-in-touch, occasion or after-date reminder, as values
    for RhythmSerializer; None for a callback."""
    if not reminder.is_rhythm:
        return None
    title, lines = rhythm_push(
        reminder, language=showing.language, step=reminder.next_step, now=showing.now
    )
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
        "level": policy.rhythm_level(late_from=reminder.deadline, now=showing.now),
        "title": title,
        "lines": lines,
        "last_contacted_at": reminder.contact.last_contacted_at if reminder.contact else None,
        "occasion": occasion,
    }


def reminder_output(reminder: Reminder, showing: Showing) -> dict[str, Any]:
    """What ReminderSerializer(reminder_shown(…)).data gives, as plain JSON values."""
    return _plain(reminder_shown(reminder, showing), timezone.get_current_timezone())


def _plain(value: Any, zone: tzinfo) -> Any:
    """JSON values as DRF writes them: times in the active zone (UTC as "Z"), days as
    ISO dates, lazy words as text."""
    kind = type(value)
    # Most values are already plain: one look at their exact type, no isinstance chain.
    if kind in _PLAIN:
        return value
    if kind is dict:
        return {key: _plain(item, zone) for key, item in value.items()}
    if kind is list:
        return [_plain(item, zone) for item in value]
    if isinstance(value, datetime):
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Promise | str):
        # Lazy words, and choices (str subclasses) as their value.
        return str(value)
    return value


_PLAIN = frozenset({str, int, bool, float, type(None)})
