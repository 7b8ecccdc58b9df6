"""Every word Ringback shows about a reminder: push titles and lines, suggested texts,
and the links that open the dialler, the messenger or the mail program.

Shared by the API (the app's buttons) and the push payload, in the user's language.
"""

from datetime import datetime, timedelta
from urllib.parse import quote

from contacts.models import Relationship
from reminders.models import Reminder, ReminderKind
from reminders.policy import BUSINESS, StepKind

PUSH_WORDS = {
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

TEXTS = {
    "en": {
        "business": "Hello {name}, sorry I missed your call. I will call you back shortly.",
        "personal": "Hi {name}, sorry I missed your call! I'll call you back soon.",
        "date": "Hi {name}, sorry I missed your call! I'd love to talk — I'll call you soon.",
        "overdue": "Hi {name}, sorry I didn't get back to you sooner. When is a good time to talk?",
        "identify": "Hi, I missed a call from this number. Who is this, please?",
        "apology": "Hi {name}, I tried to call you back. I'm free {free} — call me then, or "
        "I'll try again.",
        "apology_no_time": "Hi {name}, I tried to call you back. When is a good time for you?",
        "email_subject": "Sorry I missed your call",
        "free_at": "from {time}",
    },
    "de": {
        "business": "Guten Tag {name}, leider habe ich Ihren Anruf verpasst. Ich rufe Sie in "
        "Kürze zurück.",
        "personal": "Hallo {name}, sorry, ich hab deinen Anruf verpasst! Ich ruf dich bald zurück.",
        "date": "Hallo {name}, sorry, ich hab deinen Anruf verpasst! Ich würde gern mit dir "
        "reden — ich ruf dich bald an.",
        "overdue": "Hallo {name}, tut mir leid, dass ich mich erst jetzt melde. Wann passt es "
        "dir zum Telefonieren?",
        "identify": "Hallo, ich habe einen Anruf von dieser Nummer verpasst. Wer ist da bitte?",
        "apology": "Hallo {name}, ich habe versucht, dich zurückzurufen. Ich bin {free} "
        "erreichbar — ruf mich dann an, oder ich versuche es wieder.",
        "apology_no_time": "Hallo {name}, ich habe versucht, dich zurückzurufen. "
        "Wann passt es dir?",
        "email_subject": "Entschuldigung, ich habe deinen Anruf verpasst",
        "free_at": "ab {time} Uhr",
    },
}


def words(language: str) -> dict[str, str]:
    return PUSH_WORDS.get(language, PUSH_WORDS["en"])


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


def catalogue(language: str) -> dict[str, str]:
    return TEXTS.get(language, TEXTS["en"])


def greeting_name(reminder: Reminder) -> str:
    if reminder.contact is None:
        return ""
    if reminder.contact.relationship in BUSINESS:
        return reminder.contact.name
    return reminder.contact.name.split()[0]


def suggested_text(
    reminder: Reminder, *, language: str, now: datetime, free_from: datetime | None = None
) -> str:
    """What to text them now, matching the situation.

    free_from, in the user's time zone, is when the user is next free to talk; it goes
    into the apology after a callback nobody answered.
    """
    texts = catalogue(language)
    name = greeting_name(reminder)
    if reminder.contact is None or reminder.kind == ReminderKind.IDENTIFY:
        return texts["identify"]
    if reminder.kind == ReminderKind.FOLLOW_UP:
        if free_from is None:
            return texts["apology_no_time"].format(name=name)
        free = texts["free_at"].format(time=free_from.strftime("%H:%M"))
        return texts["apology"].format(name=name, free=free)
    if now >= reminder.deadline or reminder.next_step == StepKind.OVERDUE:
        return texts["overdue"].format(name=name)
    if reminder.contact.relationship in BUSINESS:
        return texts["business"].format(name=name)
    if reminder.contact.relationship == Relationship.DATE:
        return texts["date"].format(name=name)
    return texts["personal"].format(name=name)


def call_url(number: str) -> str:
    return f"tel:{number}" if number else ""


def text_url(number: str, body: str) -> str:
    # "?&body=" is read by both Android's and iOS's messengers.
    return f"sms:{number}?&body={quote(body)}" if number else ""


def email_url(address: str, *, subject: str, body: str) -> str:
    if not address:
        return ""
    return f"mailto:{quote(address, safe='@')}?subject={quote(subject)}&body={quote(body)}"
