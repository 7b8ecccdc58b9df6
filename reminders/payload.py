"""The push message of one reminder step, as the service worker shows it.

The shape is a contract with the PWA (see the README): title, body, tag, url, actions.
It is in the user's language and at most MAX_PAYLOAD_BYTES, the largest plaintext that
fits a web push message once aes128gcm has added its 103 bytes.
"""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from contacts.phone import format_for_display
from reminders.messages import call_url, catalogue, email_url, suggested_text, text_url
from reminders.models import MissedCall, Reminder, ReminderKind
from reminders.policy import BUSINESS, StepKind

MAX_PAYLOAD_BYTES = 3993
ELLIPSIS = "…"

WORDS = {
    "en": {
        "title_prompt": "Call back {who}",
        "title_nudge": "Call back {who}",
        "title_final": "Last chance to call back {who}",
        "title_overdue": "Overdue: get back to {who}",
        "title_identify": "Missed call from {who}",
        "title_apology": "{who} didn't answer",
        "title_retry": "Try {who} again",
        "called_once": "Called {ago}",
        "called_many": "Called {count} times, last {ago}",
        "ago": "{span} ago",
        "just_now": "just now",
        "left": "{span} left",
        "late": "Overdue by {span}",
        "identify": "Unknown number: text to ask who it was.",
        "apology": "Text them that you tried and when you are free.",
        "use_text": "No answer {failed} times: send a text instead.",
        "use_email": "No answer {failed} times: send an e-mail instead.",
        "reason": "“{reason}”",
        "call": "Call",
        "text": "Text",
        "email": "E-mail",
        "minutes": "{n} min",
        "hours": "{h} h",
        "hours_minutes": "{h} h {m} min",
        "days": "{n} d",
    },
    "de": {
        "title_prompt": "{who} zurückrufen",
        "title_nudge": "{who} zurückrufen",
        "title_final": "Letzte Gelegenheit: {who} zurückrufen",
        "title_overdue": "Überfällig: bei {who} melden",
        "title_identify": "Verpasster Anruf von {who}",
        "title_apology": "{who} ist nicht rangegangen",
        "title_retry": "{who} noch einmal anrufen",
        "called_once": "Angerufen {ago}",
        "called_many": "{count} Anrufe, zuletzt {ago}",
        "ago": "vor {span}",
        "just_now": "gerade eben",
        "left": "Noch {span}",
        "late": "Seit {span} überfällig",
        "identify": "Unbekannte Nummer: per SMS fragen, wer es war.",
        "apology": "Schreib, dass du es versucht hast und wann du Zeit hast.",
        "use_text": "{failed}-mal keine Antwort: lieber eine SMS schreiben.",
        "use_email": "{failed}-mal keine Antwort: lieber eine E-Mail schreiben.",
        "reason": "„{reason}“",
        "call": "Anrufen",
        "text": "SMS",
        "email": "E-Mail",
        "minutes": "{n} Min.",
        "hours": "{h} Std.",
        "hours_minutes": "{h} Std. {m} Min.",
        "days": "{n} Tg.",
    },
}


@dataclass(frozen=True)
class StepContext:
    """What the payload needs beyond the reminder itself."""

    step: str
    now: datetime
    language: str
    failed_calls: int = 0
    free_from: datetime | None = None


def words(language: str) -> dict:
    return WORDS.get(language, WORDS["en"])


def span(delta: timedelta, language: str) -> str:
    w = words(language)
    minutes = max(int(delta.total_seconds() // 60), 1)
    if minutes < 60:
        return w["minutes"].format(n=minutes)
    hours, rest = divmod(minutes, 60)
    if hours >= 48:
        return w["days"].format(n=round(hours / 24))
    if rest == 0:
        return w["hours"].format(h=hours)
    return w["hours_minutes"].format(h=hours, m=rest)


def latest_reason(reminder: Reminder) -> str:
    call = (
        MissedCall.objects.filter(reminder=reminder).exclude(reason="").order_by("-occurred_at")
    ).first()
    return call.reason if call else ""


def _who(reminder: Reminder) -> str:
    if reminder.contact_id:
        return reminder.contact.name
    return format_for_display(reminder.number) if reminder.number else reminder.number


def _proposed_channel(reminder: Reminder, failed_calls: int) -> str:
    """After the second unanswered call, stop proposing to call: text, then e-mail."""
    email = reminder.contact.email if reminder.contact_id else ""
    if failed_calls >= 3 and email:
        return "email"
    return "text"


def _actions(reminder: Reminder, context: StepContext, w: dict) -> list[dict]:
    text = suggested_text(
        reminder, language=context.language, now=context.now, free_from=context.free_from
    )
    actions = []
    if reminder.number:
        actions.append({"action": "call", "title": w["call"], "url": call_url(reminder.number)})
    if _proposed_channel(reminder, context.failed_calls) == "email":
        subject = catalogue(context.language)["email_subject"]
        address = reminder.contact.email
        actions.append(
            {
                "action": "text",
                "title": w["email"],
                "url": email_url(address, subject=subject, body=text),
            }
        )
    elif reminder.number:
        actions.append(
            {"action": "text", "title": w["text"], "url": text_url(reminder.number, text)}
        )
    return actions


def _body_lines(reminder: Reminder, context: StepContext, w: dict, reason: str) -> list[str]:
    since_call = context.now - reminder.last_call_at
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
    if reminder.kind == ReminderKind.IDENTIFY:
        lines.append(w["identify"])
    elif context.failed_calls >= 2:
        channel = _proposed_channel(reminder, context.failed_calls)
        key = "use_email" if channel == "email" else "use_text"
        lines.append(w[key].format(failed=context.failed_calls))
    elif context.step == StepKind.APOLOGY:
        lines.append(w["apology"])
    if reason:
        lines.append(w["reason"].format(reason=reason))
    return lines


def is_business(reminder: Reminder) -> bool:
    return reminder.contact_id is not None and reminder.contact.relationship in BUSINESS


def _require_interaction(reminder: Reminder, step: str) -> bool:
    return is_business(reminder) or step in (StepKind.FINAL, StepKind.OVERDUE)


def build_payload(reminder: Reminder, context: StepContext, *, reason: str) -> dict:
    w = words(context.language)
    return {
        "title": w[f"title_{context.step}"].format(who=_who(reminder)),
        "body": "\n".join(_body_lines(reminder, context, w, reason)),
        "tag": f"reminder-{reminder.pk}",
        "url": f"/reminders/{reminder.pk}",
        "reminder_id": reminder.pk,
        "step": str(context.step),
        "timestamp": int(context.now.timestamp() * 1000),
        "renotify": True,
        "require_interaction": _require_interaction(reminder, context.step),
        "actions": _actions(reminder, context, w),
    }


def encode(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def payload_bytes(reminder: Reminder, context: StepContext, *, reason: str | None = None) -> bytes:
    """The encoded payload, with the reason cut (at a character) until it fits."""
    reason = latest_reason(reminder) if reason is None else reason
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
