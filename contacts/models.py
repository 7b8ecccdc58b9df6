from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from accounts.models import TextChannel, validate_time_zone
from accounts.owned_rows import refuse_second_per_owner
from accounts.selectors import phone_region_of
from contacts.dates import YearlyDate
from contacts.labels import label_shown
from contacts.phone import (
    MAX_EXTENSION_LENGTH,
    format_for_display,
    keepable_number,
    split_number,
)

# A keep-in-touch rhythm lies between a day and two years.
MIN_RHYTHM_DAYS, MAX_RHYTHM_DAYS = 1, 730
# New accounts start with these rhythms (days), by relationship; the rest have none.
STARTING_RHYTHMS = {"family": 14, "friend": 30}

# The shortest and longest callback window anyone may set: the one place they are written
# (the API's /api/me/ `limits` tells the app).
MIN_CALLBACK_WINDOW = timedelta(minutes=1)
MAX_CALLBACK_WINDOW = timedelta(days=14)


class Relationship(models.TextChoices):
    FAMILY = "family", pgettext_lazy("relationship", "Family")
    FRIEND = "friend", pgettext_lazy("relationship", "Friend")
    PARTNER = "partner", pgettext_lazy("relationship", "Partner")
    DATE = "date", pgettext_lazy("relationship", "Date")
    WORK = "work", pgettext_lazy("relationship", "Work")
    CLIENT = "client", pgettext_lazy("relationship", "Client")
    OTHER = "other", pgettext_lazy("relationship", "Other")


class Channel(models.TextChoices):
    CALL = "call", pgettext_lazy("channel", "Call")
    TEXT = "text", pgettext_lazy("channel", "Text")
    EMAIL = "email", pgettext_lazy("channel", "E-mail")


class TouchChannel(models.TextChoices):
    """How two people were in touch: any of these resets a keep-in-touch rhythm."""

    CALL = "call", pgettext_lazy("touch channel", "Call")
    TEXT = "text", pgettext_lazy("touch channel", "Text")
    EMAIL = "email", pgettext_lazy("touch channel", "E-mail")
    MEETING = "meeting", pgettext_lazy("touch channel", "Meeting")
    DATE = "date", pgettext_lazy("touch channel", "Date")


class Direction(models.TextChoices):
    IN = "in", pgettext_lazy("direction", "They got in touch")
    OUT = "out", pgettext_lazy("direction", "You got in touch")


class TouchSource(models.TextChoices):
    APP = "app", pgettext_lazy("touch source", "Logged in the app")
    API = "api", pgettext_lazy("touch source", "Automation / API")
    CALLBACK = "callback", pgettext_lazy("touch source", "A callback done")
    ADMIN = "admin", pgettext_lazy("touch source", "Admin")
    CALENDAR = "calendar", pgettext_lazy("touch source", "A meeting in the calendar")
    MAILBOX = "mailbox", pgettext_lazy("touch source", "An e-mail in the mailbox")


def validate_callback_window(value: timedelta) -> None:
    if not MIN_CALLBACK_WINDOW <= value <= MAX_CALLBACK_WINDOW:
        raise ValidationError(
            _("A callback window lies between 1 minute and %(days)d days."),
            code="window_range",
            params={"days": MAX_CALLBACK_WINDOW.days},
        )


