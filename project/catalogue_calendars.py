"""The app's words for calendars in Settings → Sources (static/app/calendars.js and the
calendar presets of static/app/sources.js), apart from project/catalogue_sources.py so
the address book's and the calendar's words change without stepping on each other."""

from django.utils.functional import Promise
from django.utils.translation import npgettext_lazy, pgettext_lazy

CALENDAR_WORDS: dict[str, Promise] = {
    "sources.kind.caldav": pgettext_lazy("sources.kind.caldav", "Calendar (CalDAV)"),
    "sources.preset.nextcloud_calendar": pgettext_lazy(
        "sources.preset.nextcloud_calendar", "Nextcloud calendar"
    ),
    "sources.preset.icloud_calendar": pgettext_lazy(
        "sources.preset.icloud_calendar", "iCloud calendar"
    ),
    "sources.preset.fastmail_calendar": pgettext_lazy(
        "sources.preset.fastmail_calendar", "Fastmail calendar"
    ),
    "sources.preset.radicale_calendar": pgettext_lazy(
        "sources.preset.radicale_calendar", "Radicale or Baïkal calendar"
    ),
    "sources.hint.nextcloud_calendar": pgettext_lazy(
        "sources.hint.nextcloud_calendar",
        "Put your Nextcloud's address; use an app password (Settings → Security in Nextcloud).",
    ),
    "sources.hint.icloud_calendar": pgettext_lazy(
        "sources.hint.icloud_calendar",
        "Your Apple ID and an app-specific password (appleid.apple.com → Sign-In and Security).",
    ),
    "sources.hint.fastmail_calendar": pgettext_lazy(
        "sources.hint.fastmail_calendar",
        "Your Fastmail address and an app password with CalDAV access.",
    ),
    "sources.hint.radicale_calendar": pgettext_lazy(
        "sources.hint.radicale_calendar",
        "Your server's address; the calendars are found by themselves.",
    ),
    "sources.calendars": pgettext_lazy("sources.calendars", "Calendars to read"),
    "sources.calendars_hint": pgettext_lazy(
        "sources.calendars_hint",
        "A meeting that has ended, with a contact as a guest or named in its title, counts "
        "as being in touch. Only who and when are kept, never the title.",
    ),
    "sources.calendars_saved": pgettext_lazy("sources.calendars_saved", "Calendars saved."),
}

CALENDAR_PLURALS: dict[str, Promise] = {
    "sources.changes.events": npgettext_lazy(
        "sources.changes.events", "{count} event read", "{count} events read", "count"
    ),
    "sources.changes.taken_back": npgettext_lazy(
        "sources.changes.taken_back",
        "{count} touch taken back",
        "{count} touches taken back",
        "count",
    ),
}
