"""The push message of one reminder step, as the service worker shows it: shape and size.

The shape is a contract with the PWA (see the README): title, body, tag, url, actions.
It is in the user's language and at most MAX_PAYLOAD_BYTES, the largest plaintext that
fits a web push message once aes128gcm has added its 103 bytes. What it proposes comes
from the rule book through reminders.actions, the same as the API's reminder.
"""

import json
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from contacts.phone import format_for_display
from reminders import policy
from reminders.actions import proposal_of, reminder_actions, reminder_text
from reminders.models import Reminder, ReminderKind
from reminders.plans import Situation
from reminders.policy import Proposal, StepKind
from reminders.texts import email_subject, rhythm_push, span, words

MAX_PAYLOAD_BYTES = 3993
ELLIPSIS = "…"
# Browsers show two (Notification.maxActions); the rule book never offers more.
MAX_ACTIONS = 2


@dataclass(frozen=True)
class StepContext:
    """What the payload needs beyond the reminder itself."""

    step: str
    now: datetime
    language: str
    situation: Situation = field(default_factory=lambda: Situation(None, 0, None))
    # The contacts who share the number of a reminder that asks who called, by name.
    callers: tuple[str, ...] = ()
    # The user's country: a number of it is shown as written at home (030 …).
    region: str | None = None


def _names(names: Sequence[str], language: str) -> str:
    """ "Max or Erika", "Max, Erika or Tom" in the user's language."""
    if len(names) < 2:
        return "".join(names)
    return words(language)["names_or"].format(names=", ".join(names[:-1]), last=names[-1])


def _who(reminder: Reminder, region: str | None) -> str:
    if reminder.contact is not None:
        return reminder.contact.name
    return format_for_display(reminder.number, region) if reminder.number else reminder.number


def _body_lines(reminder: Reminder, context: StepContext, reason: str) -> list[str]:
    w = words(context.language)
    since_call = context.now - (reminder.last_call_at or reminder.opened_at)
    ago = (
        w["just_now"]
        if since_call < timedelta(minutes=1)
        else w["ago"].format(span=span(since_call, context.language, governed=True))
    )
    if reminder.call_count > 1:
        lines = [w["called_many"].format(count=reminder.call_count, ago=ago)]
    else:
        lines = [w["called_once"].format(ago=ago)]
    left = reminder.deadline - context.now
    if left > timedelta(0):
        lines.append(w["left"].format(span=span(left, context.language)))
    else:
        lines.append(w["late"].format(span=span(-left, context.language, governed=True)))
    failed = context.situation.failed_calls
    if reminder.kind == ReminderKind.IDENTIFY and len(context.callers) > 1:
        number = format_for_display(reminder.number, context.region)
        lines.append(w["identify_shared"].format(number=number))
    elif reminder.kind == ReminderKind.IDENTIFY:
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


def _title_and_lines(
    reminder: Reminder, context: StepContext, reason: str
) -> tuple[str, list[str]]:
    if reminder.is_rhythm:
        return rhythm_push(reminder, language=context.language, step=context.step, now=context.now)
    if reminder.contact is None and len(context.callers) > 1:
        # Several contacts have this number: the push asks which of them it was.
        who = _names(context.callers, context.language)
        title = words(context.language)["title_identify_shared"].format(who=who)
        return title, _body_lines(reminder, context, reason)
    title = words(context.language)[f"title_{context.step}"].format(
        who=_who(reminder, context.region)
    )
    return title, _body_lines(reminder, context, reason)


# What a push may shorten to fit, in this order: the reason, the suggested text (inside
# the text and e-mail links), the e-mail's subject, the other lines, the title. Links
# are never cut themselves: only the words in them, so a scheme or a number stays whole.
CUT_ORDER = ("reason", "text", "subject", "lines", "title")
# Characters that belong to the one before them: a cut never separates them.
_JOINERS = frozenset("\u200d\ufe0e\ufe0f\u20e3")


def _joined_to_previous(value: str, index: int) -> bool:
    char = value[index]
    return (
        char in _JOINERS
        or value[index - 1] == "\u200d"
        or bool(unicodedata.combining(char))
        or 0x1F3FB <= ord(char) <= 0x1F3FF  # skin tones
        or 0xDC00 <= ord(char) <= 0xDFFF
    )


def shorten(value: str, keep: int) -> str:
    """The first `keep` characters (fewer, not to split a character from its marks) and
    an ellipsis; "" when nothing is kept."""
    if keep >= len(value):
        return value
    while keep > 0 and _joined_to_previous(value, keep):
        keep -= 1
    return value[:keep].rstrip() + ELLIPSIS if keep > 0 else ""


@dataclass(frozen=True)
class _Draft:
    """A push before it is fitted: what is fixed, and the words that may be cut."""

    reminder: Reminder
    context: StepContext
    lines: list[str]

    def build(self, words_: dict[str, str], actions: int) -> dict:
        reminder, context = self.reminder, self.context
        relationship = reminder.contact.relationship if reminder.contact is not None else None
        lines = [words_["lines"]] if words_["lines"] else []
        if words_["reason"]:
            lines.append(words(context.language)["reason"].format(reason=words_["reason"]))
        offered = reminder_actions(
            reminder,
            context.situation,
            language=context.language,
            now=context.now,
            text=words_["text"],
            subject=words_["subject"],
        )
        return {
            "title": words_["title"],
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
            "actions": offered[:actions],
        }


