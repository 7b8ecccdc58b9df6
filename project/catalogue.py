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

from project.catalogue_calendars import CALENDAR_PLURALS, CALENDAR_WORDS
from project.catalogue_labels import LABEL_STRINGS
from project.catalogue_reach import REACH_STRINGS
from project.catalogue_sources import SOURCES_PLURALS, SOURCES_WORDS
from project.catalogue_two_factor import TWO_FACTOR_PLURALS, TWO_FACTOR_WORDS

STRINGS: dict[str, Promise] = {
    "nav.today": pgettext_lazy("nav.today", "Today"),
    "nav.log": pgettext_lazy("nav.log", "Log call"),
    "nav.contacts": pgettext_lazy("nav.contacts", "Contacts"),
    "nav.settings": pgettext_lazy("nav.settings", "Settings"),
    "today.empty": pgettext_lazy("today.empty", "Nobody is waiting for a call back. Well done!"),
    "firstrun.intro": pgettext_lazy(
        "firstrun.intro",
        "Three steps, and Ringback reminds you of every call to return:",
    ),
    "firstrun.title": pgettext_lazy("firstrun.title", "Getting started"),
    "firstrun.done": pgettext_lazy("firstrun.done", "done"),
    "firstrun.contacts": pgettext_lazy("firstrun.contacts", "Bring in your contacts"),
    "firstrun.contacts_hint": pgettext_lazy(
        "firstrun.contacts_hint",
        "Import them from your phone in Settings, or add the people who call you most.",
    ),
    "firstrun.contacts_go": pgettext_lazy("firstrun.contacts_go", "Import contacts"),
    "firstrun.notifications": pgettext_lazy(
        "firstrun.notifications", "Turn on notifications for this phone"
    ),
    "firstrun.notifications_hint": pgettext_lazy(
        "firstrun.notifications_hint",
        "Reminders come as notifications, with Call back and Text one tap away.",
    ),
    "firstrun.automation": pgettext_lazy(
        "firstrun.automation", "Connect Tasker, MacroDroid or Shortcuts"
    ),
    "firstrun.automation_token": pgettext_lazy(
        "firstrun.automation_token", "Create a personal token in Settings."
    ),
    "firstrun.automation_trigger": pgettext_lazy(
        "firstrun.automation_trigger",
        "In the automation app, make a task that starts when you miss a call.",
    ),
    "firstrun.automation_send": pgettext_lazy(
        "firstrun.automation_send",
        "Let the task send the caller's number, with your token, to this address:",
    ),
    "firstrun.automation_details": pgettext_lazy(
        "firstrun.automation_details", "What to fill in (technical details)"
    ),
    "firstrun.automation_method": pgettext_lazy("firstrun.automation_method", "Method"),
    "firstrun.automation_header": pgettext_lazy("firstrun.automation_header", "Header"),
    "firstrun.automation_body": pgettext_lazy("firstrun.automation_body", "Body (Tasker)"),
    "firstrun.automation_go": pgettext_lazy("firstrun.automation_go", "Create a token"),
    "firstrun.hide": pgettext_lazy("firstrun.hide", "Hide these steps"),
    "today.offline": pgettext_lazy("today.offline", "Offline — this is the list as last loaded."),
    "span.days": pgettext_lazy("span.days", "{d} d {h} h"),
    "span.hours": pgettext_lazy("span.hours", "{h} h {m} min"),
    "span.minutes": pgettext_lazy("span.minutes", "{m} min"),
    "left": pgettext_lazy("left", "{time} left"),
    "overdue": pgettext_lazy("overdue", "Overdue by {time}"),
    "overdue.badge": pgettext_lazy("overdue.badge", "Overdue"),
    "snoozed": pgettext_lazy("snoozed", "Snoozed until {time}"),
    "action.call": pgettext_lazy("action.call", "Call"),
    "action.text": pgettext_lazy("action.text", "Text"),
    "action.done": pgettext_lazy("action.done", "Done"),
    "action.snooze": pgettext_lazy("action.snooze", "Snooze"),
    "action.no_answer": pgettext_lazy("action.no_answer", "No answer"),
    "action.email": pgettext_lazy("action.email", "E-mail"),
    "action.undo": pgettext_lazy("action.undo", "Undo"),
    "action.more": pgettext_lazy("action.more", "More"),
    "unknown": pgettext_lazy("unknown", "Unknown number"),
    "contacts.save_number": pgettext_lazy("contacts.save_number", "Save as contact"),
    "proposal.now": pgettext_lazy("proposal.now", "Now: {action}"),
    "next": pgettext_lazy("next", "Next: {step}, {time}"),
    "step.prompt": pgettext_lazy("step.prompt", "a reminder"),
    "step.nudge": pgettext_lazy("step.nudge", "a nudge"),
    "step.final": pgettext_lazy("step.final", "a last reminder"),
    "step.overdue": pgettext_lazy("step.overdue", "an overdue notice"),
    "step.identify": pgettext_lazy("step.identify", "a reminder to ask who it was"),
    "step.apology": pgettext_lazy("step.apology", "a reminder to apologise"),
    "step.retry": pgettext_lazy("step.retry", "a reminder to try again"),
    "free.when": pgettext_lazy("free.when", "When are you free to talk?"),
    "free.hour": pgettext_lazy("free.hour", "In an hour"),
    "free.evening": pgettext_lazy("free.evening", "This evening"),
    "free.morning": pgettext_lazy("free.morning", "Tomorrow morning"),
    "free.at": pgettext_lazy("free.at", "Or at"),
    "free.save": pgettext_lazy("free.save", "Save"),
    "free.skip": pgettext_lazy("free.skip", "Don't say when"),
    "outcome.how": pgettext_lazy("outcome.how", "How did it go?"),
    "outcome.choice.reached": pgettext_lazy("outcome.choice.reached", "Reached them"),
    "outcome.choice.voicemail": pgettext_lazy("outcome.choice.voicemail", "Left a voicemail"),
    "outcome.choice.texted": pgettext_lazy("outcome.choice.texted", "Texted"),
    "outcome.choice.emailed": pgettext_lazy("outcome.choice.emailed", "E-mailed"),
    "snooze.until": pgettext_lazy("snooze.until", "Snooze until"),
    "snooze.tonight": pgettext_lazy("snooze.tonight", "Tonight"),
    "snooze.morning": pgettext_lazy("snooze.morning", "Tomorrow morning"),
    "toast.done": pgettext_lazy("toast.done", "Marked done."),
    "toast.snoozed": pgettext_lazy("toast.snoozed", "Snoozed."),
    "toast.reopened": pgettext_lazy("toast.reopened", "Back on the list."),
    "toast.undo_late": pgettext_lazy("toast.undo_late", "Too late to undo."),
    "toast.voicemail": pgettext_lazy(
        "toast.voicemail",
        "Voicemail noted. Ringback will remind you to try again.",
    ),
    "toast.no_answer": pgettext_lazy(
        "toast.no_answer",
        "Noted. Ringback will remind you to try again.",
    ),
    "toast.queued": pgettext_lazy(
        "toast.queued",
        "Saved on the phone; it is sent when you are back online.",
    ),
    "toast.busy": pgettext_lazy(
        "toast.busy", "The server is busy; your action is queued and sent again shortly."
    ),
    "toast.sent": pgettext_lazy("toast.sent", "Sent what you did offline."),
    "toast.logged": pgettext_lazy("toast.logged", "Missed call logged."),
    "toast.logged_withheld": pgettext_lazy(
        "toast.logged_withheld", "Call from a withheld number logged."
    ),
    "toast.saved": pgettext_lazy("toast.saved", "Saved."),
    "session.title": pgettext_lazy("session.title", "Callback session"),
    "session.start": pgettext_lazy("session.start", "Call them back one by one"),
    "session.progress": pgettext_lazy("session.progress", "{n} of {total}"),
    "session.reasons": pgettext_lazy("session.reasons", "Why they called"),
    "session.no_reason": pgettext_lazy("session.no_reason", "No reason given."),
    "session.prepare": pgettext_lazy("session.prepare", "Prepare: what to say"),
    "session.prepare_hint": pgettext_lazy(
        "session.prepare_hint", "e.g. the price they asked about; kept with this callback"
    ),
    "session.save_note": pgettext_lazy("session.save_note", "Save the note"),
    "session.skip": pgettext_lazy("session.skip", "Skip for now"),
    "session.finished": pgettext_lazy("session.finished", "That was everyone. Well done!"),
    "session.empty": pgettext_lazy("session.empty", "Nobody is waiting for a call back."),
    "stats.title": pgettext_lazy("stats.title", "How well you call back"),
    "stats.period": pgettext_lazy("stats.period", "Period"),
    "stats.days": pgettext_lazy("stats.days", "{days} days"),
    "stats.chart": pgettext_lazy("stats.chart", "Share called back in time, by relationship"),
    "stats.headline": pgettext_lazy("stats.headline", "called back in time: {n} of {total}"),
    "stats.missed": pgettext_lazy("stats.missed", "Missed"),
    "stats.in_time": pgettext_lazy("stats.in_time", "In time"),
    "stats.first_try": pgettext_lazy("stats.first_try", "First try after (median)"),
    "stats.overdue": pgettext_lazy("stats.overdue", "Overdue now"),
    "stats.pending": pgettext_lazy("stats.pending", "Still time"),
    "stats.total": pgettext_lazy("stats.total", "All"),
    "stats.none": pgettext_lazy("stats.none", "No missed calls in this period."),
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
    "field.rhythm": pgettext_lazy("field.rhythm", "Be in touch at least every … days"),
    "field.rhythm_hint": pgettext_lazy(
        "field.rhythm_hint", "Empty: as for their relationship (every {days})."
    ),
    "field.rhythm_hint_none": pgettext_lazy(
        "field.rhythm_hint_none", "Empty: as for their relationship (no rhythm)."
    ),
    "field.rhythm_relationship": pgettext_lazy(
        "field.rhythm_relationship", "As for their relationship"
    ),
    "field.archive": pgettext_lazy(
        "field.archive", "Archived (not in the list, no keep-in-touch reminders)"
    ),
    "field.archived": pgettext_lazy("field.archived", "Archived"),
    "dates.day": pgettext_lazy("dates.day", "A day of theirs"),
    "dates.kind": pgettext_lazy("dates.kind", "Which day"),
    "dates.label": pgettext_lazy("dates.label", "Name of the day (optional)"),
    "dates.date": pgettext_lazy("dates.date", "Day"),
    "dates.month": pgettext_lazy("dates.month", "Month"),
    "dates.year": pgettext_lazy("dates.year", "Year (optional)"),
    "dates.remind": pgettext_lazy("dates.remind", "Remind me … days before"),
    "dates.remind_hint": pgettext_lazy("dates.remind_hint", "0: on the day itself."),
    "dates.add": pgettext_lazy("dates.add", "a day (birthday, anniversary…)"),
    "dates.remove": pgettext_lazy("dates.remove", "Remove this day"),
    "field.save": pgettext_lazy("field.save", "Save"),
    "window.minutes": pgettext_lazy("window.minutes", "minutes"),
    "window.h": pgettext_lazy("window.h", "h"),
    "window.min": pgettext_lazy("window.min", "min"),
    "zone.search": pgettext_lazy("zone.search", "Search by city or country"),
    "zone.search_country": pgettext_lazy("zone.search_country", "Search by country"),
    "zone.mine": pgettext_lazy("zone.mine", "Same as mine"),
    "field.text_channel": pgettext_lazy("field.text_channel", "Texts go by"),
    "field.time_zone": pgettext_lazy("field.time_zone", "Their time zone"),
    "field.time_zone_hint": pgettext_lazy(
        "field.time_zone_hint",
        "When they live elsewhere: their local time is shown, and no call is proposed in "
        "their night.",
    ),
    "settings.text_channel": pgettext_lazy("settings.text_channel", "Send texts by"),
    "settings.text_channel_hint": pgettext_lazy(
        "settings.text_channel_hint", "Each contact may have their own; this is for the rest."
    ),
    "textchannel.default": pgettext_lazy("textchannel.default", "As my default"),
    "textchannel.sms": pgettext_lazy("textchannel.sms", "SMS"),
    "textchannel.whatsapp": pgettext_lazy("textchannel.whatsapp", "WhatsApp"),
    "textchannel.signal": pgettext_lazy("textchannel.signal", "Signal"),
    "textchannel.telegram": pgettext_lazy("textchannel.telegram", "Telegram"),
    "textsheet.title": pgettext_lazy("textsheet.title", "Your text"),
    "textsheet.text": pgettext_lazy("textsheet.text", "Text to send"),
    "textsheet.via": pgettext_lazy("textsheet.via", "By {channel}"),
    "textsheet.no_prefill": pgettext_lazy(
        "textsheet.no_prefill",
        "{channel} cannot take the text: Send copies it, then paste it into the chat.",
    ),
    "textsheet.send": pgettext_lazy("textsheet.send", "Send"),
    "textsheet.copy": pgettext_lazy("textsheet.copy", "Copy"),
    "textsheet.copied": pgettext_lazy("textsheet.copied", "Text copied"),
    "textsheet.copied_paste": pgettext_lazy(
        "textsheet.copied_paste", "Text copied: paste it into {channel}"
    ),
    "textsheet.copy_failed": pgettext_lazy(
        "textsheet.copy_failed", "Could not copy: select the text and copy it yourself"
    ),
    "contact.their_time": pgettext_lazy("contact.their_time", "{time} in {place}"),
    "welcome.title": pgettext_lazy("welcome.title", "Welcome to Ringback"),
    "welcome.intro": pgettext_lazy(
        "welcome.intro",
        "Is this right? Ringback plans every reminder in this time zone and speaks this "
        "language. You can change both in Settings.",
    ),
    "welcome.confirm": pgettext_lazy("welcome.confirm", "Yes, use these"),
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
    # What each reminder in a contact's history was, before its state ("Call back · open").
    "history.kind.callback": pgettext_lazy("history.kind.callback", "Call back"),
    "history.kind.identify": pgettext_lazy("history.kind.identify", "Who called?"),
    "history.kind.follow_up": pgettext_lazy("history.kind.follow_up", "Call back again"),
    "history.kind.keep_in_touch": pgettext_lazy("history.kind.keep_in_touch", "Keep in touch"),
    "history.kind.occasion": pgettext_lazy("history.kind.occasion", "Birthday or another day"),
    "history.kind.after_date": pgettext_lazy("history.kind.after_date", "The day after a date"),
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
        "Numbers typed without a country code (such as {example}) are read as numbers of "
        "this country.",
    ),
    "settings.windows": pgettext_lazy("settings.windows", "Callback windows"),
    "settings.windows_hint": pgettext_lazy(
        "settings.windows_hint",
        "Hours and minutes; empty uses the default shown.",
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
    "settings.webhook": pgettext_lazy(
        "settings.webhook", "Your Twilio number's “Call status changes” webhook"
    ),
    "settings.webhook_hint": pgettext_lazy(
        "settings.webhook_hint",
        "Set it (HTTP POST) on your Twilio number: calls nobody answered, busy or failed "
        "become missed calls here.",
    ),
    "settings.logout": pgettext_lazy("settings.logout", "Log out"),
    "away.title": pgettext_lazy("away.title", "What callers hear"),
    "away.banner": pgettext_lazy(
        "away.banner", "Away until {day}: your texts tell callers when you are back."
    ),
    "away.banner_change": pgettext_lazy("away.banner_change", "Change"),
    "away.display_name": pgettext_lazy("away.display_name", "Your name, as callers know you"),
    "away.company": pgettext_lazy("away.company", "Company (optional)"),
    "away.until": pgettext_lazy("away.until", "Away until (included)"),
    "away.until_hint": pgettext_lazy(
        "away.until_hint",
        "While away, every suggested text says when you are back; empty: not away.",
    ),
    "away.contact": pgettext_lazy("away.contact", "How else to reach you while away"),
    "away.contact_hint": pgettext_lazy(
        "away.contact_hint", "e.g. an e-mail address or a colleague's number"
    ),
    "greeting.title": pgettext_lazy("greeting.title", "Voicemail greetings"),
    "greeting.hint": pgettext_lazy(
        "greeting.hint",
        "Copy one and record it as your phone's voicemail greeting.",
    ),
    "greeting.business": pgettext_lazy("greeting.business", "For business"),
    "greeting.personal": pgettext_lazy("greeting.personal", "For friends and family"),
    "greeting.copy": pgettext_lazy("greeting.copy", "Copy"),
    "greeting.copied": pgettext_lazy("greeting.copied", "Copied."),
    "greeting.copy_by_hand": pgettext_lazy(
        "greeting.copy_by_hand", "Selected: copy it with a long press."
    ),
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
    "import.cards": pgettext_lazy("import.cards", "Every card"),
    "import.result.created": pgettext_lazy("import.result.created", "new"),
    "import.result.updated": pgettext_lazy("import.result.updated", "completed"),
    "import.result.unchanged": pgettext_lazy("import.result.unchanged", "unchanged"),
    "import.result.skipped": pgettext_lazy("import.result.skipped", "skipped"),
    "import.similar": pgettext_lazy("import.similar", "Maybe the same person as {name}"),
    "number.needs_country_code": pgettext_lazy("number.needs_country_code", "needs a country code"),
    "caller.who": pgettext_lazy("caller.who", "Who called?"),
    "merge.entry": pgettext_lazy("merge.entry", "Merge with…"),
    "merge.title": pgettext_lazy("merge.title", "Merge two contacts"),
    "merge.intro": pgettext_lazy(
        "merge.intro", "Who else is {name}? The one you keep gets everything of the other."
    ),
    "merge.search": pgettext_lazy("merge.search", "Name or number"),
    "merge.keep": pgettext_lazy("merge.keep", "Keep {name}"),
    "merge.done": pgettext_lazy("merge.done", "Merged into {name}."),
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
    "rhythm.title": pgettext_lazy("rhythm.title", "Keeping in touch"),
    "rhythm.every": pgettext_lazy("rhythm.every", "In touch at least every"),
    "rhythm.none": pgettext_lazy("rhythm.none", "None"),
    "rhythm.last": pgettext_lazy("rhythm.last", "Last in touch"),
    "rhythm.never": pgettext_lazy("rhythm.never", "Not yet"),
    "rhythm.next": pgettext_lazy("rhythm.next", "Next due"),
    "rhythm.we_talked": pgettext_lazy("rhythm.we_talked", "We talked"),
    "rhythm.how": pgettext_lazy("rhythm.how", "How were you in touch?"),
    "rhythm.logged": pgettext_lazy("rhythm.logged", "Noted: you were in touch."),
    "rhythm.dates": pgettext_lazy("rhythm.dates", "Their days"),
    "rhythm.next_day": pgettext_lazy("rhythm.next_day", "next on {day}"),
    "rhythm.touches": pgettext_lazy("rhythm.touches", "In touch"),
    "rhythm.no_touches": pgettext_lazy("rhythm.no_touches", "Nothing logged yet."),
    "rhythm.settings": pgettext_lazy("rhythm.settings", "Keeping in touch"),
    "rhythm.digest_time": pgettext_lazy("rhythm.digest_time", "Daily reminder time"),
    "rhythm.digest_hint": pgettext_lazy(
        "rhythm.digest_hint",
        "Birthdays, the day after a date and who you want to get in touch with come at this "
        "time, together in one notification. Missed calls keep their own.",
    ),
    "rhythm.digest_by": pgettext_lazy("rhythm.digest_by", "Daily reminder comes"),
    "rhythm.digest_by_push": pgettext_lazy("rhythm.digest_by_push", "as a notification"),
    "rhythm.digest_by_channels": pgettext_lazy(
        "rhythm.digest_by_channels", "through my other channels only"
    ),
    "rhythm.digest_by_both": pgettext_lazy(
        "rhythm.digest_by_both", "as a notification and through my other channels"
    ),
    "rhythm.digest_by_hint": pgettext_lazy(
        "rhythm.digest_by_hint",
        "Other channels are e-mail, ntfy, Telegram … (added above). Without one, or without a "
        "phone, it comes the other way; never in your quiet hours.",
    ),
    "rhythm.defaults": pgettext_lazy("rhythm.defaults", "Be in touch at least every … days"),
    "rhythm.defaults_hint": pgettext_lazy(
        "rhythm.defaults_hint",
        "For everyone with this relationship; empty: no rhythm. Each contact can have their own.",
    ),
    "touch.call": pgettext_lazy("touch.call", "Call"),
    "touch.text": pgettext_lazy("touch.text", "Text"),
    "touch.email": pgettext_lazy("touch.email", "E-mail"),
    "touch.meeting": pgettext_lazy("touch.meeting", "Met"),
    "touch.date": pgettext_lazy("touch.date", "Date"),
    "touch.in": pgettext_lazy("touch.in", "they got in touch"),
    "day.birthday": pgettext_lazy("day.birthday", "Birthday"),
    "day.anniversary": pgettext_lazy("day.anniversary", "Anniversary"),
    "day.other": pgettext_lazy("day.other", "Their day"),
    "section.callback": pgettext_lazy("section.callback", "Call back"),
    "section.today": pgettext_lazy("section.today", "Today"),
    "section.keep": pgettext_lazy("section.keep", "Get in touch"),
    "level.due": pgettext_lazy("level.due", "Due"),
    "level.late": pgettext_lazy("level.late", "Overdue"),
    # Ringback as the voicemail (static/app/voicemail.js).
    "voicemail.title": pgettext_lazy("voicemail.title", "Voicemail"),
    "voicemail.player": pgettext_lazy("voicemail.player", "Message from {who}, {length}"),
    "voicemail.delete": pgettext_lazy("voicemail.delete", "Delete recording"),
    "voicemail.confirm": pgettext_lazy(
        "voicemail.confirm", "Delete this recording for good? The missed call stays."
    ),
    "voicemail.deleted": pgettext_lazy("voicemail.deleted", "Recording deleted."),
    "voicemail.gone": pgettext_lazy("voicemail.gone", "Recording deleted"),
    "voicemail.pending": pgettext_lazy(
        "voicemail.pending", "The message is still being saved; look again in a minute."
    ),
    "voicemail.absent": pgettext_lazy("voicemail.absent", "Hung up before the tone: no message."),
    "voicemail.transcript": pgettext_lazy("voicemail.transcript", "Transcript"),
    "voicemail.withheld": pgettext_lazy(
        "voicemail.withheld", "Messages from withheld numbers (nobody to call back)"
    ),
    "settings.voice_url": pgettext_lazy(
        "settings.voice_url", "Voicemail: your Twilio number's “A call comes in” webhook"
    ),
    "settings.voice_url_hint": pgettext_lazy(
        "settings.voice_url_hint",
        "Set it (HTTP POST) on your Twilio number, then forward unanswered calls from your "
        "phone to that number: **61*number# (no answer), **67*number# (busy), "
        "**62*number# (unreachable).",
    ),
}
STRINGS.update(REACH_STRINGS)
STRINGS.update(LABEL_STRINGS)

