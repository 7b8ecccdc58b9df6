from collections.abc import Callable

from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.admin_fields import minutes
from accounts.ownership import OwnedModelAdmin, ReadOnlyAdminMixin
from contacts.admin_numbers import NumberShownMixin, shown_number
from push.endpoints import push_service_of
from reminders.models import (
    ATTEMPT_OUTCOMES,
    Attempt,
    Delivery,
    DeliveryAttempt,
    MissedCall,
    RelationshipWindow,
    Reminder,
    ReminderState,
)
from reminders.selectors import delivery_origins_by_push_service, endpoint_origin
from reminders.services.transitions import InvalidTransition, reminder_complete, reminder_dismiss


@admin.register(RelationshipWindow)
class RelationshipWindowAdmin(OwnedModelAdmin):
    list_display = ["relationship", "window_minutes"]
    fields = ["owner", "relationship", "window"]

    @admin.display(description=_("Window (minutes)"), ordering="window")
    def window_minutes(self, window: RelationshipWindow) -> int | None:
        return minutes(window.window)


@admin.register(MissedCall)
class MissedCallAdmin(NumberShownMixin, ReadOnlyAdminMixin, OwnedModelAdmin):
    list_display = ["occurred_at", "caller", "number_shown", "source", "reason"]
    list_filter = ["source", "withheld", "occurred_at"]
    list_select_related = ["contact"]
    search_fields = ["contact__name", "number", "reason"]
    date_hierarchy = "occurred_at"

    @admin.display(description=_("Caller"))
    def caller(self, call: MissedCall) -> str:
        if call.withheld or call.contact is not None:
            return call.who
        return gettext("Unknown")


class AttemptInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Attempt
    extra = 0
    can_delete = False


class MissedCallInline(NumberShownMixin, ReadOnlyAdminMixin, admin.TabularInline):
    model = MissedCall
    fields = ["occurred_at", "number", "source", "reason"]
    extra = 0
    can_delete = False


@admin.register(Reminder)
class ReminderAdmin(NumberShownMixin, ReadOnlyAdminMixin, OwnedModelAdmin):
    inlines = [MissedCallInline, AttemptInline]
    list_display = [
        "who_shown",
        "kind",
        "state",
        "call_count",
        "deadline",
        "next_step",
        "next_step_at",
    ]
    list_filter = ["state", "kind", "contact__relationship"]
    list_select_related = ["contact"]
    search_fields = ["contact__name", "number"]
    actions = ["mark_done", "dismiss"]

    @admin.display(description=_("Who"))
    def who_shown(self, reminder: Reminder) -> str:
        return (
            reminder.contact.name if reminder.contact else shown_number(reminder.number, reminder)
        )

    def _act(self, request, queryset, service, done: Callable[[int], str]) -> None:
        changed = 0
        for reminder in queryset.filter(state__in=[ReminderState.OPEN, ReminderState.SNOOZED]):
            try:
                service(reminder=reminder)
            except InvalidTransition:
                continue
            changed += 1
        skipped = queryset.count() - changed
        self.message_user(request, done(changed), messages.SUCCESS)
        if skipped:
            left = ngettext(
                "%(count)d was already closed and stays as it was.",
                "%(count)d were already closed and stay as they were.",
                skipped,
            )
            self.message_user(request, left % {"count": skipped}, messages.WARNING)

    @admin.action(description=_("Mark selected reminders done"), permissions=["change"])
    def mark_done(self, request, queryset):
        def done(count: int) -> str:
            words = ngettext(
                "%(count)d reminder marked done.", "%(count)d reminders marked done.", count
            )
            return words % {"count": count}

        self._act(request, queryset, reminder_complete, done)

    @admin.action(description=_("Dismiss selected reminders"), permissions=["change"])
    def dismiss(self, request, queryset):
        def done(count: int) -> str:
            words = ngettext(
                "%(count)d reminder dismissed.", "%(count)d reminders dismissed.", count
            )
            return words % {"count": count}

        self._act(request, queryset, reminder_dismiss, done)


class DeliveryAttemptInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DeliveryAttempt
    fields = ["at", "outcome", "status_code", "error", "duration_ms"]
    extra = 0
    can_delete = False


class PushServiceFilter(admin.SimpleListFilter):
    """Deliveries to one push service, named as /healthz names it."""

    title = _("push service")
    parameter_name = "push_service"

    def lookups(self, request, model_admin):
        # Only the services among the deliveries this user may see.
        self._origins = delivery_origins_by_push_service(model_admin.get_queryset(request))
        return [(name, name) for name in sorted(self._origins)]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.annotate(origin=endpoint_origin("endpoint")).filter(
            origin__in=self._origins.get(self.value() or "", [])
        )


class AttemptOutcomeFilter(admin.SimpleListFilter):
    """Deliveries with at least one attempt of this outcome (e.g. refused for good)."""

    title = _("an attempt's outcome")
    parameter_name = "outcome"

    def lookups(self, request, model_admin):
        return ATTEMPT_OUTCOMES

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        attempts = DeliveryAttempt.objects.filter(delivery=OuterRef("pk"), outcome=self.value())
        return queryset.filter(Exists(attempts))


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdminMixin, OwnedModelAdmin):
    """Every push sent or tried, with each attempt's answer: why did my phone stay silent?"""

    owner_field = "reminder__owner"
    inlines = [DeliveryAttemptInline]
    list_display = [
        "created_at",
        "reminder",
        "step",
        "status",
        "tries",
        "push_service",
        "shown_at",
        "clicked_at",
    ]
    list_filter = ["status", AttemptOutcomeFilter, PushServiceFilter, "step", "created_at"]
    list_select_related = ["reminder__contact"]
    search_fields = ["reminder__contact__name", "reminder__number", "endpoint"]
    date_hierarchy = "created_at"

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("Push service"))
    def push_service(self, delivery: Delivery) -> str:
        return push_service_of(delivery.endpoint)
