"""Who signs in, and what each user set for themselves."""

import zoneinfo
from datetime import time
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.regions import default_phone_region, validate_phone_region


@cache
def _time_zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in _time_zone_names():
        raise ValidationError(
            _("“%(value)s” is not a time zone name such as Europe/Berlin."),
            code="invalid_time_zone",
            params={"value": value},
        )


# The default moment of the day for the reminders that are not urgent.
DIGEST_TIME = time(9, 0)


class Language(models.TextChoices):
    EN = "en", "English"
    DE = "de", "Deutsch"


class DigestBy(models.TextChoices):
    """Where the daily digest goes: the phones, the other channels (reach), or both."""

    PUSH = "push", pgettext_lazy("digest by", "Push to the phones")
    CHANNELS = "channels", pgettext_lazy("digest by", "The other channels")
    BOTH = "both", pgettext_lazy("digest by", "Both")


class TextChannel(models.TextChoices):
    """Where the Text action opens: the phone's messages app or a messenger (the link is
    built in reminders.texts)."""

    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", "WhatsApp"
    SIGNAL = "signal", "Signal"
    TELEGRAM = "telegram", "Telegram"


class Preferences(models.Model):
    """Made together with the user (accounts.signals), never by a read."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preferences",
        verbose_name=_("user"),
    )
    time_zone = models.CharField(
        max_length=64, default="UTC", validators=[validate_time_zone], verbose_name=_("time zone")
    )
    quiet_start = models.TimeField(
        null=True,
        blank=True,
        help_text=_("No pushes from this time… (empty: no quiet hours)"),
        verbose_name=_("quiet from"),
    )
    quiet_end = models.TimeField(
        null=True, blank=True, help_text=_("…until this time."), verbose_name=_("quiet until")
    )
    language = models.CharField(
        max_length=2, choices=Language.choices, default=Language.EN, verbose_name=_("language")
    )
    phone_region = models.CharField(
        max_length=2,
        default=default_phone_region,
        validators=[validate_phone_region],
        help_text=_("Country of numbers typed without a country code (ISO 3166, e.g. DE)."),
        verbose_name=_("country"),
    )
    digest_time = models.TimeField(
        default=DIGEST_TIME,
        help_text=_("When keep-in-touch, birthday and after-date reminders go out, each day."),
        verbose_name=_("digest time"),
    )
    digest_by = models.CharField(
        max_length=8,
        choices=DigestBy.choices,
        default=DigestBy.PUSH,
        help_text=_(
            "Where those go: pushed to the phones, through the other channels (e-mail, "
            "ntfy …), or both. Without a channel they are pushed."
        ),
        verbose_name=_("digest by"),
    )
    display_name = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("Your name, as callers should hear it."),
        verbose_name=_("your name"),
    )
    company = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("Your company, for the business voicemail."),
        verbose_name=_("company"),
    )
    away_until = models.DateField(
        null=True,
        blank=True,
        help_text=_("Away (travelling) until this day, included."),
        verbose_name=_("away until"),
    )
    away_contact = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("How else to reach you while away, e.g. an e-mail."),
        verbose_name=_("while away, reach me at"),
    )
    text_channel = models.CharField(
        max_length=8,
        choices=TextChannel.choices,
        default=TextChannel.SMS,
        help_text=_("Where texts go unless a contact says otherwise."),
        verbose_name=_("texts go to"),
    )
    locale_confirmed = models.BooleanField(
        default=False,
        help_text=_(
            "Language and time zone confirmed on the phone (an account made in the "
            "admin is asked once, at its first sign-in)."
        ),
        verbose_name=_("language and zone confirmed"),
    )

    class Meta:
        verbose_name = _("preferences")
        verbose_name_plural = _("preferences")
        constraints = [
            models.CheckConstraint(
                condition=(Q(quiet_start__isnull=True) & Q(quiet_end__isnull=True))
                | (
                    Q(quiet_start__isnull=False)
                    & Q(quiet_end__isnull=False)
                    & ~Q(quiet_start=F("quiet_end"))
                ),
                name="preferences_quiet_hours_both_or_none",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Preferences of %(user)s") % {"user": self.user}

    def clean(self) -> None:
        if (self.quiet_start is None) != (self.quiet_end is None):
            missing = "quiet_end" if self.quiet_end is None else "quiet_start"
            raise ValidationError({missing: _("Quiet hours need both a start and an end.")})
        if self.quiet_start is not None and self.quiet_start == self.quiet_end:
            raise ValidationError({"quiet_end": _("Quiet hours cannot end when they start.")})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class ApiToken(models.Model):
    """A personal token for automations; only a hash of the secret is kept."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        max_length=12, editable=False, help_text=_("Shown to tell tokens apart.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def clean(self) -> None:
        self.name = (self.name or "").strip()
        if not self.name:
            raise ValidationError({"name": _("Give the token a name, e.g. the phone it is on.")})


class TelephonyHook(models.Model):
    """The secret in a user's webhook URL: it names the user a provider's call belongs to."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="telephony_hook"
    )
    secret = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("telephony webhook")
        verbose_name_plural = _("telephony webhooks")

    def __str__(self) -> str:
        return gettext("Telephony webhook of %(user)s") % {"user": self.owner}


class CalendarFeed(models.Model):
    """The secret in a user's calendar feed URL. Whoever has the URL sees the feed (names
    and times, nothing more), so the user can replace it: the old URL then finds nothing."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    secret = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return gettext("Calendar feed of %(user)s") % {"user": self.owner}


class ReplayState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("replay state", "In progress")
    DONE = "done", pgettext_lazy("replay state", "Answered")


class ActionReplay(models.Model):
    """An action sent with an Idempotency-Key: claimed (pending) before it runs, so that a
    concurrent retry cannot run it too, then its first answer, returned to retries."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    path = models.CharField(max_length=200)
    # SHA-256 of method, path and body: the same key with another request is refused.
    # Empty on answers stored before it was recorded (then only the path is compared).
    request_hash = models.CharField(max_length=64, blank=True)
    state = models.CharField(max_length=8, choices=ReplayState.choices, default=ReplayState.PENDING)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    body = models.JSONField(null=True, blank=True)
    # When it was claimed (or taken over after a crash) — a pending claim older than
    # accounts.idempotency.ABANDONED_AFTER belongs to a request that died.
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("repeated action")
        verbose_name_plural = _("repeated actions")
        # Said, so that Django's checks need not connect to the database to find out
        # (Django 6.1's `check` asks every database, even before one was made).
        required_db_features = ["supports_json_field"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="actionreplay_unique_per_owner"),
            models.CheckConstraint(
                condition=Q(state=ReplayState.PENDING)
                | Q(state=ReplayState.DONE, status_code__isnull=False),
                name="actionreplay_done_has_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.status_code or self.state}"


class TwoFactorSignIn(TOTPDevice):
    """A user's authenticator app (accounts.second_factor), as the admin names it in the
    owner's language; django-otp's own admin of it is not shown (accounts.admin)."""

    class Meta:
        proxy = True
        verbose_name = _("two-factor sign-in")
        verbose_name_plural = _("two-factor sign-ins")