# Words that depend on a count: {count} picks the form. English and German both use
# the first form for 1 and the second for any other number; the app does the same.
PLURALS: dict[str, Promise] = {
    "merge.days": npgettext_lazy("merge.days", "{count} day", "{count} days", "count"),
    "rhythm.days": npgettext_lazy("rhythm.days", "{count} day", "{count} days", "count"),
    "rhythm.years": npgettext_lazy("rhythm.years", "{count} year", "{count} years", "count"),
    "called": npgettext_lazy(
        "called", "{count} call, at {time}", "{count} calls, the last at {time}", "count"
    ),
    "stats.pending_line": npgettext_lazy(
        "stats.pending_line",
        "{count} call still has time and counts neither way yet.",
        "{count} calls still have time and count neither way yet.",
        "count",
    ),
    "import.toast": npgettext_lazy(
        "import.toast",
        "{count} contact imported or completed.",
        "{count} contacts imported or completed.",
        "count",
    ),
    "tries": npgettext_lazy("tries", "{count} try so far", "{count} tries so far", "count"),
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


STRINGS.update(SOURCES_WORDS)
PLURALS.update(SOURCES_PLURALS)
STRINGS.update(TWO_FACTOR_WORDS)
PLURALS.update(TWO_FACTOR_PLURALS)
STRINGS.update(CALENDAR_WORDS)
PLURALS.update(CALENDAR_PLURALS)


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
    from accounts.regions import countries_by_zone, phone_examples

    catalogue = {
        "languages": languages(),
        "zones": countries_by_zone(),
        "phone_examples": phone_examples(),
        "words": {code: app_words(code) for code in languages()},
    }
    return f"export default {json.dumps(catalogue, ensure_ascii=False, sort_keys=True)};\n"
