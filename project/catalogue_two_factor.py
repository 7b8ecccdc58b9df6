"""The app's words for two-factor sign-in (static/app/twofactor.js and the sign-in
screen's second step), kept apart from project/catalogue.py's long table."""

from django.utils.functional import Promise
from django.utils.translation import npgettext_lazy, pgettext_lazy

TWO_FACTOR_WORDS: dict[str, Promise] = {
    "twofactor.title": pgettext_lazy("twofactor.title", "Two-factor sign-in"),
    "twofactor.off": pgettext_lazy(
        "twofactor.off",
        "Off. With it on, signing in also needs a code from an authenticator app on your "
        "phone, so a guessed or leaked password alone is not enough.",
    ),
    "twofactor.turn_on": pgettext_lazy("twofactor.turn_on", "Turn on"),
    "twofactor.next": pgettext_lazy("twofactor.next", "Continue"),
    "twofactor.cancel": pgettext_lazy("twofactor.cancel", "Cancel"),
    "twofactor.scan": pgettext_lazy(
        "twofactor.scan",
        "Scan this code with your authenticator app (such as Aegis, 2FAS, Google "
        "Authenticator or 1Password), or open it on this phone, then type the code it shows.",
    ),
    "twofactor.qr": pgettext_lazy("twofactor.qr", "QR code for your authenticator app"),
    "twofactor.open_app": pgettext_lazy("twofactor.open_app", "Open in authenticator app"),
    "twofactor.secret": pgettext_lazy("twofactor.secret", "Or type this key"),
    "twofactor.code": pgettext_lazy("twofactor.code", "Code"),
    "twofactor.code_hint": pgettext_lazy(
        "twofactor.code_hint", "The six digits your authenticator app shows now."
    ),
    "twofactor.code_or_recovery": pgettext_lazy(
        "twofactor.code_or_recovery", "From your authenticator app, or one of your recovery codes."
    ),
    "twofactor.confirm": pgettext_lazy("twofactor.confirm", "Turn on"),
    "twofactor.turned_on": pgettext_lazy("twofactor.turned_on", "Two-factor sign-in is on."),
    "twofactor.codes_hint": pgettext_lazy(
        "twofactor.codes_hint",
        "Your recovery codes, shown only now: keep them somewhere safe, away from your "
        "phone. Each one signs you in once if you lose your authenticator app.",
    ),
    "twofactor.copy": pgettext_lazy("twofactor.copy", "Copy codes"),
    "twofactor.copied": pgettext_lazy("twofactor.copied", "Copied."),
    "twofactor.copy_failed": pgettext_lazy(
        "twofactor.copy_failed", "Could not copy: select the codes and copy them by hand."
    ),
    "twofactor.new_codes": pgettext_lazy("twofactor.new_codes", "New recovery codes"),
    "twofactor.turn_off": pgettext_lazy("twofactor.turn_off", "Turn off"),
    "twofactor.turned_off": pgettext_lazy("twofactor.turned_off", "Two-factor sign-in is off."),
    "login.code_title": pgettext_lazy("login.code_title", "One more step"),
    "login.code_intro": pgettext_lazy(
        "login.code_intro",
        "Type the code from your authenticator app, or one of your recovery codes.",
    ),
    "login.code_submit": pgettext_lazy("login.code_submit", "Sign in"),
}

TWO_FACTOR_PLURALS: dict[str, Promise] = {
    "twofactor.on": npgettext_lazy(
        "twofactor.on",
        "On: signing in asks for a code from your authenticator app. {count} recovery code left.",
        "On: signing in asks for a code from your authenticator app. {count} recovery codes left.",
        "count",
    ),
}
