from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contacts.phone import format_for_display, normalize_number

MAX_CALLBACK_WINDOW = timedelta(days=14)


class Relationship(models.TextChoices):
    FAMILY = "family", "Family"
    FRIEND = "friend", "Friend"
    PARTNER = "partner", "Partner"
    DATE = "date", "Date"
    WORK = "work", "Work"
    CLIENT = "client", "Client"
    OTHER = "other", "Other"


class Channel(models.TextChoices):
    CALL = "call", "Call"
    TEXT = "text", "Text"
    EMAIL = "email", "E-mail"


def validate_callback_window(value: timedelta) -> None:
    if not timedelta(minutes=1) <= value <= MAX_CALLBACK_WINDOW:
        raise ValidationError(
            _("A callback window lies between 1 minute and 14 days."), code="window_range"
        )


class Contact(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=200)
    relationship = models.CharField(
        max_length=16, choices=Relationship.choices, default=Relationship.OTHER
    )
    email = models.EmailField(blank=True)
    notes = models.TextField(blank=True)
    preferred_channel = models.CharField(
        max_length=8, choices=Channel.choices, default=Channel.CALL
    )
    callback_window = models.DurationField(
        null=True,
        blank=True,
        validators=[validate_callback_window],
        help_text="Overrides the window of the relationship for this person, e.g. 2:00:00.",
    )
    starred = models.BooleanField(default=False)
    archived = models.BooleanField(default=False)
    last_contacted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["owner", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(callback_window__isnull=True)
                | Q(
                    callback_window__gte=timedelta(minutes=1),
                    callback_window__lte=MAX_CALLBACK_WINDOW,
                ),
                name="contact_callback_window_range",
            ),
            models.CheckConstraint(
                condition=Q(relationship__in=Relationship.values),
                name="contact_relationship_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = (self.name or "").strip()
        if not self.name:
            raise ValidationError({"name": _("A contact needs a name.")})


class PhoneNumber(models.Model):
    # The owner is repeated here so that the database itself enforces that a number
    # belongs to at most one contact of the same user.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="numbers")
    number = models.CharField(max_length=40, help_text="Any format; stored as +CC….")
    label = models.CharField(max_length=40, blank=True, help_text="mobile, home, work…")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "number"], name="phonenumber_unique_per_owner"
            ),
            models.CheckConstraint(condition=Q(number__startswith="+"), name="phonenumber_is_e164"),
        ]

    def __str__(self) -> str:
        display = format_for_display(self.number)
        return f"{display} ({self.label})" if self.label else display

    def clean(self) -> None:
        try:
            self.number = normalize_number(self.number)
        except ValidationError as error:
            raise ValidationError({"number": error.messages}) from None
        # In an admin inline the contact may not be saved yet, but it is attached.
        attached = self.contact_id is not None or PhoneNumber.contact.is_cached(self)
        if attached and self.contact.owner_id is not None:
            self.owner_id = self.contact.owner_id
        if self.owner_id is None:
            return
        taken = (
            PhoneNumber.objects.filter(owner_id=self.owner_id, number=self.number)
            .exclude(pk=self.pk)
            .select_related("contact")
            .first()
        )
        if taken is not None:
            raise ValidationError(
                {
                    "number": _("%(number)s already belongs to %(name)s.")
                    % {"number": self.number, "name": taken.contact.name}
                },
                code="number_taken",
            )
