"""Every word Ringback shows about a reminder: push titles and lines, suggested texts,
and the links that open the dialler, the messenger or the mail program.

Shared by the API (the app's buttons) and the push payload, in the user's language.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from types import MappingProxyType
from urllib.parse import quote

from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.translation import npgettext, pgettext_lazy

from contacts.models import DateKind, Relationship
from reminders import policy
from reminders.models import Reminder, ReminderKind
from reminders.policy import Away, StepKind

# Push words and suggested texts live in the translation catalogue
# (locale/<language>/LC_MESSAGES/django.po); the English here is each message's id.
# They are looked up for the recipient's language, not the request's: a push is
# rendered in a worker, for whoever receives it.
PUSH_WORDS = {
    "title_prompt": pgettext_lazy("push title", "Call back {who}"),
    "title_nudge": pgettext_lazy("push title", "Call back {who}"),
    "title_final": pgettext_lazy("push title", "Last chance to call back {who}"),
    "title_overdue": pgettext_lazy("push title", "Overdue: get back to {who}"),
    "title_identify": pgettext_lazy("push title", "Missed call from {who}"),
    # A number several contacts share (a household's landline): {who} is their names.
    "title_identify_shared": pgettext_lazy("push title", "Who called: {who}?"),
    # The last two names of several: "Max, Erika or Tom".
    "names_or": pgettext_lazy("push", "{names} or {last}"),
    "title_apology": pgettext_lazy("push title", "{who} didn't answer"),
    "title_retry": pgettext_lazy("push title", "Try {who} again"),
    "called_once": pgettext_lazy("push", "Called {ago}"),
    "called_many": pgettext_lazy("push", "Called {count} times, last {ago}"),
    # {span} is a span of time such as "3 h" or "2 days" (German: "2 Tagen", after "vor").
    "ago": pgettext_lazy("push", "{span} ago"),
    "just_now": pgettext_lazy("push", "just now"),
    "left": pgettext_lazy("push", "{span} left"),
    "late": pgettext_lazy("push", "Overdue by {span}"),
    "identify": pgettext_lazy("push", "Unknown number: text to ask who it was."),
    "identify_shared": pgettext_lazy(
        "push", "From {number}, the number they share: tap to say who it was."
    ),
    "apology": pgettext_lazy("push", "Text them that you tried and when you are free."),
    "use_text": pgettext_lazy("push", "No answer {failed} times: send a text instead."),
    "use_email": pgettext_lazy("push", "No answer {failed} times: send an e-mail instead."),
    "reason": pgettext_lazy("push", "“{reason}”"),
    "title_keep_in_touch": pgettext_lazy("push title", "Get in touch with {who}"),
    "title_keep_in_touch_late": pgettext_lazy("push title", "It's been a while: {who}"),
    "title_birthday": pgettext_lazy("push title", "Birthday today: {who}"),
    "title_birthday_ahead": pgettext_lazy("push title", "Birthday in {days} days: {who}"),
    "title_birthday_tomorrow": pgettext_lazy("push title", "Birthday tomorrow: {who}"),
    # {label} is the day's name, e.g. "Wedding anniversary".
    "title_day": pgettext_lazy("push title", "{label} today: {who}"),
    "title_day_ahead": pgettext_lazy("push title", "{label} in {days} days: {who}"),
    "title_day_tomorrow": pgettext_lazy("push title", "{label} tomorrow: {who}"),
    "anniversary": pgettext_lazy("kind of day", "Anniversary"),
    "other_day": pgettext_lazy("kind of day", "Their day"),
    "turns": pgettext_lazy("push", "Turns {years}"),
    "turns_ahead": pgettext_lazy("push", "Will turn {years}"),
    "years": pgettext_lazy("push", "{years} years"),
    "title_after_date": pgettext_lazy("push title", "Call {who} today"),
    "after_date": pgettext_lazy("push", "After your date: call, or at least text, today."),
    # {span} is "20 days" (German: "20 Tagen", after "vor").
    "last_touch": pgettext_lazy("push", "Last in touch {span} ago"),
    "no_touch": pgettext_lazy("push", "Not in touch since you added them"),
    "title_digest": pgettext_lazy("push title", "Get in touch today"),
    "call": pgettext_lazy("push action", "Call"),
    "text": pgettext_lazy("push action", "Text"),
    "email": pgettext_lazy("push action", "E-mail"),
    "minutes": pgettext_lazy("span of time", "{n} min"),
    "hours": pgettext_lazy("span of time", "{h} h"),
    "hours_minutes": pgettext_lazy("span of time", "{h} h {m} min"),
}

TEXTS = {
    # {hello} is one of the salutations: formal or not, with or without a name.
    "hello_informal": pgettext_lazy("salutation", "Hi {name}"),
    "hello_informal_anonymous": pgettext_lazy("salutation", "Hi"),
    "hello_formal": pgettext_lazy("salutation", "Hello {name}"),
    "hello_formal_anonymous": pgettext_lazy("salutation", "Hello"),
    "callback_formal": pgettext_lazy(
        "suggested text, formal",
        "{hello}, sorry I missed your call. I will call you back shortly.",
    ),
    "callback_informal": pgettext_lazy(
        "suggested text, informal", "{hello}, sorry I missed your call! I'll call you back soon."
    ),
    "date": pgettext_lazy(
        "suggested text, informal",
        "{hello}, sorry I missed your call! I'd love to talk — I'll call you soon.",
    ),
    "overdue_formal": pgettext_lazy(
        "suggested text, formal",
        "{hello}, I am sorry I did not get back to you sooner. When would be a good time to talk?",
    ),
    "overdue_informal": pgettext_lazy(
        "suggested text, informal",
        "{hello}, sorry I didn't get back to you sooner. When is a good time to talk?",
    ),
    "identify": pgettext_lazy(
        "suggested text", "Hi, I missed a call from this number. Who is this, please?"
    ),
    # {free} is "from 14:00" (free_at below).
    "apology_formal": pgettext_lazy(
        "suggested text, formal",
        "{hello}, I tried to call you back. I am free {free}; please call me then, or I will "
        "try again.",
    ),
    "apology_informal": pgettext_lazy(
        "suggested text, informal",
        "{hello}, I tried to call you back. I'm free {free} — call me then, or I'll try again.",
    ),
    "apology_no_time_formal": pgettext_lazy(
        "suggested text, formal",
        "{hello}, I tried to call you back. When would be a good time for you?",
    ),
    "apology_no_time_informal": pgettext_lazy(
        "suggested text, informal",
        "{hello}, I tried to call you back. When is a good time for you?",
    ),
    "email_subject_formal": pgettext_lazy("suggested text, formal", "Sorry I missed your call"),
    "email_subject_informal": pgettext_lazy("suggested text, informal", "Sorry I missed your call"),
    "subject_keep_in_touch": pgettext_lazy("e-mail subject", "How are you?"),
    "subject_birthday": pgettext_lazy("e-mail subject", "Happy birthday!"),
    "subject_anniversary": pgettext_lazy("e-mail subject", "Happy anniversary!"),
    "subject_other": pgettext_lazy("e-mail subject", "Thinking of you"),
    "subject_after_date": pgettext_lazy("e-mail subject", "Thank you for yesterday"),
    "free_at": pgettext_lazy("suggested text", "from {time}"),
    "keep_in_touch_formal": pgettext_lazy(
        "suggested text, formal",
        "{hello}, it has been a while since we last spoke. How are you? I would be glad to "
        "hear from you.",
    ),
    "keep_in_touch_informal": pgettext_lazy(
        "suggested text, informal", "{hello}, it's been a while — how are you?"
    ),
    "birthday_formal": pgettext_lazy(
        "suggested text, formal",
        "{hello}, congratulations on your birthday! I wish you all the best for the year ahead.",
    ),
    "birthday_informal": pgettext_lazy(
        "suggested text, informal", "{hello}, happy birthday! All the best to you!"
    ),
    "anniversary_formal": pgettext_lazy(
        "suggested text, formal", "{hello}, congratulations on your anniversary, all the best!"
    ),
    "anniversary_informal": pgettext_lazy(
        "suggested text, informal", "{hello}, happy anniversary! Thinking of you today."
    ),
    "other_formal": pgettext_lazy(
        "suggested text, formal", "{hello}, I am thinking of you today. All the best!"
    ),
    "other_informal": pgettext_lazy("suggested text, informal", "{hello}, thinking of you today!"),
    "after_date_formal": pgettext_lazy(
        "suggested text, formal",
        "{hello}, thank you for yesterday evening, I enjoyed it very much. I would be glad to "
        "see you again.",
    ),
    "after_date_informal": pgettext_lazy(
        "suggested text, informal",
        "{hello}, thank you for yesterday evening — I really enjoyed it. Let's do it again soon?",
    ),
    # Added to every suggested text while the user is away; {until} and {back} are days
    # such as "March 9": the last day away and the first day back.
    "away_formal": pgettext_lazy(
        "suggested text, formal", "I am away until {until} and back on {back}."
    ),
    "away_informal": pgettext_lazy(
        "suggested text, informal", "I'm away until {until} and back on {back}."
    ),
    # One sentence for the callback while away: when they are back is when they call.
    "callback_away_formal": pgettext_lazy(
        "suggested text, formal",
        "{hello}, sorry I missed your call. I am away until {until} and will call you back "
        "from {back}.",
    ),
    "callback_away_informal": pgettext_lazy(
        "suggested text, informal",
        "{hello}, sorry I missed your call! I'm away until {until} and will call you back "
        "from {back}.",
    ),
    "apology_away_formal": pgettext_lazy(
        "suggested text, formal",
        "{hello}, I tried to call you back. I am away until {until}, but free to talk {free}; "
        "please call me then, or I will try again.",
    ),
    "apology_away_informal": pgettext_lazy(
        "suggested text, informal",
        "{hello}, I tried to call you back. I'm away until {until} but free to talk {free} — "
        "call me then, or I'll try again.",
    ),
    "away_reach_formal": pgettext_lazy(
        "suggested text, formal", "Until then you can reach me at {contact}."
    ),
    "away_reach_informal": pgettext_lazy(
        "suggested text, informal", "Until then you can reach me at {contact}."
    ),
}


def _resolved(messages: Mapping[str, Promise], language: str) -> Mapping[str, str]:
    with translation.override(language):
        return MappingProxyType({key: str(message) for key, message in messages.items()})


# Looked up once per language and process: a payload asks several times, and a worker
# renders thousands of payloads (the catalogue does not change while a process runs).
@lru_cache(maxsize=16)
def words(language: str) -> Mapping[str, str]:
    """The push's words in this language (English for a language without a catalogue)."""
    return _resolved(PUSH_WORDS, language)


