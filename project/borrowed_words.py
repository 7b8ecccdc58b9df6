"""Words the admin shows from Django and django-axes that their own German catalogues
leave untranslated. Django looks messages up in our catalogue (LOCALE_PATHS) before an
app's, so each one listed here for `make messages` is German wherever they show it.
Nothing imports this module: it is read by the extraction only."""

# ruff: noqa: RUF001  (Django's own messages, apostrophes and all: they must match exactly)

from django.utils.translation import gettext_noop

MESSAGES = (
    # django.contrib.auth, the user's add form (Django 5.1's new field).
    gettext_noop("Password-based authentication"),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If "
        "disabled, they may still be able to authenticate using other backends, such as "
        "Single Sign-On or LDAP."
    ),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop("Password-based authentication was disabled."),
    gettext_noop("Enable password-based authentication"),
    gettext_noop(
        "This action will <strong>enable</strong> password-based authentication for this user."
    ),
    gettext_noop("Set password: %s"),
    gettext_noop("Reset password"),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Conflicting form data submitted. Please try again."),
    gettext_noop("In case you’ve forgotten, you are:"),
    # django-axes, the sign-in lock's attempts.
    gettext_noop("Clean up expired attempts"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Locked Out"),
    gettext_noop("Not set"),
    gettext_noop("Session key hash (sha256)"),
)