class Contact(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=200)
    relationship = models.CharField(
        _("relationship"), max_length=16, choices=Relationship.choices, default=Relationship.OTHER
    )
    email = models.EmailField(_("e-mail"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    preferred_channel = models.CharField(
        max_length=8,
        choices=Channel.choices,
        default=Channel.CALL,
        verbose_name=_("preferred channel"),
    )
    callback_window = models.DurationField(
        _("callback window"),
        null=True,
        blank=True,
        validators=[validate_callback_window],
        help_text=_("Overrides the window of the relationship for this person."),
    )
    greeting = models.CharField(
        _("greeting"),
        max_length=100,
        blank=True,
        help_text=_(
            "How to address them in a text, e.g. “Frau Schmidt” (empty: the first name "
            "for people close to you, none for work and clients)."
        ),
    )
    formal = models.BooleanField(
        _("formal"),
        null=True,
        blank=True,
        help_text=_("Write formally (German: Sie). Empty: formally to work and clients only."),
    )
    keep_in_touch_days = models.PositiveSmallIntegerField(
        _("keep in touch every … days"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_RHYTHM_DAYS), MaxValueValidator(MAX_RHYTHM_DAYS)],
        help_text=_("Get in touch at least every … days (empty: the relationship's rhythm)."),
    )
    text_channel = models.CharField(
        _("text channel"),
        max_length=8,
        choices=TextChannel.choices,
        blank=True,
        help_text=_("Where texts to them go (empty: as your default)."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("Their own time zone, when it is not yours (empty: yours)."),
    )
    starred = models.BooleanField(_("starred"), default=False)
    archived = models.BooleanField(_("archived"), default=False)
    last_contacted_at = models.DateTimeField(_("last contact"), null=True, blank=True)
    # A keep-in-touch reminder closed without a touch (dismissed, or done without saying
    # how) restarts the count from then, as a touch would, so it is not asked again at once.
    rhythm_restarted_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("rhythm restarted")
    )
    # The rhythm's next due moment (contacts.rhythm), kept by every service that changes
    # what it depends on, so that the reminders that come due are found with one indexed
    # query and the drifting list is sorted by it.
    next_touch_due = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("next touch due")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["owner", "name"]),
            models.Index(
                fields=["next_touch_due"],
                condition=Q(next_touch_due__isnull=False, archived=False),
                name="contact_rhythm_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(callback_window__isnull=True)
                | Q(
                    callback_window__gte=MIN_CALLBACK_WINDOW,
                    callback_window__lte=MAX_CALLBACK_WINDOW,
                ),
                name="contact_callback_window_range",
            ),
            models.CheckConstraint(
                condition=Q(relationship__in=Relationship.values),
                name="contact_relationship_valid",
            ),
            models.CheckConstraint(
                condition=Q(keep_in_touch_days__isnull=True)
                | Q(
                    keep_in_touch_days__gte=MIN_RHYTHM_DAYS, keep_in_touch_days__lte=MAX_RHYTHM_DAYS
                ),
                name="contact_rhythm_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> ZoneInfo | None:
        """Their own time zone, or None when they live on the user's."""
        return ZoneInfo(self.time_zone) if self.time_zone else None

    def clean(self) -> None:
        self.name = (self.name or "").strip()
        if not self.name:
            raise ValidationError({"name": _("A contact needs a name.")})


class PhoneNumber(models.Model):
    # The owner is repeated here so that a caller's number is looked up in one index.
    # A number may belong to several contacts of one user: a household's landline is
    # two people (a call from it asks who called, reminders.services.calls).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("owner"),
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="numbers", verbose_name=_("contact")
    )
    number = models.CharField(
        max_length=40, help_text=_("Any format; stored as +CC…."), verbose_name=_("number")
    )
    label = models.CharField(
        max_length=40, blank=True, help_text=_("mobile, home, work…"), verbose_name=_("label")
    )
    # Dialled after the call connects: an office extension, DTMF digits (vCard's ;ext=).
    extension = models.CharField(
        max_length=MAX_EXTENSION_LENGTH, blank=True, verbose_name=_("extension")
    )
    # A number that could not be read for the user's country (most often one written
    # without its country code) is kept as it was typed, never dropped, and shown so.
    needs_country_code = models.BooleanField(default=False, verbose_name=_("needs a country code"))
    # Not stored: set by a service that has just made `number` E.164 itself, or found it
    # unreadable for the owner's country and flagged it (the import reads each of
    # thousands of numbers once), so clean() does not parse it again.
    checked_number: str | None = None

    class Meta:
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")
        ordering = ["id"]
        indexes = [models.Index(fields=["owner", "number"], name="phonenumber_owner_number_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "number"], name="phonenumber_unique_per_contact"
            ),
            models.CheckConstraint(
                condition=Q(number__startswith="+") | Q(needs_country_code=True),
                name="phonenumber_is_e164_or_flagged",
            ),
        ]

    def __str__(self) -> str:
        return self.shown()

    def shown(self, region: str | None = None) -> str:
        """Spaced for reading, national when of `region` (the owner's country)."""
        display = (
            self.number if self.needs_country_code else format_for_display(self.number, region)
        )
        return f"{display} ({label_shown(self.label)})" if self.label else display

    def clean(self) -> None:
        # In an admin inline the contact may not be saved yet, but it is attached.
        attached = self.contact_id is not None or PhoneNumber.contact.is_cached(self)
        if attached and self.contact.owner_id is not None:
            self.owner_id = self.contact.owner_id
        text = (self.number or "").strip()
        if text == self.checked_number:
            # The service has read it for the owner's country just now: E.164, or kept as
            # written and flagged (without this, a query and a parse for each such number).
            return
        if text.startswith("+") and not self.needs_country_code:
            region = None  # international already: no question to the database
        else:
            # Only a national number needs the owner's country (services that write many
            # numbers normalise them first, with the region read once).
            region = phone_region_of(self.owner_id) if self.owner_id else None
        try:
            self.number, extension = split_number(text, region)
            self.extension = self.extension or extension
            self.needs_country_code = False
        except ValidationError as error:
            if not (self.needs_country_code and keepable_number(text)):
                raise ValidationError({"number": error.messages}) from None
            self.number = text


