"""The app's words about reaching the person: their phones (silent or not) and their
second channels (Apprise). Part of the app's catalogue (project.catalogue)."""

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

REACH_STRINGS: dict[str, Promise] = {
    "devices.title": pgettext_lazy("devices.title", "Phones that get reminders"),
    "devices.hint": pgettext_lazy(
        "devices.hint",
        "Each phone confirms every notification it shows. A phone that stops confirming "
        "has most likely lost its subscription (iPhones do this without a word).",
    ),
    "devices.this_phone": pgettext_lazy("devices.this_phone", "This phone ({browser})"),
    "devices.other": pgettext_lazy("devices.other", "Another device ({browser})"),
    "devices.silent": pgettext_lazy(
        "devices.silent", "This phone has not shown a notification since {time}."
    ),
    "devices.heard": pgettext_lazy("devices.heard", "Last notification shown {time}."),
    "devices.no_receipt": pgettext_lazy("devices.no_receipt", "No notification shown yet."),
    "devices.resubscribe": pgettext_lazy("devices.resubscribe", "Subscribe again"),
    "devices.resubscribed": pgettext_lazy(
        "devices.resubscribed", "Subscribed again: reminders come to this phone."
    ),
    "devices.remove": pgettext_lazy("devices.remove", "Remove"),
    "channels.title": pgettext_lazy("channels.title", "Other channels"),
    "channels.hint": pgettext_lazy(
        "channels.hint",
        "When no phone shows a callback reminder in time, or no phone is left, it also goes "
        "here, and the daily reminder if you choose so (below): e-mail, ntfy, Telegram, "
        "Signal, Matrix, Gotify, Pushover… as an Apprise URL.",
    ),
    "channels.name": pgettext_lazy("channels.name", "Name"),
    "channels.url": pgettext_lazy("channels.url", "Apprise URL"),
    "channels.url_hint": pgettext_lazy(
        "channels.url_hint",
        "e.g. mailto://user:password@example.com, ntfy://ntfy.sh/my-topic, "
        "tgram://bot-token/chat-id. Stored encrypted; shown only in part.",
    ),
    "channels.add": pgettext_lazy("channels.add", "Add channel"),
    "channels.test": pgettext_lazy("channels.test", "Send a test"),
    "channels.tested": pgettext_lazy("channels.tested", "Test sent."),
    "channels.remove": pgettext_lazy("channels.remove", "Remove"),
    "channels.failing": pgettext_lazy("channels.failing", "Failing since {time}: {error}"),
    "channels.ok": pgettext_lazy("channels.ok", "Last sent {time}."),
    "channels.unused": pgettext_lazy("channels.unused", "Nothing sent yet."),
    "channels.digest": pgettext_lazy("channels.digest", "Daily digest"),
    "channels.digest_push": pgettext_lazy("channels.digest_push", "as a notification only"),
    "channels.digest_both": pgettext_lazy(
        "channels.digest_both", "as a notification and on my channels"
    ),
    "channels.digest_channels": pgettext_lazy("channels.digest_channels", "on my channels only"),
}
