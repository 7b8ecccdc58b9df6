"""The phone app's words, from the one translation catalogue (locale/*/django.po).

The app (static/app/i18n.js) asks for a word by key; each key is the message's context
in the catalogue and its English the message id. The server serves the words of every
language as one small module (catalogue.js) that the service worker precaches with the
shell: the app speaks the user's language offline too, and switches without a round
trip. The service worker's own fallback words come from here as well.
"""

import json

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import npgettext_lazy, pgettext_lazy

STRINGS: dict[str, Promise] = {
    "nav.today": pgettext_lazy("nav.today", "Today"),
    "nav.log": pgettext_lazy("nav.log", "Log call"),
    "nav.contacts": pgettext_lazy("nav.contacts", "Contacts"),
    "nav.settings": pgettext_lazy("nav.settings", "Settings"),
    "today.title": pgettext_lazy("today.title", "Call back"),
    "today.empty": pgettext_lazy("today.empty", "Nobody is waiting for a call back. Well done!"),
    "today.offline": pgettext_lazy("today.offline", "Offline — this is the list as last loaded."),
    "left.days": pgettext_lazy("left.days", "{d} d {h} h left"),
    "left.hours": pgettext_lazy("left.hours", "{h} h {m} min left"),
    "left.minutes": pgettext_lazy("left.minutes", "{m}:{s} left"),
    "overdue": pgettext_lazy("overdue", "Overdue by {time}"),
    "overdue.badge": pgettext_lazy("overdue.badge", "Overdue"),
    "snoozed": pgettext_lazy("snoozed", "Snoozed until {time}"),
    "calls": pgettext_lazy("calls", "{count} calls"),
    "action.call": pgettext_lazy("action.call", "Call"),
    "action.text": pgettext_lazy("action.text", "Text"),
    "action.done": pgettext_lazy("action.done", "Done"),
    "action.snooze": pgettext_lazy("action.snooze", "Snooze"),
    "action.no_answer": pgettext_lazy("action.no_answer", "No answer"),
    "snooze.for": pgettext_lazy("snooze.for", "Snooze for"),
    "snooze.15": pgettext_lazy("snooze.15", "15 min"),
    "snooze.60": pgettext_lazy("snooze.60", "1 hour"),
    "snooze.180": pgettext_lazy("snooze.180", "3 hours"),
    "toast.done": pgettext_lazy("toast.done", "Marked done."),
    "toast.snoozed": pgettext_lazy("toast.snoozed", "Snoozed."),
    "toast.no_answer": pgettext_lazy(
        "toast.no_answer",
        "Noted. Ringback will remind you to try again.",
    ),
    "toast.queued": pgettext_lazy(
        "toast.queued",
        "Saved on the phone; it is sent when you are back online.",
    ),
    "toast.sent": pgettext_lazy("toast.sent", "Sent what you did offline."),
    "toast.logged": pgettext_lazy("toast.logged", "Missed call logged."),
    "toast.logged_withheld": pgettext_lazy(
        "toast.logged_withheld", "Call from a withheld number logged."
    ),
    "toast.saved": pgettext_lazy("toast.saved", "Saved."),
    "log.title": pgettext_lazy("log.title", "Log a missed call"),
    "log.who": pgettext_lazy("log.who", "Who called? Name or number"),
    "log.use_number": pgettext_lazy("log.use_number", "Use the number {number}"),
    "log.reason": pgettext_lazy("log.reason", "Why did they call? (optional)"),
    "log.submit": pgettext_lazy("log.submit", "Log the missed call"),
    "log.pick": pgettext_lazy("log.pick", "Pick a contact or type a number."),
    "log.change": pgettext_lazy("log.change", "Change"),
    "log.withheld": pgettext_lazy("log.withheld", "Withheld number"),
    "log.withheld_detail": pgettext_lazy(
        "log.withheld_detail", "Logged only: there is nobody to call back"
    ),
    "contacts.title": pgettext_lazy("contacts.title", "Contacts"),
    "contacts.search": pgettext_lazy("contacts.search", "Search by name or number"),
    "contacts.add": pgettext_lazy("contacts.add", "Add a contact"),
    "contacts.none": pgettext_lazy("contacts.none", "No contacts found."),
    "contacts.edit": pgettext_lazy("contacts.edit", "Edit"),
    "contacts.history": pgettext_lazy("contacts.history", "History"),
    "contacts.no_history": pgettext_lazy("contacts.no_history", "No missed calls yet."),
    "contacts.back": pgettext_lazy("contacts.back", "All contacts"),
    "field.name": pgettext_lazy("field.name", "Name"),
    "field.relationship": pgettext_lazy("field.relationship", "Relationship"),
    "field.number": pgettext_lazy("field.number", "Phone number"),
    "field.label": pgettext_lazy("field.label", "Label (mobile, home…)"),
    "field.email": pgettext_lazy("field.email", "E-mail"),
    "field.greeting": pgettext_lazy("field.greeting", "How to address them"),
    "field.greeting_hint": pgettext_lazy(
        "field.greeting_hint",
        "e.g. Mrs Schmidt; empty: the first name, or none for work and clients",
    ),
    "field.formal": pgettext_lazy("field.formal", "Register of suggested texts"),
    "formal.auto": pgettext_lazy("formal.auto", "By relationship (formal for work and clients)"),
    "formal.yes": pgettext_lazy("formal.yes", "Formal"),
    "formal.no": pgettext_lazy("formal.no", "Informal"),
    "field.notes": pgettext_lazy("field.notes", "Notes"),
    "field.channel": pgettext_lazy("field.channel", "Preferred channel"),
    "field.window": pgettext_lazy(
        "field.window",
        "Callback window in minutes (empty: the relationship's)",
    ),
    "field.starred": pgettext_lazy("field.starred", "Starred"),
    "field.save": pgettext_lazy("field.save", "Save"),
    "field.cancel": pgettext_lazy("field.cancel", "Cancel"),
    "rel.family": pgettext_lazy("rel.family", "Family"),
    "rel.friend": pgettext_lazy("rel.friend", "Friend"),
    "rel.partner": pgettext_lazy("rel.partner", "Partner"),
    "rel.date": pgettext_lazy("rel.date", "Date"),
    "rel.work": pgettext_lazy("rel.work", "Work"),
    "rel.client": pgettext_lazy("rel.client", "Client"),
    "rel.other": pgettext_lazy("rel.other", "Other"),
    "channel.call": pgettext_lazy("channel.call", "Call"),
    "channel.text": pgettext_lazy("channel.text", "Text"),
    "channel.email": pgettext_lazy("channel.email", "E-mail"),
    "outcome.reached": pgettext_lazy("outcome.reached", "reached"),
    "outcome.no_answer": pgettext_lazy("outcome.no_answer", "no answer"),
    "outcome.voicemail": pgettext_lazy("outcome.voicemail", "voicemail"),
    "outcome.sent": pgettext_lazy("outcome.sent", "sent"),
    "history.missed": pgettext_lazy("history.missed", "Missed call"),
    "history.attempt": pgettext_lazy("history.attempt", "{channel}: {outcome}"),
    "state.open": pgettext_lazy("state.open", "open"),
    "state.snoozed": pgettext_lazy("state.snoozed", "snoozed"),
    "state.done": pgettext_lazy("state.done", "done"),
    "state.dismissed": pgettext_lazy("state.dismissed", "dismissed"),
    "state.expired": pgettext_lazy("state.expired", "expired"),
    "settings.title": pgettext_lazy("settings.title", "Settings"),
    "settings.notifications": pgettext_lazy(
        "settings.notifications",
        "Notifications on this phone",
    ),
    "settings.notifications_on": pgettext_lazy(
        "settings.notifications_on",
        "Notifications are on for this phone.",
    ),
    "settings.notifications_off": pgettext_lazy(
        "settings.notifications_off",
        "Notifications are off for this phone.",
    ),
    "settings.notifications_blocked": pgettext_lazy(
        "settings.notifications_blocked",
        "Notifications are blocked in the browser's site settings.",
    ),
    "settings.notifications_unsupported": pgettext_lazy(
        "settings.notifications_unsupported",
        "This browser cannot receive notifications.",
    ),
    "settings.turn_on": pgettext_lazy("settings.turn_on", "Turn notifications on"),
    "settings.turn_off": pgettext_lazy("settings.turn_off", "Turn notifications off"),
    "settings.ios": pgettext_lazy(
        "settings.ios",
        "On iPhone and iPad: first add Ringback to the home screen (Share → Add to Home "
        "Screen), open it from there, then turn notifications on.",
    ),
    "settings.preferences": pgettext_lazy("settings.preferences", "Preferences"),
    "settings.time_zone": pgettext_lazy("settings.time_zone", "Time zone"),
    "settings.detected": pgettext_lazy("settings.detected", "Detected on this phone: {zone}"),
    "settings.quiet": pgettext_lazy("settings.quiet", "Quiet hours (no notifications)"),
    "settings.quiet_start": pgettext_lazy("settings.quiet_start", "From"),
    "settings.quiet_end": pgettext_lazy("settings.quiet_end", "Until"),
    "settings.language": pgettext_lazy("settings.language", "Language"),
    "settings.phone_region": pgettext_lazy("settings.phone_region", "Country of your numbers"),
    "settings.phone_region_hint": pgettext_lazy(
        "settings.phone_region_hint",
        "Numbers typed without a country code (e.g. 030 1234567) are read as numbers of this "
        "country: DE, AT, CH, US…",
    ),
    "settings.windows": pgettext_lazy("settings.windows", "Callback windows"),
    "settings.windows_hint": pgettext_lazy(
        "settings.windows_hint",
        "Minutes; empty uses the default shown.",
    ),
    "settings.tokens": pgettext_lazy("settings.tokens", "Personal tokens for automations"),
    "settings.tokens_hint": pgettext_lazy(
        "settings.tokens_hint",
        "For Tasker, MacroDroid or Shortcuts: POST /api/missed-calls/ with the header "
        "Authorization: Bearer <token>.",
    ),
    "settings.token_name": pgettext_lazy("settings.token_name", "Name of the new token"),
    "settings.token_create": pgettext_lazy("settings.token_create", "Create a token"),
    "settings.token_once": pgettext_lazy(
        "settings.token_once",
        "Copy it now — it is shown only once:",
    ),
    "settings.token_revoke": pgettext_lazy("settings.token_revoke", "Revoke"),
    "settings.token_used": pgettext_lazy("settings.token_used", "last used {time}"),
    "settings.token_unused": pgettext_lazy("settings.token_unused", "never used"),
    "settings.webhook": pgettext_lazy("settings.webhook", "Telephony webhook URL"),
    "settings.logout": pgettext_lazy("settings.logout", "Log out"),
    "import.title": pgettext_lazy("import.title", "Import contacts"),
    "import.intro": pgettext_lazy(
        "import.intro",
        "A vCard (.vcf) file from your phone, iCloud, Google or Outlook, or a CSV export of "
        "Google or Outlook. You see what it would do before anything is imported; people "
        "you have already are only completed, never changed.",
    ),
    "import.file": pgettext_lazy("import.file", "File"),
    "import.choose": pgettext_lazy("import.choose", "Choose a file first."),
    "import.shared": pgettext_lazy("import.shared", "Shared with Ringback: {name}"),
    "import.relationship": pgettext_lazy("import.relationship", "Relationship of new contacts"),
    "import.relationship_hint": pgettext_lazy(
        "import.relationship_hint", "You can change it for each person later."
    ),
    "import.preview_button": pgettext_lazy("import.preview_button", "Show what it would do"),
    "import.preview": pgettext_lazy("import.preview", "Preview: nothing is imported yet"),
    "import.confirm": pgettext_lazy("import.confirm", "Import"),
    "import.done": pgettext_lazy("import.done", "Imported"),
    "import.created": pgettext_lazy("import.created", "New contacts"),
    "import.updated": pgettext_lazy("import.updated", "Contacts completed"),
    "import.unchanged": pgettext_lazy("import.unchanged", "Already there, unchanged"),
    "import.skipped": pgettext_lazy("import.skipped", "Skipped"),
    "import.card": pgettext_lazy("import.card", "Card {index}: {name}"),
    "import.to_contacts": pgettext_lazy("import.to_contacts", "Go to your contacts"),
    "import.toast": pgettext_lazy("import.toast", "{count} contacts imported or completed."),
    "account.title": pgettext_lazy("account.title", "Your data"),
    "account.export_vcard": pgettext_lazy("account.export_vcard", "Export contacts (vCard)"),
    "account.export_json": pgettext_lazy("account.export_json", "Export everything (JSON)"),
    "account.calendar": pgettext_lazy("account.calendar", "Calendar feed"),
    "account.calendar_hint": pgettext_lazy(
        "account.calendar_hint",
        "Subscribe to this address in Google Calendar or on the iPhone: callbacks due, "
        "birthdays and who to get in touch with. It shows names only; anyone with the "
        "address can read it, so make a new one if it got out.",
    ),
    "account.calendar_rotate": pgettext_lazy("account.calendar_rotate", "Make a new address"),
    "account.calendar_rotated": pgettext_lazy(
        "account.calendar_rotated", "New address made; the old one no longer works."
    ),
    "account.delete": pgettext_lazy("account.delete", "Delete my account…"),
    "account.delete_warning": pgettext_lazy(
        "account.delete_warning",
        "This deletes your account with all your contacts, calls, reminders and tokens, "
        "for good. Export first if you want to keep anything.",
    ),
    "account.delete_confirm": pgettext_lazy("account.delete_confirm", "Delete for good"),
    "account.deleted": pgettext_lazy("account.deleted", "Your account is deleted."),
    "login.title": pgettext_lazy("login.title", "Sign in"),
    "login.username": pgettext_lazy("login.username", "User name"),
    "login.password": pgettext_lazy("login.password", "Password"),
    "login.submit": pgettext_lazy("login.submit", "Sign in"),
    "login.failed": pgettext_lazy("login.failed", "User name or password is wrong."),
    "login.throttled": pgettext_lazy(
        "login.throttled",
        "Too many attempts. Wait a minute, then try again.",
    ),
    "setup.title": pgettext_lazy("setup.title", "Create the owner account"),
    "setup.intro": pgettext_lazy(
        "setup.intro",
        "Welcome! Nobody has an account here yet. Create yours; you can add accounts for "
        "your household or team later in the admin.",
    ),
    "setup.password2": pgettext_lazy("setup.password2", "Password again"),
    "setup.mismatch": pgettext_lazy("setup.mismatch", "The two passwords differ."),
    "setup.submit": pgettext_lazy("setup.submit", "Create the account"),
    "error.offline": pgettext_lazy("error.offline", "You are offline."),
    "error.generic": pgettext_lazy("error.generic", "Something went wrong. Please try again."),
    "error.not_found": pgettext_lazy("error.not_found", "Not found."),
    "network.offline": pgettext_lazy("network.offline", "Offline"),
}

