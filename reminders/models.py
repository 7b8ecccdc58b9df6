from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.owned_rows import refuse_second_per_owner
from accounts.users import User
from contacts.models import (
    MAX_CALLBACK_WINDOW,
    MIN_CALLBACK_WINDOW,
    Channel,
    Contact,
    Relationship,
    validate_callback_window,
)
from push.messages import Result
from reminders.policy import StepKind


class RelationshipWindow(models.Model):
    """A user's own callback window for everyone of one relationship."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="relationship_windows",
        verbose_name=_("owner"),
    )
    relationship = models.CharField(
        max_length=16, choices=Relationship.choices, verbose_name=_("relationship")
    )
    window = models.DurationField(validators=[validate_callback_window], verbose_name=_("window"))

    class Meta:
        verbose_name = _("callback window")
        verbose_name_plural = _("callback windows")
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
        refuse_second_per_owner(
            self, "relationship", _("This relationship already has its own window; edit that one.")
        )


# A step's name in the admin (the pushes and the app say more, reminders.texts).
STEP_CHOICES = [
    (StepKind.PROMPT.value, pgettext_lazy("step", "First reminder")),
    (StepKind.NUDGE.value, pgettext_lazy("step", "Nudge")),
    (StepKind.FINAL.value, pgettext_lazy("step", "Final warning")),
    (StepKind.OVERDUE.value, pgettext_lazy("step", "Overdue")),
    (StepKind.IDENTIFY.value, pgettext_lazy("step", "Ask who called")),
    (StepKind.APOLOGY.value, pgettext_lazy("step", "Apology")),
    (StepKind.RETRY.value, pgettext_lazy("step", "Try again")),
]


class Source(models.TextChoices):
    MANUAL = "manual", pgettext_lazy("source", "Logged by hand")
    API = "api", pgettext_lazy("source", "Automation / API")
    WEBHOOK = "webhook", pgettext_lazy("source", "Telephony webhook")
    IMPORT = "import", pgettext_lazy("source", "Import")
    VOICEMAIL = "voicemail", pgettext_lazy("source", "Voicemail (Twilio)")


class ReminderKind(models.TextChoices):
    CALLBACK = "callback", pgettext_lazy("reminder kind", "Call back")
    IDENTIFY = "identify", pgettext_lazy("reminder kind", "Identify unknown number")
    FOLLOW_UP = "follow_up", pgettext_lazy("reminder kind", "Follow up after a failed callback")
    KEEP_IN_TOUCH = "keep_in_touch", pgettext_lazy("reminder kind", "Keep in touch")
    OCCASION = "occasion", pgettext_lazy("reminder kind", "Birthday or other day")
    AFTER_DATE = "after_date", pgettext_lazy("reminder kind", "The day after a date")


# Owed for missed calls: urgent, pushed on their own. The relationship rhythm's kinds
# speak first instead, at the user's digest time, and may share one push.
CALL_KINDS = (ReminderKind.CALLBACK, ReminderKind.IDENTIFY, ReminderKind.FOLLOW_UP)
RHYTHM_KINDS = (ReminderKind.KEEP_IN_TOUCH, ReminderKind.OCCASION, ReminderKind.AFTER_DATE)


class ReminderState(models.TextChoices):
    OPEN = "open", pgettext_lazy("reminder state", "Open")
    SNOOZED = "snoozed", pgettext_lazy("reminder state", "Snoozed")
    DONE = "done", pgettext_lazy("reminder state", "Done")
    DISMISSED = "dismissed", pgettext_lazy("reminder state", "Dismissed")
    EXPIRED = "expired", pgettext_lazy("reminder state", "Expired")


ACTIVE_STATES = (ReminderState.OPEN, ReminderState.SNOOZED)


class Resolution(models.TextChoices):
    CALLED_BACK = "called_back", pgettext_lazy("resolution", "Called back")
    TEXTED = "texted", pgettext_lazy("resolution", "Texted")
    EMAILED = "emailed", pgettext_lazy("resolution", "E-mailed")
    DONE = "done", pgettext_lazy("resolution", "Marked done")
    DISMISSED = "dismissed", pgettext_lazy("resolution", "Dismissed")
    EXPIRED = "expired", pgettext_lazy("resolution", "Expired")
    IN_TOUCH = "in_touch", pgettext_lazy("resolution", "They were in touch")


class ReminderQuerySet(models.QuerySet):
    def active(self) -> "ReminderQuerySet":
        return self.filter(state__in=ACTIVE_STATES)

    def for_owner(self, owner: User) -> "ReminderQuerySet":
        return self.filter(owner=owner)


class Reminder(models.Model):
    """The obligation to return a call — several calls from one person make one reminder —
    or one of the relationship rhythm: keep in touch, a birthday, the day after a date."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("owner"),
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("contact"),
    )
    number = models.CharField(max_length=40, blank=True, verbose_name=_("number"))
    kind = models.CharField(
        max_length=16,
        choices=ReminderKind.choices,
        default=ReminderKind.CALLBACK,
        verbose_name=_("kind"),
    )
    state = models.CharField(
        max_length=16,
        choices=ReminderState.choices,
        default=ReminderState.OPEN,
        verbose_name=_("state"),
    )
    # The missed calls it is for (none for the rhythm's kinds).
    call_count = models.PositiveIntegerField(default=1, verbose_name=_("calls"))
    opened_at = models.DateTimeField(verbose_name=_("opened"))
    first_call_at = models.DateTimeField(null=True, blank=True, verbose_name=_("first call"))
    last_call_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last call"))
    # What a rhythm reminder is about: the yearly day, or the touch that was a date; and
    # the local day it is for (the day of the occasion or the reminder before it, the day
    # after the date).
    contact_date = models.ForeignKey(
        "contacts.ContactDate",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("special day"),
    )
    touch = models.ForeignKey(
        "contacts.Touch",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("touch"),
    )
    due_on = models.DateField(null=True, blank=True, verbose_name=_("due on"))
    deadline = models.DateTimeField(verbose_name=_("deadline"))
    next_step = models.CharField(
        max_length=16,
        choices=STEP_CHOICES,
        blank=True,
        verbose_name=_("next step"),
    )
    next_step_at = models.DateTimeField(null=True, blank=True, verbose_name=_("next step at"))
    snoozed_until = models.DateTimeField(null=True, blank=True, verbose_name=_("snoozed until"))
    resolution = models.CharField(
        max_length=16, choices=Resolution.choices, blank=True, verbose_name=_("resolution")
    )
    resolved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("resolved"))
    notes = models.TextField(
        blank=True,
        max_length=2000,
        help_text=_("What to say when you call: prepared beforehand."),
        verbose_name=_("notes"),
    )
    # Facts derived from its calls and attempts, written by the services that record those
    # (reminders.services.facts), in the same transaction: lists read them off the row.
    latest_reason = models.TextField(
        blank=True,
        max_length=1000,
        editable=False,
        help_text=_("The latest reason they gave."),
        verbose_name=_("latest reason"),
    )
    failed_calls = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text=_("Callbacks nobody answered."),
        verbose_name=_("unanswered callbacks"),
    )
    last_failed_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("last unanswered callback")
    )
    # When the user said they are free, at the latest unanswered callback.
    last_failed_free_from = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("free from")
    )
    # Counts the scheduled step occurrences: a delivery belongs to one, so sending a step
    # twice is harmless and a rescheduled step is a new occurrence that goes out again.
    step_seq = models.PositiveIntegerField(default=0, verbose_name=_("step number"))
    # The dispatcher's lease: a batch owns the reminder until then, found by its token.
    claim_token = models.CharField(max_length=32, blank=True, verbose_name=_("claim token"))
    claimed_until = models.DateTimeField(null=True, blank=True, verbose_name=_("claimed until"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))
    # The latest push of it a phone showed: when, which step, on which browser.
    seen_at = models.DateTimeField(null=True, blank=True, verbose_name=_("seen"))
    seen_step = models.CharField(max_length=16, blank=True, verbose_name=_("step seen"))
    seen_on = models.CharField(max_length=40, blank=True, verbose_name=_("seen on"))

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
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
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="missed_calls",
        verbose_name=_("owner"),
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="missed_calls",
        verbose_name=_("contact"),
    )
    number = models.CharField(max_length=40, blank=True, verbose_name=_("number"))
    withheld = models.BooleanField(
        default=False,
        help_text=_("The caller withheld their number (anonymous, private)."),
        verbose_name=_("withheld"),
    )
    occurred_at = models.DateTimeField(verbose_name=_("when"))
    source = models.CharField(
        max_length=16, choices=Source.choices, default=Source.MANUAL, verbose_name=_("source")
    )
    reason = models.TextField(
        blank=True, max_length=1000, help_text=_("Why they called."), verbose_name=_("reason")
    )
    reminder = models.ForeignKey(
        Reminder,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="missed_calls",
        verbose_name=_("reminder"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("missed call")
        verbose_name_plural = _("missed calls")
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
        return gettext("%(who)s at %(when)s") % {
            "who": self.who,
            "when": f"{timezone.localtime(self.occurred_at):%Y-%m-%d %H:%M}",
        }

    @property
    def who(self) -> str:
        if self.withheld:
            return str(WITHHELD_NUMBER)
        return self.contact.name if self.contact is not None else self.number


class Outcome(models.TextChoices):
    REACHED = "reached", pgettext_lazy("outcome", "Reached them")
    NO_ANSWER = "no_answer", pgettext_lazy("outcome", "No answer")
    VOICEMAIL = "voicemail", pgettext_lazy("outcome", "Left a voicemail")
    SENT = "sent", pgettext_lazy("outcome", "Sent")


FAILED_OUTCOMES = (Outcome.NO_ANSWER, Outcome.VOICEMAIL)


class Attempt(models.Model):
    reminder = models.ForeignKey(
        Reminder, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("reminder")
    )
    at = models.DateTimeField(verbose_name=_("when"))
    channel = models.CharField(max_length=8, choices=Channel.choices, verbose_name=_("channel"))
    outcome = models.CharField(max_length=16, choices=Outcome.choices, verbose_name=_("outcome"))
    note = models.TextField(blank=True, max_length=1000, verbose_name=_("note"))
    # After a call nobody answered: when the user said they are free; the apology names
    # it and the retry waits for it.
    free_from = models.DateTimeField(null=True, blank=True, verbose_name=_("free from"))

    class Meta:
        verbose_name = _("callback attempt")
        verbose_name_plural = _("callback attempts")
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
    PENDING = "pending", pgettext_lazy("delivery status", "Pending")
    SENT = "sent", pgettext_lazy("delivery status", "Sent")
    GONE = "gone", pgettext_lazy("delivery status", "Subscription gone")
    FAILED = "failed", pgettext_lazy("delivery status", "Failed")
    CANCELLED = (
        "cancelled",
        pgettext_lazy("delivery status", "Cancelled: the reminder was closed first"),
    )


class Delivery(models.Model):
    """One step occurrence of a reminder to one subscribed device.

    The unique constraint is what makes sending safe to repeat: a dispatcher that runs
    twice, or a batch redone after a crash, finds the row and sends only what is pending.
    """

    reminder = models.ForeignKey(
        Reminder, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("reminder")
    )
    step_seq = models.PositiveIntegerField(verbose_name=_("step number"))
    step = models.CharField(max_length=16, choices=STEP_CHOICES, verbose_name=_("step"))
    subscription = models.ForeignKey(
        "push.Subscription",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subscription"),
    )
    endpoint = models.CharField(max_length=500, verbose_name=_("endpoint"))
    status = models.CharField(
        max_length=16,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        verbose_name=_("status"),
    )
    tries = models.PositiveIntegerField(default=0, verbose_name=_("tries"))
    next_try_at = models.DateTimeField(null=True, blank=True, verbose_name=_("next try"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished"))
    # Set while its push is out and not yet recorded: a worker killed meanwhile leaves it
    # set, and the batch redone records the repeat as an attempt (visible in the admin).
    sending_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sending since"))
    # The phone's receipts (POST /api/push/receipts/).
    shown_at = models.DateTimeField(null=True, blank=True, verbose_name=_("shown"))
    clicked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("tapped"))
    closed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("closed"))

    class Meta:
        verbose_name = _("push delivery")
        verbose_name_plural = _("push deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "step_seq", "subscription"],
                name="delivery_once_per_step_and_device",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} → {self.endpoint[:40]} ({self.get_status_display()})"


# An attempt's outcome besides the transport's: the push went out in a batch that died
# before recording it, and goes again (the phone shows it once: it knows the delivery id).
INTERRUPTED = "interrupted"
INTERRUPTED_ERROR = "the worker stopped before it recorded this push (it may have arrived)"
ATTEMPT_OUTCOMES = [
    (Result.SENT.value, pgettext_lazy("push attempt", "Sent")),
    (Result.GONE.value, pgettext_lazy("push attempt", "Subscription gone")),
    (Result.PERMANENT.value, pgettext_lazy("push attempt", "Refused for good")),
    (Result.RETRY.value, pgettext_lazy("push attempt", "Failed, tried again")),
    (INTERRUPTED, pgettext_lazy("push attempt", "Interrupted, sent again")),
]


class DeliveryAttempt(models.Model):
    """One POST to a push service, kept so that an operator can see why a push failed."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("delivery")
    )
    at = models.DateTimeField(verbose_name=_("when"))
    outcome = models.CharField(max_length=16, choices=ATTEMPT_OUTCOMES, verbose_name=_("outcome"))
    status_code = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("status code"))
    error = models.CharField(max_length=500, blank=True, verbose_name=_("error"))
    duration_ms = models.PositiveIntegerField(verbose_name=_("duration (ms)"))

    class Meta:
        verbose_name = _("push attempt")
        verbose_name_plural = _("push attempts")
        ordering = ["at", "id"]
        # /healthz reads the last hour's attempts on every call.
        indexes = [models.Index(fields=["at"], name="deliveryattempt_at")]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.status_code or ''}".strip()


class Heartbeat(models.Model):
    """When a periodic job last ran: /healthz tells when reminders have stopped."""

    name = models.CharField(max_length=32, unique=True)
    beat_at = models.DateTimeField()

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