def _draft(reminder: Reminder, context: StepContext, reason: str) -> tuple[_Draft, dict[str, str]]:
    title, lines = _title_and_lines(reminder, context, "")
    text = reminder_text(reminder, context.situation, language=context.language, now=context.now)
    subject = email_subject(reminder, language=context.language)
    words_ = {
        "reason": reason,
        "text": text,
        "subject": subject,
        "lines": "\n".join(lines),
        "title": title,
    }
    return _Draft(reminder, context, lines), words_


def build_payload(reminder: Reminder, context: StepContext, *, reason: str) -> dict:
    """The push's fields, uncut."""
    draft, words_ = _draft(reminder, context, reason)
    return draft.build(words_, actions=MAX_ACTIONS)


def encode(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def _longest(fits: Callable[[int], bool], length: int) -> int:
    """The largest n ≤ length with fits(n), by bisection (fits(0) assumed)."""
    low, high = 0, length
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


Build = Callable[[dict[str, str], int], dict]


def _fit_words(build: Build, words_: dict[str, str], actions: int, limit: int) -> bytes | None:
    """With `actions` actions: the words cut in CUT_ORDER, each only as far as needed;
    None if even no words do not fit."""
    words_ = dict(words_)
    data = encode(build(words_, actions))
    if len(data) <= limit:
        return data
    for name in CUT_ORDER:
        full = words_[name]

        def fits(keep: int, name: str = name, full: str = full) -> bool:
            return len(encode(build({**words_, name: shorten(full, keep)}, actions))) <= limit

        if full and fits(0):
            words_[name] = shorten(full, _longest(fits, len(full) - 1))
            return encode(build(words_, actions))
        words_[name] = ""
    return None


def fit(build: Build, words_: dict[str, str], limit: int) -> bytes:
    """The encoded payload within `limit` bytes: the words cut as far as needed; if even
    no words do not fit, the actions dropped from the last. The tap still opens the
    reminder, where everything is."""
    for actions in range(MAX_ACTIONS, -1, -1):
        data = _fit_words(build, words_, actions, limit)
        if data is not None:
            return data
    raise ValueError("a push without words or actions does not fit")


def delivery_ids_room(count: int) -> int:
    """Bytes to keep free for `count` delivery ids (with_delivery_ids)."""
    return len(',"delivery_ids":[]') + count * (len(str(2**63)) + 1)


def with_delivery_ids(data: bytes, delivery_ids: Sequence[int]) -> bytes:
    """The payload of one push to one device: the same words, with the ids of the
    deliveries it carries (the phone's receipt names them; a repeat is shown once)."""
    ids = ",".join(str(delivery_id) for delivery_id in delivery_ids).encode()
    return data[:-1] + b',"delivery_ids":[' + ids + b"]}"


def payload_bytes(reminder: Reminder, context: StepContext, *, reason: str | None = None) -> bytes:
    """The encoded payload, cut (at characters) until it fits with one delivery id."""
    reason = reminder.latest_reason if reason is None else reason
    draft, words_ = _draft(reminder, context, reason)
    return fit(draft.build, words_, MAX_PAYLOAD_BYTES - delivery_ids_room(1))


# The rhythm's reminders of one user due together, by what they ask: today's days
# (birthdays, the day after a date) first, then who has been waited for longest.
_DIGEST_ORDER = {
    ReminderKind.OCCASION: 0,
    ReminderKind.AFTER_DATE: 0,
    ReminderKind.KEEP_IN_TOUCH: 1,
}


def digest_order(reminders: list[Reminder]) -> list[Reminder]:
    return sorted(reminders, key=lambda r: (_DIGEST_ORDER[ReminderKind(r.kind)], r.deadline, r.pk))


def digest_lines(ordered: list[Reminder], *, language: str, now: datetime) -> list[str]:
    """A line per person: what their own push would have said (the push's digest and the
    other channels' say the same)."""
    return [
        rhythm_push(reminder, language=language, step=reminder.next_step, now=now)[0]
        for reminder in ordered
    ]


def digest_bytes(reminders: list[Reminder], *, language: str, now: datetime) -> bytes:
    """One push for several rhythm reminders: a line per person (what their own push
    would have said), lines dropped from the end with an ellipsis until it fits. A tap
    opens Today, where each has its own card."""
    ordered = digest_order(reminders)
    lines = digest_lines(ordered, language=language, now=now)
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
    limit = MAX_PAYLOAD_BYTES - delivery_ids_room(len(ordered))
    for keep in range(len(lines), 0, -1):
        payload["body"] = "\n".join(lines[:keep] + ([ELLIPSIS] if keep < len(lines) else []))
        data = encode(payload)
        if len(data) <= limit:
            return data
    raise ValueError("a digest of one line does not fit a push")
