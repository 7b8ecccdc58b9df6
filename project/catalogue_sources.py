"""The app's words for Settings → Sources (static/app/sources.js), kept apart from
project/catalogue.py's long table so the two change without stepping on each other."""

from django.utils.functional import Promise
from django.utils.translation import npgettext_lazy, pgettext_lazy

SOURCES_WORDS: dict[str, Promise] = {
    "sources.title": pgettext_lazy("sources.title", "Address book, calendar and mail"),
    "sources.intro": pgettext_lazy(
        "sources.intro",
        "Connect your address book (CardDAV), calendar (CalDAV) and mailbox (IMAP): contacts "
        "follow your phone's, and meetings and e-mails with them count as being in touch. "
        "Ringback only reads; it stores who and when, never a title, subject or text.",
    ),
    "sources.none": pgettext_lazy("sources.none", "Nothing connected yet."),
    "sources.add": pgettext_lazy("sources.add", "Connect"),
    "sources.added": pgettext_lazy(
        "sources.added", "Connected. The first sync starts within a minute."
    ),
    "sources.preset_label": pgettext_lazy("sources.preset_label", "Provider"),
    "sources.preset_choose": pgettext_lazy("sources.preset_choose", "Choose…"),
    "sources.preset.nextcloud": pgettext_lazy("sources.preset.nextcloud", "Nextcloud contacts"),
    "sources.preset.icloud": pgettext_lazy("sources.preset.icloud", "iCloud contacts"),
    "sources.preset.fastmail": pgettext_lazy("sources.preset.fastmail", "Fastmail contacts"),
    "sources.preset.radicale": pgettext_lazy(
        "sources.preset.radicale", "Radicale or Baïkal contacts"
    ),
    "sources.preset.fastmail_mail": pgettext_lazy("sources.preset.fastmail_mail", "Fastmail mail"),
    "sources.preset.google_mail": pgettext_lazy("sources.preset.google_mail", "Gmail"),
    "sources.preset.icloud_mail": pgettext_lazy("sources.preset.icloud_mail", "iCloud mail"),
    "sources.preset.other_mail": pgettext_lazy("sources.preset.other_mail", "Other mailbox (IMAP)"),
    "sources.hint.nextcloud": pgettext_lazy(
        "sources.hint.nextcloud",
        "Put your Nextcloud's address; use an app password (Settings → Security in Nextcloud).",
    ),
    "sources.hint.icloud": pgettext_lazy(
        "sources.hint.icloud",
        "Your Apple ID and an app-specific password (appleid.apple.com → Sign-In and Security).",
    ),
    "sources.hint.fastmail": pgettext_lazy(
        "sources.hint.fastmail", "Your Fastmail address and an app password with CardDAV access."
    ),
    "sources.hint.radicale": pgettext_lazy(
        "sources.hint.radicale", "Your server's address; the address book is found by itself."
    ),
    "sources.hint.fastmail_mail": pgettext_lazy(
        "sources.hint.fastmail_mail", "Your Fastmail address and an app password with IMAP access."
    ),
    "sources.hint.google_mail": pgettext_lazy(
        "sources.hint.google_mail",
        "Your Gmail address and an app password (Google account → Security → App passwords).",
    ),
    "sources.hint.icloud_mail": pgettext_lazy(
        "sources.hint.icloud_mail", "Your iCloud mail address and an app-specific password."
    ),
    "sources.hint.other_mail": pgettext_lazy(
        "sources.hint.other_mail", "Your mail server's IMAP address, as your mail app has it."
    ),
    "sources.kind_label": pgettext_lazy("sources.kind_label", "Kind"),
    "sources.kind.carddav": pgettext_lazy("sources.kind.carddav", "Address book (CardDAV)"),
    "sources.kind.imap": pgettext_lazy("sources.kind.imap", "Mailbox (IMAP)"),
    "sources.url": pgettext_lazy("sources.url", "Server address"),
    "sources.url_hint": pgettext_lazy(
        "sources.url_hint", "https://… for an address book, imaps://… for a mailbox."
    ),
    "sources.username": pgettext_lazy("sources.username", "User name"),
    "sources.password": pgettext_lazy("sources.password", "Password"),
    "sources.password_hint": pgettext_lazy(
        "sources.password_hint",
        "Kept encrypted and never shown again. An app password is best: you can revoke it.",
    ),
    "sources.name": pgettext_lazy("sources.name", "Name"),
    "sources.sync_now": pgettext_lazy("sources.sync_now", "Sync now"),
    "sources.remove": pgettext_lazy("sources.remove", "Disconnect"),
    "sources.remove_confirm": pgettext_lazy(
        "sources.remove_confirm",
        "Disconnect? The contacts and touches it brought stay in Ringback.",
    ),
    "sources.synced": pgettext_lazy("sources.synced", "Last sync {time}"),
    "sources.waiting": pgettext_lazy("sources.waiting", "Not synced yet"),
    "sources.failed": pgettext_lazy("sources.failed", "Sync failed: {error}"),
    "sources.nothing_new": pgettext_lazy("sources.nothing_new", "Nothing new."),
    "sources.books": pgettext_lazy("sources.books", "Address books to follow"),
    "sources.books_hint": pgettext_lazy(
        "sources.books_hint",
        "An address book left out is no longer synced; its contacts stay in Ringback.",
    ),
    "sources.books_saved": pgettext_lazy("sources.books_saved", "Address books saved."),
}

SOURCES_PLURALS: dict[str, Promise] = {
    "sources.changes.created": npgettext_lazy(
        "sources.changes.created", "{count} new contact", "{count} new contacts", "count"
    ),
    "sources.changes.updated": npgettext_lazy(
        "sources.changes.updated", "{count} contact updated", "{count} contacts updated", "count"
    ),
    "sources.changes.archived": npgettext_lazy(
        "sources.changes.archived", "{count} contact archived", "{count} contacts archived", "count"
    ),
    "sources.changes.unchanged": npgettext_lazy(
        "sources.changes.unchanged", "{count} unchanged", "{count} unchanged", "count"
    ),
    "sources.changes.skipped": npgettext_lazy(
        "sources.changes.skipped", "{count} card skipped", "{count} cards skipped", "count"
    ),
    "sources.changes.messages": npgettext_lazy(
        "sources.changes.messages", "{count} message read", "{count} messages read", "count"
    ),
    "sources.changes.automated": npgettext_lazy(
        "sources.changes.automated",
        "{count} automated message ignored",
        "{count} automated messages ignored",
        "count",
    ),
    "sources.changes.touches": npgettext_lazy(
        "sources.changes.touches", "{count} touch logged", "{count} touches logged", "count"
    ),
}