# Words that depend on a count: {count} picks the form. English and German both use
# the first form for 1 and the second for any other number; the app does the same.
PLURALS: dict[str, Promise] = {
    "today.waiting": npgettext_lazy(
        "today.waiting",
        "{count} action waiting to be sent.",
        "{count} actions waiting to be sent.",
        "count",
    ),
}

# What the service worker shows when a push comes without words of its own.
NOTIFICATION_FALLBACK: dict[str, Promise] = {
    "body": pgettext_lazy("notification.body", "Someone is waiting for your call back."),
    "call": pgettext_lazy("notification.call", "Call back"),
    "text": pgettext_lazy("notification.text", "Text"),
    "email": pgettext_lazy("notification.email", "E-mail"),
}


def languages() -> dict[str, str]:
    return dict(settings.LANGUAGES)


def app_words(language: str) -> dict[str, str | list[str]]:
    """Every word of the app in one language; a plural is [one, other]."""
    with translation.override(language):
        words: dict[str, str | list[str]] = {key: str(text) for key, text in STRINGS.items()}
        for key, text in PLURALS.items():
            words[key] = [text % {"count": 1}, text % {"count": 2}]
    return words


def notification_fallback(language: str) -> dict[str, str]:
    with translation.override(language):
        return {key: str(text) for key, text in NOTIFICATION_FALLBACK.items()}


def catalogue_source() -> str:
    """The app's words in every language, as a JavaScript module."""
    catalogue = {
        "languages": languages(),
        "words": {code: app_words(code) for code in languages()},
    }
    return f"export default {json.dumps(catalogue, ensure_ascii=False, sort_keys=True)};\n"