@lru_cache(maxsize=1024)
def _days(n: int, language: str, governed: bool) -> str:
    """ "1 day", "20 days", written out (never "20 d"). German declines the plural after
    "vor" and "seit" ("vor 20 Tagen") but not after "noch" ("noch 20 Tage")."""
    with translation.override(language):
        if governed:
            words_ = npgettext("span of time, after 'ago' or 'by'", "{n} day", "{n} days", n)
        else:
            words_ = npgettext("span of time", "{n} day", "{n} days", n)
    return words_.format(n=n)


def span(delta: timedelta, language: str, *, governed: bool = False) -> str:
    """A span of time for a push line: "5 min", "3 h", "2 h 5 min", "3 days".

    `governed` is for a span that follows "ago" or "overdue by" (German: "vor 3 Tagen",
    "seit 3 Tagen"); without it, "3 days left" ("noch 3 Tage")."""
    w = words(language)
    minutes = max(int(delta.total_seconds() // 60), 1)
    if minutes < 60:
        return w["minutes"].format(n=minutes)
    hours, rest = divmod(minutes, 60)
    if hours >= 48:
        return _days(round(hours / 24), language, governed)
    if rest == 0:
        return w["hours"].format(h=hours)
    return w["hours_minutes"].format(h=hours, m=rest)


@lru_cache(maxsize=16)
def catalogue(language: str) -> Mapping[str, str]:
    """The suggested texts in this language."""
    return _resolved(TEXTS, language)


def _register(reminder: Reminder) -> str:
    contact = reminder.contact
    if contact is None:
        return "formal"  # a stranger is addressed politely (Sie, not du)
    formal = policy.is_formal(relationship=contact.relationship, formal=contact.formal)
    return "formal" if formal else "informal"


def salutation(reminder: Reminder, *, language: str) -> str:
    """ "Hallo Anna", "Guten Tag Frau Schmidt", or "Guten Tag" for a business."""
    texts = catalogue(language)
    contact = reminder.contact
    name = ""
    if contact is not None:
        name = policy.greeting_for(
            relationship=contact.relationship, name=contact.name, greeting=contact.greeting
        )
    key = f"hello_{_register(reminder)}" + ("" if name else "_anonymous")
    return texts[key].format(name=name)


def email_subject(reminder: Reminder, *, language: str) -> str:
    texts = catalogue(language)
    if reminder.kind == ReminderKind.OCCASION:
        return texts[f"subject_{occasion_of(reminder).kind}"]
    if reminder.kind in (ReminderKind.KEEP_IN_TOUCH, ReminderKind.AFTER_DATE):
        return texts[f"subject_{reminder.kind}"]
    return texts[f"email_subject_{_register(reminder)}"]


def day(value: date, language: str) -> str:
    """A day without its year, as the language writes it ("March 9", "9. März")."""
    with translation.override(language):
        return formats.date_format(value, "MONTH_DAY_FORMAT")


def away_note(
    away: Away, *, language: str, register: str, share_contact: bool = True, back: bool = True
) -> str:
    """When the user is back (unless the text said it already) and how else to reach
    them (not to an unknown caller), in the contact's register."""
    texts = catalogue(language)
    parts = []
    if back:
        parts.append(
            texts[f"away_{register}"].format(
                until=day(away.until, language), back=day(away.back, language)
            )
        )
    if away.contact and share_contact:
        parts.append(texts[f"away_reach_{register}"].format(contact=away.contact))
    return " ".join(parts)


def suggested_text(
    reminder: Reminder,
    *,
    language: str,
    now: datetime,
    free_from: datetime | None = None,
    away: Away | None = None,
) -> str:
    """What to text them now, matching the situation, in their register.

    free_from, in the user's time zone, is when the user is next free to talk; it goes
    into the apology after a callback nobody answered. While the user is away, every
    text adds when they are back and how else to reach them.
    """
    if away is not None and policy.away_said_in_text(reminder.kind):
        return _away_text(reminder, away, language=language, now=now, free_from=free_from)
    return _situation_text(reminder, language=language, now=now, free_from=free_from)


def _away_text(
    reminder: Reminder, away: Away, *, language: str, now: datetime, free_from: datetime | None
) -> str:
    """A callback's text while away, as one coherent message: "I'll call you back from
    the 10th" rather than "soon" next to "away until the 9th"; free at a time while away
    said in the same sentence as the absence."""
    texts, register = catalogue(language), _register(reminder)
    share = policy.away_contact_shared(known_caller=reminder.contact is not None)
    dates = {"until": day(away.until, language), "back": day(away.back, language)}
    said_back = True
    if reminder.contact is None or reminder.kind == ReminderKind.IDENTIFY:
        text, said_back = texts["identify"], False
    elif reminder.kind == ReminderKind.FOLLOW_UP and free_from is not None:
        free = texts["free_at"].format(time=free_from.strftime("%H:%M"))
        hello = salutation(reminder, language=language)
        text = texts[f"apology_away_{register}"].format(hello=hello, free=free, **dates)
    elif reminder.kind == ReminderKind.CALLBACK and now < reminder.deadline:
        hello = salutation(reminder, language=language)
        text = texts[f"callback_away_{register}"].format(hello=hello, **dates)
    else:
        text, said_back = (
            _situation_text(reminder, language=language, now=now, free_from=None),
            False,
        )
    note = away_note(
        away, language=language, register=register, share_contact=share, back=not said_back
    )
    return f"{text} {note}".strip()


def _situation_text(
    reminder: Reminder, *, language: str, now: datetime, free_from: datetime | None
) -> str:
    texts = catalogue(language)
    if reminder.contact is None or reminder.kind == ReminderKind.IDENTIFY:
        return texts["identify"]
    hello = salutation(reminder, language=language)
    register = _register(reminder)
    if reminder.kind == ReminderKind.OCCASION:
        if occasion_of(reminder).days_ahead:
            return ""  # a wish sent before the day is no wish: this one is a heads-up
        return texts[f"{occasion_of(reminder).kind}_{register}"].format(hello=hello)
    if reminder.kind in (ReminderKind.KEEP_IN_TOUCH, ReminderKind.AFTER_DATE):
        return texts[f"{reminder.kind}_{register}"].format(hello=hello)
    if reminder.kind == ReminderKind.FOLLOW_UP:
        if free_from is None:
            return texts[f"apology_no_time_{register}"].format(hello=hello)
        free = texts["free_at"].format(time=free_from.strftime("%H:%M"))
        return texts[f"apology_{register}"].format(hello=hello, free=free)
    if now >= reminder.deadline or reminder.next_step == StepKind.OVERDUE:
        return texts[f"overdue_{register}"].format(hello=hello)
    if reminder.contact.relationship == Relationship.DATE and register == "informal":
        return texts["date"].format(hello=hello)
    return texts[f"callback_{register}"].format(hello=hello)


@dataclass(frozen=True)
class Occasion:
    """The yearly day an occasion reminder is about, as seen from the day it is for."""

    kind: str
    label: str
    on: date
    days_ahead: int
    years: int | None


def occasion_of(reminder: Reminder) -> Occasion:
    row, today = reminder.contact_date, reminder.due_on
    if row is None or today is None:
        raise ValueError("not an occasion reminder")
    on = row.yearly.next_from(today)
    return Occasion(
        kind=row.kind,
        label=row.label,
        on=on,
        days_ahead=(on - today).days,
        years=row.yearly.years_on(on),
    )


def occasion_title(reminder: Reminder, *, language: str, who: str) -> str:
    occasion, w = occasion_of(reminder), words(language)
    days = occasion.days_ahead
    when = "" if days == 0 else "_tomorrow" if days == 1 else "_ahead"
    if occasion.kind == DateKind.BIRTHDAY:
        return w[f"title_birthday{when}"].format(who=who, days=days)
    label = (
        occasion.label or w["anniversary" if occasion.kind == DateKind.ANNIVERSARY else "other_day"]
    )
    return w[f"title_day{when}"].format(who=who, days=days, label=label)


def occasion_line(reminder: Reminder, *, language: str) -> str:
    """ "Turns 40", "25 years", or nothing when the year is not known."""
    occasion, w = occasion_of(reminder), words(language)
    if occasion.years is None or occasion.years <= 0:
        return ""
    if occasion.kind == DateKind.BIRTHDAY:
        return w["turns" if occasion.days_ahead == 0 else "turns_ahead"].format(
            years=occasion.years
        )
    return w["years"].format(years=occasion.years)


def rhythm_push(
    reminder: Reminder, *, language: str, step: str, now: datetime
) -> tuple[str, list[str]]:
    """The title and lines of a keep-in-touch, occasion or after-date push."""
    w = words(language)
    contact = reminder.contact
    if contact is None:
        raise ValueError("a rhythm reminder is about a contact")
    who = contact.name
    if reminder.kind == ReminderKind.OCCASION:
        line = occasion_line(reminder, language=language)
        return occasion_title(reminder, language=language, who=who), [line] if line else []
    if reminder.kind == ReminderKind.AFTER_DATE:
        return w["title_after_date"].format(who=who), [w["after_date"]]
    late = step == StepKind.OVERDUE or now >= reminder.deadline
    title = w["title_keep_in_touch_late" if late else "title_keep_in_touch"].format(who=who)
    if contact.last_contacted_at is None:
        lines = [w["no_touch"]]
    else:
        since = span(now - contact.last_contacted_at, language, governed=True)
        lines = [w["last_touch"].format(span=since)]
    return title, lines


def call_url(number: str) -> str:
    return f"tel:{number}" if number else ""


def text_url(number: str, body: str, channel: str = "sms") -> str:
    """The link that opens a text to `number` on `channel` (accounts.TextChannel), with
    `body` filled in where the messenger takes it."""
    if not number:
        return ""
    if channel == "whatsapp":
        # WhatsApp's click-to-chat: the number as digits only, the text prefilled.
        return f"https://wa.me/{number.lstrip('+')}?text={quote(body)}"
    if channel == "signal":
        # Signal's link opens the chat but takes no text: the app copies it beforehand.
        return f"https://signal.me/#p/{number}"
    if channel == "telegram":
        # t.me/+<number> opens the chat (if their privacy settings let them be found by
        # number) but takes no text; tg://msg?text= takes text but opens a picker of
        # chats, not this person. So the chat, and the app copies the text beforehand.
        return f"https://t.me/{number}"
    # "?&body=" is read by both Android's and iOS's messengers.
    return f"sms:{number}?&body={quote(body)}"


def email_url(address: str, *, subject: str, body: str) -> str:
    if not address:
        return ""
    return f"mailto:{quote(address, safe='@')}?subject={quote(subject)}&body={quote(body)}"