class Touch(models.Model):
    """One contact with a person: a call answered either way, a text, a meeting…"""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("owner"),
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="touches", verbose_name=_("contact")
    )
    channel = models.CharField(
        max_length=8, choices=TouchChannel.choices, verbose_name=_("channel")
    )
    direction = models.CharField(
        max_length=3, choices=Direction.choices, default=Direction.OUT, verbose_name=_("direction")
    )
    at = models.DateTimeField(verbose_name=_("when"))
    note = models.TextField(blank=True, max_length=1000, verbose_name=_("note"))
    source = models.CharField(
        max_length=8, choices=TouchSource.choices, default=TouchSource.APP, verbose_name=_("source")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("touch")
        verbose_name_plural = _("touches")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["contact", "-at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=TouchChannel.values), name="touch_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="touch_direction_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {timezone.localtime(self.at):%Y-%m-%d %H:%M}"


class RelationshipRhythm(models.Model):
    """A user's keep-in-touch rhythm for everyone of one relationship, in days."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="rhythms",
        verbose_name=_("owner"),
    )
    relationship = models.CharField(
        max_length=16, choices=Relationship.choices, verbose_name=_("relationship")
    )
    days = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(MIN_RHYTHM_DAYS), MaxValueValidator(MAX_RHYTHM_DAYS)],
        verbose_name=_("days"),
    )

    class Meta:
        verbose_name = _("keep-in-touch rhythm")
        verbose_name_plural = _("keep-in-touch rhythms")
        ordering = ["relationship"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "relationship"], name="relationshiprhythm_unique_per_owner"
            ),
            models.CheckConstraint(
                condition=Q(days__gte=MIN_RHYTHM_DAYS, days__lte=MAX_RHYTHM_DAYS),
                name="relationshiprhythm_range",
            ),
        ]

    def __str__(self) -> str:
        return ngettext(
            "%(relationship)s: %(days)d day", "%(relationship)s: %(days)d days", self.days
        ) % {"relationship": self.get_relationship_display(), "days": self.days}

    def clean(self) -> None:
        refuse_second_per_owner(
            self, "relationship", _("This relationship already has its rhythm; edit that one.")
        )


class DateKind(models.TextChoices):
    BIRTHDAY = "birthday", _("Birthday")
    ANNIVERSARY = "anniversary", _("Anniversary")
    OTHER = "other", _("Other day")


MAX_REMIND_DAYS_BEFORE = 30


class ContactDate(models.Model):
    """A day of someone's that comes back every year, with or without its year."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="dates", verbose_name=_("contact")
    )
    kind = models.CharField(
        max_length=16, choices=DateKind.choices, default=DateKind.BIRTHDAY, verbose_name=_("kind")
    )
    label = models.CharField(
        max_length=100, blank=True, help_text=_("e.g. “Wedding”"), verbose_name=_("label")
    )
    month = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(12)], verbose_name=_("month")
    )
    day = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(31)], verbose_name=_("day")
    )
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9999)],
        verbose_name=_("year"),
    )
    remind_days_before = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(MAX_REMIND_DAYS_BEFORE)],
        help_text=_("Also remind this many days before (0: on the day only)."),
        verbose_name=_("remind days before"),
    )

    class Meta:
        verbose_name = _("special day")
        verbose_name_plural = _("special days")
        ordering = ["month", "day", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12, day__gte=1, day__lte=31),
                name="contactdate_month_day_range",
            ),
            models.CheckConstraint(
                condition=Q(remind_days_before__lte=MAX_REMIND_DAYS_BEFORE),
                name="contactdate_remind_range",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=DateKind.values), name="contactdate_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.yearly.iso()}"

    @property
    def yearly(self) -> YearlyDate:
        return YearlyDate(self.month, self.day, self.year)

    def clean(self) -> None:
        try:
            # 29 February exists without a year, and in leap years.
            date(self.year or 2000, self.month, self.day)
        except (TypeError, ValueError):
            raise ValidationError({"day": _("This day does not exist.")}) from None
