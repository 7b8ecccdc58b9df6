"""The facts a reminder keeps about its calls and attempts (Reminder.latest_reason,
failed_calls, last_failed_at, last_failed_free_from), so that every read takes them off
the row. The services that record a call or an attempt note it here, in their
transaction; `reminder_facts_refresh` works them out again from the rows themselves."""

from reminders.models import FAILED_OUTCOMES, Attempt, MissedCall, Reminder

FACTS = ("latest_reason", "failed_calls", "last_failed_at", "last_failed_free_from")


def reason_noted(reminder: Reminder, *, reason: str) -> None:
    """A call with this reason is the reminder's newest (not saved here)."""
    if reason:
        reminder.latest_reason = reason


def failure_noted(reminder: Reminder, *, attempt: Attempt) -> None:
    """An unanswered callback was recorded (not saved here). A failure logged after a
    later one counts, but the later one stays the last."""
    reminder.failed_calls += 1
    if reminder.last_failed_at is None or attempt.at >= reminder.last_failed_at:
        reminder.last_failed_at, reminder.last_failed_free_from = attempt.at, attempt.free_from


def reminder_facts_refresh(*, reminder: Reminder) -> None:
    """Work the facts out from the reminder's calls and attempts, and store them."""
    reason = (
        MissedCall.objects.filter(reminder=reminder)
        .exclude(reason="")
        .order_by("-occurred_at", "-id")
        .values_list("reason", flat=True)
        .first()
    )
    failures = Attempt.objects.filter(reminder=reminder, outcome__in=FAILED_OUTCOMES)
    last = failures.order_by("-at", "-id").first()
    reminder.latest_reason = reason or ""
    reminder.failed_calls = failures.count()
    reminder.last_failed_at = last.at if last else None
    reminder.last_failed_free_from = last.free_from if last else None
    reminder.save(update_fields=[*FACTS, "updated_at"])
