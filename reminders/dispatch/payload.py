"""The push message of one reminder step, as the service worker shows it: shape and size.

The shape is a contract with the PWA (see the README): title, body, tag, url, actions.
It is in the user's language and at most MAX_PAYLOAD_BYTES, the largest plaintext that
fits a web push message once aes128gcm has added its 103 bytes. What it proposes comes
from the rule book through reminders.actions, the same as the API's reminder.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from contacts.phone import format_for_display
from reminders import policy
from reminders.actions import proposal_of, reminder_actions
from reminders.models import Reminder, ReminderKind
from reminders.plans import Situation
from reminders.policy import Proposal, StepKind
from reminders.texts import rhythm_push, span, words

MAX_PAYLOAD_BYTES = 3993
ELLIPSIS = "…"


@dataclass(frozen=True)
class StepContext:
    """What the payload needs beyond the reminder itself."""

    step: str
    now: datetime
    language: str
    situation: Situation = field(default_factory=lambda: Situation(None, 0, None))


def _who(reminder: Reminder) -> str:
    if reminder.contact is not None:
        return reminder.contact.name
    return format_for_display(reminder.number) if reminder.number else reminder.number


def _body_lines(reminder: Reminder, context: StepContext, reason: str) -> list[str]:
    w = words(context.language)
    since_call = context.now - (reminder.last_call_at or reminder.opened_at)
    ago = (
        w["just_now"]
        if since_call < timedelta(minutes=1)
        else w["ago"].format(span=span(since_call, context.language))
    )
    if reminder.call_count > 1:
        lines = [w["called_many"].format(count=reminder.call_count, ago=ago)]
    else:
        lines = [w["called_once"].format(ago=ago)]
    left = reminder.deadline - context.now
    if left > timedelta(0):
        lines.append(w["left"].format(span=span(left, context.language)))
    else:
        lines.append(w["late"].format(span=span(-left, context.language)))
    failed = context.situation.failed_calls
    if reminder.kind == ReminderKind.IDENTIFY:
        lines.append(w["identify"])
    elif failed >= policy.TEXT_AFTER_FAILED:
        channel = proposal_of(reminder, context.situation)
        key = "use_email" if channel == Proposal.EMAIL else "use_text"
        lines.append(w[key].format(failed=failed))
    elif context.step == StepKind.APOLOGY:
        lines.append(w["apology"])
    if reason:
        lines.append(w["reason"].format(reason=reason))
    return lines


def _title_and_lines(reminder: Reminder, context: StepContext, reason: str) -> tuple[str, list]:
    if reminder.is_rhythm:
        return rhythm_push(reminder, language=context.language, step=context.step, now=context.now)
    title = words(context.language)[f"title_{context.step}"].format(who=_who(reminder))
    return title, _body_lines(reminder, context, reason)


def build_payload(reminder: Reminder, context: StepContext, *, reason: str) -> dict:
    relationship = reminder.contact.relationship if reminder.contact is not None else None
    title, lines = _title_and_lines(reminder, context, reason)
    return {
        "title": title,
        "body": "\n".join(lines),
        "tag": f"reminder-{reminder.pk}",
        "url": f"/reminders/{reminder.pk}",
        "reminder_id": reminder.pk,
        "step": str(context.step),
        "timestamp": int(context.now.timestamp() * 1000),
        "renotify": True,
        "require_interaction": policy.require_interaction(
            relationship=relationship, step=context.step, rhythm=reminder.is_rhythm
        ),
        "actions": reminder_actions(
            reminder, context.situation, language=context.language, now=context.now
        ),
    }


def encode(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def payload_bytes(reminder: Reminder, context: StepContext, *, reason: str | None = None) -> bytes:
    """The encoded payload, with the reason cut (at a character) until it fits."""
    reason = reminder.latest_reason if reason is None else reason
    data = encode(build_payload(reminder, context, reason=reason))
    if len(data) <= MAX_PAYLOAD_BYTES:
        return data
    # The longest prefix of the reason that still fits, by bisection on characters.
    low, high = 0, len(reason)
    while low < high:
        middle = (low + high + 1) // 2
        candidate = encode(build_payload(reminder, context, reason=reason[:middle] + ELLIPSIS))
        if len(candidate) <= MAX_PAYLOAD_BYTES:
            low = middle
        else:
            high = middle - 1
    shortened = reason[:low] + ELLIPSIS if low else ""
    return encode(build_payload(reminder, context, reason=shortened))


# The rhythm's reminders of one user due together, by what they ask: today's days
# (birthdays, the day after a date) first, then who has been waited for longest.
_DIGEST_ORDER = {
    ReminderKind.OCCASION: 0,
    ReminderKind.AFTER_DATE: 0,
    ReminderKind.KEEP_IN_TOUCH: 1,
}


def digest_bytes(reminders: list[Reminder], *, language: str, now: datetime) -> bytes:
    """One push for several rhythm reminders: a line per person (what their own push
    would have said), lines dropped from the end with an ellipsis until it fits. A tap
    opens Today, where each has its own card."""
    ordered = sorted(
        reminders, key=lambda r: (_DIGEST_ORDER[ReminderKind(r.kind)], r.deadline, r.pk)
    )
    lines = [
        rhythm_push(reminder, language=language, step=reminder.next_step, now=now)[0]
        for reminder in ordered
    ]
    owner = ordered[0].owner_id
    payload = {
        "title": words(language)["title_digest"],
        "body": "",
        # One per user and day on the phone: a later digest replaces the earlier one.
        "tag": f"digest-{owner}",
        "url": "/today",
        "reminder_ids": [reminder.pk for reminder in ordered],
        "step": "digest",
        "timestamp": int(now.timestamp() * 1000),
        "renotify": True,
        "require_interaction": False,
        "actions": [],
    }
    for keep in range(len(lines), 0, -1):
        payload["body"] = "\n".join(lines[:keep] + ([ELLIPSIS] if keep < len(lines) else []))
        data = encode(payload)
        if len(data) <= MAX_PAYLOAD_BYTES:
            return data
    raise ValueError("a digest of one line does not fit a push")
