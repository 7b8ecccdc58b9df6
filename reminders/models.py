from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.users import User
from contacts.models import (
    MAX_CALLBACK_WINDOW,
    MIN_CALLBACK_WINDOW,
    Channel,
    Contact,
    Relationship,
    validate_callback_window,
)
from reminders.policy import StepKind


class RelationshipWindow(models.Model):
    """A user's own callback window for everyone of one relationship."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="relationship_windows"
    )
    relationship = models.CharField(max_length=16, choices=Relationship.choices)
    window = models.DurationField(validators=[validate_callback_window])

    class Meta:
        ordering = ["relationship"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "relationship"], name="relationshipwindow_unique_per_owner"
            ),
            models.CheckConstraint(
                condition=Q(window__gte=MIN_CALLBACK_WINDOW, window__lte=MAX_CALLBACK_WINDOW),
                name="relationshipwindow_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_relationship_display()}: {self.window}"

    def clean(self) -> None:
        # Forms leave the owner out, so Django skips the unique constraint on it.
        taken = RelationshipWindow.objects.filter(
            owner_id=self.owner_id, relationship=self.relationship
        ).exclude(pk=self.pk)
        if self.owner_id is not None and taken.exists():
            raise ValidationError(
                {"relationship": _("This relationship already has its own window; edit that one.")}
            )


class Source(models.TextChoices):
    MANUAL = "manual", "Logged by hand"
    API = "api", "Automation / API"
    WEBHOOK = "webhook", "Telephony webhook"
    IMPORT = "import", "Import"


class ReminderKind(models.TextChoices):
    CALLBACK = "callback", "Call back"
    IDENTIFY = "identify", "Identify unknown number"
    FOLLOW_UP = "follow_up", "Follow up after a failed callback"
    KEEP_IN_TOUCH = "keep_in_touch", "Keep in touch"
    OCCASION = "occasion", "Birthday or other day"
    AFTER_DATE = "after_date", "The day after a date"


# Owed for missed calls: urgent, pushed on their own. The relationship rhythm's kinds
# speak first instead, at the user's digest time, and may share one push.
CALL_KINDS = (ReminderKind.CALLBACK, ReminderKind.IDENTIFY, ReminderKind.FOLLOW_UP)
RHYTHM_KINDS = (ReminderKind.KEEP_IN_TOUCH, ReminderKind.OCCASION, ReminderKind.AFTER_DATE)


class ReminderState(models.TextChoices):
    OPEN = "open", "Open"
    SNOOZED = "snoozed", "Snoozed"
    DONE = "done", "Done"
    DISMISSED = "dismissed", "Dismissed"
    EXPIRED = "expired", "Expired"


ACTIVE_STATES = (ReminderState.OPEN, ReminderState.SNOOZED)


class Resolution(models.TextChoices):
    CALLED_BACK = "called_back", "Called back"
    TEXTED = "texted", "Texted"
    EMAILED = "emailed", "E-mailed"
    DONE = "done", "Marked done"
    DISMISSED = "dismissed", "Dismissed"
    EXPIRED = "expired", "Expired"
    IN_TOUCH = "in_touch", "They were in touch"


class ReminderQuerySet(models.QuerySet):
    def active(self) -> "ReminderQuerySet":
        return self.filter(state__in=ACTIVE_STATES)

    def for_owner(self, owner: User) -> "ReminderQuerySet":
        return self.filter(owner=owner)


class Reminder(models.Model):
    """The obligation to return a call — several calls from one person make one reminder —
    or one of the relationship rhythm: keep in touch, a birthday, the day after a date."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    number = models.CharField(max_length=40, blank=True)
    kind = models.CharField(
        max_length=16, choices=ReminderKind.choices, default=ReminderKind.CALLBACK
    )
    state = models.CharField(
        max_length=16, choices=ReminderState.choices, default=ReminderState.OPEN
    )
    # The missed calls it is for (none for the rhythm's kinds).
    call_count = models.PositiveIntegerField(default=1)
    opened_at = models.DateTimeField()
    first_call_at = models.DateTimeField(null=True, blank=True)
    last_call_at = models.DateTimeField(null=True, blank=True)
    # What a rhythm reminder is about: the yearly day, or the touch that was a date; and
    # the local day it is for (the day of the occasion or the reminder before it, the day
    # after the date).
    contact_date = models.ForeignKey(
        "contacts.ContactDate",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
    )
    touch = models.ForeignKey(
        "contacts.Touch", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    deadline = models.DateTimeField()
    next_step = models.CharField(
        max_length=16, choices=[(k.value, k.name.title()) for k in StepKind], blank=True
    )
    next_step_at = models.DateTimeField(null=True, blank=True)
    snoozed_until = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=16, choices=Resolution.choices, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(
        blank=True, max_length=2000, help_text="What to say when you call: prepared beforehand."
    )
    # Facts derived from its calls and attempts, written by the services that record those
    # (reminders.services.facts), in the same transaction: lists read them off the row.
    latest_reason = models.TextField(
        blank=True, max_length=1000, editable=False, help_text="The latest reason they gave."
    )
    failed_calls = models.PositiveIntegerField(
        default=0, editable=False, help_text="Callbacks nobody answered."
    )
    last_failed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the user said they are free, at the latest unanswered callback.
    last_failed_free_from = models.DateTimeField(null=True, blank=True, editable=False)
    # Counts the scheduled step occurrences: a delivery belongs to one, so sending a step
    # twice is harmless and a rescheduled step is a new occurrence that goes out again.
    step_seq = models.PositiveIntegerField(default=0)
    # The dispatcher's lease: a batch owns the reminder until then, found by its token.
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["owner", "state", "deadline"]),
            # The dispatcher's scan: only active reminders are ever due.
            models.Index(
                fields=["next_step_at"],
                condition=Q(state__in=ACTIVE_STATES, next_step_at__isnull=False),
                name="reminder_due_idx",
            ),
        ]
        constraints = [
            # One open obligation per person: a contact, or an unknown number.
            models.UniqueConstraint(
                fields=["owner", "contact"],
                condition=Q(state__in=ACTIVE_STATES, contact__isnull=False, kind__in=CALL_KINDS),
                name="reminder_one_active_callback_per_contact",
            ),
            models.UniqueConstraint(
                fields=["owner", "number"],
                condition=Q(state__in=ACTIVE_STATES, contact__isnull=True),
                name="reminder_one_active_per_unknown_number",
            ),
            models.UniqueConstraint(
                fields=["owner", "contact"],
                condition=Q(state__in=ACTIVE_STATES, kind=ReminderKind.KEEP_IN_TOUCH),
                name="reminder_one_active_keep_in_touch_per_contact",
            ),
            # Once per day and occasion, and once per date, whatever became of it: a
            # birthday wish dismissed in the morning does not come back at noon.
            models.UniqueConstraint(
                fields=["contact_date", "due_on"],
                condition=Q(kind=ReminderKind.OCCASION),
                name="reminder_once_per_occasion_day",
            ),
            models.UniqueConstraint(
                fields=["touch"],
                condition=Q(kind=ReminderKind.AFTER_DATE),
                name="reminder_once_per_date",
            ),
            models.CheckConstraint(
                condition=Q(contact__isnull=False) | ~Q(number=""),
                name="reminder_has_contact_or_number",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=CALL_KINDS,
                    call_count__gte=1,
                    first_call_at__isnull=False,
                    last_call_at__isnull=False,
                )
                | Q(
                    kind__in=RHYTHM_KINDS,
                    call_count=0,
                    first_call_at__isnull=True,
                    last_call_at__isnull=True,
                    contact__isnull=False,
                ),
                name="reminder_calls_fit_kind",
            ),
            models.CheckConstraint(
                condition=(
                    ~Q(kind=ReminderKind.OCCASION)
                    | Q(contact_date__isnull=False, due_on__isnull=False)
                )
                & (~Q(kind=ReminderKind.AFTER_DATE) | Q(touch__isnull=False, due_on__isnull=False)),
                name="reminder_rhythm_has_its_day",
            ),
            models.CheckConstraint(
                condition=~Q(state=ReminderState.SNOOZED) | Q(snoozed_until__isnull=False),
                name="reminder_snoozed_has_until",
            ),
            models.CheckConstraint(
                condition=Q(state__in=ACTIVE_STATES)
                | (Q(resolved_at__isnull=False) & ~Q(resolution="")),
                name="reminder_resolved_has_resolution",
            ),
            models.CheckConstraint(
                condition=Q(first_call_at__isnull=True) | Q(first_call_at__lte=F("last_call_at")),
                name="reminder_calls_in_order",
            ),
            models.CheckConstraint(
                condition=Q(failed_calls=0, last_failed_at__isnull=True)
                | Q(failed_calls__gt=0, last_failed_at__isnull=False),
                name="reminder_failed_calls_fit_last_failure",
            ),
            models.CheckConstraint(
                condition=Q(last_failed_at__isnull=False) | Q(last_failed_free_from__isnull=True),
                name="reminder_free_from_after_a_failure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.who}"

    @property
    def who(self) -> str:
        return self.contact.name if self.contact is not None else self.number

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def is_rhythm(self) -> bool:
        return self.kind in RHYTHM_KINDS

    def schedule(self, step: str, at: datetime | None) -> None:
        """Point at the next step to send; a new occurrence, even of the same step."""
        self.next_step, self.next_step_at = step, at
        self.step_seq += 1


WITHHELD_NUMBER = _("Withheld number")


class MissedCall(models.Model):
    """A call that was not answered. A call from a withheld number is kept for the log,
    with no reminder: there is nobody to call back."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="missed_calls"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="missed_calls"
    )
    number = models.CharField(max_length=40, blank=True)
    withheld = models.BooleanField(
        default=False, help_text="The caller withheld their number (anonymous, private)."
    )
    occurred_at = models.DateTimeField()
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.MANUAL)
    reason = models.TextField(blank=True, max_length=1000, help_text="Why they called.")
    reminder = models.ForeignKey(
        Reminder, on_delete=models.CASCADE, null=True, blank=True, related_name="missed_calls"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["owner", "-occurred_at"])]
        constraints = [
            # A known caller (a contact or a number) and a reminder, or withheld: neither.
            models.CheckConstraint(
                condition=(
                    Q(withheld=False)
                    & (Q(contact__isnull=False) | ~Q(number=""))
                    & Q(reminder__isnull=False)
                )
                | Q(withheld=True, contact__isnull=True, number="", reminder__isnull=True),
                name="missedcall_caller_known_or_withheld",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.who} at {self.occurred_at:%Y-%m-%d %H:%M}"

    @property
    def who(self) -> str:
        if self.withheld:
            return str(WITHHELD_NUMBER)
        return self.contact.name if self.contact is not None else self.number


class Outcome(models.TextChoices):
    REACHED = "reached", "Reached them"
    NO_ANSWER = "no_answer", "No answer"
    VOICEMAIL = "voicemail", "Left a voicemail"
    SENT = "sent", "Sent"


FAILED_OUTCOMES = (Outcome.NO_ANSWER, Outcome.VOICEMAIL)


class Attempt(models.Model):
    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="attempts")
    at = models.DateTimeField()
    channel = models.CharField(max_length=8, choices=Channel.choices)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    note = models.TextField(blank=True, max_length=1000)
    # After a call nobody answered: when the user said they are free; the apology names
    # it and the retry waits for it.
    free_from = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            # A call is answered or not; a text or an e-mail is simply sent.
            models.CheckConstraint(
                condition=Q(channel=Channel.CALL, outcome__in=[*FAILED_OUTCOMES, Outcome.REACHED])
                | Q(channel__in=[Channel.TEXT, Channel.EMAIL], outcome=Outcome.SENT),
                name="attempt_outcome_fits_channel",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.get_outcome_display()}"

    def clean(self) -> None:
        if self.channel == Channel.CALL and self.outcome == Outcome.SENT:
            raise ValidationError({"outcome": _("A call is reached, unanswered or a voicemail.")})
        if self.channel in (Channel.TEXT, Channel.EMAIL) and self.outcome != Outcome.SENT:
            raise ValidationError({"outcome": _("A text or an e-mail can only be sent.")})


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    GONE = "gone", "Subscription gone"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled: the reminder was closed first"


class Delivery(models.Model):
    """One step occurrence of a reminder to one subscribed device.

    The unique constraint is what makes sending safe to repeat: a dispatcher that runs
    twice, or a batch redone after a crash, finds the row and sends only what is pending.
    """

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="deliveries")
    step_seq = models.PositiveIntegerField()
    step = models.CharField(max_length=16, choices=[(k.value, k.name.title()) for k in StepKind])
    subscription = models.ForeignKey(
        "push.Subscription",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    endpoint = models.CharField(max_length=500)
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    tries = models.PositiveIntegerField(default=0)
    next_try_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "step_seq", "subscription"],
                name="delivery_once_per_step_and_device",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} → {self.endpoint[:40]} ({self.status})"


class DeliveryAttempt(models.Model):
    """One POST to a push service, kept so that an operator can see why a push failed."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempts")
    at = models.DateTimeField()
    outcome = models.CharField(max_length=16)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField()

    class Meta:
        ordering = ["at", "id"]
        # /healthz reads the last hour's attempts on every call.
        indexes = [models.Index(fields=["at"], name="deliveryattempt_at")]

    def __str__(self) -> str:
        return f"{self.outcome} {self.status_code or ''}".strip()


class Heartbeat(models.Model):
    """When a periodic job last ran: /healthz tells when reminders have stopped."""

    name = models.CharField(max_length=32, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
